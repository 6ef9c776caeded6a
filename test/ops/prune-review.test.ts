/** prune-runners: adversarial review scenarios (a long listing and the grace period). */
import { describe, expect, it } from 'vitest'
import { clock } from '../../src/transport/clock.js'
import { fakeTime } from '../support/clock.js'
import { useSimulator } from '../support/sim.js'

const t = useSimulator({ now: () => clock.now() })
const OWNER = 'org:octo-fleet' as const
const LISTING = '/orgs/octo-fleet/actions/runners'

describe('prune-runners grace-period over a long listing', () => {
  it('the two looks at a never-connected runner are grace-period apart, however long the listing took', async () => {
    t.sim.addRunners(OWNER, 200, { namePrefix: 'old' })
    const young = t.sim.addRunner(OWNER, { name: 'ghost-young', status: 'offline', version: null })
    const time = fakeTime()
    const looks: number[] = []
    t.sim.onRequest((req) => {
      if (req.method !== 'GET') return
      if (req.path === LISTING && req.query.page && req.query.page !== '1') time.advance(100_000) // a slow page
      if (req.path === `${LISTING}/${young.id}`) looks.push(clock.now())
    })
    const listed: number[] = []
    t.sim.onRequest((req) => {
      if (req.method === 'GET' && req.path === LISTING && req.query.page === '3') listed.push(clock.now())
    })
    const r = await t.run({
      organization: 'octo-fleet',
      operation: 'prune-runners',
      'name-pattern': 'ghost-*',
      'grace-period': '300',
    })
    expect(r.outputs['deleted-count']).toBe('1')
    expect(looks[0]! - listed[0]!).toBeGreaterThanOrEqual(300_000)
  })
})

describe('prune-runners, a runner deleted by someone else between its last look and the DELETE', () => {
  it('is skipped as already gone, not counted in deleted-count (as a drain does)', async () => {
    const [a] = [0, 1].map((i) => t.sim.addRunner(OWNER, { name: `ghost-${i}`, status: 'offline' }))
    t.sim.onRequest((req) => {
      if (req.method === 'DELETE' && req.path === `${LISTING}/${a!.id}`) t.sim.removeRunner(a!.id)
    })
    fakeTime()
    const r = await t.run({ organization: 'octo-fleet', operation: 'prune-runners', 'grace-period': '0' })
    expect(r.outputs['deleted-count']).toBe('1')
    expect((r.outputs.deleted as { name: string }[]).map((x) => x.name)).toEqual(['ghost-1'])
    expect(r.outputs.skipped).toEqual([
      { id: a!.id, name: 'ghost-0', reason: expect.stringMatching(/gone/) as string },
    ])
    expect(r.failure).toBeUndefined()
  })
})
