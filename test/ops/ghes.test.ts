import { describe, expect, it } from 'vitest'
import { useSimulator } from '../support/sim.js'

describe('GitHub Enterprise Server (API under /api/v3)', () => {
  const t = useSimulator({ basePath: '/api/v3' })

  it('works with api-url https://HOST/api/v3, paging included', async () => {
    for (let i = 0; i < 105; i++) t.sim.addRunner('org:octo-fleet', { name: `r${i}` })
    expect(t.sim.url).toMatch(/\/api\/v3$/)
    const r = await t.run({ organization: 'octo-fleet', operation: 'list-runners' })
    expect(r.outputs.count).toBe('105')
    expect(t.sim.requests.map((q) => q.query.page ?? '1')).toEqual(['1', '2'])
    const jit = await t.run({ organization: 'octo-fleet', operation: 'create-jit-config', labels: 'x' })
    expect(t.sim.runner(Number(jit.outputs['runner-id']))).toBeDefined()
  })

  it('an api-url with a trailing slash works too', async () => {
    const r = await t.run({
      organization: 'octo-fleet',
      operation: 'create-remove-token',
      'api-url': `${t.sim.url}/`,
    })
    expect(r.outputs.token).toBeTruthy()
  })
})

describe('GitHub Enterprise Server versions', () => {
  const old = useSimulator({ basePath: '/api/v3', ghesVersion: '3.9.4' })

  it('names the feature and the version when the server lacks JIT configuration', async () => {
    await expect(
      old.run({ organization: 'octo-fleet', operation: 'create-jit-config', labels: 'x' }),
    ).rejects.toThrow(
      'Just-in-time runner configuration (create-jit-config) needs GitHub Enterprise Server 3.10 or newer; this server runs 3.9.4.',
    )
    // registration tokens work on that server
    const r = await old.run({ organization: 'octo-fleet', operation: 'create-registration-token' })
    expect(r.outputs.token).toBeTruthy()
  })

  it('says GitHub-hosted runners do not exist on GHES', async () => {
    await expect(old.run({ organization: 'octo-fleet', operation: 'list-hosted-runners' })).rejects.toThrow(
      /GitHub-hosted runners are not available on GitHub Enterprise Server \(this server runs 3.9.4\)/,
    )
  })
})
