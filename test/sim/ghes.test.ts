import { describe, expect, it } from 'vitest'
import { startSimulator } from '../../sim/index.js'
import { ghesAvailability } from '../../sim/ghes.js'
import { loadOpenApi, type Operation } from '../../sim/openapi.js'
import { freshSimulators } from './client.js'

const sim = freshSimulators(true)

const JIT = {
  name: 'jit-1',
  runner_group_id: 1,
  labels: ['self-hosted', 'linux'],
}
const JIT_PATHS = [
  '/repos/octo-fleet/app/actions/runners/generate-jitconfig',
  '/orgs/octo-fleet/actions/runners/generate-jitconfig',
  '/enterprises/octo-corp/actions/runners/generate-jitconfig',
]

const notFound = (docs: string) => ({ message: 'Not Found', documentation_url: docs, status: '404' })

/** A concrete path for an operation: its path parameters filled with values of the right type. */
function pathOf(op: Operation): string {
  const values: Record<string, string> = {
    owner: 'octo-fleet',
    repo: 'app',
    org: 'octo-fleet',
    enterprise: 'octo-corp',
    image_version: '1.0.0',
  }
  return op.template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '1')
}

const hostedOperations = () =>
  loadOpenApi().operations.filter(
    (op) =>
      op.template.includes('/actions/hosted-runners') ||
      op.template.endsWith('/runner-groups/{runner_group_id}/hosted-runners'),
  )

describe('x-github-enterprise-version', () => {
  it('is on every response of a GHES, whatever the outcome', async () => {
    const { sim: s, call } = await sim({ ghesVersion: '3.9.4' })
    s.inject({ path: '/orgs/octo-fleet/actions/runners/downloads', status: 502 })
    const answers = [
      await call('GET', '/orgs/octo-fleet/actions/runners'),
      await call('GET', '/orgs/octo-fleet/actions/runners', { token: 'wrong' }),
      await call('GET', '/orgs/octo-fleet/actions/runners/downloads'),
      await call('POST', JIT_PATHS[1] ?? '', { body: JIT }),
      await call('GET', '/orgs/octo-fleet/actions/hosted-runners'),
    ]
    expect(answers.map((a) => a.status)).toEqual([200, 401, 502, 404, 404])
    for (const a of answers) expect(a.headers.get('x-github-enterprise-version')).toBe('3.9.4')
  })

  it('is absent on github.com', async () => {
    const { call } = await sim()
    const res = await call('GET', '/orgs/octo-fleet/actions/runners')
    expect(res.headers.get('x-github-enterprise-version')).toBeNull()
  })

  it('refuses a version that is not one', async () => {
    await expect(startSimulator({ ghesVersion: 'latest' })).rejects.toThrow(/ghesVersion/)
  })
})

describe('just-in-time runner configuration', () => {
  it('is missing before GHES 3.10: 404 at every scope, nothing created, no violation', async () => {
    for (const version of ['3.9.4', '3.9', '2.22.1']) {
      const { sim: s, call } = await sim({ ghesVersion: version })
      const docs = `https://docs.github.com/enterprise-server@${version.split('.').slice(0, 2).join('.')}/rest`
      for (const path of JIT_PATHS) {
        const res = await call('POST', path, { body: JIT })
        expect(res.status).toBe(404)
        expect(res.body).toEqual(notFound(docs))
      }
      expect(s.runners('org:octo-fleet')).toEqual([])
      expect(s.issuedSecrets).toEqual([])
      expect(s.requests.map((r) => r.status)).toEqual([404, 404, 404])
    }
  })

  it('still authenticates first: a bad token gets 401', async () => {
    const { call } = await sim({ ghesVersion: '3.9.4' })
    const res = await call('POST', JIT_PATHS[0] ?? '', { body: JIT, token: 'wrong' })
    expect(res.status).toBe(401)
  })

  it('is there from GHES 3.10 on, and on github.com', async () => {
    for (const options of [
      { ghesVersion: '3.10.0' },
      { ghesVersion: '3.10' },
      { ghesVersion: '3.14.2' },
      {},
    ]) {
      const { call } = await sim(options)
      for (const path of JIT_PATHS) {
        const res = await call('POST', path, { body: JIT })
        expect(res.status).toBe(201)
        expect(res.json.encoded_jit_config).toEqual(expect.any(String))
      }
    }
  })

  it('leaves registration tokens alone on old versions', async () => {
    const { call } = await sim({ ghesVersion: '3.9.4' })
    const res = await call('POST', '/orgs/octo-fleet/actions/runners/registration-token')
    expect(res.status).toBe(201)
  })
})

