import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../sim/index.js'
import { client, parseLink } from './client.js'
import { seedWorld } from '../support/world.js'

let sim: Simulator
let call: ReturnType<typeof client>

beforeAll(async () => {
  sim = await startSimulator()
  call = client(sim)
  seedWorld(sim)
})
afterAll(() => sim.close())
afterEach(() => {
  expect(sim.violations).toEqual([])
  sim.reset()
})

describe('listing', () => {
  it('pages through 3 pages with GitHub-style Link headers, keeping other query parameters', async () => {
    sim.addOrg('paged')
    for (let i = 0; i < 250; i++) sim.addRunner('org:paged', { name: `runner-${String(i).padStart(3, '0')}` })

    const first = await call('GET', '/orgs/paged/actions/runners?per_page=100')
    expect(first.status).toBe(200)
    expect(first.json.total_count).toBe(250)
    expect(first.json.runners).toHaveLength(100)
    const l1 = parseLink(first.headers.get('link'))
    expect(Object.keys(l1).sort()).toEqual(['last', 'next'])
    expect(l1.next).toBe(`${sim.url}/orgs/paged/actions/runners?per_page=100&page=2`)
    expect(l1.last).toBe(`${sim.url}/orgs/paged/actions/runners?per_page=100&page=3`)

    const second = await call('GET', l1.next?.slice(sim.url.length) ?? '')
    const l2 = parseLink(second.headers.get('link'))
    expect(Object.keys(l2).sort()).toEqual(['first', 'last', 'next', 'prev'])
    expect(l2.prev).toContain('page=1')

    const third = await call('GET', l2.next?.slice(sim.url.length) ?? '')
    expect(third.json.runners).toHaveLength(50)
    const l3 = parseLink(third.headers.get('link'))
    expect(Object.keys(l3).sort()).toEqual(['first', 'prev'])

    const names = [first, second, third].flatMap((p) =>
      (p.json.runners as { name: string }[]).map((r) => r.name),
    )
    expect(new Set(names).size).toBe(250)
  })

  it('defaults to 30 a page and sends no Link header for a single page', async () => {
    sim.addOrg('small')
    sim.addRunner('org:small', { name: 'only' })
    const res = await call('GET', '/orgs/small/actions/runners')
    expect(res.headers.get('link')).toBeNull()
    const many = await call('GET', '/orgs/paged/actions/runners')
    expect(many.json.runners).toHaveLength(30)
    expect(parseLink(many.headers.get('link')).last).toContain('page=9')
  })

  it('filters by exact, case-insensitive name', async () => {
    sim.addRunner('org:octo-fleet', { name: 'Build-01' })
    sim.addRunner('org:octo-fleet', { name: 'build-010' })
    const res = await call('GET', '/orgs/octo-fleet/actions/runners?name=build-01')
    expect((res.json.runners as { name: string }[]).map((r) => r.name)).toEqual(['Build-01'])
    expect(res.json.total_count).toBe(1)
  })

  it('serves repository and enterprise scopes separately', async () => {
    const repoRunner = sim.addRunner('repo:octo-fleet/app', {
      name: 'repo-runner',
      os: 'macos',
      arch: 'ARM64',
    })
    sim.addRunner('enterprise:octo-corp', { name: 'ent-runner' })
    const repo = await call('GET', '/repos/octo-fleet/app/actions/runners')
    expect(repo.json.runners).toEqual([
      {
        id: repoRunner.id,
        name: 'repo-runner',
        os: 'macos',
        status: 'online',
        busy: false,
        ephemeral: false,
        runner_group_id: 1,
        version: expect.any(String) as unknown,
        labels: [
          { id: expect.any(Number) as unknown, name: 'self-hosted', type: 'read-only' },
          { id: expect.any(Number) as unknown, name: 'macOS', type: 'read-only' },
          { id: expect.any(Number) as unknown, name: 'ARM64', type: 'read-only' },
        ],
      },
    ])
    const ent = await call('GET', '/enterprises/octo-corp/actions/runners')
    expect((ent.json.runners as { name: string }[]).map((r) => r.name)).toEqual(['ent-runner'])
    // an enterprise runner is not an organization runner
    const id = (ent.json.runners as { id: number }[])[0]?.id
    expect((await call('GET', `/orgs/octo-fleet/actions/runners/${id}`)).status).toBe(404)
  })

  it('404s for an unknown owner', async () => {
    expect((await call('GET', '/orgs/nope/actions/runners')).status).toBe(404)
    expect((await call('GET', '/repos/octo-fleet/nope/actions/runners')).status).toBe(404)
    expect((await call('GET', '/enterprises/nope/actions/runners')).status).toBe(404)
  })
})

