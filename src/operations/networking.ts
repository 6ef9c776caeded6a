/**
 * Hosted-compute networking of organizations and enterprises (Azure private networking for
 * GitHub-hosted runners): network configurations (list, get, create, update, delete) and the
 * network settings resources they are built on (get). A runner group uses a configuration
 * through its network-configuration-id.
 */
import { ApiError, type Api } from '../github/api.js'
import { NO_RETRY } from '../transport/client.js'
import { ActionError, InputError } from '../errors.js'
import { choice, required } from '../inputs/read.js'
import { definedFields } from '../github/request-body.js'
import { sameName } from '../decisions/runner-shape.js'
import { describeTarget, ORG_AND_ENTERPRISE, type Target } from '../github/target.js'
import { defineOperation } from '../registry/define.js'
import { createNamed } from '../github/lost-answer.js'
import {
  checkNetworkSettings,
  configurationsPath,
  failoverSettingsId,
  getNetworkSettings,
  networkConfiguration,
  networkConfigurationName,
  networkConfigurations,
  networkSettingsId,
  NETWORK_PERMISSION,
  type NetworkConfiguration,
} from '../github/network-lookup.js'
import { deleteItem, fetchOne, itemRequest, resolveId } from '../github/id-or-name.js'
import type { OperationResult, Summary } from '../registry/operation-result.js'
import { summaryText } from '../publish/printable.js'

const FAMILY = 'Hosted-compute networking'

const computeService = choice('compute-service', ['none', 'actions'] as const)

function configurationsTable(configs: NetworkConfiguration[]): NonNullable<Summary['table']> {
  return {
    header: ['Name', 'ID', 'Compute service', 'Network settings', 'Failover', 'Created'],
    rows: configs.map((c) => [
      c.name,
      c.id,
      c.compute_service ?? '',
      (c.network_settings_ids ?? []).join(', '),
      c.failover_network_enabled ? (c.failover_network_settings_ids ?? []).join(', ') : 'off',
      c.created_on ?? '',
    ]),
  }
}

function configurationResult(
  config: NetworkConfiguration,
  heading: string,
  target: Target,
  note?: string,
): OperationResult {
  return {
    result: config,
    outputs: { 'network-configuration': config, 'network-configuration-id': config.id },
    summary: {
      heading,
      text: [
        `Network configuration **${summaryText(config.name)}** (id ${config.id}) of ${describeTarget(target)}.${note ? ` ${note}` : ''}`,
      ],
      table: configurationsTable([config]),
    },
  }
}

/** The body fields for the failover network: an id turns failover on with it; `null` (`none`) turns it off. */
function failoverFields(failover: string | null | undefined) {
  if (failover === undefined) return {}
  return failover === null
    ? { failover_network_settings_ids: [], failover_network_enabled: false }
    : { failover_network_settings_ids: [failover], failover_network_enabled: true }
}

/** The settings ids to check before sending, with the input that named each. */
function settingsToCheck(settings: string | undefined, failover: string | null | undefined) {
  return [
    ...(settings !== undefined ? [{ id: settings, input: 'network-settings-id' }] : []),
    ...(typeof failover === 'string' ? [{ id: failover, input: 'failover-network-settings-id' }] : []),
  ]
}

function checkDistinct(settings: string | undefined, failover: string | null | undefined): void {
  if (settings !== undefined && settings === failover)
    throw new InputError(
      'failover-network-settings-id',
      'the failover network settings must differ from network-settings-id',
    )
}

interface NewConfiguration {
  name: string
  settings: string
  failover: string | null | undefined
  computeService: 'none' | 'actions' | undefined
}

async function createConfiguration(api: Api, target: Target, s: NewConfiguration): Promise<OperationResult> {
  const kind = networkConfigurations(target)
  await checkNetworkSettings(api, target, settingsToCheck(s.settings, s.failover))
  const body = {
    name: s.name,
    network_settings_ids: [s.settings],
    ...definedFields({ compute_service: s.computeService }),
    ...(s.failover ? failoverFields(s.failover) : {}),
  }
  const { created, note } = await createNamed(
    { what: 'network configuration', name: s.name, where: describeTarget(target) },
    async () =>
      (await api.request<NetworkConfiguration>(target, `POST ${configurationsPath(target)}`, body, NO_RETRY))
        .data,
    async () => (await kind.list(api, target)).find(sameName(s.name)),
    // The answer was lost: a configuration with that name is ours only if it uses the settings asked for.
    (existing, lost) => {
      if (!(existing.network_settings_ids ?? []).includes(s.settings))
        throw new ActionError(
          `GitHub did not answer the request to create network configuration '${s.name}' (${lost.status}), and one with that name ` +
            `now exists (id ${existing.id}) with other network settings: check it with get-network-configuration before running the step again.`,
          lost.status,
        )
    },
  )
  return configurationResult(created, 'Network configuration created', target, note)
}

