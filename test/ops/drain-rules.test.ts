/**
 * drain-runners against a world that does not hold still: GitHub's busy flag lags a new job
 * (idle-for), lists shift while paged, the selection changes, polls fail, runners vanish.
 */
import { describe, expect, it } from 'vitest'
import { faults } from '../../sim/index.js'
import { clock } from '../../src/transport/clock.js'
import { fakeTime } from '../support/clock.js'
import { useSimulator } from '../support/sim.js'

const t = useSimulator({ now: () => clock.now() })
const OWNER = 'org:octo-fleet' as const
const LISTING = '/orgs/octo-fleet/actions/runners'
const drain = { organization: 'octo-fleet', operation: 'drain-runners', 'name-pattern': 'pool-*' }
type Ref = { id: number; name: string; reason?: string }
const names = (x: unknown) => (x as Ref[]).map((r) => r.name).sort()
const byId = (id: number) => `GET ${LISTING}/${id}`
const isLabelWrite = (method: string, path: string) => method !== 'GET' && path.endsWith('/labels')

describe('drain-runners idle-for', () => {
  it('a job assigned as the labels go, shown busy 30 s late, is not killed: the last look, idle-for later, sees it', async () => {
    const runners = [0, 1].map((i) => t.sim.addRunner(OWNER, { name: `pool-${i}`, labels: ['pool'] }))
    let started = false
    t.sim.onRequest((req) => {
      // pool-0 is given a job by the last labelled job routing right as its labels are taken away
      if (!started && isLabelWrite(req.method, req.path) && req.path.includes(`/${runners[0]!.id}/`)) {
        started = true
        t.sim.startJob(runners[0]!.id, 30_000)
      }
    })
    const time = fakeTime((n) => {
      if (n === 9) t.sim.finishJob(runners[0]!.id) // the job ends 90 s in
    })
    const r = await t.run(drain)
    expect(t.sim.lostJobs).toEqual([])
    expect(names(r.outputs.drained)).toEqual(['pool-0', 'pool-1'])
    expect(r.outputs['deleted-count']).toBe('2')
    expect(time.slept.slice(0, 6)).toEqual([10_000, 10_000, 10_000, 10_000, 10_000, 10_000])
    // pool-1 deleted 60 s after its first idle look; pool-0 only after its job
    const deleteAt = (id: number) =>
      t.sim.requests.findIndex((q) => q.method === 'DELETE' && q.path === `${LISTING}/${id}`)
    expect(deleteAt(runners[1]!.id)).toBeLessThan(deleteAt(runners[0]!.id))
    expect(r.failure).toBeUndefined()
  })

  it('with idle-for 0 the same drain kills the job (the lag it guards against)', async () => {
    const a = t.sim.addRunner(OWNER, { name: 'pool-0', labels: ['pool'] })
    t.sim.onRequest((req) => {
      if (isLabelWrite(req.method, req.path)) t.sim.startJob(a.id, 30_000)
    })
    fakeTime()
    await t.run({ ...drain, 'idle-for': '0' })
    expect(t.sim.lostJobs.map((j) => j.runnerName)).toEqual(['pool-0'])
  })

  it('does not hold offline runners back', async () => {
    t.sim.addRunner(OWNER, { name: 'pool-0', labels: ['pool'], status: 'offline' })
    const time = fakeTime()
    const r = await t.run(drain)
    expect(r.outputs['deleted-count']).toBe('1')
    expect(time.slept).toEqual([])
  })

  it('taking the labels does not eat the wait: runners idle after it are retired though labelling outlasted timeout', async () => {
    for (const i of [0, 1]) t.sim.addRunner(OWNER, { name: `pool-${i}`, labels: ['pool'] })
    let labelling = 0
    fakeTime()
    const fake = clock.now
    clock.now = () => fake() + labelling
    t.sim.onRequest((req) => {
      if (isLabelWrite(req.method, req.path)) labelling += 40_000 // each label write takes 40 s
    })
    const r = await t.run({ ...drain, timeout: '30', 'idle-for': '10' })
    expect(r.outputs['deleted-count']).toBe('2')
    expect(r.outputs['still-busy']).toEqual([])
    expect(r.failure).toBeUndefined()
  })

  it('a timeout not longer than idle-for: a warning; offline runners drained, an online idle one kept and reported, the step fails', async () => {
    const online = t.sim.addRunner(OWNER, { name: 'pool-online', labels: ['pool'] })
    t.sim.addRunner(OWNER, { name: 'pool-offline', labels: ['pool'], status: 'offline' })
    fakeTime()
    const r = await t.run({ ...drain, timeout: '60' })
    expect((r.warnings ?? []).join('\n')).toMatch(/timeout \(60 s\) is not longer than idle-for \(60 s\)/)
    expect(names(r.outputs.drained)).toEqual(['pool-offline'])
    expect(names(r.outputs.skipped)).toEqual(['pool-online'])
    expect(t.sim.runners(OWNER).map((x) => x.id)).toContain(online.id)
    expect(t.sim.lostJobs).toEqual([])
    expect(r.failure).toBeDefined()
  })
})

