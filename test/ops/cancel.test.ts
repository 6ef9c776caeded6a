/**
 * A cancelled step reports every change GitHub made: a DELETE in flight when the step is
 * cancelled runs to its answer, and the answer is counted (not lost as "may have been deleted").
 */
import { describe, expect, it } from 'vitest'
import { fakeTime } from '../support/clock.js'
import { useSimulator } from '../support/sim.js'

const t = useSimulator()
const OWNER = 'org:octo-fleet' as const
type Ref = { id: number; name: string; reason?: string }

/** Cancels the step when GitHub receives the first DELETE of a runner (not of a label). */
function cancelOnFirstDelete(): AbortController {
  const cancel = new AbortController()
  t.sim.onRequest((req) => {
    if (req.method === 'DELETE' && /\/runners\/\d+$/.test(req.path)) cancel.abort()
  })
  return cancel
}

describe('a cancelled step', () => {
  it('prune: the deletion whose answer arrives during the cancellation is reported and counted', async () => {
    for (let i = 0; i < 5; i++) t.sim.addRunner(OWNER, { name: `ghost-${i}`, status: 'offline' })
    const cancel = cancelOnFirstDelete()
    const r = await t.run(
      { organization: 'octo-fleet', operation: 'prune-runners', 'grace-period': '0' },
      { step: { signal: cancel.signal } },
    )
    const gone = 5 - t.sim.runners(OWNER).filter((x) => x.name.startsWith('ghost-')).length
    expect(gone).toBe(1)
    expect(r.outputs['deleted-count']).toBe('1')
    expect((r.outputs.deleted as Ref[]).map((x) => x.name)).toEqual(['ghost-0'])
    expect(
      (r.outputs.skipped as Ref[]).every((x) => /not attempted: the step was cancelled/.test(x.reason!)),
    ).toBe(true)
  })

  it('drain: the deletion whose answer arrives during the cancellation is drained and counted', async () => {
    for (let i = 0; i < 3; i++) t.sim.addRunner(OWNER, { name: `pool-${i}`, labels: ['pool'] })
    const cancel = cancelOnFirstDelete()
    fakeTime()
    const r = await t.run(
      { organization: 'octo-fleet', operation: 'drain-runners', 'name-pattern': 'pool-*', 'idle-for': '0' },
      { step: { signal: cancel.signal } },
    )
    expect(t.sim.runners(OWNER).filter((x) => x.name.startsWith('pool-'))).toHaveLength(2)
    expect(r.outputs['deleted-count']).toBe('1')
    expect((r.outputs.drained as Ref[]).map((x) => x.name)).toEqual(['pool-0'])
    expect(r.failure).toMatch(/cancelled/)
  })
})
