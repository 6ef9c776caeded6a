/**
 * drain-runners: retire a selection safely. Its custom labels go first (all, or those in
 * `labels`), so that no new job is routed to it; then one listing per poll until each runner is
 * idle or gone; an idle runner is deleted at once (on a fresh look in its write slot), or kept
 * with `delete: false`. Never a DELETE to a busy runner. A runner still busy at the timeout is
 * kept, named in `still-busy`, and the step fails.
 */
import type { Api } from '../api.js'
import { DECIDED_BY_LOOK } from '../client.js'
import { beforeDeadline, clock, DeadlinePassed } from '../clock.js'
import { ActionError, errorMessage } from '../errors.js'
import { flag, whole } from '../inputs/read.js'
import { labels as labelsInput } from '../inputs/runner-inputs.js'
import { maxRunners, requiredSelection } from '../inputs/selection-inputs.js'
import { exclusionWarnings, selectRunners, type Selection } from '../runner-filter.js'
import { named, type ApiRunner, type Failed, type NamedRunner } from '../runner-shape.js'
import { describeTarget, SCOPES, type Target } from '../target.js'
import {
  bulkFailure,
  changeEach,
  notReached,
  outcomeSections,
  startProgress,
  type BulkProgress,
} from './bulk-change.js'
import { few, NAMES_IN_A_MESSAGE } from './refs.js'
import { defineOperation, type StepContext } from './define.js'
import { applyLabelChange, customAmong, LABEL_CHANGES } from './label-changes.js'
import { lookThenChange } from './look-then-change.js'
import { BUSY_STATUS, deleteRunnerById, getRunnerById, listRunners } from './runner-lookup.js'
import type { OperationResult } from './types.js'

interface DrainSettings {
  selection: Selection
  /** Custom labels to take away; undefined: all of them. */
  labels: string[] | undefined
  timeout: number
  pollInterval: number
  delete: boolean
  maxRunners: number
  dryRun: boolean
}

interface Drain {
  listed: number
  selected: ApiRunner[]
  overCap: boolean
  /** Runner name → the labels taken away. */
  removed: Record<string, string[]>
  /** Phase one: the labels. A runner whose labels could not be taken is not drained. */
  labelling: BulkProgress<string[]>
  drained: NamedRunner[]
  deleted: number
  /** Runners whose deletion failed (they keep running, without their labels). */
  failed: Failed[]
  /** Runners waited for (labels gone, not yet idle or gone). */
  waiting: ApiRunner[]
  warnings: string[]
  stopped?: string
}

/** Takes the custom labels away (on a fresh look): no new job is routed to the runner. */
async function takeLabels(api: Api, target: Target, r: ApiRunner, s: DrainSettings) {
  const fresh = await getRunnerById(api, target, r.id)
  if (!fresh) return { value: [] as string[] }
  const taken = customAmong(fresh.labels, s.labels)
  if (taken.length === 0) return { value: taken }
  const change = s.labels === undefined ? LABEL_CHANGES['remove-all-labels'] : LABEL_CHANGES['remove-label']
  await applyLabelChange(api, target, r.id, change, taken, fresh.labels, DECIDED_BY_LOOK)
  return { value: taken }
}

/** Deletes an idle runner on a fresh look in its write slot: true when it is gone, false when it turned busy. */
function deleteIfIdle(api: Api, target: Target, r: ApiRunner): Promise<boolean> {
  return lookThenChange(api, async () => {
    const fresh = await getRunnerById(api, target, r.id)
    if (!fresh) return true
    if (fresh.busy) return false
    try {
      await deleteRunnerById(api, target, r.id, `Runner ${r.name}`, DECIDED_BY_LOOK)
      return true
    } catch (e) {
      if (e instanceof ActionError && e.status === BUSY_STATUS) return false
      throw e
    }
  })
}

/** One listing per poll until every waited-for runner is idle (then deleted, or kept) or gone, or the deadline passes. */
async function waitAndRetire(
  api: Api,
  target: Target,
  d: Drain,
  s: DrainSettings,
  step: StepContext,
  deadline: number,
) {
  for (;;) {
    if (step.signal.aborted) return void (d.stopped = 'the step was cancelled')
    let now: Map<number, ApiRunner>
    try {
      now = new Map((await beforeDeadline(listRunners(api, target), deadline)).map((r) => [r.id, r]))
    } catch (e) {
      if (!(e instanceof DeadlinePassed)) d.stopped = `the runners could not be listed (${errorMessage(e)})`
      return
    }
    for (const r of [...d.waiting]) {
      const seen = now.get(r.id)
      if (seen?.busy) continue
      try {
        if (seen && s.delete && !(await deleteIfIdle(api, target, r))) continue
      } catch (e) {
        d.failed.push({ ...named(r), error: errorMessage(e) })
        d.waiting.splice(d.waiting.indexOf(r), 1)
        step.log.info(`Could not delete runner ${r.name} (id ${r.id}): ${errorMessage(e)}`)
        if (api.breaker.open) return void (d.stopped = 'GitHub is failing (the circuit breaker opened)')
        continue
      }
      if (seen && s.delete) d.deleted++
      d.drained.push(named(r))
      d.waiting.splice(d.waiting.indexOf(r), 1)
      step.log.info(
        `Drained runner ${r.name} (id ${r.id})${!seen ? ': gone' : s.delete ? ': deleted' : ': idle, kept'}.`,
      )
    }
    const left = deadline - clock.now()
    if (d.waiting.length === 0 || left <= 0) return
    step.log.info(
      `${d.waiting.length} runners still busy; looking again in ${Math.ceil(Math.min(s.pollInterval * 1000, left) / 1000)} s.`,
    )
    await clock.sleep(Math.min(s.pollInterval * 1000, left))
  }
}

