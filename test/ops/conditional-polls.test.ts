import { describe, expect, it } from 'vitest'
import { fakeTime } from '../support/clock.js'
import { useSimulator } from '../support/sim.js'

const t = useSimulator()
const OWNER = 'org:octo-fleet' as const
const org = { organization: 'octo-fleet', operation: 'wait-for-runner' }

describe('conditional polls (wait-for-runner)', () => {
  it('sends If-None-Match with the last ETag; an unchanged runner is answered 304 and costs nothing', async () => {
    const r = t.sim.addRunner(OWNER, { name: 'boot', status: 'offline' })
    fakeTime((n) => {
      if (n === 5) r.status = 'online'
    })
    const result = await t.run({ ...org, 'runner-id': String(r.id), 'poll-interval': '10', timeout: '600' })
    expect(result.outputs.status).toBe('online')
    const looks = t.sim.requests.filter((q) => q.path === `/orgs/octo-fleet/actions/runners/${r.id}`)
    expect(looks.map((q) => q.status)).toEqual([200, 304, 304, 304, 304, 200])
    expect(looks[0]!.ifNoneMatch).toBeUndefined()
    expect(looks.slice(1).every((q) => /^"[0-9a-f]+"$/.test(q.ifNoneMatch ?? ''))).toBe(true)
    // The change is seen: the last look's If-None-Match named the old ETag, and the answer is new.
    expect(looks[5]!.ifNoneMatch).toBe(looks[1]!.ifNoneMatch)
    expect(result.budget).toMatch(
      /^6 requests \(4 answered 304, free\) · primary rate limit: 2 used by this step, 4,998 of 5,000 left, resets \d\d:\d\d UTC$/,
    )
    expect(t.log.warnings).toEqual([])
  })

  it('polls a runner by name with the list endpoint, conditionally too', async () => {
    t.sim.addRunner(OWNER, { name: 'named', status: 'offline' })
    fakeTime((n) => {
      if (n === 3) t.sim.runners(OWNER).find((x) => x.name === 'named')!.status = 'online'
    })
    const result = await t.run({ ...org, 'runner-name': 'named', 'poll-interval': '5' })
    expect(result.outputs.status).toBe('online')
    expect(t.sim.requests.map((q) => q.status)).toEqual([200, 304, 304, 200])
    expect(t.sim.requests.every((q) => q.query.name === 'named')).toBe(true)
    expect(result.budget).toMatch(
      /^4 requests \(2 answered 304, free\) · primary rate limit: 2 used by this step/,
    )
  })

  it('sends nothing conditional outside polls', async () => {
    const r = t.sim.addRunner(OWNER, { name: 'once' })
    fakeTime()
    await t.run({ organization: 'octo-fleet', operation: 'get-runner', 'runner-id': String(r.id) })
    await t.run({ organization: 'octo-fleet', operation: 'get-runner', 'runner-id': String(r.id) })
    expect(t.sim.requests.map((q) => [q.status, q.ifNoneMatch])).toEqual([
      [200, undefined],
      [200, undefined],
    ])
  })
})

describe('the budget line and the pace warning', () => {
  it('warns before a wait whose answers all count would use up the primary limit, and not when they are 304s', async () => {
    const r = t.sim.addRunner(OWNER, { name: 'flapping', status: 'online', busy: false })
    // Busy flips at every poll: every answer is new, so every poll counts.
    fakeTime((n) => {
      r.busy = !r.busy
      if (n === 4) r.status = 'offline'
    })
    const flapping = await t.run({
      ...org,
      'runner-id': String(r.id),
      'wait-for': 'offline',
      'poll-interval': '1',
      timeout: '21600',
    })
    expect(flapping.budget).toMatch(
      /^5 requests · primary rate limit: 5 used by this step, 4,995 of 5,000 left/,
    )
    expect(t.log.warnings).toHaveLength(1)
    expect(t.log.warnings[0]).toMatch(
      /^At its present pace \(60 requests a minute that count against GitHub's primary rate limit\), this step would use up the 4,99\d of 5,000 left by about \d\d:\d\d UTC, before the step's end at/,
    )
  })

  it('does not warn for a long wait on an unchanged runner', async () => {
    const r = t.sim.addRunner(OWNER, { name: 'still', status: 'offline' })
    fakeTime((n) => {
      if (n === 100) r.status = 'online'
    })
    const still = await t.run({ ...org, 'runner-id': String(r.id), 'poll-interval': '1', timeout: '21600' })
    expect(still.budget).toMatch(
      /^101 requests \(99 answered 304, free\) · primary rate limit: 2 used by this step/,
    )
    expect(t.log.warnings).toEqual([])
  })
})

describe('conditional polls (drain-runners)', () => {
  const drain = { organization: 'octo-fleet', operation: 'drain-runners', 'idle-for': '0' }

  it('a listing poll that finds nothing changed is answered 304', async () => {
    const r = t.sim.addRunner(OWNER, { name: 'pool-busy', labels: ['pool'], busy: true })
    fakeTime((n) => {
      if (n === 4) r.busy = false
    })
    const result = await t.run({ ...drain, 'name-pattern': 'pool-*' })
    expect(result.outputs['deleted-count']).toBe('1')
    const polls = t.sim.requests.filter(
      (q) => q.method === 'GET' && q.path === '/orgs/octo-fleet/actions/runners',
    )
    // the selection's listing, then one poll a sleep: unchanged until the job ends
    expect(polls.map((q) => q.status)).toEqual([200, 200, 304, 304, 304, 200])
    expect(polls.slice(2).every((q) => /^"[0-9a-f]+"$/.test(q.ifNoneMatch ?? ''))).toBe(true)
    expect(result.budget).toMatch(/\(3 answered 304, free\)/)
  })

  it('looks by id at a small selection in a large fleet, conditionally', async () => {
    t.sim.addRunners(OWNER, 250, { namePrefix: 'other' })
    const r = t.sim.addRunner(OWNER, { name: 'pool-busy', labels: ['pool'], busy: true })
    fakeTime((n) => {
      if (n === 3) r.busy = false
    })
    const result = await t.run({ ...drain, 'name-pattern': 'pool-*' })
    expect(result.outputs['deleted-count']).toBe('1')
    const looks = t.sim.requests.filter((q) => q.method === 'GET' && q.path.endsWith(`/runners/${r.id}`))
    // the look before its labels go, the polls (unchanged twice), the last look before the DELETE
    expect(looks.filter((q) => q.status === 304).length).toBeGreaterThanOrEqual(1)
    expect(looks.filter((q) => q.status === 304).every((q) => q.ifNoneMatch !== undefined)).toBe(true)
  })
})
