import { describe, expect, it } from 'vitest'
import type { Simulator } from '../../sim/index.js'
import { freshSimulators, parseLink } from './client.js'

const sim = freshSimulators(true)

const SCOPES = [
  {
    owner: 'org:octo-fleet',
    base: '/orgs/octo-fleet/settings',
    groups: '/orgs/octo-fleet/actions/runner-groups',
  },
  {
    owner: 'enterprise:octo-corp',
    base: '/enterprises/octo-corp',
    groups: '/enterprises/octo-corp/actions/runner-groups',
  },
] as const

/** Three network settings resources of the owner. */
function seedSettings(s: Simulator, owner: (typeof SCOPES)[number]['owner']): [string, string, string] {
  const id = (name: string) => s.addNetworkSettings(owner, { name }).id
  return [id('vnet-a'), id('vnet-b'), id('vnet-c')]
}

describe.each(SCOPES)('network configurations of $owner', ({ owner, base, groups }) => {
  it('creates, reads, lists, updates and deletes', async () => {
    const { sim: s, call } = await sim()
    const [a, b, c] = seedSettings(s, owner)
    const created = await call('POST', `${base}/network-configurations`, {
      body: { name: 'east', network_settings_ids: [a], compute_service: 'actions' },
    })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({
      name: 'east',
      compute_service: 'actions',
      network_settings_ids: [a],
      failover_network_settings_ids: [],
      failover_network_enabled: false,
    })
    expect(created.json.id).toMatch(/^[0-9A-F]{35}$/)
    expect(Date.parse(String(created.json.created_on))).toBeGreaterThan(Date.now() - 60_000)
    const id = String(created.json.id)

    expect((await call('GET', `${base}/network-configurations/${id}`)).body).toEqual(created.body)
    const settings = await call('GET', `${base}/network-settings/${a}`)
    expect(settings.json).toMatchObject({
      id: a,
      name: 'vnet-a',
      network_configuration_id: id,
      region: 'eastus',
    })
    expect((await call('GET', `${base}/network-settings/${b}`)).json.network_configuration_id).toBeUndefined()

    const updated = await call('PATCH', `${base}/network-configurations/${id}`, {
      body: { name: 'EAST-2', failover_network_settings_ids: [b], failover_network_enabled: true },
    })
    expect(updated.status).toBe(200)
    expect(updated.json).toMatchObject({
      id,
      name: 'EAST-2',
      network_settings_ids: [a],
      failover_network_settings_ids: [b],
      failover_network_enabled: true,
    })
    const moved = await call('PATCH', `${base}/network-configurations/${id}`, {
      body: { network_settings_ids: [c] },
    })
    expect(moved.json.network_settings_ids).toEqual([c])
    expect((await call('GET', `${base}/network-settings/${a}`)).json.network_configuration_id).toBeUndefined()

    const list = await call('GET', `${base}/network-configurations`)
    expect(list.json).toMatchObject({ total_count: 1, network_configurations: [{ id, name: 'EAST-2' }] })

    expect((await call('DELETE', `${base}/network-configurations/${id}`)).status).toBe(204)
    expect((await call('GET', `${base}/network-configurations/${id}`)).status).toBe(404)
    expect((await call('DELETE', `${base}/network-configurations/${id}`)).status).toBe(404)
    expect((await call('GET', `${base}/network-configurations`)).json.total_count).toBe(0)
  })

  it('pages the list', async () => {
    const { sim: s, call } = await sim()
    for (let i = 0; i < 5; i++) {
      const settings = s.addNetworkSettings(owner, { name: `vnet-${i}` })
      s.addNetworkConfiguration(owner, { name: `net-${i}`, network_settings_ids: [settings.id] })
    }
    const page = await call('GET', `${base}/network-configurations?per_page=2&page=3`)
    expect(page.json.total_count).toBe(5)
    expect((page.json.network_configurations as { name: string }[]).map((c) => c.name)).toEqual(['net-4'])
    expect(parseLink(page.headers.get('link')).first).toContain('page=1')
  })

  it('404s unknown ids in the path', async () => {
    const { call } = await sim()
    for (const path of [
      `${base}/network-configurations/0123456789ABCDEF0123456789ABCDEF012`,
      `${base}/network-settings/0123456789ABCDEF0123456789ABCDEF012`,
    ]) {
      expect((await call('GET', path)).status).toBe(404)
    }
    const patch = await call('PATCH', `${base}/network-configurations/nope`, { body: { name: 'x' } })
    expect(patch.status).toBe(404)
  })

  it('refuses bad and duplicate names, unknown or taken settings, and failover without settings (422)', async () => {
    const { sim: s, call } = await sim()
    const [a, b, c] = seedSettings(s, owner)
    const taken = s.addNetworkConfiguration(owner, { name: 'Prod-Net', network_settings_ids: [a] })
    const cases: [unknown, RegExp][] = [
      [{ name: 'has space', network_settings_ids: [b] }, /Name must be between 1 and 100 characters/],
      [{ name: 'x'.repeat(101), network_settings_ids: [b] }, /Name must be between/],
      [{ name: 'prod-net', network_settings_ids: [b] }, /"already_exists".*already exists/],
      [{ name: 'new', network_settings_ids: ['FFFF'] }, /Network settings FFFF does not exist/],
      [{ name: 'new', network_settings_ids: [a] }, /already used by network configuration Prod-Net/],
      [{ name: 'new', network_settings_ids: [b], failover_network_settings_ids: [b] }, /must differ/],
      [{ name: 'new', network_settings_ids: [b], failover_network_enabled: true }, /without failover/],
    ]
    for (const [body, message] of cases) {
      const res = await call('POST', `${base}/network-configurations`, { body })
      expect({ body, status: res.status }).toEqual({ body, status: 422 })
      expect(res.json.message).toBe('Validation Failed')
      expect(JSON.stringify(res.json.errors)).toMatch(message)
    }
    const other = s.addNetworkConfiguration(owner, { name: 'other', network_settings_ids: [b] })
    const clash = await call('PATCH', `${base}/network-configurations/${other.id}`, {
      body: { name: 'PROD-NET' },
    })
    expect(clash.status).toBe(422)
    const empty = await call('PATCH', `${base}/network-configurations/${other.id}`, {
      body: { network_settings_ids: [] },
    })
    expect(JSON.stringify(empty.json.errors)).toMatch(/Exactly one/)
    // renaming to its own name in another case is no clash
    const same = await call('PATCH', `${base}/network-configurations/${taken.id}`, {
      body: { name: 'PROD-NET' },
    })
    expect(same.status).toBe(200)
    expect(s.networkConfigurations(owner).map((n) => n.name)).toEqual(['PROD-NET', 'other'])
    expect((await call('GET', `${base}/network-settings/${c}`)).status).toBe(200)
  })

  it('ties runner groups to existing configurations only, and keeps a used one from deletion', async () => {
    const { sim: s, call } = await sim()
    const [a] = seedSettings(s, owner)
    const net = s.addNetworkConfiguration(owner, { name: 'private', network_settings_ids: [a] })
    const unknown = await call('POST', groups, { body: { name: 'g1', network_configuration_id: 'NOPE' } })
    expect(unknown.status).toBe(422)
    expect(JSON.stringify(unknown.json.errors)).toMatch(/Network configuration NOPE does not exist/)
    expect(s.runnerGroups(owner).map((g) => g.name)).toEqual(['Default'])

    const group = await call('POST', groups, { body: { name: 'g1', network_configuration_id: net.id } })
    expect(group.status).toBe(201)
    expect(group.json.network_configuration_id).toBe(net.id)
    const gid = String(group.json.id)
    // (the organization's update needs the name, the enterprise's does not)
    const bad = await call('PATCH', `${groups}/${gid}`, {
      body: { name: 'g1', network_configuration_id: 'NOPE' },
    })
    expect(bad.status).toBe(422)

    const inUse = await call('DELETE', `${base}/network-configurations/${net.id}`)
    expect(inUse.status).toBe(422)
    expect(inUse.json.errors).toEqual([
      {
        resource: 'NetworkConfiguration',
        field: 'id',
        code: 'unprocessable',
        message: 'Network configuration private is used by runner group g1',
      },
    ])

    const cleared = await call('PATCH', `${groups}/${gid}`, {
      body: { name: 'g1', network_configuration_id: null },
    })
    expect(cleared.json.network_configuration_id).toBeUndefined()
    expect((await call('DELETE', `${base}/network-configurations/${net.id}`)).status).toBe(204)
  })
})

