/** Jobs whose `busy` shows late, the jobs a DELETE kills, and runner lists that shift while paged. */
import { describe, expect, it } from 'vitest'
import { freshSimulators } from './client.js'

const sim = freshSimulators(true)
const OWNER = 'org:octo-fleet' as const
const RUNNERS = '/orgs/octo-fleet/actions/runners'

describe('runner jobs', () => {
  it('a new job shows as busy only after the lag; a DELETE before that succeeds and loses the job', async () => {
    let now = 1_000_000
    const { sim: s, call } = await sim({ now: () => now })
    const a = s.addRunner(OWNER, { name: 'a' })
    const b = s.addRunner(OWNER, { name: 'b' })
    s.startJob(a.id, 30_000)
    s.startJob(b.id, 30_000)
    expect((await call('GET', `${RUNNERS}/${a.id}`)).json.busy).toBe(false)
    now += 30_000
    expect((await call('GET', `${RUNNERS}/${a.id}`)).json.busy).toBe(true)
    expect((await call('DELETE', `${RUNNERS}/${a.id}`)).status).toBe(422)
    expect(s.lostJobs).toEqual([])
    s.finishJob(a.id)
    expect((await call('DELETE', `${RUNNERS}/${a.id}`)).status).toBe(204)
    expect(s.lostJobs).toEqual([])

    s.finishJob(b.id)
    s.startJob(b.id, 30_000)
    now += 10_000
    expect((await call('GET', RUNNERS)).json.runners).toMatchObject([{ name: 'b', busy: false }])
    expect((await call('DELETE', `${RUNNERS}/${b.id}`)).status).toBe(204)
    expect(s.lostJobs).toEqual([{ runnerId: b.id, runnerName: 'b', startedAt: now - 10_000, deletedAt: now }])
  })

  it('a job without lag is busy at once and refuses the DELETE', async () => {
    const { sim: s, call } = await sim()
    const a = s.addRunner(OWNER, { name: 'a' })
    s.startJob(a.id)
    expect((await call('GET', `${RUNNERS}/${a.id}`)).json.busy).toBe(true)
    expect((await call('DELETE', `${RUNNERS}/${a.id}`)).status).toBe(422)
  })
})

describe('lists that shift while paged', () => {
  it('runners that de-register before page 2 move the next runners up: one is never read', async () => {
    const { sim: s, call } = await sim()
    const fleet = s.addRunners(OWNER, 150)
    s.deregisterBeforePage(OWNER, 2, [fleet[0]!.id, fleet[1]!.id, fleet[2]!.id])
    const page1 = (await call('GET', `${RUNNERS}?per_page=100`)).json.runners as { id: number }[]
    const page2 = (await call('GET', `${RUNNERS}?per_page=100&page=2`)).json.runners as { id: number }[]
    const read = new Set([...page1, ...page2].map((r) => r.id))
    expect(page1).toHaveLength(100)
    expect(page2).toHaveLength(47)
    // runners 101 to 103 moved onto page 1 after it was read
    expect(fleet.slice(100, 103).every((r) => !read.has(r.id))).toBe(true)
    expect(s.runners(OWNER)).toHaveLength(147)
    // once only
    expect((await call('GET', `${RUNNERS}?per_page=100&page=2`)).json.runners).toHaveLength(47)
  })

  it('removeRunner takes a runner out of every list', async () => {
    const { sim: s, call } = await sim()
    const a = s.addRunner(OWNER, { name: 'a' })
    s.removeRunner(a.id)
    expect((await call('GET', `${RUNNERS}/${a.id}`)).status).toBe(404)
  })
})
