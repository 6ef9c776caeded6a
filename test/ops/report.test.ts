/** report-runners: one request per page and one per distinct version; counts, end of life, a Mermaid chart. */
import { describe, expect, it } from 'vitest'
import type { FleetReport } from '../../src/decisions/fleet-report.js'
import { faults } from '../../sim/index.js'
import { useSimulator } from '../support/sim.js'

const t = useSimulator()
const OWNER = 'org:octo-fleet' as const
const org = { organization: 'octo-fleet', operation: 'report-runners' }

function fleet() {
  t.sim.setRunnerVersionDeprecation('2.300.0', {
    registration_deprecates_at: '2026-10-01T00:00:00Z',
    runtime_deprecates_at: '2026-12-31T00:00:00Z',
  })
  t.sim.setRunnerVersionDeprecation('2.320.0', { runtime_deprecates_at: '2027-03-01T00:00:00Z' })
  t.sim.setRunnerVersionDeprecation('2.330.0', null)
  const add = (n: number, over: Parameters<typeof t.sim.addRunner>[1]) => {
    for (let i = 0; i < n; i++) t.sim.addRunner(OWNER, { ...over, name: `${over.name}-${i}` })
  }
  add(3, { name: 'old', version: '2.300.0', os: 'linux', labels: ['gpu'] })
  add(2, { name: 'aging', version: '2.320.0', os: 'windows', busy: true })
  add(4, { name: 'new', version: '2.330.0', os: 'linux', status: 'offline' })
  add(1, { name: 'booting', version: null, status: 'offline' })
}

describe('report-runners', () => {
  it('counts the fleet and finds the versions with an end-of-life date, soonest first', async () => {
    fleet()
    const r = await t.run(org)
    const report = r.outputs.report as FleetReport
    expect(report).toMatchObject({ total: 10, online: 5, offline: 5, busy: 2, idle: 3 })
    expect(report['by-version']).toEqual({ '2.300.0': 3, '2.320.0': 2, '2.330.0': 4, 'never connected': 1 })
    expect(report['by-os']).toEqual({ linux: 8, windows: 2 })
    expect(report['by-label'].gpu).toBe(3)
    expect(report['by-label']['self-hosted']).toBe(10)
    expect(report['by-group']).toEqual({ '1': 10 })
    expect(report['end-of-life']).toEqual([
      {
        version: '2.300.0',
        registration_deprecates_at: '2026-10-01T00:00:00Z',
        runtime_deprecates_at: '2026-12-31T00:00:00Z',
        runners: 3,
      },
      {
        version: '2.320.0',
        registration_deprecates_at: null,
        runtime_deprecates_at: '2027-03-01T00:00:00Z',
        runners: 2,
      },
    ])
    expect(r.outputs).toMatchObject({
      total: '10',
      online: '5',
      offline: '5',
      busy: '2',
      idle: '3',
      'outdated-count': '5',
    })
    // one listing page, then one look-up per distinct version (never one for "never connected")
    expect(t.calls().sort()).toEqual(
      [
        'GET /orgs/octo-fleet/actions/runners',
        'GET /orgs/octo-fleet/actions/runners/deprecations/2.300.0',
        'GET /orgs/octo-fleet/actions/runners/deprecations/2.320.0',
        'GET /orgs/octo-fleet/actions/runners/deprecations/2.330.0',
      ].sort(),
    )
    const md = [...(r.summary?.text ?? [])].join('\n')
    expect(md).toContain('```mermaid\npie title Runners by status')
    expect(md).toMatch(/5 runners are on a version with an end-of-life date \(2\.300\.0, 2\.320\.0\)/)
    expect(r.summary?.sections?.[0]?.heading).toBe('Versions with an end-of-life date')
  })

  it('reports on a selection only', async () => {
    fleet()
    const r = await t.run({ ...org, 'name-pattern': 'old-*' })
    expect(r.outputs).toMatchObject({ total: '3', 'outdated-count': '3' })
  })

  it('at repository and enterprise scope too', async () => {
    t.sim.addRunner('repo:octo-fleet/app', { name: 'r1', version: '2.300.0' })
    t.sim.addRunner('enterprise:octo-corp', { name: 'e1', version: '2.330.0' })
    expect((await t.run({ operation: 'report-runners', repository: 'octo-fleet/app' })).outputs.total).toBe(
      '1',
    )
    expect((await t.run({ operation: 'report-runners', enterprise: 'octo-corp' })).outputs.total).toBe('1')
  })

  it('12,000 runners: one request per page and per version; outputs and summary well within GitHub limits', async () => {
    const versions = ['2.300.0', '2.325.0', '2.330.0']
    t.sim.addRunners(OWNER, 12_000, (i) => ({
      name: `fleet-${i}`,
      version: versions[i % 3]!,
      labels: [`pool-${i % 40}`],
    }))
    const r = await t.run(org)
    expect(r.outputs.total).toBe('12000')
    expect(t.sim.requests).toHaveLength(120 + 3)
    expect(Buffer.byteLength(JSON.stringify(r.outputs.report))).toBeLessThan(10_000)
  })
})