async function drainRunners(api: Api, target: Target, s: DrainSettings, step: StepContext) {
  const deadline = clock.now() + s.timeout * 1000
  const all = await beforeDeadline(listRunners(api, target), deadline).catch((e: unknown) => {
    if (!(e instanceof DeadlinePassed)) throw e
    throw new ActionError(
      `drain-runners: the runners of ${describeTarget(target)} could not be listed within timeout (${s.timeout} s); nothing was changed.`,
    )
  })
  const selected = selectRunners(all, s.selection)
  const overCap = selected.length > s.maxRunners
  const d: Drain = {
    listed: all.length,
    selected,
    overCap,
    removed: {},
    labelling: startProgress(overCap || s.dryRun ? [] : selected),
    drained: [],
    deleted: 0,
    failed: [],
    waiting: [],
    warnings: exclusionWarnings(s.selection, all),
  }
  if (overCap) return drainResult(target, s, d)
  if (s.dryRun) {
    // Planned from the list alone: the labels each runner would lose, no wait.
    for (const r of selected) {
      d.removed[r.name] = customAmong(r.labels, s.labels)
      d.drained.push(named(r))
    }
    return drainResult(target, s, d)
  }
  step.checkpoint(() => drainResult(target, s, { ...d, stopped: d.stopped ?? 'the step was cancelled' }))
  await changeEach(api, step, d.labelling, 'Took the labels away from', (r) => takeLabels(api, target, r, s))
  for (const { runner, value } of d.labelling.done) {
    d.removed[runner.name] = value
    d.waiting.push(runner)
  }
  d.stopped = d.labelling.stopped
  if (!d.stopped) await waitAndRetire(api, target, d, s, step, deadline)
  return drainResult(target, s, d)
}

function drainResult(target: Target, s: DrainSettings, d: Drain): OperationResult {
  const stillBusy = d.waiting.map(named)
  const failed = [...d.labelling.failed, ...d.failed]
  const skipped = notReached(d.labelling, 'lost its labels')
  const text = [
    `${s.dryRun ? '**Dry run**: nothing was changed. ' : ''}Listed ${d.listed} runners of ${describeTarget(target)}, ${d.selected.length} selected; ` +
      `${s.dryRun ? 'would drain' : 'drained'} ${d.drained.length} (${s.dryRun ? 'would delete' : 'deleted'} ${s.dryRun && s.delete ? d.drained.length : d.deleted}), still busy ${stillBusy.length}, failed ${failed.length}.`,
  ]
  const problems = d.overCap
    ? [
        `${d.selected.length} runners match, more than max-runners (${s.maxRunners}); nothing was changed. ` +
          'Raise max-runners or narrow the selection (name-pattern, has-labels, status, busy, exclude).',
      ]
    : [
        d.stopped ? `The drain stopped: ${d.stopped}.` : '',
        bulkFailure(d.labelling, 'label removals') ?? '',
        d.failed.length ? `${d.failed.length} idle runners could not be deleted; see the failed output.` : '',
        stillBusy.length
          ? `${stillBusy.length} runners ${d.stopped ? 'were not drained' : `were still busy after ${s.timeout} s`}: ${few(
              stillBusy.map((r) => r.name),
              NAMES_IN_A_MESSAGE,
            )}. ` + 'They were kept, without their labels (removed-labels has them, to put back).'
          : '',
      ].filter(Boolean)
  const failure = problems.length ? problems.join(' ') : undefined
  if (failure) text.push(`⛔ ${failure}`)
  const removedRows = Object.entries(d.removed).map(([name, labels]) => [name, labels.join(', ')])
  return {
    result: {
      drained: d.drained,
      still_busy: stillBusy,
      removed_labels: d.removed,
      deleted_count: d.deleted,
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
      sections: [
        ...(stillBusy.length
          ? [
              {
                heading: 'Still busy',
                table: { header: ['Name', 'ID'], rows: stillBusy.map((r) => [r.name, r.id]) },
                open: true,
              },
            ]
          : []),
        ...outcomeSections(failed, skipped, {
          heading: s.dryRun ? 'Would drain' : 'Drained',
          header: [],
          rows: d.drained.map((r) => [r.name, r.id]),
        }),
        ...(removedRows.length
          ? [{ heading: 'Labels taken away', table: { header: ['Runner', 'Labels'], rows: removedRows } }]
          : []),
      ],
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

export const drainOperation = defineOperation({
  name: 'drain-runners',
  family: 'Fleet',
  description:
    'Retire a selection: take its custom labels away, wait until each runner is idle, then delete it (or keep it).',
  scopes: SCOPES,
  changes: true,
  inputs: {
    selection: requiredSelection,
    labels: labelsInput,
    timeout: whole('timeout', { min: 1, max: 6 * 3600 }, 600),
    pollInterval: whole('poll-interval', { min: 1, max: 3600 }, 10),
    delete: flag('delete', true),
    maxRunners,
    dryRun: flag('dry-run', false),
  },
  outputs: ['drained', 'still-busy', 'removed-labels', 'deleted-count', 'failed', 'skipped'],
  run: (api, target, s, step) => drainRunners(api, target, s, step),
})
