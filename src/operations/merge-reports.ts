/**
 * merge-reports: the result files of report-runners (or of prune-runners) that the jobs of a
 * matrix uploaded, one per organization, merged into the outputs of report-runners over the
 * whole fleet (or the total deletions), with each scope's counts in `by-organization`. No
 * token, no request: the files are everything it reads.
 */
import { readFileSync } from 'node:fs'
import { isAbsolute, relative } from 'node:path'
import { globSync } from 'tinyglobby'
import { InputError, errorMessage } from '../errors.js'
import {
  byCount,
  outdatedCount,
  pieChart,
  REPORT_OUTPUTS,
  reportOutputs,
  type FleetReport,
} from '../decisions/fleet-report.js'
import { reportFiles, type FileGlob } from '../inputs/organization-inputs.js'
import {
  checkResults,
  mergeFleetReports,
  mergePrunes,
  readResult,
  type PruneResult,
  type ResultOf,
  type ScopeCounts,
} from '../decisions/report-merge.js'
import { SCOPES } from '../github/target.js'
import { defineOperation } from '../registry/define.js'
import type { OperationResult, SummarySection } from '../registry/operation-result.js'

/** A file as messages name it: relative to the workspace when it is under it. */
function shown(file: string, cwd: string): string {
  const rel = relative(cwd, file)
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file
}

/** "3 organizations", or "3 scopes" when not all of them are organizations. */
function describeScopes(results: readonly { scope: string }[]): string {
  const organizations = results.every((r) => r.scope.startsWith('organization:'))
  return `${results.length} ${organizations ? 'organizations' : 'scopes'}`
}

/** The files the globs match (each once); a glob that matches nothing is an input error. */
function matchFiles(globs: readonly FileGlob[]): { path: string; name: string }[] {
  const files = new Map<string, string>()
  for (const { glob, cwd } of globs) {
    const matched = globSync(glob, {
      cwd,
      absolute: true,
      onlyFiles: true,
      dot: true,
      expandDirectories: false,
    })
    if (matched.length === 0)
      throw new InputError(
        'report-files',
        `'${glob}' matches no file${isAbsolute(glob) ? '' : ` under ${cwd}`}`,
      )
    for (const path of matched.sort()) if (!files.has(path)) files.set(path, shown(path, cwd))
  }
  return [...files].map(([path, name]) => ({ path, name }))
}

function readResults(globs: readonly FileGlob[]): ResultOf[] {
  return matchFiles(globs).map(({ path, name }) => {
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (e) {
      throw new InputError('report-files', `${name} cannot be read: ${errorMessage(e)}`)
    }
    return readResult(name, text)
  })
}

function reportSummary(
  report: FleetReport,
  byOrganization: Record<string, ScopeCounts>,
  reports: ResultOf[],
) {
  const eol = report['end-of-life']
  const scopesOf = (version: string) =>
    reports
      .filter(
        (r) => r.operation === 'report-runners' && r.report['end-of-life'].some((e) => e.version === version),
      )
      .map((r) => r.scope)
  const outdated = outdatedCount(report)
  const perScope = Object.entries(byOrganization).sort(
    (a, b) => b[1].total - a[1].total || (a[0] < b[0] ? -1 : 1),
  )
  const sections: SummarySection[] = [
    {
      heading: 'Versions with an end-of-life date across the fleet',
      table: {
        header: ['Version', 'Runners', 'No new registrations from', 'No jobs from', 'Where'],
        rows: eol.map((e) => [
          e.version,
          e.runners,
          e.registration_deprecates_at ?? '',
          e.runtime_deprecates_at ?? '',
          scopesOf(e.version).join(', '),
        ]),
      },
      open: true,
    },
    {
      heading: 'Organizations',
      table: {
        header: ['Scope', 'Runners', 'Online', 'Busy', 'Idle', 'Offline', 'On an end-of-life version'],
        rows: perScope.map(([scope, c]) => [
          scope,
          c.total,
          c.online,
          c.busy,
          c.idle,
          c.offline,
          c['outdated-count'],
        ]),
      },
    },
    ...reports.flatMap((r) =>
      r.operation === 'report-runners'
        ? [
            {
              heading: `${r.scope}: versions`,
              table: { header: ['Version', 'Runners'], rows: byCount(r.report['by-version']) },
            },
          ]
        : [],
    ),
  ]
  return {
    heading: `Runner fleet of ${describeScopes(reports)}`,
    text: [
      `${report.total} runners: ${report.online} online (${report.busy} busy, ${report.idle} idle), ${report.offline} offline.`,
      outdated > 0
        ? `⚠️ ${outdated} runners are on a version with an end-of-life date (${eol.map((e) => e.version).join(', ')}).`
        : 'No runner is on a version with an end-of-life date.',
      pieChart(
        'Runners by organization',
        perScope.map(([scope, c]) => [scope, c.total]),
      ),
    ],
    sections,
  }
}

