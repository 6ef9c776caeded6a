import { describe, expect, it } from 'vitest'
import { useSimulator } from '../support/sim.js'

const t = useSimulator()
const OWNER = 'org:octo-fleet' as const

describe('an outage during a prune', () => {
  it('every DELETE answering 502: after 5 failures in a row the prune stops and reports what it did not try', async () => {
    for (let i = 0; i < 20; i++) t.sim.addRunner(OWNER, { name: `ghost-${i}`, status: 'offline' })
    t.sim.inject({
      method: 'DELETE',
      path: '/orgs/{org}/actions/runners/{runner_id}',
      status: 502,
      times: 1000,
    })
    const r = await t.run({ organization: 'octo-fleet', operation: 'prune-runners' })
    const failed = r.outputs.failed as { error: string }[]
    const skipped = r.outputs.skipped as { reason: string }[]
    // a DELETE is sent up to 3 times (a 5xx answer may be lost: a re-sent one that gets 404 was ours)
    expect(t.calls().filter((c) => c.startsWith('DELETE'))).toHaveLength(5)
    expect(failed).toHaveLength(2)
    expect(failed[0]!.error).toContain('GitHub answered 502')
    expect(failed[1]!.error).toMatch(/^GitHub \(http:\/\/127\.0\.0\.1:\d+\) is failing: 5 changes in a row/)
    expect(skipped).toHaveLength(18)
    expect(skipped.every((x) => /^not attempted: GitHub is failing/.test(x.reason))).toBe(true)
    expect(r.failure).toMatch(/GitHub is failing.*18 not attempted/)
    expect(t.sim.runners(OWNER)).toHaveLength(20)
  })
})
