/** list-organizations against the simulator: an App's installations, an enterprise's organizations (GraphQL), the token user's. */
import { describe, expect, it } from 'vitest'
import { startSimulator, DEFAULT_TOKEN } from '../../sim/index.js'
import { execute, prepare } from '../../src/main.js'
import { useSimulator } from '../support/sim.js'
import { rsaKeyPair } from '../support/world.js'

const t = useSimulator()
const APP_ID = 4711
const { privateKey, publicKey } = rsaKeyPair()
const app = { 'app-id': String(APP_ID), 'private-key': privateKey, token: '' }
const list = { operation: 'list-organizations' }

/** `n` organizations named `prefix-000`… (created in reverse, so creation order is not the sorted order). */
function addOrgs(prefix: string, n: number, opts: { enterprise?: string } = {}): string[] {
  const logins = Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`)
  for (const login of [...logins].reverse()) t.sim.addOrg(login, opts)
  return logins
}

describe('list-organizations as a GitHub App', () => {
  it('lists the organizations it is installed on, every page, with its JWT alone, and leaves user accounts out', async () => {
    t.sim.addApp(APP_ID, publicKey)
    const orgs = addOrgs('fleet', 120)
    for (const login of orgs) t.sim.addInstallation(APP_ID, `org:${login}`)
    t.sim.addUser('mona')
    t.sim.addInstallation(APP_ID, 'user:mona')
    const r = await t.run({ ...app, ...list })
    expect(r.outputs.organizations).toEqual(orgs)
    expect(r.outputs.count).toBe('120')
    expect(r.outputs.matrix).toEqual({ organization: orgs })
    // two pages of installations, no installation token minted (none to revoke)
    expect(t.calls()).toEqual(['GET /app/installations', 'GET /app/installations'])
    expect(t.sim.requests.every((q) => q.auth?.split('.').length === 3)).toBe(true)
    expect(t.sim.revokedTokens).toEqual([])
  })

  it('filters logins with name-pattern and exclude, case-insensitively, and takes the i-th of n shards', async () => {
    t.sim.addApp(APP_ID, publicKey)
    for (const login of ['Prod-EU', 'prod-us', 'prod-sandbox', 'dev-1', 'dev-2'])
      t.sim.addInstallation(APP_ID, `org:${(t.sim.addOrg(login), login)}`)
    const r = await t.run({ ...app, ...list, 'name-pattern': 'prod-*, dev-{1,2}', exclude: '*sandbox*' })
    expect(r.outputs.organizations).toEqual(['dev-1', 'dev-2', 'Prod-EU', 'prod-us'])
    const shards = await Promise.all(['1/3', '2/3', '3/3'].map((shard) => t.run({ ...app, ...list, shard })))
    expect(shards.map((s) => s.outputs.organizations)).toEqual([
      ['dev-1', 'prod-sandbox'],
      ['dev-2', 'prod-us'],
      ['Prod-EU'],
    ])
  })

  it('fails naming shard when more than 256 would go into one matrix, and a shard of them fits', async () => {
    t.sim.addApp(APP_ID, publicKey)
    for (const login of addOrgs('many', 300)) t.sim.addInstallation(APP_ID, `org:${login}`)
    await expect(t.run({ ...app, ...list })).rejects.toThrow(/300 organizations .* 256 .*shard to 1\/2, 2\/2/)
    const half = await t.run({ ...app, ...list, shard: '2/2' })
    expect(half.outputs.count).toBe('150')
    expect((half.outputs.organizations as string[])[0]).toBe('many-001')
  })

  it('warns when it lists no organization (a matrix over none fails)', async () => {
    t.sim.addApp(APP_ID, publicKey)
    const r = await t.run({ ...app, ...list })
    expect(r.outputs.count).toBe('0')
    expect(r.warnings?.join()).toMatch(/No organization listed .* count output is not '0'/)
  })
})

describe('list-organizations with a token', () => {
  it("lists the token user's organizations (GET /user/orgs, every page)", async () => {
    const orgs = addOrgs('member', 130)
    t.sim.addUser('sim-admin', { organizations: [...orgs, 'octo-fleet'] })
    const r = await t.run(list)
    expect(r.outputs.count).toBe('131')
    expect((r.outputs.organizations as string[]).at(-1)).toBe('octo-fleet')
    expect(t.calls()).toEqual(['GET /user/orgs', 'GET /user/orgs'])
  })

  it("says an installation token cannot list a user's organizations", async () => {
    t.sim.addToken('ghs_workflowtoken000000000000000000000', {
      kind: 'github-token',
      repository: 'octo-fleet/app',
    })
    await expect(t.run({ ...list, token: 'ghs_workflowtoken000000000000000000000' })).rejects.toThrow(
      /403 to GET \/user\/orgs: Resource not accessible by integration/,
    )
  })

  it("lists an enterprise's organizations through GraphQL, every page", async () => {
    const orgs = addOrgs('corp', 130, { enterprise: 'octo-corp' })
    const r = await t.run({ ...list, enterprise: 'octo-corp', 'name-pattern': 'corp-*' })
    expect(r.outputs.organizations).toEqual(orgs)
    expect(t.calls()).toEqual(['POST /graphql', 'POST /graphql'])
    const cursors = t.sim.requests.map(
      (q) => (q.body as { variables: { cursor: string | null } }).variables.cursor,
    )
    expect(cursors[0]).toBeNull()
    expect(cursors[1]).toEqual(expect.any(String))
  })

  it.each([
    [
      'a token without read:enterprise',
      { kind: 'classic' as const, scopes: ['repo'] },
      /INSUFFICIENT_SCOPES.*read:enterprise/,
    ],
    [
      'an installation token',
      { kind: 'installation' as const },
      /FORBIDDEN: Resource not accessible by integration.*read:enterprise/,
    ],
  ])('fails clearly for %s (GraphQL answers 200 with errors)', async (_, grant, message) => {
    t.sim.addToken('ghp_weak00000000000000000000000000000000', grant)
    await expect(
      t.run({ ...list, enterprise: 'octo-corp', token: 'ghp_weak00000000000000000000000000000000' }),
    ).rejects.toThrow(message)
  })

  it('fails clearly for an unknown enterprise', async () => {
    await expect(t.run({ ...list, enterprise: 'no-such-corp' })).rejects.toThrow(
      /did not list the organizations of enterprise no-such-corp \(NOT_FOUND: Could not resolve to a Business/,
    )
  })
})

describe('list-organizations input errors (before any request)', () => {
  it.each([
    ['shard 0/2', { shard: '0/2' }, /^Input 'shard': '0\/2' is not i\/n/],
    ['shard 3/2', { shard: '3/2' }, /^Input 'shard'/],
    ['shard half', { shard: 'half' }, /^Input 'shard'/],
    [
      'a negated name-pattern',
      { 'name-pattern': '!prod-*' },
      /^Input 'name-pattern': '!prod-\*' negates: .*every organization/,
    ],
    [
      'organization',
      { organization: 'octo-fleet' },
      /^Input 'organization': list-organizations takes no scope .*or enterprise/,
    ],
    ['repository', { repository: 'octo-fleet/app' }, /^Input 'repository'/],
    [
      'an App with enterprise',
      { ...app, enterprise: 'octo-corp' },
      /^Input 'app-id': .*classic token with read:enterprise/,
    ],
  ])('%s', async (_, inputs, message) => {
    await expect(t.run({ ...list, ...inputs })).rejects.toThrow(message)
    expect(t.calls()).toEqual([])
  })
})

describe('list-organizations on GitHub Enterprise Server', () => {
  it('sends the GraphQL query to /api/graphql beside /api/v3', async () => {
    const sim = await startSimulator({ basePath: '/api/v3', ghesVersion: '3.14.0' })
    try {
      sim.addOrg('ghes-b', { enterprise: 'ghes-corp' })
      sim.addOrg('ghes-a', { enterprise: 'ghes-corp' })
      const p = prepare({ ...list, enterprise: 'ghes-corp', token: DEFAULT_TOKEN, 'api-url': sim.url }, {})
      const r = await execute(p, { waitScale: 0.001 })
      expect(r.outputs.organizations).toEqual(['ghes-a', 'ghes-b'])
      expect(sim.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['POST /api/graphql'])
      expect(sim.violations).toEqual([])
    } finally {
      await sim.close()
    }
  })
})
