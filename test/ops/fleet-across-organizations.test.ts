/**
 * The whole many-organizations flow against the simulator, as the example workflow runs it:
 * list the organizations a GitHub App is installed on; per organization, a report and a prune
 * as separate App-authenticated steps (each with its own installation token); then the merge of
 * their result files, with no token and no request. And every input error of the merge.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { emptyReport, type FleetReport } from '../../src/decisions/fleet-report.js'
import { prepare, resultOrigin } from '../../src/main.js'
import { resultFileJson } from '../../src/publish/outputs.js'
import { useSimulator } from '../support/sim.js'
import { rsaKeyPair } from '../support/world.js'

const t = useSimulator()
const APP_ID = 4711
const { privateKey, publicKey } = rsaKeyPair()
const app = { 'app-id': String(APP_ID), 'private-key': privateKey, token: '' }
const ORGS = ['octo-fleet', 'fleet-b', 'fleet-c']

let workspace = ''
beforeEach(() => void (workspace = mkdtempSync(join(tmpdir(), 'workspace-'))))
afterEach(() => rmSync(workspace, { recursive: true, force: true }))
const env = () => ({ GITHUB_WORKSPACE: workspace, GITHUB_REPOSITORY: 'octo-fleet/app' })

function world() {
  t.sim.addApp(APP_ID, publicKey)
  t.sim.setRunnerVersionDeprecation('2.300.0', { runtime_deprecates_at: '2026-12-31T00:00:00Z' })
  t.sim.setRunnerVersionDeprecation('2.330.0', null)
  ORGS.forEach((org, n) => {
    t.sim.addOrg(org)
    t.sim.addInstallation(APP_ID, `org:${org}`)
    for (let i = 0; i <= n; i++)
      t.sim.addRunner(`org:${org}`, { name: `${org}-old-${i}`, version: '2.300.0' })
    t.sim.addRunner(`org:${org}`, { name: `${org}-gone`, version: '2.330.0', status: 'offline' })
    t.sim.addRunner(`org:${org}`, { name: `${org}-busy`, version: '2.330.0', busy: true })
  })
  t.sim.addUser('mona')
  t.sim.addInstallation(APP_ID, 'user:mona')
}

/** Runs one step and writes its result file where the matrix job's artifact lands. */
async function step(inputs: Record<string, string>, file: string) {
  const r = await t.run(inputs, { env: env() })
  const origin = resultOrigin(prepare({ ...inputs, 'api-url': t.sim.url }, env()))
  mkdirSync(join(workspace, file, '..'), { recursive: true })
  writeFileSync(join(workspace, file), resultFileJson(r.result, origin))
  return r
}

const merge = (files: string) => t.run({ operation: 'merge-reports', 'report-files': files }, { env: env() })

describe('a fleet across organizations', () => {
  it('lists, reports and prunes each organization with its own installation token, then merges', async () => {
    world()
    const listed = await t.run({ ...app, operation: 'list-organizations' })
    const orgs = (listed.outputs.matrix as { organization: string[] }).organization
    expect(orgs).toEqual(['fleet-b', 'fleet-c', 'octo-fleet'])

    for (const org of orgs) {
      await step({ ...app, operation: 'report-runners', organization: org }, `reports/${org}/result.json`)
      await step({ ...app, operation: 'prune-runners', organization: org }, `prunes/${org}/result.json`)
    }
    // one installation token per step, each minted for its organization and revoked when the step ended
    const minted = t.sim.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/access_tokens'))
    expect(minted).toHaveLength(6)
    expect(new Set(t.sim.revokedTokens).size).toBe(6)
    const before = t.sim.requests.length

    const reports = await merge('reports/*/result.json')
    expect(t.sim.requests.length).toBe(before) // no token, no request
    const report = reports.outputs.report as FleetReport
    expect(report).toMatchObject({ total: 12, online: 9, offline: 3, busy: 3, idle: 6 })
    expect(report['by-version']).toEqual({ '2.300.0': 6, '2.330.0': 6 })
    expect(report['end-of-life']).toEqual([
      {
        version: '2.300.0',
        registration_deprecates_at: null,
        runtime_deprecates_at: '2026-12-31T00:00:00Z',
        runners: 6,
      },
    ])
    expect(reports.outputs).toMatchObject({ total: '12', 'outdated-count': '6' })
    expect(reports.outputs['by-organization']).toEqual({
      'organization:fleet-b': { total: 4, online: 3, offline: 1, busy: 1, idle: 2, 'outdated-count': 2 },
      'organization:fleet-c': { total: 5, online: 4, offline: 1, busy: 1, idle: 3, 'outdated-count': 3 },
      'organization:octo-fleet': { total: 3, online: 2, offline: 1, busy: 1, idle: 1, 'outdated-count': 1 },
    })
    const summary = reports.summary!
    expect(summary.sections![0]!.heading).toMatch(/end-of-life date across the fleet/)
    expect(summary.sections![0]!.table!.rows).toEqual([
      [
        '2.300.0',
        6,
        '',
        '2026-12-31T00:00:00Z',
        'organization:fleet-b, organization:fleet-c, organization:octo-fleet',
      ],
    ])
    expect(summary.sections!.filter((s) => /^organization:.*versions/.test(s.heading))).toHaveLength(3)

    const prunes = await merge(join(workspace, 'prunes/**/result.json'))
    expect(prunes.outputs['deleted-count']).toBe('3')
    expect(prunes.outputs['by-organization']).toEqual({
      'organization:fleet-b': 1,
      'organization:fleet-c': 1,
      'organization:octo-fleet': 1,
    })
    for (const org of ORGS)
      expect(t.sim.runners(`org:${org}`).map((r) => r.name)).not.toContain(`${org}-gone`)
  })
})

