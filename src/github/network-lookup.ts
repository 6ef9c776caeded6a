/**
 * Hosted-compute networking named by id or name: network configurations (GitHub's opaque ids,
 * or their names), network settings (ids only: they are made in Azure), and the checks a
 * create or an update makes before sending.
 */
import type { components } from '@octokit/openapi-types'
import { ApiError, isNotFound, type Api } from './api.js'
import { ActionError, InputError } from '../errors.js'
import { reader, required, text } from '../inputs/read.js'
import { describeTarget, networkingPath, type Target } from './target.js'
import { resolveId, type Kind } from './id-or-name.js'

export type NetworkConfiguration = components['schemas']['network-configuration']
export type NetworkSettings = components['schemas']['network-settings']

/** Network configurations and settings of an organization need its "Network configurations" permission. */
export const NETWORK_PERMISSION = 'organization_network_configurations'

/**
 * GitHub's hosted-compute ids are opaque upper-case hex (`934E208B3EE0BD60CF5F752C426BFB53562`):
 * a value like that is an id; anything else is a name.
 */
export function opaqueId(ref: string): string | undefined {
  return /^[0-9A-F]{15,64}$/.test(ref) ? ref : undefined
}

export function configurationsPath(target: Target): string {
  return networkingPath(target, '/network-configurations')
}

/** Network configurations of the target: `/orgs/{org}/settings/network-configurations` or `/enterprises/{enterprise}/network-configurations`. */
export function networkConfigurations(target: Target): Kind<NetworkConfiguration> {
  const base = configurationsPath(target)
  return {
    what: 'network configuration',
    input: 'network-configuration',
    list: (api, t) => api.list<NetworkConfiguration>(t, `GET ${base}`),
    path: `${base}/{network_configuration_id}`,
    param: 'network_configuration_id',
    idOf: opaqueId,
  }
}

export function networkSettingsPath(target: Target): string {
  return networkingPath(target, '/network-settings/{network_settings_id}')
}

// ---- inputs -----------------------------------------------------------------------------------

/** `none`: on an update, clear the setting; on a create, the same as leaving it empty. */
export const isNone = (v: string) => v.toLowerCase() === 'none'

export const networkConfiguration = required(
  text('network-configuration'),
  ' (the network configuration, by id or name; list-network-configurations lists them)',
)

/** A network configuration's name: 1 to 100 of a-z A-Z 0-9 . - _ (what GitHub accepts). */
export const networkConfigurationName = text('network-configuration-name', (v, input) => {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(v))
    throw new InputError(
      input,
      `'${v}' is not a network configuration name: 1 to 100 characters of a-z, A-Z, 0-9, '.', '-' and '_'`,
    )
  return v
})

function settingsId(v: string, input: string): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(v))
    throw new InputError(
      input,
      `'${v}' is not a network settings id (e.g. 220F78DACB92BBFBC5E6F22DE1CCF52309D)`,
    )
  return v
}

export const networkSettingsId = text('network-settings-id', settingsId)

/** `failover-network-settings-id`: an id, `none` (`null`: no failover), or not set (`undefined`). */
export const failoverSettingsId = reader('failover-network-settings-id', (v) =>
  v === undefined ? undefined : isNone(v) ? null : settingsId(v, 'failover-network-settings-id'),
)

/**
 * `network-configuration-id` of a runner group: an id or a name; `none` clears it on an update
 * (`null`) and means no network on a create (`undefined`).
 */
export function groupNetwork(update: boolean) {
  return reader('network-configuration-id', (v) => {
    if (v === undefined) return undefined
    if (isNone(v)) return update ? null : undefined
    return v
  })
}

// ---- lookups and checks -----------------------------------------------------------------------

/**
 * The id of a runner group's network configuration given by id or name. A name is looked up in
 * the network configurations, which a GitHub App or fine-grained token may read only with the
 * "Network configurations" permission: a 403 says to give the id instead.
 */
export async function resolveNetworkId(api: Api, target: Target, ref: string): Promise<string> {
  try {
    return await resolveId(api, target, networkConfigurations(target), ref)
  } catch (e) {
    if (e instanceof ApiError && e.status === 403)
      throw new ActionError(
        `${e.message} network-configuration-id '${ref}' is a name, looked up in the network configurations of ${describeTarget(target)}: ` +
          'give the id (get-network-configuration shows it) to need no permission beyond the runner group’s.',
        403,
      )
    throw e
  }
}

/** Network settings by id; a 404 says there is none (they are made in Azure and registered with GitHub). */
export async function getNetworkSettings(
  api: Api,
  target: Target,
  id: string,
  input = 'network-settings-id',
): Promise<NetworkSettings> {
  try {
    return (
      await api.request<NetworkSettings>(target, `GET ${networkSettingsPath(target)}`, {
        network_settings_id: id,
      })
    ).data
  } catch (e) {
    if (!isNotFound(e)) throw e
    throw new ActionError(
      `No network settings with id ${id} in ${describeTarget(target)}. Network settings are created in Azure for the ` +
        `${target.scope} (their GitHubId is the id to give); check the ${input} input.`,
      404,
    )
  }
}

/**
 * Checks network settings a configuration is to use: each exists, and no other configuration
 * (`self` is the one being changed) uses it already.
 */
export async function checkNetworkSettings(
  api: Api,
  target: Target,
  wanted: { id: string; input: string }[],
  self?: string,
): Promise<void> {
  for (const { id, input } of wanted) {
    const settings = await getNetworkSettings(api, target, id, input)
    const user = settings.network_configuration_id
    if (user !== undefined && user !== self)
      throw new ActionError(
        `Network settings ${settings.name} (${id}) is already used by network configuration ${user} in ${describeTarget(target)}: ` +
          `each network settings resource serves one configuration. Check the ${input} input.`,
        422,
      )
  }
}