describe('report-runners when end-of-life look-ups fail', () => {
  const deprecations = (v: string) => `/orgs/octo-fleet/actions/runners/deprecations/${v}`

  it('a 5xx after the retries leaves that version unknown, warns, and still publishes the counts', async () => {
    fleet()
    t.sim.inject(faults.outage(4, { status: 502 }, { method: 'GET', path: deprecations('2.320.0') }))
    const r = await t.run(org)
    const report = r.outputs.report as FleetReport
    expect(r.outputs).toMatchObject({ total: '10', 'outdated-count': '3' })
    expect(report['end-of-life-unknown']).toEqual(['2.320.0'])
    expect(report['end-of-life'].map((e) => e.version)).toEqual(['2.300.0'])
    expect(r.warnings).toEqual([
      expect.stringMatching(/runner version 2\.320\.0 \(2 runners\) could not be looked up: .*502/) as string,
    ])
    expect(r.failure).toBeUndefined()
    expect(r.summary?.text?.join('\n')).toMatch(/⚠️ The end-of-life dates of runner version 2\.320\.0/)
  })

  it.each([
    ['a 403', { status: 403, body: { message: 'Resource not accessible by integration' } }],
    ['a secondary rate limit', faults.secondaryLimit({ retryAfter: 3600 })],
  ])('%s stops the look-ups: every version left is unknown, the counts stand', async (_, fault) => {
    fleet()
    t.sim.inject({ method: 'GET', path: /\/deprecations\//, ...fault })
    const r = await t.run(org)
    const report = r.outputs.report as FleetReport
    expect(r.outputs.total).toBe('10')
    expect(report['end-of-life-unknown']).toEqual(['2.300.0', '2.320.0', '2.330.0'])
    expect(t.calls().filter((c) => c.includes('/deprecations/'))).toHaveLength(1)
    expect(r.warnings?.[0]).toMatch(/runner versions 2\.300\.0, 2\.320\.0, 2\.330\.0 \(9 runners\)/)
  })

  it('counts labels named constructor, __proto__ and toString like any other, in the JSON too', async () => {
    for (const [i, label] of ['constructor', '__proto__', 'toString', 'constructor'].entries())
      t.sim.addRunner(OWNER, { name: `odd-${i}`, version: '2.330.0', labels: [label] })
    const r = await t.run(org)
    const byLabel = (JSON.parse(JSON.stringify(r.outputs.report)) as FleetReport)['by-label']
    expect(Object.getOwnPropertyNames(byLabel).sort()).toEqual(
      ['Linux', 'X64', '__proto__', 'constructor', 'self-hosted', 'tostring']
        .map((x) => x.toLowerCase())
        .sort(),
    )
    expect(byLabel.constructor).toBe(2)
    expect(Object.getOwnPropertyDescriptor(byLabel, '__proto__')?.value).toBe(1)
    expect(byLabel.tostring).toBe(1)
  })
})

describe('report-runners on GitHub Enterprise Server', () => {
  const ghes = useSimulator({ basePath: '/api/v3', ghesVersion: '3.14.0' })
  it('reports without end-of-life dates where the server has no such route, with a warning annotation', async () => {
    ghes.sim.addRunner(OWNER, { name: 'r1', version: '2.300.0' })
    const r = await ghes.run(org)
    expect(r.outputs).toMatchObject({ total: '1', 'outdated-count': '0' })
    expect((r.outputs.report as FleetReport)['end-of-life-unknown']).toEqual(['2.300.0'])
    expect(r.warnings).toEqual([
      expect.stringMatching(
        /2\.300\.0 \(1 runner\) could not be looked up: .*not available on GitHub Enterprise Server/,
      ) as string,
    ])
  })
})
