import { describe, expect, it } from 'vitest'
import { seedScopes, useSimulator } from '../support/sim.js'

const t = useSimulator()
const OWNER = 'org:octo-fleet' as const

describe('an outage during a prune', () => {
  it('every DELETE answering 502: five runners are tried with their retries, then the rest fail at once', async () => {
    seedScopes(t.sim)
    for (let i = 0; i < 20; i++) t.sim.addRunner(OWNER, { name: `ghost-${i}`, status: 'offline' })
    t.sim.inject({
      method: 'DELETE',
      path: '/orgs/{org}/actions/runners/{runner_id}',
      status: 502,
      times: 1000,
    })
    const r = await t.run({ organization: 'octo-fleet', operation: 'prune-runners' })
    const failed = r.outputs.failed as { error: string }[]
    expect(failed).toHaveLength(20)
    expect(t.calls().filter((c) => c.startsWith('DELETE'))).toHaveLength(5 * 4) // each with 3 retries
    expect(failed.slice(0, 5).every((f) => f.error.includes('GitHub answered 502'))).toBe(true)
    for (const f of failed.slice(5))
      expect(f.error).toMatch(/^GitHub \(http:\/\/127\.0\.0\.1:\d+\) is failing: 5 changes in a row/)
    expect(r.failure).toMatch(/^20 of 20 deletions failed/)
    expect(t.sim.runners(OWNER)).toHaveLength(20)
  })
})
