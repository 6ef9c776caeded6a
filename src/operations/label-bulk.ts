/**
 * A label change on every runner a selection picks: one write a runner, each decided by a
 * fresh look in its write slot (a runner that no longer matches is skipped), capped by
 * max-runners (more matches change nothing), with a dry run that plans from the list alone.
 */
import { isNotFound, type Api } from '../github/api.js'
import { DECIDED_BY_LOOK } from '../transport/client.js'
import type { SelectionInput } from '../inputs/selection-inputs.js'
import { exclusionWarnings, runnerMatcher, selectRunners } from '../decisions/runner-filter.js'
import { labelNames, shapeRunner, type ApiRunner } from '../decisions/runner-shape.js'
import { describeTarget, type Target } from '../github/target.js'
import {
  bulkFailure,
  changeEach,
  notReached,
  outcomeSections,
  startProgress,
  type BulkProgress,
} from '../github/bulk-change.js'
import type { StepContext } from '../registry/define.js'
import { applyLabelChange, refuseReadOnly, type LabelChange } from '../github/label-changes.js'
import { getRunnerById, listRunners } from '../github/runner-lookup.js'
import type { OperationResult } from '../registry/operation-result.js'

export interface SelectionChange {
  name: string
  change: LabelChange
  selection: SelectionInput
  labels: string[]
  maxRunners: number
  dryRun: boolean
}

const GONE_BEFORE_WRITE = 'gone before its labels were changed'

/** "offline, idle": how a runner stands, for a skip reason. */
const standing = (r: ApiRunner) => `${r.status}, ${r.busy ? 'busy' : 'idle'}`

export async function changeSelection(
  api: Api,
  target: Target,
  step: StepContext,
  s: SelectionChange,
): Promise<OperationResult> {
  const all = await listRunners(api, target)
  const selected = selectRunners(all, s.selection)
  const warnings = exclusionWarnings(s.selection, all)
  const report = (p: BulkProgress<string[]>, overCap = false) => ({
    ...bulkLabelsResult(target, s, all.length, selected.length, p, overCap),
    warnings,
  })
  if (selected.length > s.maxRunners) return report(startProgress([]), true)
  for (const r of selected) refuseReadOnly(s.change, r.labels, s.labels, `runner ${r.name} (id ${r.id})`)
  const p = startProgress<string[]>(selected)
  if (s.dryRun) {
    p.done = p.pending.splice(0).map((runner) => ({ runner, value: s.change.after(runner.labels, s.labels) }))
    return report(p)
  }
  step.checkpoint(() => report({ ...p, stopped: p.stopped ?? 'the step was cancelled' }))
  const matches = runnerMatcher(s.selection)
  await changeEach(api, step, p, 'Changed the labels of', async (r) => {
    const fresh = await getRunnerById(api, target, r.id)
    if (!fresh) return { skip: GONE_BEFORE_WRITE }
    if (matches(fresh) !== 'selected')
      return { skip: `no longer matches the selection at the last look (now ${standing(fresh)})` }
    try {
      const after = await applyLabelChange(
        api,
        target,
        r.id,
        s.change,
        s.labels,
        fresh.labels,
        DECIDED_BY_LOOK,
      )
      return { value: labelNames(after) }
    } catch (e) {
      // A 404 is "gone" only once a look at the runner says so (not a vanished organization).
      if (isNotFound(e) && !(await getRunnerById(api, target, r.id))) return { skip: GONE_BEFORE_WRITE }
      throw e
    }
  })
  return report(p)
}

function bulkLabelsResult(
  target: Target,
  s: SelectionChange,
  listed: number,
  matched: number,
  p: BulkProgress<string[]>,
  overCap: boolean,
): OperationResult {
  const runners = p.done.map((d) => ({ ...shapeRunner(d.runner), labels: d.value }))
  const skipped = [...p.skipped, ...notReached(p, 'been changed')]
  const text = [
    `${s.dryRun ? '**Dry run**: nothing was changed. ' : ''}${s.name} on the runners of ${describeTarget(target)}: ` +
      `${listed} listed, ${matched} selected; ${s.dryRun ? 'would change' : 'changed'} ${runners.length}, skipped ${skipped.length}, failed ${p.failed.length}.`,
  ]
  let failure: string | undefined
  if (overCap) {
    failure =
      `${matched} runners match, more than max-runners (${s.maxRunners}); nothing was changed. ` +
      'Raise max-runners or narrow the selection (name-pattern, has-labels, status, busy, exclude).'
    text.push(`⛔ ${failure}`)
  } else failure = bulkFailure(p, 'label changes')
  return {
    result: { runners, skipped, failed: p.failed, dry_run: s.dryRun },
    outputs: { runners, count: String(runners.length), failed: p.failed, skipped },
    summary: {
      heading: `${s.name} on a selection${s.dryRun ? ' (dry run)' : ''}`,
      text,
      sections: outcomeSections(p.failed, skipped, {
        heading: s.dryRun ? 'Would change' : 'Changed',
        header: ['Labels after'],
        rows: runners.map((r) => [r.name, r.id, r.labels.join(', ')]),
      }),
    },
    errors: p.failed.map((f) => `Could not change the labels of runner ${f.name} (id ${f.id}): ${f.error}`),
    failure,
  }
}
