/** drain-runners: labels away first, one listing per poll, delete each runner once idle, never a busy one. */
import { describe, expect, it } from 'vitest'
import { faults } from '../../sim/index.js'
import { fakeTime } from '../support/clock.js'
import { useSimulator } from '../support/sim.js'

const t = useSimulator()
const OWNER = 'org:octo-fleet' as const
// idle-for 0: these tests are about the other rules (test/ops/drain-idle.test.ts has idle-for)
const drain = {
  organization: 'octo-fleet',
  operation: 'drain-runners',
  'name-pattern': 'pool-*',
  'idle-for': '0',
}
type Ref = { id: number; name: string }
const names = (x: unknown) => (x as Ref[]).map((r) => r.name).sort()
const labelsOf = (id: number) => t.sim.runner(id)?.labels.map((l) => l.name)

/** Three idle and two busy runners in pool-*, and one runner outside the pool. */
function pool() {
  const idle = [0, 1, 2].map((i) => t.sim.addRunner(OWNER, { name: `pool-${i}`, labels: ['gpu', 'pool'] }))
  const busy = [3, 4].map((i) =>
    t.sim.addRunner(OWNER, { name: `pool-${i}`, labels: ['gpu', 'pool'], busy: true }),
  )
  const other = t.sim.addRunner(OWNER, { name: 'build-box', labels: ['gpu'] })
  return { idle, busy, other }
}
/** Resolves once the simulator holds a request that hangs (recorded as it starts to hang). */
async function hanging(): Promise<void> {
  while (!t.sim.requests.some((q) => q.fault === 'hang')) await new Promise((r) => setImmediate(r))
}
const listings = () => t.calls().filter((c) => c === 'GET /orgs/octo-fleet/actions/runners').length