describe('merge-reports over reports made with ledgers', () => {
  it('keeps new, gone and offline-for, and sets new-count and gone-count', async () => {
    world()
    const orgs = ['fleet-b', 'fleet-c']
    const report = (org: string) =>
      step(
        { ...app, operation: 'report-runners', organization: org, ledger: `ledgers/${org}.json` },
        `reports/${org}/result.json`,
      )
    for (const org of orgs) await report(org)
    for (const org of orgs) {
      t.sim.removeRunner(t.sim.runners(`org:${org}`).find((r) => r.name === `${org}-gone`)!.id)
      t.sim.addRunner(`org:${org}`, { name: `${org}-new`, version: '2.330.0', status: 'offline' })
      await report(org)
    }
    const merged = await merge('reports/*/result.json')
    expect(merged.outputs).toMatchObject({ 'new-count': '2', 'gone-count': '2' })
    const r = merged.outputs.report as Record<string, unknown>
    expect((r.new as { name: string }[]).map((g) => g.name)).toEqual(['fleet-b-new', 'fleet-c-new'])
    expect((r.gone as { name: string }[]).map((g) => g.name)).toEqual(['fleet-b-gone', 'fleet-c-gone'])
    // the two new runners were offline at their first look
    expect(r['offline-for']).toEqual({
      'under-1h': 0,
      '1h-to-1d': 0,
      '1d-to-7d': 0,
      'over-7d': 0,
      'first-seen-now': 2,
    })
  })

  it('leaves them out when a report was made without a ledger', async () => {
    world()
    await step(
      { ...app, operation: 'report-runners', organization: 'fleet-b', ledger: 'ledgers/b.json' },
      'reports/fleet-b/result.json',
    )
    await step(
      { ...app, operation: 'report-runners', organization: 'fleet-c' },
      'reports/fleet-c/result.json',
    )
    const merged = await merge('reports/*/result.json')
    expect(merged.outputs['new-count']).toBeUndefined()
    expect(merged.outputs.report).not.toHaveProperty('new')
    expect(merged.warnings).toEqual([
      'new, gone and offline-for are left out (and new-count, gone-count): reports/fleet-c/result.json was made without a ledger.',
    ])
  })
})

describe('merge-reports input errors', () => {
  async function twoReports() {
    world()
    for (const org of ['fleet-b', 'fleet-c'])
      await step({ ...app, operation: 'report-runners', organization: org }, `reports/${org}/result.json`)
  }

  it.each([
    [
      'a glob that matches nothing',
      'reports/*/result.json, missing/*.json',
      /^Input 'report-files': 'missing\/\*\.json' matches no file/,
    ],
    [
      'two files of one scope',
      'reports/**/*.json, copy/result.json',
      /^Input 'report-files': .* are both results for organization:fleet-b/,
    ],
    [
      'a file that is not a result',
      'reports/*/result.json, other/list.json',
      /^Input 'report-files': other\/list\.json is not a result-file of report-runners or prune-runners \(it is not a JSON object\)/,
    ],
    [
      'a result without its scope',
      'old/result.json',
      /^Input 'report-files': old\/result\.json is not a result-file .*names no scope/,
    ],
    [
      'a result of another operation',
      'wrong/result.json',
      /^Input 'report-files': wrong\/result\.json .*it is a result of list-runners/,
    ],
    [
      'reports mixed with prunes',
      'reports/*/result.json, prunes/*/result.json',
      /^Input 'report-files': .* merge reports and prunes in separate steps/,
    ],
    ['no report-files', '', /^Input 'report-files': required/],
  ])('%s', async (_, files, message) => {
    await twoReports()
    await step({ ...app, operation: 'prune-runners', organization: 'fleet-c' }, 'prunes/fleet-c/result.json')
    mkdirSync(join(workspace, 'copy'))
    mkdirSync(join(workspace, 'other'))
    mkdirSync(join(workspace, 'old'))
    mkdirSync(join(workspace, 'wrong'))
    writeFileSync(
      join(workspace, 'copy/result.json'),
      resultFileJson(
        { ...sample(), total: 1 },
        { operation: 'report-runners', scope: 'organization:fleet-b' },
      ),
    )
    writeFileSync(join(workspace, 'other/list.json'), '[]')
    writeFileSync(join(workspace, 'old/result.json'), JSON.stringify(sample()))
    writeFileSync(
      join(workspace, 'wrong/result.json'),
      JSON.stringify({ operation: 'list-runners', scope: 'organization:x', ...sample() }),
    )
    const before = t.sim.requests.length
    await expect(merge(files)).rejects.toThrow(message)
    expect(t.sim.requests.length).toBe(before)
  })

  it('refuses a scope input: the files name their scopes', async () => {
    await expect(
      t.run(
        { operation: 'merge-reports', 'report-files': 'x.json', organization: 'octo-fleet' },
        { env: env() },
      ),
    ).rejects.toThrow(/^Input 'organization': merge-reports reads result files and acts on no scope/)
  })
})

/** A report as report-runners writes it, without operation and scope (a result file of an older version). */
const sample = () => emptyReport()
