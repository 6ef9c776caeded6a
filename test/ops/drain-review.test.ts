/** drain-runners: adversarial review scenarios (runners vanishing mid-change, labels added meanwhile). */
import { describe, expect, it } from 'vitest'
import { faults } from '../../sim/index.js'
import { clock } from '../../src/transport/clock.js'
import { fakeTime } from '../support/clock.js'
import { useSimulator } from '../support/sim.js'

const t = useSimulator({ now: () => clock.now() })
const OWNER = 'org:octo-fleet' as const
const drain = { organization: 'octo-fleet', operation: 'drain-runners', 'name-pattern': 'pool-*' }
type Ref = { id: number; name: string; reason?: string }
const names = (x: unknown) => (x as Ref[]).map((r) => r.name).sort()
const isLabelWrite = (method: string, path: string) => method !== 'GET' && path.includes('/labels')

describe('drain-runners, a runner that vanishes while its labels are taken', () => {
  for (const labels of [undefined, 'pool']) {
    it(`is drained (gone), not failed (labels: ${labels ?? 'all'})`, async () => {
      const [a] = [0, 1].map((i) => t.sim.addRunner(OWNER, { name: `pool-${i}`, labels: ['pool'] }))
      t.sim.onRequest((req) => {
        if (isLabelWrite(req.method, req.path) && req.path.includes(`/${a!.id}/`)) t.sim.removeRunner(a!.id)
      })
      fakeTime()
      const r = await t.run({ ...drain, 'idle-for': '0', ...(labels ? { labels } : {}) })
      expect(r.outputs.failed).toEqual([])
      expect(names(r.outputs.drained)).toEqual(['pool-0', 'pool-1'])
      expect(r.outputs['deleted-count']).toBe('1')
      expect(r.failure).toBeUndefined()
    })
  }
})

describe('drain-runners, a DELETE that hangs at the deadline', () => {
  it('does not run the step past its timeout; the runner is reported as perhaps deleted', async () => {
    const a = t.sim.addRunner(OWNER, { name: 'pool-0', labels: ['pool'] })
    const time = fakeTime()
    t.sim.inject(faults.hang({ method: 'DELETE', path: '/orgs/{org}/actions/runners/{runner_id}' }))
    const started = Date.now()
    const drained = t.run({ ...drain, timeout: '2', 'idle-for': '0', 'request-timeout': '30' })
    while (!t.sim.requests.some((q) => q.fault === 'hang')) await new Promise((r) => setImmediate(r))
    time.advance(2000) // the timeout passes while the DELETE hangs
    const r = await drained
    expect(Date.now() - started).toBeLessThan(8_000)
    expect(r.outputs['deleted-count']).toBe('0')
    expect(r.outputs.skipped).toEqual([
      expect.objectContaining({
        name: 'pool-0',
        reason: expect.stringMatching(/may have been deleted/) as string,
      }),
    ])
    expect(t.sim.runner(a.id)).toBeDefined()
    expect(r.failure).toBeDefined()
  })
})

describe('drain-runners cancelled while taking labels, the report written before the operation stops', () => {
  it('names every runner whose labels were already taken in removed-labels, and accounts for it', async () => {
    const pool = [0, 1, 2].map((i) => t.sim.addRunner(OWNER, { name: `pool-${i}`, labels: ['pool'] }))
    let partial: (() => { outputs: Record<string, unknown> }) | undefined
    let seen: Record<string, unknown> | undefined
    t.sim.onRequest((req) => {
      // pool-1's label write is in flight (it hangs past the settle time): the step writes its report now
      if (isLabelWrite(req.method, req.path) && req.path.includes(`/${pool[1]!.id}/`))
        seen = JSON.parse(JSON.stringify(partial!().outputs)) as Record<string, unknown>
    })
    fakeTime()
    await t.run(
      { ...drain, 'idle-for': '0' },
      { step: { checkpoint: (p: () => { outputs: Record<string, unknown> }) => (partial = p) } },
    )
    expect(seen!['removed-labels']).toEqual({ 'pool-0': ['pool'] })
    const accounted = [seen!.drained, seen!['still-busy'], seen!.skipped, seen!.failed].flatMap((x) =>
      names(x),
    )
    expect(accounted.sort()).toEqual(['pool-0', 'pool-1', 'pool-2'])
  })
})

describe('drain-runners, a 502 burst on the last look before a DELETE', () => {
  it('is tried again at the next poll, within the time left: the runner is drained, not failed', async () => {
    t.sim.addRunner(OWNER, { name: 'pool-0', labels: ['pool'] })
    let listings = 0
    t.sim.onRequest((req) => {
      // the first poll's listing: the last look in the write slot that follows it fails
      if (req.method === 'GET' && req.path === '/orgs/octo-fleet/actions/runners' && ++listings === 2)
        t.sim.inject(
          faults.outage(
            1,
            { status: 502 },
            { method: 'GET', path: '/orgs/{org}/actions/runners/{runner_id}' },
          ),
        )
    })
    fakeTime()
    const r = await t.run({ ...drain, 'idle-for': '0' }, { client: { retries: 0 } })
    expect(t.sim.requests.some((q) => q.status === 502)).toBe(true)
    expect(r.outputs.failed).toEqual([])
    expect(names(r.outputs.drained)).toEqual(['pool-0'])
    expect(r.outputs['deleted-count']).toBe('1')
    expect(r.failure).toBeUndefined()
  })
})

describe('drain-runners with delete: false and a job whose busy flag shows late', () => {
  it('reports the runner drained (idle, safe to stop) only after idle-for, never while its job runs', async () => {
    const a = t.sim.addRunner(OWNER, { name: 'pool-0', labels: ['pool'] })
    t.sim.onRequest((req) => {
      // a job is assigned as its labels go; GitHub shows it busy 30 s later
      if (isLabelWrite(req.method, req.path)) t.sim.startJob(a.id, 30_000)
    })
    const time = fakeTime((n) => {
      if (n === 9) t.sim.finishJob(a.id) // the job ends 90 s in
    })
    const r = await t.run({ ...drain, delete: 'false', timeout: '300' })
    expect(names(r.outputs.drained)).toEqual(['pool-0'])
    // not at the first poll, while its job ran: only once it was seen idle for idle-for after the job
    expect(time.slept.length).toBeGreaterThanOrEqual(9 + 6)
    expect(t.sim.runner(a.id)).toBeDefined()
    expect(r.failure).toBeUndefined()
  })
})