describe('drain-runners', () => {
  it('takes the labels away first, waits until each runner is idle, then deletes it', async () => {
    const { idle, busy, other } = pool()
    const time = fakeTime((n) => {
      if (n === 1) busy[0]!.busy = false // finishes its job during the first wait
      if (n === 2) busy[1]!.busy = false
    })
    const r = await t.run(drain)
    expect(names(r.outputs.drained)).toEqual(['pool-0', 'pool-1', 'pool-2', 'pool-3', 'pool-4'])
    expect(r.outputs['still-busy']).toEqual([])
    expect(r.outputs['deleted-count']).toBe('5')
    expect(r.outputs['removed-labels']).toEqual(
      Object.fromEntries([...idle, ...busy].map((x) => [x.name, ['gpu', 'pool']])),
    )
    expect(t.sim.runners(OWNER).map((x) => x.name)).toEqual(['build-box'])
    expect(labelsOf(other.id)).toContain('gpu')
    // every label removal before the first DELETE
    const writes = t.calls().filter((c) => !c.startsWith('GET'))
    expect(writes.slice(0, 5).every((c) => c.endsWith('/labels'))).toBe(true)
    expect(writes.slice(5).every((c) => c.startsWith('DELETE') && !c.endsWith('/labels'))).toBe(true)
    // one listing to select, then one a poll; no GET per runner while waiting
    expect(time.sleeps()).toBe(2)
    expect(listings()).toBe(1 + 3)
    expect(r.failure).toBeUndefined()
  })

  it('keeps a runner still busy at the timeout, without its labels, names it and fails', async () => {
    const { busy } = pool()
    fakeTime((n) => {
      if (n === 1) busy[0]!.busy = false
    })
    const r = await t.run({ ...drain, timeout: '60', 'poll-interval': '20' })
    expect(names(r.outputs['still-busy'])).toEqual(['pool-4'])
    expect(r.failure).toMatch(
      /1 runners were still busy after 60 s: pool-4\. They were kept, without their labels/,
    )
    expect(t.sim.runner(busy[1]!.id)).toBeDefined()
    expect(labelsOf(busy[1]!.id)).toEqual(['self-hosted', 'Linux', 'X64'])
    expect(r.outputs['removed-labels']).toMatchObject({ 'pool-4': ['gpu', 'pool'] })
  })

  it('never sends a DELETE to a busy runner: one idle at the listing but busy at its last look is waited for', async () => {
    const { idle } = pool()
    let looks = 0
    t.sim.onRequest((req) => {
      // pool-0 takes a job (targeted at its read-only labels) right after the first poll's listing
      if (req.method === 'GET' && req.path.endsWith(`/runners/${idle[0]!.id}`) && ++looks === 2)
        idle[0]!.busy = true
    })
    fakeTime((n) => {
      if (n === 2) idle[0]!.busy = false
      for (const r of t.sim.runners(OWNER))
        if (r.name.startsWith('pool-3') || r.name.startsWith('pool-4')) r.busy = false
    })
    const r = await t.run(drain)
    expect(r.outputs['deleted-count']).toBe('5')
    const deletes = t.sim.requests.filter((q) => q.method === 'DELETE' && !q.path.endsWith('/labels'))
    expect(deletes.every((q) => q.status === 204)).toBe(true)
  })

  it('with delete false keeps the idle runners, without their labels', async () => {
    const { idle } = pool()
    fakeTime(() => {
      for (const r of t.sim.runners(OWNER)) r.busy = false
    })
    const r = await t.run({ ...drain, delete: 'false', labels: 'pool' })
    expect(r.outputs['deleted-count']).toBe('0')
    expect(names(r.outputs.drained)).toHaveLength(5)
    expect(labelsOf(idle[0]!.id)).toEqual(['self-hosted', 'Linux', 'X64', 'gpu']) // only `labels` taken
    expect(r.outputs['removed-labels']).toMatchObject({ 'pool-0': ['pool'] })
    expect(t.calls().some((c) => /^DELETE \/orgs\/octo-fleet\/actions\/runners\/\d+$/.test(c))).toBe(false)
  })

  it('a dry run plans from the list alone: deleted-count is what a real run would delete now', async () => {
    pool()
    const r = await t.run({ ...drain, 'dry-run': 'true' })
    expect(names(r.outputs.drained)).toEqual(['pool-0', 'pool-1', 'pool-2'])
    expect(names(r.outputs['still-busy'])).toEqual(['pool-3', 'pool-4']) // a real run waits for them
    expect(r.outputs['deleted-count']).toBe('3')
    expect(r.outputs['removed-labels']).toMatchObject({ 'pool-3': ['gpu', 'pool'] })
    expect(r.failure).toBeUndefined()
    expect(t.calls()).toEqual(['GET /orgs/octo-fleet/actions/runners'])
    const kept = await t.run({ ...drain, 'dry-run': 'true', delete: 'false' })
    expect(kept.outputs['deleted-count']).toBe('0')
  })

  it('changes nothing when more runners match than max-runners', async () => {
    pool()
    const r = await t.run({ ...drain, 'max-runners': '4' })
    expect(r.failure).toMatch(/5 runners match, more than max-runners \(4\); nothing was changed/)
    expect(t.calls().every((c) => c.startsWith('GET'))).toBe(true)
  })

  it('stops at its own timeout even when GitHub does not answer a listing', async () => {
    const { busy } = pool()
    const time = fakeTime()
    let listed = 0
    t.sim.onRequest((req) => {
      // the selection is listed; then every listing of a poll hangs
      if (req.method === 'GET' && req.path === '/orgs/octo-fleet/actions/runners' && ++listed === 1)
        t.sim.inject(faults.hang({ method: 'GET', path: '/orgs/{org}/actions/runners', times: 100 }))
    })
    const started = Date.now()
    const drained = t.run({ ...drain, timeout: '2', 'poll-interval': '1' })
    await hanging()
    time.advance(2000) // the timeout passes while the listing hangs
    const r = await drained
    expect(Date.now() - started).toBeLessThan(8_000)
    // never looked at after their labels went: not called busy, kept and named in skipped
    expect(r.outputs['still-busy']).toEqual([])
    expect(r.outputs.skipped).toHaveLength(5)
    expect((r.outputs.skipped as { reason: string }[])[0]!.reason).toMatch(/not looked at after its labels/)
    expect(r.failure).toMatch(/5 runners were neither drained nor seen busy at the end/)
    expect(t.sim.runner(busy[0]!.id)).toBeDefined()
  })

  it('a selection that cannot be listed within timeout changes nothing', async () => {
    pool()
    const time = fakeTime()
    t.sim.inject(faults.hang({ method: 'GET', path: '/orgs/{org}/actions/runners' }))
    const drained = t.run({ ...drain, timeout: '1' })
    await hanging()
    time.advance(1000) // the timeout passes while the listing hangs
    await expect(drained).rejects.toThrow(/could not be listed within timeout \(1 s\); nothing was changed/)
    expect(t.calls()).toEqual(['GET /orgs/octo-fleet/actions/runners'])
  })

  it('reports an outage during the wait instead of losing what it did: failed deletions, runners not drained', async () => {
    pool()
    fakeTime()
    t.sim.inject(
      faults.outage(
        1000,
        { status: 502 },
        { method: 'DELETE', path: '/orgs/{org}/actions/runners/{runner_id}' },
      ),
    )
    const r = await t.run(drain, { client: { retries: 0 } })
    expect((r.outputs.failed as unknown[]).length).toBeGreaterThan(0)
    expect(r.outputs['removed-labels']).toMatchObject({ 'pool-0': ['gpu', 'pool'] })
    expect(r.failure).toMatch(/could not be deleted|The drain stopped/)
    expect(t.sim.runners(OWNER)).toHaveLength(6)
  })

  it.each([
    [
      { operation: 'drain-runners', organization: 'octo-fleet' },
      /Input 'name-pattern': drain-runners needs a selection/,
    ],
    [
      { operation: 'drain-runners', 'name-pattern': 'pool-*' },
      /Input 'repository': drain-runners needs repository, organization or enterprise/,
    ],
    [{ ...drain, delete: 'maybe' }, /Input 'delete'/],
    [{ ...drain, 'name-pattern': '!pool-*' }, /Input 'name-pattern'/],
  ])('%j is an input error before any request', async (inputs, error) => {
    await expect(t.run(inputs)).rejects.toThrow(error)
    expect(t.sim.requests).toEqual([])
  })
})
