import { describe, expect, it } from 'vitest'
import { clock } from '../../src/transport/clock.js'
import { fakeTime } from '../support/clock.js'
import { useSimulator } from '../support/sim.js'

const t = useSimulator()
const org = { organization: 'octo-fleet', operation: 'prune-runners' }
const OWNER = 'org:octo-fleet' as const

type Ref = { id: number; name: string }
const names = (x: unknown) => (x as Ref[]).map((r) => r.name).sort()

function fleet(offline: number, online = 0) {
  for (let i = 0; i < offline; i++)
    t.sim.addRunner(OWNER, { name: `ghost-${i}`, status: 'offline', ephemeral: true })
  for (let i = 0; i < online; i++)
    t.sim.addRunner(OWNER, { name: `live-${i}`, status: 'online', busy: i % 2 === 0 })
}

describe('prune-runners', () => {
  it('deletes offline idle runners, one GET and one DELETE each, after reading every page', async () => {
    fleet(60, 50)
    const r = await t.run(org)
    expect(r.outputs['deleted-count']).toBe('60')
    expect(
      t.sim
        .runners(OWNER)
        .map((x) => x.name)
        .every((n) => n.startsWith('live-')),
    ).toBe(true)
    const calls = t.calls()
    expect(calls.slice(0, 2)).toEqual([
      'GET /orgs/octo-fleet/actions/runners',
      'GET /orgs/octo-fleet/actions/runners',
    ])
    expect(calls.filter((c) => c.startsWith('DELETE'))).toHaveLength(60)
    expect(calls.filter((c) => /^GET .*runners\/\d+$/.test(c))).toHaveLength(60)
    expect(r.failure).toBeUndefined()
  })

  it('never deletes a busy runner, even when asked for busy runners', async () => {
    fleet(0, 6)
    const r = await t.run({ ...org, status: 'any', busy: 'true' })
    expect(r.outputs.deleted).toEqual([])
    expect((r.outputs.skipped as { reason: string }[]).every((s) => /busy/.test(s.reason))).toBe(true)
    expect(t.sim.requests.some((q) => q.method === 'DELETE')).toBe(false)
  })

  it('skips a runner that turned busy between the listing and its deletion', async () => {
    fleet(3)
    const victim = t.sim.runners(OWNER)[1]!
    t.sim.onRequest((req) => {
      if (req.method === 'GET' && req.path.endsWith(`/runners/${victim.id}`)) {
        victim.busy = true
        victim.status = 'online'
      }
    })
    const r = await t.run(org)
    expect(names(r.outputs.deleted)).toEqual(['ghost-0', 'ghost-2'])
    expect(r.outputs.skipped).toEqual([
      { id: victim.id, name: victim.name, reason: expect.stringMatching(/busy/) as string },
    ])
    expect(t.sim.runner(victim.id)).toBeDefined()
  })

  it('puts a runner that turns busy right before its DELETE in skipped (GitHub answers 422)', async () => {
    fleet(2)
    const victim = t.sim.runners(OWNER)[0]!
    t.sim.onRequest((req) => {
      if (req.method === 'DELETE' && req.path.endsWith(`/runners/${victim.id}`)) victim.busy = true
    })
    const r = await t.run(org)
    expect(r.outputs.skipped).toEqual([
      { id: victim.id, name: victim.name, reason: expect.stringMatching(/running a job/) as string },
    ])
    expect(r.outputs['deleted-count']).toBe('1')
    expect(r.failure).toBeUndefined()
  })

  it('honours exclude, name-pattern and labels', async () => {
    t.sim.addRunner(OWNER, { name: 'ephemeral-1', status: 'offline', labels: ['gpu'] })
    t.sim.addRunner(OWNER, { name: 'ephemeral-keep', status: 'offline', labels: ['gpu'] })
    t.sim.addRunner(OWNER, { name: 'ephemeral-2', status: 'offline', labels: ['cpu'] })
    t.sim.addRunner(OWNER, { name: 'build-box', status: 'offline', labels: ['gpu'] })
    const r = await t.run({ ...org, 'name-pattern': 'ephemeral-*', labels: 'gpu', exclude: '*-keep' })
    expect(names(r.outputs.deleted)).toEqual(['ephemeral-1'])
    expect(names(r.outputs.skipped)).toEqual(['ephemeral-keep'])
    expect(t.sim.runners(OWNER)).toHaveLength(3)
  })

  it('a brace glob in exclude protects every runner it names', async () => {
    for (const name of ['build-1', 'build-2', 'build-3']) t.sim.addRunner(OWNER, { name, status: 'offline' })
    const r = await t.run({ ...org, exclude: 'build-{1,2}' })
    expect(names(r.outputs.deleted)).toEqual(['build-3'])
    expect(names(r.outputs.skipped)).toEqual(['build-1', 'build-2'])
  })

  it('by default spares a runner registered moments ago: it must still be offline after the grace period', async () => {
    t.sim.addRunner(OWNER, { name: 'old-ghost', status: 'offline' })
    const booting = t.sim.addRunner(OWNER, { name: 'jit-booting', status: 'offline', version: null })
    const stale = t.sim.addRunner(OWNER, { name: 'jit-never-booted', status: 'offline', version: null })
    const { slept } = fakeTime(() => {
      // while the action waits, the first VM boots and its runner connects
      booting.status = 'online'
      booting.version = '2.330.0'
    })
    const r = await t.run(org)
    expect(slept).toEqual([300_000])
    expect(names(r.outputs.deleted)).toEqual(['jit-never-booted', 'old-ghost'])
    expect(r.outputs.skipped).toEqual([
      {
        id: booting.id,
        name: 'jit-booting',
        reason: expect.stringMatching(/connected during the grace period/) as string,
      },
    ])
    expect(t.sim.runner(stale.id)).toBeUndefined()
    expect(t.log.info.join('\n')).toMatch(/2 of the runners to delete have never connected; waiting 300 s/)
  })

  it('waits for no grace period when every candidate has connected before, or with grace-period 0', async () => {
    fleet(2)
    const { slept } = fakeTime()
    expect((await t.run(org)).outputs['deleted-count']).toBe('2')
    t.sim.addRunner(OWNER, { name: 'jit-x', status: 'offline', version: null })
    expect((await t.run({ ...org, 'grace-period': '0' })).outputs['deleted-count']).toBe('1')
    expect(slept).toEqual([])
  })

  it('deletes nothing and fails with the count when more than max-deletions match', async () => {
    fleet(12)
    const r = await t.run({ ...org, 'max-deletions': '10' })
    expect(r.outputs.deleted).toEqual([])
    expect(r.failure).toMatch(/12 runners match, more than max-deletions \(10\); nothing was deleted/)
    expect(r.summary?.text?.join(' ')).toMatch(/max-deletions/)
    expect(t.sim.requests.every((q) => q.method === 'GET')).toBe(true)
    expect(t.sim.runners(OWNER)).toHaveLength(12)
  })

  it('dry-run reports what would be deleted and sends no mutating request', async () => {
    fleet(5, 2)
    const r = await t.run({ ...org, 'dry-run': 'true' })
    expect(names(r.outputs.deleted)).toEqual(['ghost-0', 'ghost-1', 'ghost-2', 'ghost-3', 'ghost-4'])
    expect(t.sim.requests.every((q) => q.method === 'GET')).toBe(true)
    expect(t.sim.runners(OWNER)).toHaveLength(7)
    expect(r.summary?.heading).toMatch(/dry run/)
  })

  it('a dry run plans from the list alone: one request per page, no look per runner, no wait', async () => {
    fleet(250)
    for (let i = 0; i < 3; i++) t.sim.addRunner(OWNER, { name: `jit-${i}`, status: 'offline', version: null })
    const { slept } = fakeTime()
    const r = await t.run({ ...org, 'dry-run': 'true', 'max-deletions': '1000' })
    expect(r.outputs['deleted-count']).toBe('253')
    expect(t.calls()).toEqual(Array(3).fill('GET /orgs/octo-fleet/actions/runners'))
    expect(slept).toEqual([])
    expect(r.summary?.text?.join(' ')).toMatch(/3 of them have never connected/)
  })

  it('logs each deletion and skip as it happens', async () => {
    fleet(2)
    t.sim.addRunner(OWNER, { name: 'busy-one', status: 'offline', busy: true })
    await t.run(org)
    expect(t.log.info).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Deleted runner ghost-0 \(id \d+\)\.$/),
        expect.stringMatching(/^Deleted runner ghost-1 \(id \d+\)\.$/),
      ]),
    )
  })

  it('grace-period: deletes only never-connected runners still offline and idle N seconds after the first look', async () => {
    for (let i = 0; i < 3; i++)
      t.sim.addRunner(OWNER, { name: `ghost-${i}`, status: 'offline', version: null })
    const [a, b] = t.sim.runners(OWNER)
    const { slept } = fakeTime(() => {
      // while the action waits, one runner finishes registering and comes online
      a!.status = 'online'
      b!.busy = true
    })
    const r = await t.run({ ...org, 'grace-period': '120' })
    expect(slept).toEqual([120_000])
    expect(names(r.outputs.deleted)).toEqual(['ghost-2'])
    expect(names(r.outputs.skipped)).toEqual(['ghost-0', 'ghost-1'])
  })

  it('a 404 to the DELETE or to the last look: skipped as gone, not counted as deleted by this step', async () => {
    fleet(3)
    const [a, b] = t.sim.runners(OWNER)
    t.sim.inject({
      method: 'DELETE',
      path: `/orgs/octo-fleet/actions/runners/${a!.id}`,
      status: 404,
      body: { message: 'Not Found' },
    })
    // b vanishes (its own runner removed it) between the listing and the last look
    t.sim.inject({
      method: 'GET',
      path: `/orgs/octo-fleet/actions/runners/${b!.id}`,
      status: 404,
      body: { message: 'Not Found' },
    })
    const r = await t.run(org)
    expect(names(r.outputs.deleted)).toEqual(['ghost-2'])
    expect(r.outputs['deleted-count']).toBe('1')
    expect(r.outputs.skipped).toEqual([
      { id: a!.id, name: a!.name, reason: 'already gone before its DELETE' },
      { id: b!.id, name: b!.name, reason: 'already gone before deleting' },
    ])
  })

  it('retries a 5xx, and one that keeps failing goes to failed while the prune carries on', async () => {
    fleet(4)
    const [a, b] = t.sim.runners(OWNER)
    t.sim.inject({
      method: 'DELETE',
      path: `/orgs/octo-fleet/actions/runners/${a!.id}`,
      status: 502,
      times: 1,
    })
    t.sim.inject({
      method: 'DELETE',
      path: `/orgs/octo-fleet/actions/runners/${b!.id}`,
      status: 500,
      times: 10,
    })
    const r = await t.run(org)
    expect(names(r.outputs.deleted)).toEqual(['ghost-0', 'ghost-2', 'ghost-3'])
    expect(r.outputs.failed).toEqual([
      { id: b!.id, name: b!.name, error: expect.stringMatching(/500/) as string },
    ])
    expect(r.failure).toMatch(/1 of 4 deletions failed/)
    expect(r.errors).toHaveLength(1)
    expect(t.sim.runner(b!.id)).toBeDefined()
  })

  it('stops early when the primary rate limit runs out, and says when it resets', async () => {
    fleet(4)
    const [, b] = t.sim.runners(OWNER)
    const reset = Math.floor(Date.now() / 1000) + 3600
    t.sim.inject({
      method: 'DELETE',
      path: `/orgs/octo-fleet/actions/runners/${b!.id}`,
      status: 403,
      body: { message: 'API rate limit exceeded for user ID 1.' },
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
    })
    const r = await t.run(org)
    expect(names(r.outputs.deleted)).toEqual(['ghost-0'])
    expect(names(r.outputs.failed)).toEqual(['ghost-1'])
    expect((r.outputs.skipped as { reason: string }[]).map((s) => s.reason)).toEqual([
      expect.stringMatching(/not attempted: GitHub's primary rate limit stopped it; retry after/),
      expect.stringMatching(/not attempted/),
    ])
    expect(r.failure).toContain(new Date(reset * 1000).toISOString())
    expect(t.sim.requests.filter((q) => q.method === 'DELETE')).toHaveLength(2)
  })
})

