import { describe, expect, it } from 'vitest'
import { freshSimulators } from './client.js'

const sim = freshSimulators(true)

const DEPRECATION_PATHS = [
  '/repos/octo-fleet/app/actions/runners/deprecations',
  '/orgs/octo-fleet/actions/runners/deprecations',
  '/enterprises/octo-corp/actions/runners/deprecations',
]

describe('runner version deprecations', () => {
  it('answer the dates seeded for a version, at every scope', async () => {
    const { sim: s, call } = await sim()
    s.setRunnerVersionDeprecation('2.325.0', {
      registration_deprecates_at: '2027-01-15T00:00:00Z',
      runtime_deprecates_at: '2027-02-15T00:00:00Z',
    })
    s.setRunnerVersionDeprecation('2.326.0', { runtime_deprecates_at: '2027-03-01T00:00:00Z' })
    for (const path of DEPRECATION_PATHS) {
      expect((await call('GET', `${path}/2.325.0`)).body).toEqual({
        runner_version: '2.325.0',
        registration_deprecates_at: '2027-01-15T00:00:00Z',
        runtime_deprecates_at: '2027-02-15T00:00:00Z',
      })
      expect((await call('GET', `${path}/2.326.0`)).body).toEqual({
        runner_version: '2.326.0',
        registration_deprecates_at: null,
        runtime_deprecates_at: '2027-03-01T00:00:00Z',
      })
    }
  })

  it('a seeded null removes the default schedule of an old version; unseeded versions keep the default rule', async () => {
    const { sim: s, call } = await sim()
    const path = DEPRECATION_PATHS[1] ?? ''
    expect((await call('GET', `${path}/2.300.0`)).json.runtime_deprecates_at).toBe('2026-09-01T00:00:00Z')
    s.setRunnerVersionDeprecation('2.300.0', null)
    expect((await call('GET', `${path}/2.300.0`)).body).toEqual({
      runner_version: '2.300.0',
      registration_deprecates_at: null,
      runtime_deprecates_at: null,
    })
    expect((await call('GET', `${path}/2.301.0`)).json.registration_deprecates_at).toBe(
      '2026-08-01T00:00:00Z',
    )
    expect((await call('GET', `${path}/2.329.0`)).json.runtime_deprecates_at).toBeNull()
    expect((await call('GET', `${path}/latest`)).status).toBe(404)
  })
})

describe('runner versions', () => {
  it('are null for a JIT runner until it connects; connectRunner brings it online with a version', async () => {
    const { sim: s, call } = await sim()
    const jit = await call('POST', '/orgs/octo-fleet/actions/runners/generate-jitconfig', {
      body: { name: 'jit-1', runner_group_id: 1, labels: ['self-hosted', 'linux'] },
    })
    const id = Number((jit.json.runner as { id: number }).id)
    expect(jit.json.runner).toMatchObject({ version: null, status: 'offline', runner_group_id: 1 })
    expect((await call('GET', `/orgs/octo-fleet/actions/runners/${id}`)).json.version).toBeNull()

    s.connectRunner(id, '2.328.0')
    expect((await call('GET', `/orgs/octo-fleet/actions/runners/${id}`)).json).toMatchObject({
      status: 'online',
      version: '2.328.0',
      runner_group_id: 1,
    })
    s.connectRunner(s.addRunner('org:octo-fleet', { name: 'never', version: null, status: 'offline' }).id)
    expect(s.runners('org:octo-fleet').find((r) => r.name === 'never')?.version).toBe('2.329.0')
    expect(() => s.connectRunner(424242)).toThrow(/no runner 424242/)
  })
})
