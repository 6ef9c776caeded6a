/**
 * What report-runners adds with a ledger: the runners new to it and the ones gone since its
 * last run, and how long the offline ones have been seen offline. A runner that a complete
 * listing no longer shows is gone only once a look at it says so (404): lists shift while they
 * are paged. At most GONE_LOOKS looks a run; the rest are looked at by a later run.
 */
import type { Api } from '../github/api.js'
import { pieChart } from '../decisions/fleet-report.js'
import type { LedgerSession } from '../ledger/ledger-session.js'
import { offlineBucket, OFFLINE_BUCKETS, type OfflineBucket } from '../ledger/runner-ledger.js'
import type { ApiRunner, NamedRunner } from '../decisions/runner-shape.js'
import type { Target } from '../github/target.js'
import { getRunnerById } from '../github/runner-lookup.js'
import type { OperationResult, SummarySection } from '../registry/operation-result.js'

/** Looks at runners missing from the listing, at most, in one run. */
export const GONE_LOOKS = 100

const BUCKET_TITLES: Record<OfflineBucket, string> = {
  'under-1h': 'under 1 hour',
  '1h-to-1d': '1 hour to 1 day',
  '1d-to-7d': '1 to 7 days',
  'over-7d': 'over 7 days',
  'first-seen-now': 'not known yet (first seen in this run)',
}

/** Counts the selected offline runners by how long the ledger has seen them offline. */
export class OfflineTally {
  readonly counts = Object.fromEntries(OFFLINE_BUCKETS.map((b) => [b, 0])) as Record<OfflineBucket, number>
  constructor(private readonly session: LedgerSession) {}
  add(r: ApiRunner): void {
    if (r.status === 'offline') this.counts[offlineBucket(this.session.stretch(r.id))]++
  }
}

export interface LedgerFigures {
  new: NamedRunner[]
  gone: NamedRunner[]
  'offline-for': Record<OfflineBucket, number>
  /** Runners missing from the listing that were not looked at in this run. */
  unconfirmed: number
  firstRun: boolean
}

/** After a complete listing: new runners, and the missing ones a look confirms gone. */
export async function ledgerFigures(
  api: Api,
  target: Target,
  session: LedgerSession,
  tally: OfflineTally,
): Promise<LedgerFigures> {
  const changes = session.listingChanges() ?? { added: [], missing: [] }
  const gone: NamedRunner[] = []
  for (const r of changes.missing.slice(0, GONE_LOOKS)) {
    // undefined: a 404 on a target that answers. The ledger drops its record.
    if ((await getRunnerById(api, target, r.id)) === undefined) gone.push(r)
  }
  return {
    new: changes.added,
    gone,
    'offline-for': tally.counts,
    unconfirmed: Math.max(0, changes.missing.length - GONE_LOOKS),
    firstRun: session.firstRun,
  }
}

/** The report's fields, outputs, summary lines and sections for the ledger's figures. */
function ledgerReportParts(f: LedgerFigures) {
  const text = [
    f.firstRun
      ? 'First run of the ledger: nothing has a history yet, so no runner is new or gone, and offline runners are counted from now.'
      : `Since the ledger's last run: ${f.new.length} new, ${f.gone.length} gone.`,
  ]
  if (f.unconfirmed > 0)
    text.push(
      `${f.unconfirmed} more runners were missing from the listing; a look at each (at most ${GONE_LOOKS} a run) will tell whether they are gone.`,
    )
  const slices = OFFLINE_BUCKETS.map((b): [string, number] => [BUCKET_TITLES[b], f['offline-for'][b]])
  if (slices.some(([, n]) => n > 0))
    text.push(
      pieChart(
        'Offline runners by how long the ledger has seen them offline',
        slices.filter(([, n]) => n > 0),
      ),
    )
  const runnersTable = (heading: string, runners: NamedRunner[]): SummarySection => ({
    heading,
    table: { header: ['Runner', 'Id'], rows: runners.map((r) => [r.name, r.id]) },
  })
  const sections: SummarySection[] = [
    { heading: 'Offline for', table: { header: ['Seen offline for', 'Runners'], rows: slices } },
    runnersTable(`New runners (${f.new.length})`, f.new),
    runnersTable(`Gone runners (${f.gone.length})`, f.gone),
  ]
  return {
    fields: { new: f.new, gone: f.gone, 'offline-for': f['offline-for'] },
    outputs: { 'new-count': String(f.new.length), 'gone-count': String(f.gone.length) },
    text,
    sections,
  }
}

/** report-runners' result with the ledger's figures: in `report`, as outputs, in the summary. */
export function withLedgerFigures(
  result: OperationResult,
  figures: LedgerFigures | undefined,
): OperationResult {
  if (!figures) return result
  const parts = ledgerReportParts(figures)
  const report = { ...(result.result as object), ...parts.fields }
  const summary = result.summary && {
    ...result.summary,
    text: [...(result.summary.text ?? []), ...parts.text],
    sections: [...(result.summary.sections ?? []), ...parts.sections],
  }
  return { ...result, result: report, outputs: { ...result.outputs, report, ...parts.outputs }, summary }
}