describe('prune-runners under the secondary rate limit (a 1 s window instead of 60 s)', () => {
  const limited = useSimulator({
    secondaryLimits: { pointsPerWindow: 900, windowMs: 1000, status: 403, sendRetryAfter: true },
  })

  it('stays under the limit when paced to it: no 403 in a long prune', async () => {
    for (let i = 0; i < 120; i++) limited.sim.addRunner(OWNER, { name: `ghost-${i}`, status: 'offline' })
    // the client's default pace (92% of 180 writes a minute), scaled to the 1 s window
    const r = await limited.run({ ...org, 'max-deletions': '120' }, { client: { pacer: { windowMs: 1000 } } })
    expect(r.outputs['deleted-count']).toBe('120')
    expect(limited.sim.stats.secondaryLimitHits).toBe(0)
  })
})

describe('prune-runners when GitHub pushes back', () => {
  // 10 deletions a second at most, and the client starts out sending them as fast as it can;
  // the simulator's window runs on the action's clock, which the test fakes
  const strict = useSimulator({
    secondaryLimits: { pointsPerWindow: 50, windowMs: 1000, status: 429, sendRetryAfter: true },
    now: () => clock.now(),
  })

  it('honours retry-after, slows down, and loses no deletion', async () => {
    for (let i = 0; i < 30; i++) strict.sim.addRunner(OWNER, { name: `ghost-${i}`, status: 'offline' })
    const time = fakeTime()
    const r = await strict.run(org, { client: { pacer: { windowMs: 1000, capacity: 1000 }, waitScale: 1 } })
    expect(time.sleeps()).toBeGreaterThan(0) // the retry-after waits
    expect(r.outputs['deleted-count']).toBe('30')
    expect(r.outputs.failed).toEqual([])
    expect(strict.sim.stats.secondaryLimitHits).toBeGreaterThan(0)
    expect(
      strict.log.warnings.some((w) =>
        /secondary rate limit.*looked at again in \d+ s before the change is sent again \(mutations now at most \d+ a minute\)/.test(
          w,
        ),
      ),
    ).toBe(true)
  })
})