describe('network configurations: owners apart, seeding, permissions', () => {
  it("an organization's configurations and settings are not the enterprise's", async () => {
    const { sim: s, call } = await sim()
    const orgSettings = s.addNetworkSettings('org:octo-fleet', { name: 'vnet' })
    const orgNet = s.addNetworkConfiguration('org:octo-fleet', {
      name: 'n',
      network_settings_ids: [orgSettings.id],
    })
    expect((await call('GET', `/enterprises/octo-corp/network-configurations/${orgNet.id}`)).status).toBe(404)
    expect((await call('GET', `/enterprises/octo-corp/network-settings/${orgSettings.id}`)).status).toBe(404)
    const group = await call('POST', '/enterprises/octo-corp/actions/runner-groups', {
      body: { name: 'g', network_configuration_id: orgNet.id },
    })
    expect(group.status).toBe(422)
  })

  it('seeding refuses a duplicate name (case-insensitive), unknown settings and taken ids', async () => {
    const { sim: s } = await sim()
    const settings = s.addNetworkSettings('org:octo-fleet', { name: 'vnet', id: 'ABC', region: 'westeurope' })
    expect(settings).toMatchObject({ id: 'ABC', region: 'westeurope' })
    expect(() => s.addNetworkSettings('org:octo-fleet', { name: 'again', id: 'ABC' })).toThrow(/taken/)
    s.addNetworkConfiguration('org:octo-fleet', { name: 'Net', network_settings_ids: ['ABC'] })
    expect(() => s.addNetworkConfiguration('org:octo-fleet', { name: 'NET' })).toThrow(/already exists/)
    expect(() =>
      s.addNetworkConfiguration('org:octo-fleet', { name: 'other', network_settings_ids: ['XYZ'] }),
    ).toThrow(/no network settings XYZ/)
    expect(() => s.addNetworkSettings('org:nobody', { name: 'x' })).toThrow(/unknown owner/)
  })

  it('classic tokens need read:network_configurations to read and write:network_configurations to write', async () => {
    const { sim: s, call } = await sim()
    const settings = s.addNetworkSettings('org:octo-fleet', { name: 'vnet' })
    s.addToken('ghp_adminorg', { kind: 'classic', scopes: ['admin:org'] })
    s.addToken('ghp_read', { kind: 'classic', scopes: ['read:network_configurations'] })
    const path = '/orgs/octo-fleet/settings/network-configurations'
    const admin = await call('GET', path, { token: 'ghp_adminorg' })
    expect(admin.status).toBe(403)
    expect(admin.headers.get('x-accepted-oauth-scopes')).toBe(
      'read:network_configurations, write:network_configurations',
    )
    expect((await call('GET', path, { token: 'ghp_read' })).status).toBe(200)
    const write = await call('POST', path, {
      token: 'ghp_read',
      body: { name: 'n', network_settings_ids: [settings.id] },
    })
    expect(write.status).toBe(403)
    expect(write.headers.get('x-accepted-oauth-scopes')).toBe('write:network_configurations')
    expect(s.networkConfigurations('org:octo-fleet')).toEqual([])
    // the enterprise's are enterprise administration
    s.addToken('ghp_runners', { kind: 'classic', scopes: ['manage_runners:enterprise'] })
    const ent = await call('GET', '/enterprises/octo-corp/network-configurations', { token: 'ghp_runners' })
    expect(ent.status).toBe(403)
    expect(ent.headers.get('x-accepted-oauth-scopes')).toBe('admin:enterprise')
  })

  it('fine-grained: organization_network_configurations, named in x-accepted-github-permissions', async () => {
    const { sim: s, call } = await sim()
    s.addToken('ghs_workflow', { kind: 'github-token' })
    const res = await call('GET', '/orgs/octo-fleet/settings/network-configurations', {
      token: 'ghs_workflow',
    })
    expect(res.status).toBe(403)
    expect(res.headers.get('x-accepted-github-permissions')).toBe('organization_network_configurations=read')
    s.addToken('ghs_narrow', {
      kind: 'installation',
      installation: {
        id: 1,
        owner: 'org:octo-fleet',
        permissions: { organization_network_configurations: 'read' },
      },
    })
    expect(
      (await call('GET', '/orgs/octo-fleet/settings/network-configurations', { token: 'ghs_narrow' })).status,
    ).toBe(200)
    const write = await call('DELETE', '/orgs/octo-fleet/settings/network-configurations/X', {
      token: 'ghs_narrow',
    })
    expect(write.status).toBe(403)
    expect(write.headers.get('x-accepted-github-permissions')).toBe(
      'organization_network_configurations=write',
    )
  })
})
