import { describe, expect, it } from 'vitest'
import { useSimulator } from '../support/sim.js'

const t = useSimulator()

const SCOPES = [
  {
    scope: 'organization',
    owner: 'org:octo-fleet',
    inputs: { organization: 'octo-fleet' },
    base: '/orgs/octo-fleet/settings',
  },
  {
    scope: 'enterprise',
    owner: 'enterprise:octo-corp',
    inputs: { enterprise: 'octo-corp' },
    base: '/enterprises/octo-corp',
  },
] as const

type Config = {
  id: string
  name: string
  compute_service: string
  network_settings_ids: string[]
  failover_network_settings_ids: string[]
  failover_network_enabled: boolean
}

describe.each(SCOPES)('hosted-compute networking at $scope scope', ({ owner, inputs, base }) => {
  /** Renames private-net and gives it a failover network, then takes the failover away again. */
  async function renameWithFailoverThenWithout(id: string, failoverId: string) {
    const failover = await t.run({
      ...inputs,
      operation: 'update-network-configuration',
      'network-configuration': 'private-net',
      'network-configuration-name': 'private-net-2',
      'failover-network-settings-id': failoverId,
    })
    expect(failover.outputs['network-configuration']).toMatchObject({
      name: 'private-net-2',
      failover_network_settings_ids: [failoverId],
      failover_network_enabled: true,
    })
    t.sim.reset()
    const off = await t.run({
      ...inputs,
      operation: 'update-network-configuration',
      'network-configuration': id,
      'failover-network-settings-id': 'none',
    })
    expect(off.outputs['network-configuration']).toMatchObject({
      failover_network_settings_ids: [],
      failover_network_enabled: false,
    })
    expect(t.sim.requests.find((q) => q.method === 'PATCH')!.body).toEqual({
      failover_network_settings_ids: [],
      failover_network_enabled: false,
    })
  }

  it('creates, lists, gets (by id and by name), updates and deletes a network configuration', async () => {
    const east = t.sim.addNetworkSettings(owner, { name: 'east', region: 'eastus' })
    const west = t.sim.addNetworkSettings(owner, { name: 'west', region: 'westus' })
    const created = await t.run({
      ...inputs,
      operation: 'create-network-configuration',
      'network-configuration-name': 'private-net',
      'network-settings-id': east.id,
      'compute-service': 'actions',
    })
    const id = created.outputs['network-configuration-id'] as string
    expect(created.outputs['network-configuration']).toMatchObject({
      id,
      name: 'private-net',
      compute_service: 'actions',
      network_settings_ids: [east.id],
      failover_network_enabled: false,
    })
    expect(t.calls()).toEqual([
      `GET ${base}/network-settings/${east.id}`,
      `POST ${base}/network-configurations`,
    ])

    const list = await t.run({ ...inputs, operation: 'list-network-configurations' })
    expect(list.outputs.count).toBe('1')
    expect((list.outputs['network-configurations'] as Config[]).map((c) => c.name)).toEqual(['private-net'])

    t.sim.reset()
    const byId = await t.run({
      ...inputs,
      operation: 'get-network-configuration',
      'network-configuration': id,
    })
    expect(byId.outputs['network-configuration-id']).toBe(id)
    expect(t.calls()).toEqual([`GET ${base}/network-configurations/${id}`])
    const byName = await t.run({
      ...inputs,
      operation: 'get-network-configuration',
      'network-configuration': 'PRIVATE-NET',
    })
    expect((byName.outputs['network-configuration'] as Config).id).toBe(id)

    await renameWithFailoverThenWithout(id, west.id)

    const settings = await t.run({
      ...inputs,
      operation: 'get-network-settings',
      'network-settings-id': east.id,
    })
    expect(settings.outputs['network-settings']).toMatchObject({
      id: east.id,
      name: 'east',
      region: 'eastus',
      network_configuration_id: id,
    })

    const deleted = await t.run({
      ...inputs,
      operation: 'delete-network-configuration',
      'network-configuration': 'private-net-2',
    })
    expect(deleted.outputs['network-configuration-id']).toBe(id)
    expect(t.sim.networkConfigurations(owner)).toEqual([])
  })

  it('checks network settings before creating: unknown, or used by another configuration', async () => {
    const east = t.sim.addNetworkSettings(owner, { name: 'east' })
    t.sim.addNetworkConfiguration(owner, { name: 'taken', network_settings_ids: [east.id] })
    await expect(
      t.run({
        ...inputs,
        operation: 'create-network-configuration',
        'network-configuration-name': 'second',
        'network-settings-id': 'ABCDEF0123456789ABCDEF',
      }),
    ).rejects.toThrow(
      /No network settings with id ABCDEF0123456789ABCDEF in .*check the network-settings-id input/,
    )
    await expect(
      t.run({
        ...inputs,
        operation: 'create-network-configuration',
        'network-configuration-name': 'second',
        'network-settings-id': east.id,
      }),
    ).rejects.toThrow(/Network settings east .* is already used by network configuration/)
    expect(t.calls().filter((c) => !c.startsWith('GET'))).toEqual([])
  })

  it('says when the name is taken (422)', async () => {
    const a = t.sim.addNetworkSettings(owner, { name: 'a' })
    const b = t.sim.addNetworkSettings(owner, { name: 'b' })
    t.sim.addNetworkConfiguration(owner, { name: 'net', network_settings_ids: [a.id] })
    await expect(
      t.run({
        ...inputs,
        operation: 'create-network-configuration',
        'network-configuration-name': 'NET',
        'network-settings-id': b.id,
      }),
    ).rejects.toThrow(/A network configuration named 'NET' already exists in/)
  })

  it('a lost create answer is not re-sent blindly: the configuration found by name is the result', async () => {
    const a = t.sim.addNetworkSettings(owner, { name: 'a' })
    t.sim.inject({ method: 'POST', path: /network-configurations$/, network: 'after' })
    const r = await t.run({
      ...inputs,
      operation: 'create-network-configuration',
      'network-configuration-name': 'net',
      'network-settings-id': a.id,
    })
    expect(t.sim.networkConfigurations(owner)).toHaveLength(1)
    expect(r.outputs['network-configuration-id']).toBe(t.sim.networkConfigurations(owner)[0]!.id)
    expect(t.calls().filter((c) => c.startsWith('POST'))).toHaveLength(1)
  })

  it('a configuration a runner group uses is not deleted (422), and says how to detach it', async () => {
    const a = t.sim.addNetworkSettings(owner, { name: 'a' })
    const c = t.sim.addNetworkConfiguration(owner, { name: 'net', network_settings_ids: [a.id] })
    t.sim.addRunnerGroup(owner, { name: 'private', network_configuration_id: c.id })
    await expect(
      t.run({ ...inputs, operation: 'delete-network-configuration', 'network-configuration': 'net' }),
    ).rejects.toThrow(/GitHub answered 422.*update-runner-group with network-configuration-id: none/)
  })

  it('unknown ids and names are 404s that say what exists', async () => {
    const a = t.sim.addNetworkSettings(owner, { name: 'a' })
    t.sim.addNetworkConfiguration(owner, { name: 'net', network_settings_ids: [a.id] })
    await expect(
      t.run({ ...inputs, operation: 'get-network-configuration', 'network-configuration': 'other' }),
    ).rejects.toThrow(/No network configuration named 'other' in .*; it has: net \(/)
    await expect(
      t.run({
        ...inputs,
        operation: 'delete-network-configuration',
        'network-configuration': '0123456789ABCDEF0',
      }),
    ).rejects.toThrow(/No network configuration with id 0123456789ABCDEF0 in/)
    await expect(
      t.run({ ...inputs, operation: 'get-network-settings', 'network-settings-id': '0123456789ABCDEF0' }),
    ).rejects.toThrow(/No network settings with id 0123456789ABCDEF0/)
  })

  it('runner groups take a network configuration by id or name, and none detaches it', async () => {
    const a = t.sim.addNetworkSettings(owner, { name: 'a' })
    const c = t.sim.addNetworkConfiguration(owner, { name: 'net', network_settings_ids: [a.id] })
    const created = await t.run({
      ...inputs,
      operation: 'create-runner-group',
      'runner-group-name': 'private',
      'network-configuration-id': 'net',
    })
    expect(created.outputs['runner-group']).toMatchObject({ network_configuration_id: c.id })
    t.sim.reset()
    const cleared = await t.run({
      ...inputs,
      operation: 'update-runner-group',
      'runner-group': 'private',
      'network-configuration-id': 'none',
    })
    expect(cleared.outputs['runner-group']).not.toHaveProperty('network_configuration_id')
    expect(t.sim.requests.find((q) => q.method === 'PATCH')!.body).toEqual({
      name: 'private',
      network_configuration_id: null,
    })
    t.sim.reset()
    await t.run({
      ...inputs,
      operation: 'update-runner-group',
      'runner-group': 'private',
      'network-configuration-id': c.id,
    })
    // an id needs no lookup
    expect(t.calls().filter((x) => x.includes('network'))).toEqual([])
    expect(t.sim.runnerGroups(owner).find((g) => g.name === 'private')!.network_configuration_id).toBe(c.id)
  })
})

describe('networking inputs', () => {
  const org = { organization: 'octo-fleet' }
  it.each([
    [
      { operation: 'get-network-configuration' },
      /Input 'network-configuration': get-network-configuration needs/,
    ],
    [
      { operation: 'create-network-configuration', 'network-settings-id': 'ABC' },
      /Input 'network-configuration-name': create-network-configuration needs/,
    ],
    [
      {
        operation: 'create-network-configuration',
        'network-configuration-name': 'bad name',
        'network-settings-id': 'A',
      },
      /Input 'network-configuration-name': 'bad name' is not a network configuration name/,
    ],
    [
      { operation: 'create-network-configuration', 'network-configuration-name': 'n' },
      /Input 'network-settings-id': create-network-configuration needs/,
    ],
    [
      {
        operation: 'create-network-configuration',
        'network-configuration-name': 'n',
        'network-settings-id': 'a/b',
      },
      /Input 'network-settings-id': 'a\/b' is not a network settings id/,
    ],
    [
      {
        operation: 'create-network-configuration',
        'network-configuration-name': 'n',
        'network-settings-id': 'A1',
        'failover-network-settings-id': 'A1',
      },
      /Input 'failover-network-settings-id': the failover network settings must differ/,
    ],
    [
      {
        operation: 'create-network-configuration',
        'network-configuration-name': 'n',
        'network-settings-id': 'A1',
        'compute-service': 'codespaces',
      },
      /Input 'compute-service': 'codespaces' is not one of none, actions/,
    ],
    [
      { operation: 'update-network-configuration', 'network-configuration': 'n' },
      /Input 'network-configuration': update-network-configuration has nothing to change/,
    ],
    [{ operation: 'get-network-settings' }, /Input 'network-settings-id': get-network-settings needs/],
    [
      {
        operation: 'update-runner-group',
        'runner-group': 'g',
        'selected-workflows': 'none, a/b/.github/workflows/x.yml@main',
      },
      /Input 'selected-workflows': none clears the list/,
    ],
  ])('refuses %o before any request', async (inputs, error) => {
    await expect(t.run({ ...org, ...inputs })).rejects.toThrow(error)
    expect(t.sim.requests).toEqual([])
  })

  it('fail at repository scope before any request, naming the scopes', async () => {
    await expect(
      t.run({ repository: 'octo-fleet/app', operation: 'list-network-configurations' }),
    ).rejects.toThrow(/not available for a repository; it works at: organization, enterprise/)
    expect(t.sim.requests).toEqual([])
  })
})
