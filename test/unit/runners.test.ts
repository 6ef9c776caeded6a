import { describe, expect, it } from 'vitest'
import { globMatcher, runnerMatcher, type Selection } from '../../src/runner-filter.js'
import { shapeRunner, type ApiRunner } from '../../src/runner-shape.js'

const runner = (over: Partial<ApiRunner> & { name: string }, labels: string[] = []): ApiRunner => ({
  id: 1,
  os: 'linux',
  status: 'online',
  busy: false,
  ephemeral: false,
  labels: [
    { id: 1, name: 'self-hosted', type: 'read-only' },
    ...labels.map((name) => ({ name, type: 'custom' as const })),
  ],
  ...over,
})

describe('shapeRunner', () => {
  it('keeps the interface fields and label names', () => {
    expect(shapeRunner(runner({ name: 'r1', runner_group_id: 3, version: '2.330.0' }, ['gpu']))).toEqual({
      id: 1,
      name: 'r1',
      os: 'linux',
      status: 'online',
      busy: false,
      ephemeral: false,
      labels: ['self-hosted', 'gpu'],
      version: '2.330.0',
      runner_group_id: 3,
    })
  })
  it('gives null for a version and group GitHub did not send (never connected; GHES)', () => {
    expect(shapeRunner(runner({ name: 'x', version: null }))).toMatchObject({
      version: null,
      runner_group_id: null,
    })
  })
  it('defaults a missing ephemeral to false', () => {
    const r = runner({ name: 'x' })
    delete r.ephemeral
    expect(shapeRunner(r).ephemeral).toBe(false)
  })
})

describe('runnerMatcher', () => {
  const any: Selection = { status: 'any', busy: 'any', namePatterns: [], hasLabels: [], exclude: [] }
  const runnerFilter = (sel: Selection) => (r: ApiRunner) => runnerMatcher(sel)(r) === 'selected'
  it('filters on status and busy', () => {
    expect(runnerFilter({ ...any, status: 'offline' })(runner({ name: 'a' }))).toBe(false)
    expect(runnerFilter({ ...any, status: 'online', busy: 'false' })(runner({ name: 'a' }))).toBe(true)
    expect(runnerFilter({ ...any, busy: 'true' })(runner({ name: 'a' }))).toBe(false)
  })
  it('needs one name glob to match, case-insensitively', () => {
    const f = runnerFilter({ ...any, namePatterns: ['ephemeral-*', 'ci-?'] })
    expect(f(runner({ name: 'Ephemeral-123' }))).toBe(true)
    expect(f(runner({ name: 'ci-7' }))).toBe(true)
    expect(f(runner({ name: 'ci-77' }))).toBe(false)
  })
  it('needs every label, case-insensitively', () => {
    const f = runnerFilter({ ...any, hasLabels: ['GPU', 'self-hosted'] })
    expect(f(runner({ name: 'a' }, ['gpu']))).toBe(true)
    expect(f(runner({ name: 'a' }, ['cpu']))).toBe(false)
  })
  it('tells a matching runner excluded by name from one not matched at all', () => {
    const verdict = runnerMatcher({ ...any, status: 'offline', exclude: ['keep-*'] })
    expect(verdict(runner({ name: 'keep-1', status: 'offline' }))).toBe('excluded')
    expect(verdict(runner({ name: 'keep-2', status: 'online' }))).toBe('unmatched')
    expect(verdict(runner({ name: 'drop-1', status: 'offline' }))).toBe('selected')
  })
  it('an empty glob list matches nothing in globMatcher', () => {
    expect(globMatcher([])('x')).toBe(false)
  })
})
