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

describe('GitHub Enterprise Server 3.14: settings, networking and version schedules', () => {
  const ghes = useSimulator({ basePath: '/api/v3', ghesVersion: '3.14.0' })
  const org = { organization: 'octo-fleet' }

  it('names what the server lacks, at every scope, for reads and changes alike', async () => {
    const scopes: Record<string, string>[] = [
      org,
      { enterprise: 'octo-corp' },
      { repository: 'octo-fleet/app' },
    ]
    for (const scope of scopes)
      await expect(
        ghes.run({ ...scope, operation: 'get-runner-version-deprecation', 'runner-version': '2.300.0' }),
      ).rejects.toThrow(
        'Runner version end-of-life schedules (get-runner-version-deprecation) are not available on GitHub Enterprise Server (this server runs 3.14.0).',
      )
    for (const scope of [org, { enterprise: 'octo-corp' }]) {
      await expect(ghes.run({ ...scope, operation: 'get-self-hosted-runners-settings' })).rejects.toThrow(
        'Self-hosted runner settings need GitHub Enterprise Server 3.19 or newer; this server runs 3.14.0. Upgrade the server.',
      )
      await expect(ghes.run({ ...scope, operation: 'list-network-configurations' })).rejects.toThrow(
        'Hosted-compute network configurations are not available on GitHub Enterprise Server (this server runs 3.14.0).',
      )
    }
    await expect(
      ghes.run({ ...org, operation: 'set-self-hosted-runners-settings', 'enabled-repositories': 'none' }),
    ).rejects.toThrow(/Self-hosted runner settings need GitHub Enterprise Server 3.19 or newer/)
    await expect(
      ghes.run({ ...org, operation: 'get-network-settings', 'network-settings-id': '0123456789ABCDEF0' }),
    ).rejects.toThrow(
      /^Hosted-compute network settings \(get-network-settings\) are not available on GitHub Enterprise Server/,
    )
  })

  it('a 404 for a missing route is never "not found" or "already gone"', async () => {
    await expect(ghes.run({ ...org, operation: 'get-hosted-runner', 'hosted-runner': '5' })).rejects.toThrow(
      /^GitHub-hosted runners are not available on GitHub Enterprise Server/,
    )
    await expect(
      ghes.run({
        ...org,
        operation: 'delete-network-configuration',
        'network-configuration': '0123456789ABCDEF0',
      }),
    ).rejects.toThrow(/^Hosted-compute network configurations are not available/)
    expect(ghes.calls().filter((c) => c.startsWith('DELETE'))).toEqual([])
  })
})

describe('GitHub Enterprise Server 3.19: self-hosted runner settings exist', () => {
  const ghes = useSimulator({ basePath: '/api/v3', ghesVersion: '3.19.0' })

  it('gets and sets them, and still names networking as missing', async () => {
    const set = await ghes.run({
      organization: 'octo-fleet',
      operation: 'set-self-hosted-runners-settings',
      'enabled-repositories': 'selected',
      repositories: 'app',
    })
    expect(set.outputs['enabled-repositories']).toBe('selected')
    const ent = await ghes.run({ enterprise: 'octo-corp', operation: 'get-self-hosted-runners-settings' })
    expect(ent.outputs['disable-for-all-organizations']).toBe('false')
    await expect(
      ghes.run({
        enterprise: 'octo-corp',
        operation: 'get-network-configuration',
        'network-configuration': 'x',
      }),
    ).rejects.toThrow(
      /Hosted-compute network configurations are not available on GitHub Enterprise Server \(this server runs 3.19.0\)/,
    )
  })
})
