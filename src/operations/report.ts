/**
 * report-runners: the state of a fleet in one step. One request per page of runners and one
 * per distinct runner version (its end-of-life dates); counted page by page, so a fleet of
 * 50,000 runners is never held whole. The summary shows the counts as tables and Mermaid charts,
 * the versions with an end-of-life date first.
 */
import { ApiError, type Api } from '../api.js'
import {
  byCount,
  FleetCounter,
  NEVER_CONNECTED,
  outdatedCount,
  pieChart,
  reportOutputs,
  type FleetReport,
} from '../fleet-report.js'
import { selectionInputs } from '../inputs/selection-inputs.js'
import { ledgerFor } from '../ledger-session.js'
import { runnerMatcher, type Selection } from '../runner-filter.js'
import { describeTarget, SCOPES, type Target } from '../target.js'
import { defineOperation } from './define.js'
import { ledgerFigures, OfflineTally, withLedgerFigures } from './report-ledger.js'
import { runnerPages } from './runner-lookup.js'
import type { OperationResult, SummarySection } from './types.js'
import { versionEol, type VersionEol } from './version-eol.js'

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

/** Each version's end-of-life dates; none at all where the server has no such route (GitHub Enterprise Server). */
async function endOfLifeDates(api: Api, target: Target, versions: string[]) {
  const dates = new Map<string, VersionEol | undefined>()
  for (const version of versions) {
    try {
      dates.set(version, await versionEol(api, target, version))
    } catch (e) {
      if (e instanceof ApiError && e.unavailable) return { dates, unavailable: e.message }
      throw e
    }
  }
  return { dates, unavailable: undefined }
}

function reportResult(target: Target, report: FleetReport, unavailable: string | undefined): OperationResult {
  const outdated = outdatedCount(report)
  const table = (title: string, counts: Record<string, number>, key: string): SummarySection => ({
    heading: title,
    table: { header: [key, 'Runners'], rows: byCount(counts) },
  })
  const eol = report['end-of-life']
  const text = [
    `${report.total} runners in ${describeTarget(target)}: ${report.online} online (${report.busy} busy, ${report.idle} idle), ${report.offline} offline.`,
    outdated > 0
      ? `⚠️ ${outdated} runners are on a version with an end-of-life date (${eol.map((e) => e.version).join(', ')}).`
      : unavailable
        ? `End-of-life dates could not be looked up: ${unavailable}`
        : 'No runner is on a version with an end-of-life date.',
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
  outputs: [
    'report',
    'total',
    'online',
    'offline',
    'busy',
    'idle',
    'outdated-count',
    'new-count',
    'gone-count',
  ],
  run: async (api, target, s) => {
    const ledger = ledgerFor(api)
    const offline = ledger && new OfflineTally(ledger)
    const counter = await countFleet(api, target, s.selection, offline)
    const figures = ledger && offline && (await ledgerFigures(api, target, ledger, offline))
    const { dates, unavailable } = await endOfLifeDates(api, target, counter.versions())
    return withLedgerFigures(reportResult(target, counter.finish(dates), unavailable), figures)
  },
})
