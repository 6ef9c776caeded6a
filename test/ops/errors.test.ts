import { describe, expect, it } from 'vitest'
import { useSimulator } from '../support/sim.js'

const t = useSimulator()

describe('errors a user can act on', () => {
  it("the workflow's GITHUB_TOKEN: names the permission and says to use another token", async () => {
    t.sim.addToken('ghs_workflowtoken0000000000000000000000', { kind: 'github-token' })
    const err = t.run({
      organization: 'octo-fleet',
      operation: 'list-runners',
      token: 'ghs_workflowtoken0000000000000000000000',
    })
    await expect(err).rejects.toThrow(
      /^list-runners: GitHub answered 403 to GET \/orgs\/\{org\}\/actions\/runners \(organization octo-fleet\).*organization_self_hosted_runners=read/,
    )
    await expect(err).rejects.toThrow(/GITHUB_TOKEN, which can never manage self-hosted runners/)
    await expect(err).rejects.not.toThrow(/ghs_workflowtoken/)
  })

  it('a classic token without the scope: says which scope GitHub wants and which the token has', async () => {
    t.sim.addToken('ghp_repoonly00000000000000000000000000000', { kind: 'classic', scopes: ['repo'] })
    const err = t.run({
      organization: 'octo-fleet',
      operation: 'create-registration-token',
      token: 'ghp_repoonly00000000000000000000000000000',
    })
    await expect(err).rejects.toThrow(/scope admin:org \(this one has: repo\)/)
  })

  it('a bad token: 401 says the token was refused', async () => {
    await expect(
      t.run({ organization: 'octo-fleet', operation: 'list-runners', token: 'ghp_nonsense' }),
    ).rejects.toThrow(/401.*The token was refused/)
  })

  it('a 404 on an organization says it may be a missing permission', async () => {
    await expect(
      t.run({ organization: 'no-such-org', operation: 'create-registration-token' }),
    ).rejects.toThrow(/Either the organization does not exist or the token cannot see it/)
  })

  it('input errors send no request', async () => {
    const cases: Record<string, string>[] = [
      { operation: 'start-runner' },
      { operation: 'list-runners', repository: 'a/b', organization: 'a' },
      { operation: 'create-jit-config', labels: Array.from({ length: 101 }, (_, i) => `l${i}`).join(',') },
      { operation: 'get-runner', 'runner-id': 'twelve' },
      { operation: 'create-jit-config', labels: 'x', 'runner-name': 'bad/name' },
      { operation: 'create-jit-config' },
      { operation: 'get-runner' },
    ]
    for (const inputs of cases)
      await expect(t.run(inputs), JSON.stringify(inputs)).rejects.toThrow(/^Input '/)
    expect(t.sim.requests).toEqual([])
  })
})