describe('get and delete', () => {
  it('gets a runner, 404 when absent', async () => {
    const r = sim.addRunner('org:octo-fleet', { name: 'getme', labels: ['gpu', { name: 'linux-large' }] })
    const res = await call('GET', `/orgs/octo-fleet/actions/runners/${r.id}`)
    expect(res.status).toBe(200)
    expect(res.json.name).toBe('getme')
    expect(
      (res.json.labels as { name: string; type: string }[])
        .filter((l) => l.type === 'custom')
        .map((l) => l.name),
    ).toEqual(['gpu', 'linux-large'])
    expect((await call('GET', '/orgs/octo-fleet/actions/runners/999999')).status).toBe(404)
  })

  it('deletes an idle runner (204, no body, no content-type), 404 after', async () => {
    const r = sim.addRunner('org:octo-fleet', { name: 'deleteme', status: 'offline' })
    const res = await call('DELETE', `/orgs/octo-fleet/actions/runners/${r.id}`)
    expect(res.status).toBe(204)
    expect(res.body).toBeUndefined()
    expect(res.headers.get('content-type')).toBeNull()
    expect(sim.runner(r.id)).toBeUndefined()
    expect((await call('DELETE', `/orgs/octo-fleet/actions/runners/${r.id}`)).status).toBe(404)
  })

  it('refuses to delete a busy runner with 422', async () => {
    const r = sim.addRunner('org:octo-fleet', { name: 'busy-one', busy: true })
    const res = await call('DELETE', `/orgs/octo-fleet/actions/runners/${r.id}`)
    expect(res.status).toBe(422)
    expect(res.json.message).toBe('Bad request - Runner "busy-one" is still running a job"')
    expect(sim.runner(r.id)).toBeDefined()
  })

  it('lets a test turn a runner busy right before the DELETE reaches the handler', async () => {
    const r = sim.addRunner('org:octo-fleet', { name: 'racy' })
    const off = sim.onRequest((req) => {
      if (req.method === 'DELETE' && req.params.runner_id === String(r.id)) {
        const live = sim.runner(r.id)
        if (live) live.busy = true
      }
    })
    const res = await call('DELETE', `/orgs/octo-fleet/actions/runners/${r.id}`)
    off()
    expect(res.status).toBe(422)
  })
})