function mergedReports(results: ResultOf[]): OperationResult {
  const reports = results.flatMap((r) => (r.operation === 'report-runners' ? [r] : []))
  const { report, byOrganization } = mergeFleetReports(reports)
  return {
    result: { report, 'by-organization': byOrganization },
    outputs: {
      ...reportOutputs(report),
      ...(report.new && report.gone
        ? { 'new-count': String(report.new.length), 'gone-count': String(report.gone.length) }
        : {}),
      'by-organization': byOrganization,
    },
    warnings: ledgerWarnings(reports, report.new !== undefined),
    summary: reportSummary(report, byOrganization, results),
  }
}

/** Some reports were made with a ledger and some without: the fleet's new and gone runners are not known. */
function ledgerWarnings(reports: readonly { file: string; report: object }[], merged: boolean): string[] {
  const without = reports.filter((r) => !('new' in r.report)).map((r) => r.file)
  if (merged || without.length === reports.length) return []
  return [
    `new, gone and offline-for are left out (and new-count, gone-count): ${without.join(', ')} ${without.length > 1 ? 'were' : 'was'} made without a ledger.`,
  ]
}

function mergedPrunes(results: ResultOf[]): OperationResult {
  const prunes = results.flatMap((r) => (r.operation === 'prune-runners' ? [r] : []))
  const { deletedCount, byOrganization } = mergePrunes(prunes)
  const failed = prunes.filter((p) => p.prune.failed.length > 0)
  const dry = prunes.filter((p) => p.prune.dry_run).length
  const row = (p: { scope: string; prune: PruneResult }) => [
    p.scope,
    p.prune.deleted_count,
    p.prune.skipped.length,
    p.prune.failed.length,
    p.prune.dry_run ? 'yes' : 'no',
  ]
  return {
    result: { 'deleted-count': deletedCount, 'by-organization': byOrganization },
    outputs: { 'deleted-count': String(deletedCount), 'by-organization': byOrganization },
    warnings: failed.map((p) => `${p.scope}: ${p.prune.failed.length} deletions failed (${p.file}).`),
    summary: {
      heading: `Prunes of ${describeScopes(prunes)}`,
      text: [
        `${deletedCount} runners deleted${dry ? ` (${dry} of the ${prunes.length} prunes were dry runs: their runners would be deleted)` : ''}; ${failed.length} scopes had failed deletions.`,
      ],
      table: {
        header: ['Scope', 'Deleted', 'Skipped', 'Failed', 'Dry run'],
        // Failures first, then by deletions.
        rows: [...prunes]
          .sort(
            (a, b) =>
              b.prune.failed.length - a.prune.failed.length || b.prune.deleted_count - a.prune.deleted_count,
          )
          .map(row),
      },
    },
  }
}

export const mergeReportsOperation = defineOperation({
  name: 'merge-reports',
  family: 'Many organizations',
  description:
    'Merge the result files of report-runners (or prune-runners), one per organization, into one report with by-organization.',
  scopes: SCOPES,
  reach: 'files',
  changes: false,
  inputs: { files: reportFiles },
  outputs: [...REPORT_OUTPUTS, 'new-count', 'gone-count', 'by-organization', 'deleted-count'],
  run: (_api, _target, s) => {
    const results = readResults(s.files)
    const operation = checkResults(results)
    return Promise.resolve(operation === 'report-runners' ? mergedReports(results) : mergedPrunes(results))
  },
})