describe('GitHub-hosted runners', () => {
  it('are missing on every GHES version: every hosted-runner operation answers 404', async () => {
    const ops = hostedOperations()
    expect(ops.length).toBeGreaterThan(20)
    expect(ops.map((o) => o.operationId)).toContain('actions/list-github-hosted-runners-in-group-for-org')
    for (const version of ['3.9.4', '3.17.0', '99.0']) {
      const { sim: s, call } = await sim({ ghesVersion: version })
      s.addHostedRunner('org:octo-fleet', {
        name: 'hosted',
        image: { id: 'ubuntu-latest', source: 'github' },
      })
      for (const op of ops) {
        const res = await call(op.method, pathOf(op))
        expect({ op: op.operationId, status: res.status, message: res.json.message }).toEqual({
          op: op.operationId,
          status: 404,
          message: 'Not Found',
        })
      }
      expect(s.hostedRunners('org:octo-fleet')).toHaveLength(1)
    }
  })

  it('are there on github.com', async () => {
    const { call } = await sim()
    expect((await call('GET', '/orgs/octo-fleet/actions/hosted-runners')).status).toBe(200)
    expect((await call('GET', '/orgs/octo-fleet/actions/runner-groups/1/hosted-runners')).status).toBe(200)
  })

  it('leave the other runner-group and runner operations alone', async () => {
    const { call } = await sim({ ghesVersion: '3.9.4', basePath: '/api/v3' })
    for (const path of [
      '/orgs/octo-fleet/actions/runner-groups',
      '/orgs/octo-fleet/actions/runner-groups/1/runners',
      '/enterprises/octo-corp/actions/runners',
      '/repos/octo-fleet/app/actions/runners/downloads',
    ]) {
      const res = await call('GET', path)
      expect({ path, status: res.status }).toEqual({ path, status: 200 })
      expect(res.headers.get('x-github-enterprise-version')).toBe('3.9.4')
    }
  })
})

describe('availability from the GHES descriptions (openapi/ghes-availability.json)', () => {
  it('covers every operation of the description, and nothing else', () => {
    const keys = loadOpenApi().operations.map((op) => `${op.method} ${op.template}`)
    expect(Object.keys(ghesAvailability().operations).sort()).toEqual([...keys].sort())
  })

  it('names the first GHES version of each route family', () => {
    const since = Object.fromEntries(
      Object.entries(ghesAvailability().families).map(([f, v]) => [f, v.since]),
    )
    expect(since).toEqual({
      'jit-config': '3.10',
      'hosted-runners': null,
      'runner-version-deprecations': null,
      'self-hosted-runner-settings': '3.19',
      'network-configurations': null,
      'network-settings': null,
      'installation-token-revocation': '2.20',
    })
    expect(ghesAvailability().unchecked).toEqual(['3.0', '3.1', '3.2', '3.3'])
  })

  it('answers each family 404 before its first version and serves it from then on', async () => {
    const cases: [version: string, method: string, path: string, status: number][] = [
      ['3.18.2', 'GET', '/orgs/octo-fleet/actions/permissions/self-hosted-runners', 404],
      ['3.19.0', 'GET', '/orgs/octo-fleet/actions/permissions/self-hosted-runners', 200],
      ['3.18.2', 'GET', '/enterprises/octo-corp/actions/permissions/self-hosted-runners', 404],
      ['3.19.0', 'GET', '/enterprises/octo-corp/actions/permissions/self-hosted-runners', 200],
      ['3.19.0', 'GET', '/orgs/octo-fleet/settings/network-configurations', 404],
      ['3.19.0', 'GET', '/enterprises/octo-corp/network-settings/ABC', 404],
      ['3.19.0', 'GET', '/orgs/octo-fleet/actions/runners/deprecations/2.300.0', 404],
      ['3.19.0', 'GET', '/repos/octo-fleet/app/actions/runners/deprecations/2.300.0', 404],
      ['3.19.0', 'GET', '/orgs/octo-fleet/actions/runners', 200],
      // labels: first in 3.4 among the checked versions; 3.0-3.3 are not checked and count as older
      ['3.2.1', 'GET', '/orgs/octo-fleet/actions/runners/1001/labels', 404],
      ['3.4.0', 'GET', '/orgs/octo-fleet/actions/runners/1001/labels', 200],
      ['2.22.0', 'GET', '/orgs/octo-fleet/actions/runners', 200],
    ]
    for (const [version, method, path, status] of cases) {
      const { sim: s, call } = await sim({ ghesVersion: version })
      s.addRunner('org:octo-fleet', { name: 'r', id: 1001 })
      const res = await call(method, path)
      expect({ version, path, status: res.status }).toEqual({ version, path, status })
      if (status === 404)
        expect(res.body).toEqual(
          notFound(
            `https://docs.github.com/enterprise-server@${version.split('.').slice(0, 2).join('.')}/rest`,
          ),
        )
    }
  })

  it('lets an installation token revoke itself from GHES 2.20 on', async () => {
    for (const [version, status] of [
      ['2.19.9', 404],
      ['2.20.0', 204],
      ['3.9.4', 204],
    ] as const) {
      const { sim: s, call } = await sim({ ghesVersion: version })
      s.addToken('ghs_installation', { kind: 'installation' })
      const res = await call('DELETE', '/installation/token', { token: 'ghs_installation' })
      expect({ version, status: res.status }).toEqual({ version, status })
      expect(s.revokedTokens).toEqual(status === 204 ? ['ghs_installation'] : [])
    }
  })
})
