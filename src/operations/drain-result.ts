/** drain-runners' report: outputs, summary and failure, true at any point of the run (a cancelled step reports it too). */
import { few, NAMES_IN_A_MESSAGE } from '../github/id-or-name.js'
import { named, type NamedRunner, type Skipped } from '../decisions/runner-shape.js'
import { describeTarget, type Target } from '../github/target.js'
import { bulkFailure, notReached, outcomeSections } from '../github/bulk-change.js'
import type { Drain, DrainSettings } from './drain-state.js'
import type { OperationResult, SummarySection } from '../registry/operation-result.js'

/** The runners waited for and not drained: busy at their last look, or left for another reason (skipped). */
function notDrained(d: Drain, s: DrainSettings): { stillBusy: NamedRunner[]; left: Skipped[] } {
  const stillBusy: NamedRunner[] = []
  const left: Skipped[] = []
  for (const r of d.waiting) {
    const look = d.lastLook.get(r.id)
    if (look?.busy) stillBusy.push(named(r))
    else left.push({ ...named(r), reason: whyLeft(d, s, look !== undefined, r.id) })
  }
  return { stillBusy, left }
}

function whyLeft(d: Drain, s: DrainSettings, looked: boolean, id: number): string {
  if (d.retiring?.id === id || d.inDoubt?.id === id)
    return `in flight when ${d.stopped ?? `the timeout (${s.timeout} s) passed`}: it may have been deleted`
  if (!looked)
    return `not looked at after its labels were taken away (${d.stopped ?? `timeout, ${s.timeout} s`})`
  if (d.stopped) return `idle at the last look, not deleted: ${d.stopped}`
  return `idle at the last look, but not seen idle for idle-for (${s.idleFor} s)${s.delete ? ' before its DELETE' : ''} within the timeout`
}

function problems(d: Drain, s: DrainSettings, stillBusy: NamedRunner[], left: Skipped[]): string[] {
  if (d.overCap)
    return [
      `${d.selected.length} runners match, more than max-runners (${s.maxRunners}); nothing was changed. ` +
        'Raise max-runners or narrow the selection (name-pattern, has-labels, status, busy, exclude).',
    ]
  if (s.dryRun) return []
  return [
    d.stopped ? `The drain stopped: ${d.stopped}.` : '',
    bulkFailure(d.labelling, 'label removals') ?? '',
    d.failed.length ? `${d.failed.length} idle runners could not be deleted; see the failed output.` : '',
    stillBusy.length
      ? `${stillBusy.length} runners were still busy${d.stopped ? ' when the drain stopped' : ` after ${s.timeout} s`}: ${few(
          stillBusy.map((r) => r.name),
          NAMES_IN_A_MESSAGE,
        )}. ` + 'They were kept, without their labels (removed-labels has them, to put back).'
      : '',
    d.inDoubt
      ? `The DELETE of runner ${d.inDoubt.name} was unanswered at the timeout: it may have been deleted.`
      : '',
    left.length > (d.inDoubt ? 1 : 0)
      ? `${left.length - (d.inDoubt ? 1 : 0)} runners were neither drained nor seen busy at the end (see skipped for why); they were kept, without their labels.`
      : '',
  ].filter(Boolean)
}

function sections(
  d: Drain,
  s: DrainSettings,
  stillBusy: NamedRunner[],
  skipped: Skipped[],
): SummarySection[] {
  const failed = [...d.labelling.failed, ...d.failed]
  const removedRows = Object.entries(d.removed).map(([name, labels]) => [name, labels.join(', ')])
  return [
    ...(stillBusy.length
      ? [
          {
            heading: s.dryRun ? 'Busy now (a real run waits for them)' : 'Still busy',
            table: { header: ['Name', 'ID'], rows: stillBusy.map((r) => [r.name, r.id]) },
            open: true,
          },
        ]
      : []),
    ...outcomeSections(failed, skipped, {
      heading: s.dryRun ? 'Would drain now' : 'Drained',
      header: [],
      rows: d.drained.map((r) => [r.name, r.id]),
    }),
    ...(removedRows.length
      ? [{ heading: 'Labels taken away', table: { header: ['Runner', 'Labels'], rows: removedRows } }]
      : []),
  ]
}

export function drainResult(target: Target, s: DrainSettings, d: Drain): OperationResult {
  const { stillBusy, left } = notDrained(d, s)
  const failed = [...d.labelling.failed, ...d.failed]
  const skipped = [...d.labelling.skipped, ...notReached(d.labelling, 'lost its labels'), ...left]
  const would = (verb: string, real: string) => (s.dryRun ? `would ${verb}` : real)
  const text = [
    `${s.dryRun ? '**Dry run**: nothing was changed. ' : ''}Listed ${d.listed} runners of ${describeTarget(target)}, ${d.selected.length} selected; ` +
      `${would('drain now', 'drained')} ${d.drained.length} (${would('delete now', 'deleted')} ${d.deleted}), ${s.dryRun ? 'busy now' : 'still busy'} ${stillBusy.length}, skipped ${skipped.length}, failed ${failed.length}.`,
  ]
  const failure = problems(d, s, stillBusy, left).join(' ') || undefined
  if (failure) text.push(`⛔ ${failure}`)
  return {
    result: {
      drained: d.drained,
      still_busy: stillBusy,
      removed_labels: d.removed,
      deleted_count: d.deleted,
      skipped,
      failed,
      dry_run: s.dryRun,
    },
    outputs: {
      drained: d.drained,
      'still-busy': stillBusy,
      'removed-labels': d.removed,
      'deleted-count': String(d.deleted),
      failed,
      skipped,
    },
    summary: {
      heading: `Drain runners${s.dryRun ? ' (dry run)' : ''}`,
      text,
      sections: sections(d, s, stillBusy, skipped),
    },
    errors: [
      ...d.labelling.failed.map(
        (f) => `Could not take the labels of runner ${f.name} (id ${f.id}): ${f.error}`,
      ),
      ...d.failed.map((f) => `Could not delete runner ${f.name} (id ${f.id}): ${f.error}`),
    ],
    warnings: d.warnings,
    failure,
  }
}
