import { describe, expect, it } from 'vitest'
import { globMatcher, runnerMatcher, type Selection } from '../../src/decisions/runner-filter.js'
import { shapeRunner, type ApiRunner } from '../../src/decisions/runner-shape.js'
import { FleetCounter, pieChart } from '../../src/decisions/fleet-report.js'

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

describe('fleet report', () => {
  it('counts one runner at a time and charts a breakdown, folding the long tail', () => {
    const counter = new FleetCounter()
    counter.add(runner({ name: 'a', version: '2.330.0', status: 'online', busy: true }, ['GPU']))
    counter.add(runner({ name: 'b', version: null, status: 'offline' }, ['gpu']))
    const report = counter.finish(new Map())
    expect(report).toMatchObject({ total: 2, online: 1, offline: 1, busy: 1, idle: 0 })
    expect(report['by-label']).toMatchObject({ gpu: 2, 'self-hosted': 2 })
    expect(counter.versions()).toEqual(['2.330.0'])
    const chart = pieChart(
      'By "x"',
      Array.from({ length: 10 }, (_, i) => [`v${i}`, 10 - i] as [string, number]),
      3,
    )
    expect(chart.split('\n')).toEqual([
      '```mermaid',
      'pie title By "x"',
      '  "v0" : 10',
      '  "v1" : 9',
      '  "v2" : 8',
      '  "7 others" : 28',
      '```',
    ])
  })
})