describe('drain-runners in a shifting world', () => {
  it('reproduction: three runners de-register between page 1 and page 2; pool-a is not reported drained', async () => {
    const before = t.sim.addRunners(OWNER, 100, { namePrefix: 'old' })
    const a = t.sim.addRunner(OWNER, { name: 'pool-a', labels: ['pool'], busy: true })
    t.sim.addRunner(OWNER, { name: 'pool-b', labels: ['pool'] })
    let armed = false
    t.sim.onRequest((req) => {
      if (!armed && isLabelWrite(req.method, req.path)) {
        armed = true // the first poll's listing shifts under it
        t.sim.deregisterBeforePage(
          OWNER,
          2,
          before.slice(0, 3).map((r) => r.id),
        )
      }
    })
    fakeTime()
    const r = await t.run({ ...drain, 'idle-for': '0', timeout: '30' })
    expect(names(r.outputs.drained)).toEqual(['pool-b'])
    expect(names(r.outputs['still-busy'])).toEqual(['pool-a'])
    expect(t.sim.runner(a.id)).toBeDefined()
    expect(t.sim.runners(OWNER)).toHaveLength(100 + 2 - 3 - 1) // the shift happened; pool-b deleted
    expect(r.failure).toMatch(/still busy after 30 s: pool-a/)
    // missing from a listing, it was looked at by id
    expect(t.calls()).toContain(byId(a.id))
  })

  it('a runner that no longer matches at its label look keeps its labels and is skipped with the reason', async () => {
    const [keep, go] = [0, 1].map((i) =>
      t.sim.addRunner(OWNER, { name: `pool-${i}`, labels: ['drain-me', 'gpu'] }),
    )
    t.sim.onRequest((req) => {
      // someone takes drain-me away from pool-0 after the listing
      if (req.method === 'GET' && req.path === `${LISTING}/${keep!.id}`)
        keep!.labels = keep!.labels.filter((l) => l.name !== 'drain-me')
    })
    fakeTime()
    const r = await t.run({ ...drain, 'has-labels': 'drain-me', 'idle-for': '0' })
    expect(names(r.outputs.drained)).toEqual(['pool-1'])
    expect(r.outputs.skipped).toEqual([
      {
        id: keep!.id,
        name: 'pool-0',
        reason: expect.stringMatching(/no longer matches the selection/) as string,
      },
    ])
    expect(t.sim.runner(keep!.id)!.labels.map((l) => l.name)).toContain('gpu')
    expect(t.sim.runner(go!.id)).toBeUndefined()
  })

  it('a runner that disappears between its last look and its DELETE is drained, not failed nor counted deleted', async () => {
    const [a] = [0, 1].map((i) => t.sim.addRunner(OWNER, { name: `pool-${i}`, labels: ['pool'] }))
    t.sim.onRequest((req) => {
      if (req.method === 'DELETE' && req.path === `${LISTING}/${a!.id}`) t.sim.removeRunner(a!.id)
    })
    fakeTime()
    const r = await t.run({ ...drain, 'idle-for': '0' })
    expect(names(r.outputs.drained)).toEqual(['pool-0', 'pool-1'])
    expect(r.outputs.failed).toEqual([])
    expect(r.outputs['deleted-count']).toBe('1')
    expect(r.failure).toBeUndefined()
  })

  it('a failed poll (a 502 burst) is tried again at the next poll, not at the end of the drain', async () => {
    const busy = t.sim.addRunner(OWNER, { name: 'pool-0', labels: ['pool'], busy: true })
    t.sim.addRunner(OWNER, { name: 'pool-1', labels: ['pool'] })
    let armed = false
    t.sim.onRequest((req) => {
      if (!armed && isLabelWrite(req.method, req.path)) {
        armed = true
        t.sim.inject(
          faults.outage(2, { status: 502 }, { method: 'GET', path: '/orgs/{org}/actions/runners' }),
        )
      }
    })
    const time = fakeTime((n) => {
      if (n === 3) busy.busy = false
    })
    const r = await t.run({ ...drain, 'idle-for': '0' }, { client: { retries: 0 } })
    expect(names(r.outputs.drained)).toEqual(['pool-0', 'pool-1'])
    expect(time.slept).toEqual([10_000, 10_000, 10_000])
    expect(t.log.info.join('\n')).toMatch(/Could not look at the runners .*trying again at the next poll/)
    expect(r.failure).toBeUndefined()
  })

  it('polls only the selection: by id when it is smaller than the fleet has pages', async () => {
    t.sim.addRunners(OWNER, 500, { namePrefix: 'other' })
    const pool = [0, 1].map((i) =>
      t.sim.addRunner(OWNER, { name: `pool-${i}`, labels: ['pool'], busy: true }),
    )
    fakeTime((n) => {
      if (n === 2) for (const p of pool) p.busy = false
    })
    const r = await t.run({ ...drain, 'idle-for': '0' })
    expect(r.outputs['deleted-count']).toBe('2')
    const listings = t.calls().filter((c) => c === `GET ${LISTING}`)
    expect(listings).toHaveLength(6) // the selection's six pages, once
    expect(t.calls().filter((c) => c === byId(pool[0]!.id)).length).toBeGreaterThanOrEqual(3)
  })

  it('timeout bounds every look: a GET that hangs during the wait does not outlast it', async () => {
    t.sim.addRunners(OWNER, 300, { namePrefix: 'other' })
    t.sim.addRunner(OWNER, { name: 'pool-0', labels: ['pool'], busy: true })
    let armed = false
    t.sim.onRequest((req) => {
      if (!armed && isLabelWrite(req.method, req.path)) {
        armed = true
        t.sim.inject(
          faults.hang({ method: 'GET', path: '/orgs/{org}/actions/runners/{runner_id}', times: 100 }),
        )
      }
    })
    const started = Date.now()
    const r = await t.run({ ...drain, timeout: '3', 'idle-for': '0', 'poll-interval': '1' })
    expect(Date.now() - started).toBeLessThan(8_000)
    expect(r.outputs.skipped).toEqual([
      expect.objectContaining({ name: 'pool-0', reason: expect.stringMatching(/not looked at/) as string }),
    ])
    expect(r.failure).toBeDefined()
  })
})