export const networkingOperations = [
  defineOperation({
    name: 'list-network-configurations',
    family: FAMILY,
    description:
      'List the hosted-compute network configurations (Azure private networking) of an organization or enterprise.',
    scopes: ORG_AND_ENTERPRISE,
    orgPermission: NETWORK_PERMISSION,
    changes: false,
    inputs: {},
    outputs: ['network-configurations', 'count'],
    run: async (api, target) => {
      const configs = await networkConfigurations(target).list(api, target)
      return {
        result: configs,
        outputs: { 'network-configurations': configs, count: String(configs.length) },
        summary: {
          heading: `Network configurations of ${describeTarget(target)}`,
          text: [`${configs.length} network configurations.`],
          table: configurationsTable(configs),
        },
      }
    },
  }),

  defineOperation({
    name: 'get-network-configuration',
    family: FAMILY,
    description: 'Get a hosted-compute network configuration by id or name.',
    scopes: ORG_AND_ENTERPRISE,
    orgPermission: NETWORK_PERMISSION,
    changes: false,
    inputs: { ref: networkConfiguration },
    outputs: ['network-configuration', 'network-configuration-id'],
    run: async (api, target, s) => {
      const config = await fetchOne(api, target, networkConfigurations(target), s.ref)
      return configurationResult(config, `Network configuration ${config.name}`, target)
    },
  }),

  defineOperation({
    name: 'create-network-configuration',
    family: FAMILY,
    description:
      'Create a hosted-compute network configuration from network settings (checked first), with optional failover.',
    scopes: ORG_AND_ENTERPRISE,
    orgPermission: NETWORK_PERMISSION,
    changes: true,
    inputs: {
      name: required(networkConfigurationName, ' (1 to 100 of a-z, A-Z, 0-9, ., - and _)'),
      settings: required(networkSettingsId, ' (the network settings resource the configuration uses)'),
      failover: failoverSettingsId,
      computeService,
    },
    outputs: ['network-configuration', 'network-configuration-id'],
    check: (s) => checkDistinct(s.settings, s.failover),
    run: createConfiguration,
  }),

  defineOperation({
    name: 'update-network-configuration',
    family: FAMILY,
    description:
      'Change a network configuration: its name, network settings, failover network settings or compute service.',
    scopes: ORG_AND_ENTERPRISE,
    orgPermission: NETWORK_PERMISSION,
    changes: true,
    inputs: {
      ref: networkConfiguration,
      name: networkConfigurationName,
      settings: networkSettingsId,
      failover: failoverSettingsId,
      computeService,
    },
    outputs: ['network-configuration', 'network-configuration-id'],
    check: (s) => {
      if ([s.name, s.settings, s.failover, s.computeService].every((v) => v === undefined))
        throw new InputError(
          'network-configuration',
          'update-network-configuration has nothing to change: set any of network-configuration-name (the new name), ' +
            'network-settings-id, failover-network-settings-id (none turns failover off), compute-service',
        )
      checkDistinct(s.settings, s.failover)
    },
    run: async (api, target, s) => {
      const kind = networkConfigurations(target)
      const id = await resolveId(api, target, kind, s.ref)
      await checkNetworkSettings(api, target, settingsToCheck(s.settings, s.failover), id)
      const body = {
        ...definedFields({
          name: s.name,
          network_settings_ids: s.settings !== undefined ? [s.settings] : undefined,
          compute_service: s.computeService,
        }),
        ...failoverFields(s.failover),
      }
      const { data } = await itemRequest<NetworkConfiguration>(api, target, kind, 'PATCH', id, body)
      return configurationResult(
        data,
        'Network configuration updated',
        target,
        `Changed ${Object.keys(body).join(', ')}.`,
      )
    },
  }),

  defineOperation({
    name: 'delete-network-configuration',
    family: FAMILY,
    description: 'Delete a hosted-compute network configuration that no runner group uses.',
    scopes: ORG_AND_ENTERPRISE,
    orgPermission: NETWORK_PERMISSION,
    changes: true,
    inputs: { ref: networkConfiguration },
    outputs: ['network-configuration-id'],
    run: async (api, target, s) => {
      const kind = networkConfigurations(target)
      const config = await fetchOne(api, target, kind, s.ref)
      let outcome: 'deleted' | 'absent'
      try {
        ;({ outcome } = await deleteItem(api, target, kind.path, { [kind.param]: config.id }))
      } catch (e) {
        if (e instanceof ApiError && e.status === 422)
          throw new ActionError(
            `${e.message} A network configuration that a runner group uses cannot be deleted: ` +
              'detach it first (update-runner-group with network-configuration-id: none).',
            422,
          )
        throw e
      }
      return {
        result: { id: config.id, name: config.name, deleted: outcome === 'deleted' },
        outputs: { 'network-configuration-id': config.id },
        summary: {
          heading: 'Network configuration deleted',
          text: [
            `Network configuration **${summaryText(config.name)}** (id ${config.id}) ${outcome === 'deleted' ? 'was deleted from' : 'was already gone from'} ${describeTarget(target)}.`,
          ],
        },
      }
    },
  }),

  defineOperation({
    name: 'get-network-settings',
    family: FAMILY,
    description: 'Get a network settings resource (an Azure subnet registered with GitHub) by its id.',
    scopes: ORG_AND_ENTERPRISE,
    orgPermission: NETWORK_PERMISSION,
    changes: false,
    inputs: { id: required(networkSettingsId, ' (the id of the network settings resource)') },
    outputs: ['network-settings'],
    run: async (api, target, s) => {
      const settings = await getNetworkSettings(api, target, s.id)
      return {
        result: settings,
        outputs: { 'network-settings': settings },
        summary: {
          heading: `Network settings ${settings.name}`,
          table: {
            header: ['Name', 'ID', 'Region', 'Subnet', 'Used by'],
            rows: [
              [
                settings.name,
                settings.id,
                settings.region,
                settings.subnet_id,
                settings.network_configuration_id ?? '',
              ],
            ],
          },
        },
      }
    },
  }),
]
