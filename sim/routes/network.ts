/**
 * Hosted compute networking of organizations and enterprises: network configurations (list,
 * get, create, update, delete) and the network settings resources they are built on (get).
 *
 * Like the rest of the simulator: an unknown id in the path answers 404, a bad body 422
 * Validation Failed: a bad or taken name (names are unique per owner, case-insensitively),
 * unknown network settings, network settings another configuration already uses, failover on
 * without failover settings. A configuration a runner group uses cannot be deleted (422).
 */
import { invalidFields, notFound } from '../http.js'
import type { SimNetworkConfiguration, SimNetworkSettings } from '../types.js'
import type { Handler, RouteContext } from './context.js'

const NAME = /^[A-Za-z0-9._-]{1,100}$/

const refused = (field: string, code: string, message: string) =>
  invalidFields({ resource: 'NetworkConfiguration', field, code, message })

export function networkConfigurationJson(c: SimNetworkConfiguration) {
  return {
    id: c.id,
    name: c.name,
    compute_service: c.compute_service,
    network_settings_ids: [...c.network_settings_ids],
    failover_network_settings_ids: [...c.failover_network_settings_ids],
    failover_network_enabled: c.failover_network_enabled,
    created_on: c.created_on,
  }
}

function networkSettingsJson(ctx: RouteContext, s: SimNetworkSettings) {
  const user = ctx.state.compute.configurationUsing(ctx.owner, s.id)
  return {
    id: s.id,
    ...(user ? { network_configuration_id: user.id } : {}),
    name: s.name,
    subnet_id: s.subnet_id,
    region: s.region,
  }
}

function pathConfiguration(ctx: RouteContext): SimNetworkConfiguration {
  const c = ctx.state.compute.networkConfiguration(ctx.owner, ctx.params.network_configuration_id ?? '')
  if (!c) throw notFound()
  return c
}

export const listNetworkConfigurations: Handler = (ctx) => {
  const all = ctx.state.compute.networkConfigurations(ctx.owner)
  return {
    status: 200,
    body: { total_count: all.length, network_configurations: ctx.page(all).map(networkConfigurationJson) },
  }
}

export const getNetworkConfiguration: Handler = (ctx) => ({
  status: 200,
  body: networkConfigurationJson(pathConfiguration(ctx)),
})

interface ConfigurationBody {
  name?: string
  compute_service?: 'none' | 'actions'
  network_settings_ids?: string[]
  failover_network_settings_ids?: string[]
  failover_network_enabled?: boolean
}

export const createNetworkConfiguration: Handler = (ctx) => {
  const body = ctx.body as ConfigurationBody & { name: string; network_settings_ids: string[] } // checked against the schema
  const wanted = {
    name: body.name,
    compute_service: body.compute_service ?? 'none',
    network_settings_ids: body.network_settings_ids,
    failover_network_settings_ids: body.failover_network_settings_ids ?? [],
    failover_network_enabled: body.failover_network_enabled ?? false,
  }
  check(ctx, wanted, undefined)
  const c = ctx.state.compute.addNetworkConfiguration(ctx.owner, wanted)
  return { status: 201, body: networkConfigurationJson(c) }
}

export const updateNetworkConfiguration: Handler = (ctx) => {
  const c = pathConfiguration(ctx)
  const body = ctx.body as ConfigurationBody
  const wanted = {
    name: body.name ?? c.name,
    compute_service: body.compute_service ?? c.compute_service,
    network_settings_ids: body.network_settings_ids ?? c.network_settings_ids,
    failover_network_settings_ids: body.failover_network_settings_ids ?? c.failover_network_settings_ids,
    failover_network_enabled: body.failover_network_enabled ?? c.failover_network_enabled,
  }
  check(ctx, wanted, c)
  Object.assign(c, {
    ...wanted,
    network_settings_ids: [...wanted.network_settings_ids],
    failover_network_settings_ids: [...wanted.failover_network_settings_ids],
  })
  return { status: 200, body: networkConfigurationJson(c) }
}

export const deleteNetworkConfiguration: Handler = (ctx) => {
  const c = pathConfiguration(ctx)
  const users = ctx.state.runnerGroups(ctx.owner).filter((g) => g.network_configuration_id === c.id)
  if (users.length > 0) {
    const names = users.map((g) => g.name).join(', ')
    throw refused('id', 'unprocessable', `Network configuration ${c.name} is used by runner group ${names}`)
  }
  ctx.state.compute.deleteNetworkConfiguration(ctx.owner, c.id)
  return { status: 204 }
}

export const getNetworkSettings: Handler = (ctx) => {
  const s = ctx.state.compute.networkSettings(ctx.owner, ctx.params.network_settings_id ?? '')
  if (!s) throw notFound()
  return { status: 200, body: networkSettingsJson(ctx, s) }
}

/** What GitHub refuses in a configuration `self` (none: a new one) would become. */
function check(
  ctx: RouteContext,
  c: Omit<SimNetworkConfiguration, 'id' | 'created_on'>,
  self: SimNetworkConfiguration | undefined,
): void {
  const compute = ctx.state.compute
  if (!NAME.test(c.name)) {
    throw refused(
      'name',
      'invalid',
      "Name must be between 1 and 100 characters and may only contain upper and lowercase letters a-z, numbers 0-9, '.', '-', and '_'.",
    )
  }
  const namesake = compute.networkConfigurationNamed(ctx.owner, c.name)
  if (namesake && namesake !== self)
    throw refused('name', 'already_exists', `A network configuration named "${c.name}" already exists`)
  if (c.network_settings_ids.length !== 1)
    throw refused(
      'network_settings_ids',
      'invalid',
      'Exactly one network settings resource must be specified',
    )
  const all = [...c.network_settings_ids, ...c.failover_network_settings_ids]
  for (const id of all) {
    const field = c.network_settings_ids.includes(id)
      ? 'network_settings_ids'
      : 'failover_network_settings_ids'
    if (!compute.networkSettings(ctx.owner, id))
      throw refused(field, 'invalid', `Network settings ${id} does not exist`)
    const user = compute.configurationUsing(ctx.owner, id)
    if (user && user !== self) {
      const message = `Network settings ${id} is already used by network configuration ${user.name}`
      throw refused(field, 'already_exists', message)
    }
  }
  if (new Set(all).size !== all.length) {
    const message = 'The failover network settings must differ from the network settings'
    throw refused('failover_network_settings_ids', 'invalid', message)
  }
  if (c.failover_network_enabled && c.failover_network_settings_ids.length === 0) {
    const message = 'Failover cannot be enabled without failover network settings'
    throw refused('failover_network_enabled', 'invalid', message)
  }
}
