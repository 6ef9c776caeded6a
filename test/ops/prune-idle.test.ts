/** prune-runners with idle-for: GitHub's busy flag lags a new job, so online runners wait once for a second look. */
import { describe, expect, it } from 'vitest'
import { clock } from '../../src/transport/clock.js'
import { fakeTime } from '../support/clock.js'
import { useSimulator } from '../support/sim.js'

const t = useSimulator({ now: () => clock.now() })
const OWNER = 'org:octo-fleet' as const
const prune = {
  organization: 'octo-fleet',
  operation: 'prune-runners',
  status: 'any',
  'name-pattern': 'pool-*',
}
type Ref = { id: number; name: string }
const names = (x: unknown) => (x as Ref[]).map((r) => r.name).sort()
const LISTING = '/orgs/octo-fleet/actions/runners'

function pool() {
  const online = [0, 1, 2].map((i) => t.sim.addRunner(OWNER, { name: `pool-${i}` }))
  const offline = t.sim.addRunner(OWNER, { name: 'pool-off', status: 'offline' })
  return { online, offline }
}

/** pool-0 gets a job right after the listing; GitHub shows it busy 30 s later. */
function jobAfterListing(id: number) {
  t.sim.onRequest((req) => {
    if (req.method === 'GET' && req.path === LISTING && req.query.per_page === '100')
      t.sim.startJob(id, 30_000)
  })
}

describe('prune-runners idle-for', () => {
  it('waits once for the whole selection, then deletes only runners still idle: no job is lost', async () => {
    const { online } = pool()
    jobAfterListing(online[0]!.id)
    const { slept } = fakeTime()
    const r = await t.run(prune)
    expect(slept).toEqual([60_000]) // one wait, not one per runner
    expect(names(r.outputs.deleted)).toEqual(['pool-1', 'pool-2', 'pool-off'])
    expect(r.outputs.skipped).toEqual([
      { id: online[0]!.id, name: 'pool-0', reason: expect.stringMatching(/busy/) as string },
    ])
    expect(t.sim.lostJobs).toEqual([])
    expect(t.sim.runner(online[0]!.id)).toBeDefined()
  })

  it('with idle-for 0 it does not wait, and the simulator shows the job such a DELETE kills', async () => {
    const { online } = pool()
    jobAfterListing(online[0]!.id)
    const { slept } = fakeTime()
    const r = await t.run({ ...prune, 'idle-for': '0' })
    expect(slept).toEqual([])
    expect(r.outputs['deleted-count']).toBe('4')
    expect(t.sim.lostJobs.map((j) => j.runnerName)).toEqual(['pool-0'])
  })

  it('does not hold offline runners back', async () => {
    t.sim.addRunner(OWNER, { name: 'pool-off', status: 'offline' })
    const { slept } = fakeTime()
    const r = await t.run(prune)
    expect(slept).toEqual([])
    expect(r.outputs['deleted-count']).toBe('1')
  })

  it('one wait covers idle-for and the grace period: the longer of the two', async () => {
    pool()
    t.sim.addRunner(OWNER, { name: 'pool-new', status: 'offline', version: null })
    const { slept } = fakeTime()
    const r = await t.run({ ...prune, 'grace-period': '120' })
    expect(slept).toEqual([120_000])
    expect(r.outputs['deleted-count']).toBe('5')
  })

  it('a dry run plans from the list alone and says which online runners a real run would look at again', async () => {
    pool()
    const { slept } = fakeTime()
    const r = await t.run({ ...prune, 'dry-run': 'true' })
    expect(slept).toEqual([])
    expect(r.outputs['deleted-count']).toBe('4')
    expect(r.summary?.text?.join('\n')).toMatch(
      /3 of them are online and idle: a real run deletes those only if they are still idle after idle-for \(60 s\)/,
    )
    expect(t.calls()).toEqual([`GET ${LISTING}`])
  })

  it('idle-for is checked before any request', async () => {
    await expect(t.run({ ...prune, 'idle-for': '-1' })).rejects.toThrow(/Input 'idle-for'/)
    expect(t.sim.requests).toEqual([])
  })
})