describe('downloads, deprecations and tokens', () => {
  it('lists runner downloads for every platform', async () => {
    const res = await call('GET', '/repos/octo-fleet/app/actions/runners/downloads')
    expect(res.status).toBe(200)
    const apps = res.body as {
      os: string
      architecture: string
      download_url: string
      sha256_checksum: string
    }[]
    expect(apps.map((a) => `${a.os}-${a.architecture}`)).toEqual([
      'osx-x64',
      'osx-arm64',
      'linux-x64',
      'linux-arm',
      'linux-arm64',
      'win-x64',
      'win-arm64',
    ])
    for (const a of apps) {
      expect(a.download_url).toMatch(/^https:\/\/github\.com\/actions\/runner\/releases\/download\//)
      expect(a.sha256_checksum).toMatch(/^[0-9a-f]{64}$/)
    }
  })

  it('answers the deprecation schedule of a runner version', async () => {
    const old = await call('GET', '/orgs/octo-fleet/actions/runners/deprecations/2.300.0')
    expect(old.json.runtime_deprecates_at).toMatch(/^\d{4}-/)
    const fresh = await call('GET', '/orgs/octo-fleet/actions/runners/deprecations/2.329.0')
    expect(fresh.json).toEqual({
      runner_version: '2.329.0',
      registration_deprecates_at: null,
      runtime_deprecates_at: null,
    })
  })

  it.each([
    ['/repos/octo-fleet/app/actions/runners/registration-token'],
    ['/orgs/octo-fleet/actions/runners/remove-token'],
    ['/enterprises/octo-corp/actions/runners/registration-token'],
  ])('POST %s gives a fresh one-hour token and records it', async (path) => {
    const before = Date.now()
    const a = await call('POST', path)
    const b = await call('POST', path)
    expect(a.status).toBe(201)
    expect(a.json.token).toMatch(/^[A-Z2-7]{29}$/)
    expect(a.json.token).not.toBe(b.json.token)
    const expires = Date.parse(String(a.json.expires_at))
    expect(expires - before).toBeGreaterThan(3_590_000)
    expect(expires - before).toBeLessThan(3_610_000)
    expect(sim.issuedSecrets).toContain(a.json.token)
  })
})

describe('JIT configuration', () => {
  const jit = '/orgs/octo-fleet/actions/runners/generate-jitconfig'

  it('creates an offline ephemeral runner and a base64 config', async () => {
    const res = await call('POST', jit, {
      body: { name: 'jit-1', runner_group_id: 1, labels: ['linux', 'gpu'] },
    })
    expect(res.status).toBe(201)
    const runner = res.json.runner as {
      id: number
      status: string
      ephemeral: boolean
      os: string
      labels: { name: string; type: string }[]
    }
    expect(runner).toMatchObject({ status: 'offline', ephemeral: true, os: 'linux' })
    expect(runner.labels).toEqual([
      { id: expect.any(Number) as unknown, name: 'self-hosted', type: 'read-only' },
      { id: expect.any(Number) as unknown, name: 'Linux', type: 'read-only' },
      { id: expect.any(Number) as unknown, name: 'gpu', type: 'custom' },
    ])
    expect(sim.runner(runner.id)?.name).toBe('jit-1')
    const encoded = String(res.json.encoded_jit_config)
    expect(sim.issuedSecrets).toContain(encoded)
    const files = JSON.parse(Buffer.from(encoded, 'base64').toString()) as Record<string, string>
    expect(Object.keys(files)).toEqual(['.runner', '.credentials', '.credentials_rsaparams'])
    expect(JSON.parse(Buffer.from(files['.runner'] ?? '', 'base64').toString())).toMatchObject({
      AgentName: 'jit-1',
    })
  })

  it('409s on a taken name, case-insensitively', async () => {
    sim.addRunner('org:octo-fleet', { name: 'Taken' })
    const res = await call('POST', jit, { body: { name: 'taken', runner_group_id: 1, labels: ['x'] } })
    expect(res.status).toBe(409)
    expect(res.json.message).toBe('Already exists - A runner with the name taken already exists.')
  })

  it('404s for a group the owner does not have; repositories only know group 1', async () => {
    const g = sim.addRunnerGroup('enterprise:octo-corp', { name: 'ent-only' })
    expect(
      (await call('POST', jit, { body: { name: 'jit-x', runner_group_id: g.id, labels: ['x'] } })).status,
    ).toBe(404)
    const repoJit = '/repos/octo-fleet/app/actions/runners/generate-jitconfig'
    expect(
      (await call('POST', repoJit, { body: { name: 'jit-y', runner_group_id: 2, labels: ['x'] } })).status,
    ).toBe(404)
    expect(
      (await call('POST', repoJit, { body: { name: 'jit-y', runner_group_id: 1, labels: ['x'] } })).status,
    ).toBe(201)
  })

  it('422s when labels are empty or more than 100, recording the violation', async () => {
    const empty = await call('POST', jit, { body: { name: 'jit-e', runner_group_id: 1, labels: [] } })
    expect(empty.status).toBe(422)
    expect(empty.json.message).toMatch(/^Invalid request\.\n\n/)
    const tooMany = Array.from({ length: 101 }, (_, i) => `l${i}`)
    expect(
      (await call('POST', jit, { body: { name: 'jit-e', runner_group_id: 1, labels: tooMany } })).status,
    ).toBe(422)
    expect(sim.violations).toEqual([
      'POST /orgs/octo-fleet/actions/runners/generate-jitconfig: body.labels must NOT have fewer than 1 items',
      'POST /orgs/octo-fleet/actions/runners/generate-jitconfig: body.labels must NOT have more than 100 items',
    ])
    expect(sim.runners('org:octo-fleet').some((r) => r.name === 'jit-e')).toBe(false)
    sim.violations.length = 0
  })
})

describe('labels', () => {
  const labelsOf = (body: Record<string, unknown>) =>
    (body.labels as { name: string; type: string }[]).map((l) => `${l.type === 'custom' ? '+' : ''}${l.name}`)

  it('lists, adds (deduplicating case-insensitively), replaces and removes labels', async () => {
    const r = sim.addRunner('org:octo-fleet', { name: 'labelled', labels: ['gpu'] })
    const path = `/orgs/octo-fleet/actions/runners/${r.id}/labels`

    const list = await call('GET', path)
    expect(list.json.total_count).toBe(4)
    expect(labelsOf(list.json)).toEqual(['self-hosted', 'Linux', 'X64', '+gpu'])

    const added = await call('POST', path, { body: { labels: ['GPU', 'arm64', 'linux', 'big', 'big'] } })
    expect(added.status).toBe(200)
    expect(labelsOf(added.json)).toEqual(['self-hosted', 'Linux', 'X64', '+gpu', '+arm64', '+big'])

    const set = await call('PUT', path, { body: { labels: ['only-this'] } })
    expect(labelsOf(set.json)).toEqual(['self-hosted', 'Linux', 'X64', '+only-this'])

    const cleared = await call('PUT', path, { body: { labels: [] } })
    expect(labelsOf(cleared.json)).toEqual(['self-hosted', 'Linux', 'X64'])

    await call('POST', path, { body: { labels: ['a', 'b'] } })
    const one = await call('DELETE', `${path}/A`)
    expect(one.status).toBe(200)
    expect(labelsOf(one.json)).toEqual(['self-hosted', 'Linux', 'X64', '+b'])
    expect((await call('DELETE', `${path}/missing`)).status).toBe(404)
    expect((await call('DELETE', `${path}/self-hosted`)).status).toBe(422)

    const all = await call('DELETE', path)
    expect(all.status).toBe(200)
    expect(labelsOf(all.json)).toEqual(['self-hosted', 'Linux', 'X64'])
    expect(sim.runner(r.id)?.labels.every((l) => l.type === 'read-only')).toBe(true)
  })

  it('decodes label names in the path', async () => {
    const r = sim.addRunner('repo:octo-fleet/app', { name: 'spaced', labels: ['has space'] })
    const res = await call('DELETE', `/repos/octo-fleet/app/actions/runners/${r.id}/labels/has%20space`)
    expect(res.status).toBe(200)
    expect(labelsOf(res.json)).toEqual(['self-hosted', 'Linux', 'X64'])
  })

  it('404s for an unknown runner and 422s beyond 100 custom labels', async () => {
    expect((await call('GET', '/orgs/octo-fleet/actions/runners/424242/labels')).status).toBe(404)
    const r = sim.addRunner('enterprise:octo-corp', {
      name: 'full',
      labels: Array.from({ length: 99 }, (_, i) => `c${i}`),
    })
    const path = `/enterprises/octo-corp/actions/runners/${r.id}/labels`
    const res = await call('POST', path, { body: { labels: ['one', 'two'] } })
    expect(res.status).toBe(422)
    expect(res.json.message).toBe('Validation Failed')
    expect(sim.runner(r.id)?.labels).toHaveLength(3 + 99)
    expect((await call('POST', path, { body: { labels: ['one'] } })).status).toBe(200)
  })
})
