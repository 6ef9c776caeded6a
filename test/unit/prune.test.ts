import { describe, expect, it } from 'vitest'
import { describeLook, reached } from '../../src/operations/wait.js'
import { planPrune, recheck, type PruneRules } from '../../src/decisions/prune-plan.js'
import type { Selection } from '../../src/decisions/runner-filter.js'
import type { ApiRunner } from '../../src/decisions/runner-shape.js'

let nextId = 1
const runner = (name: string, over: Partial<ApiRunner> = {}, labels: string[] = []): ApiRunner => ({
  id: nextId++,
  name,
  os: 'linux',
  status: 'offline',
  busy: false,
  ephemeral: true,
  labels: [
    { name: 'self-hosted', type: 'read-only' },
    ...labels.map((l) => ({ name: l, type: 'custom' as const })),
  ],
  ...over,
})
const rules = ({
  maxDeletions = 100,
  gracePeriod = 0,
  idleFor = 60,
  ...selection
}: Partial<Selection & Omit<PruneRules, 'selection'>> = {}): PruneRules => ({
  selection: { status: 'offline', busy: 'any', namePatterns: [], hasLabels: [], exclude: [], ...selection },
  maxDeletions,
  gracePeriod,
  idleFor,
})

describe('planPrune', () => {
  it('deletes offline idle runners by default and leaves online ones out entirely', () => {
    const off = runner('ghost-1')
    const on = runner('live-1', { status: 'online' })
    const plan = planPrune([off, on], rules())
    expect(plan.candidates.map((r) => r.name)).toEqual(['ghost-1'])
    expect(plan.skipped).toEqual([])
  })

  it('never deletes a busy runner, even with status any and busy true', () => {
    const busy = runner('busy-1', { status: 'online', busy: true })
    const plan = planPrune([busy], rules({ status: 'any', busy: 'true' }))
    expect(plan.candidates).toEqual([])
    expect(plan.skipped).toEqual([{ id: busy.id, name: 'busy-1', reason: 'busy: running a job' }])
  })

  it('keeps excluded names, and applies name and label filters', () => {
    const a = runner('ephemeral-a', {}, ['gpu'])
    const b = runner('ephemeral-keep', {}, ['gpu'])
    const c = runner('ephemeral-c', {}, ['cpu'])
    const d = runner('static-d', {}, ['gpu'])
    const plan = planPrune(
      [a, b, c, d],
      rules({ namePatterns: ['ephemeral-*'], hasLabels: ['gpu'], exclude: ['*-keep'] }),
    )
    expect(plan.candidates.map((r) => r.name)).toEqual(['ephemeral-a'])
    expect(plan.skipped.map((s) => [s.name, s.reason])).toEqual([
      ['ephemeral-keep', 'excluded by the exclude patterns'],
    ])
  })

  it('deletes nothing when more runners match than max-deletions, and says why for each', () => {
    const many = Array.from({ length: 5 }, (_, i) => runner(`g${i}`))
    const plan = planPrune(many, rules({ maxDeletions: 4 }))
    expect(plan.overCap).toBe(true)
    expect(plan.candidates).toEqual([])
    expect(plan.skipped).toHaveLength(5)
    expect(plan.skipped[0]!.reason).toMatch(/5 runners match, more than max-deletions \(4\)/)
  })

  it('allows exactly max-deletions', () => {
    const plan = planPrune([runner('a'), runner('b')], rules({ maxDeletions: 2 }))
    expect(plan.overCap).toBe(false)
    expect(plan.candidates).toHaveLength(2)
  })
})

describe('recheck', () => {
  it('refuses a runner that turned busy or came online since the listing', () => {
    const first = runner('x', { version: '2.330.0' })
    expect(recheck(runner('x', { busy: true }), rules(), first)).toMatch(/busy/)
    expect(recheck(runner('x', { status: 'online' }), rules(), first)).toMatch(/no longer matches.*online/)
    expect(recheck(runner('x'), rules(), first)).toBeUndefined()
  })

  it('with a grace period, refuses a never-connected runner that connected meanwhile', () => {
    const young = runner('jit-1', { version: null })
    const grace = rules({ gracePeriod: 300, status: 'any' })
    expect(recheck(runner('jit-1', { version: null }), grace, young)).toBeUndefined()
    expect(recheck(runner('jit-1', { version: null, status: 'online' }), grace, young)).toMatch(
      /connected during the grace period/,
    )
    expect(recheck(runner('jit-1', { version: '2.330.0' }), grace, young)).toMatch(
      /connected during the grace period/,
    )
    // a runner that had connected before is not held by the grace period
    const old = runner('old', { version: '2.330.0' })
    expect(recheck(runner('old', { version: '2.330.0' }), grace, old)).toBeUndefined()
  })
})

describe('wait-for-runner states', () => {
  const online = {
    id: 1,
    name: 'r',
    os: 'linux',
    status: 'online',
    busy: false,
    ephemeral: false,
    labels: [],
    version: '2.330.0',
    runner_group_id: 1,
  }
  it.each([
    ['online', online, true],
    ['idle', online, true],
    ['idle', { ...online, busy: true }, false],
    ['busy', { ...online, busy: true }, true],
    ['offline', online, false],
    ['offline', { ...online, status: 'offline' }, true],
    ['absent', undefined, true],
    ['online', undefined, false],
  ] as const)('%s reached by %j: %s', (want, look, expected) => {
    expect(reached(look, want)).toBe(expected)
  })
  it('describes the last look', () => {
    expect(describeLook(undefined)).toBe('absent')
    expect(describeLook({ ...online, busy: true })).toBe('online, busy')
  })
})
