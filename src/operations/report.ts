/**
 * report-runners: the state of a fleet in one step. One request per page of runners and one
 * per distinct runner version (its end-of-life dates); counted page by page, so a fleet of
 * 50,000 runners is never held whole. The summary shows the counts as tables and Mermaid charts,
 * the versions with an end-of-life date first.
 */
import { ApiError, type Api } from '../github/api.js'
import {
  byCount,
  FleetCounter,
  NEVER_CONNECTED,
  outdatedCount,
  pieChart,
  REPORT_OUTPUTS,
  reportOutputs,
  type EolDates,
  type FleetReport,
} from '../decisions/fleet-report.js'
import { errorMessage } from '../errors.js'
import { selectionInputs } from '../inputs/selection-inputs.js'
import { ledgerFor } from '../ledger/ledger-session.js'
import { runnerMatcher, type Selection } from '../decisions/runner-filter.js'
import { summaryText } from '../publish/printable.js'
import { describeTarget, SCOPES, type Target } from '../github/target.js'
import { stopReason } from '../github/bulk-change.js'
import { defineOperation } from '../registry/define.js'
import { ledgerFigures, OfflineTally, withLedgerFigures } from './report-ledger.js'
import { runnerPages } from '../github/runner-lookup.js'
import type { OperationResult, SummarySection } from '../registry/operation-result.js'
import { versionEol } from '../github/version-eol.js'

/** Counts the runners a selection picks, one page at a time. */
async function countFleet(
  api: Api,
  target: Target,
  selection: Selection,
  offline?: OfflineTally,
): Promise<FleetCounter> {
  const counter = new FleetCounter()
  const picks = runnerMatcher(selection)
  for await (const page of runnerPages(api, target))
    for (const r of page) {
      if (picks(r) !== 'selected') continue
      counter.add(r)
      offline?.add(r)
    }
  return counter
}

interface EolLookups {
  dates: Map<string, EolDates>
  /** Versions whose dates could not be looked up, and why. */
  unknown: string[]
  problem?: string
}

/**
 * Each version's end-of-life dates. A look-up that fails (a 5xx after the retries) leaves its
 * version unknown and the others are still looked up; one that would fail every later one too
 * (a rate limit, a refused token, a server without the route: GitHub Enterprise Server) leaves
 * the rest unknown. The report is never lost for them.
 */
async function endOfLifeDates(api: Api, target: Target, versions: string[]): Promise<EolLookups> {
  const found: EolLookups = { dates: new Map(), unknown: [] }
  for (const [i, version] of versions.entries()) {
    try {
      found.dates.set(version, await versionEol(api, target, version))
    } catch (e) {
      found.problem ??= errorMessage(e)
      const stop = (e instanceof ApiError && e.unavailable) || stopReason(e, api) !== undefined
      found.unknown.push(...(stop ? versions.slice(i) : [version]))
      if (stop) break
    }
  }
  return found
}

/** The warning that end-of-life dates are missing: a check on `outdated-count` must not pass silently. */
export function unknownEolWarning(report: FleetReport, problem: string | undefined): string | undefined {
  const unknown = report['end-of-life-unknown']
  if (unknown.length === 0) return undefined
  const runners = unknown.reduce((n, v) => n + (report['by-version'][v] ?? 0), 0)
  return (
    `The end-of-life dates of runner version${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} ` +
    `(${runners} runner${runners === 1 ? '' : 's'}) could not be looked up${problem ? `: ${problem}` : ''}. ` +
    'They are listed in end-of-life-unknown of the report, and outdated-count does not count them.'
  )
}

function reportResult(target: Target, report: FleetReport, problem: string | undefined): OperationResult {
  const warning = unknownEolWarning(report, problem)
  const outdated = outdatedCount(report)
  const table = (title: string, counts: Record<string, number>, key: string): SummarySection => ({
    heading: title,
    table: { header: [key, 'Runners'], rows: byCount(counts) },
  })
  const eol = report['end-of-life']
  const text = [
    `${report.total} runners in ${describeTarget(target)}: ${report.online} online (${report.busy} busy, ${report.idle} idle), ${report.offline} offline.`,
    outdated > 0
      ? `⚠️ ${outdated} runners are on a version with an end-of-life date (${summaryText(eol.map((e) => e.version).join(', '))}).`
      : warning
        ? 'No runner is on a version known to have an end-of-life date.'
        : 'No runner is on a version with an end-of-life date.',
    ...(warning ? [`⚠️ ${summaryText(warning)}`] : []),
    pieChart('Runners by status', [
      ['busy', report.busy],
      ['idle', report.idle],
      ['offline', report.offline],
    ]),
    pieChart('Runners by version', byCount(report['by-version'])),
  ]
  return {
    result: report,
    outputs: reportOutputs(report),
    ...(warning ? { warnings: [warning] } : {}),
    summary: {
      heading: `Runner fleet of ${describeTarget(target)}`,
      text,
      sections: [
        ...(eol.length
          ? [
              {
                heading: 'Versions with an end-of-life date',
                table: {
                  header: ['Version', 'Runners', 'No new registrations from', 'No jobs from'],
                  rows: eol.map((e) => [
                    e.version,
                    e.runners,
                    e.registration_deprecates_at ?? '',
                    e.runtime_deprecates_at ?? '',
                  ]),
                },
                open: true,
              },
            ]
          : []),
        table('Versions', report['by-version'], `Version (${NEVER_CONNECTED}: no version yet)`),
        table('Operating systems', report['by-os'], 'OS'),
        table('Runner groups', report['by-group'], 'Group id'),
        table('Labels', report['by-label'], 'Label'),
      ],
    },
  }
}

export const reportOperation = defineOperation({
  name: 'report-runners',
  family: 'Fleet',
  description:
    'Count a fleet by status, busy, OS, label, group and version, with each version’s end-of-life dates.',
  scopes: SCOPES,
  changes: false,
  inputs: { selection: selectionInputs() },
  outputs: [...REPORT_OUTPUTS, 'new-count', 'gone-count'],
  run: async (api, target, s) => {
    const ledger = ledgerFor(api)
    const offline = ledger && new OfflineTally(ledger)
    const counter = await countFleet(api, target, s.selection, offline)
    const figures = ledger && offline && (await ledgerFigures(api, target, ledger, offline))
    const { dates, unknown, problem } = await endOfLifeDates(api, target, counter.versions())
    return withLedgerFigures(reportResult(target, counter.finish(dates, unknown), problem), figures)
  },
})
