/**
 * drain-runners: retire a selection safely. Its custom labels go first (all, or those in
 * `labels`), each on a fresh look that re-checks the selection, so that no new job is routed to
 * it; then it is polled until idle or gone (src/operations/drain-wait.ts), and an idle runner is
 * deleted on a last look in its write slot once `idle-for` has passed, or kept with
 * `delete: false`. Never a DELETE to a busy runner. A runner still busy at the timeout is kept,
 * named in `still-busy`, and the step fails.
 */
import { isNotFound, type Api } from '../github/api.js'
import { DECIDED_BY_LOOK } from '../transport/client.js'
import { beforeDeadline, clock, DeadlinePassed } from '../transport/clock.js'
import { ActionError } from '../errors.js'
import { flag, whole } from '../inputs/read.js'
import { idleFor, labels as labelsInput } from '../inputs/runner-inputs.js'
import { maxRunners, requiredSelection } from '../inputs/selection-inputs.js'
import { exclusionWarnings, runnerMatcher, selectRunners } from '../decisions/runner-filter.js'
import { labelNames, named, type ApiRunner } from '../decisions/runner-shape.js'
import { describeTarget, SCOPES, type Target } from '../github/target.js'
import { changeEach, startProgress, type Decision } from '../github/bulk-change.js'
import { defineOperation, type StepContext } from '../registry/define.js'
import { drainResult } from './drain-result.js'
import type { Drain, DrainSettings } from './drain-state.js'
import { lastLookMargin, waitAndRetire } from './drain-wait.js'
import { applyLabelChange, customAmong, LABEL_CHANGES } from '../github/label-changes.js'
import { getRunnerById, listRunners } from '../github/runner-lookup.js'

/** Takes the custom labels away on a fresh look: no new job is routed to the runner. One that no longer matches keeps them. */
async function takeLabels(
  api: Api,
  target: Target,
  r: ApiRunner,
  s: DrainSettings,
): Promise<Decision<string[]>> {
  const fresh = await getRunnerById(api, target, r.id)
  if (!fresh) return { value: [] } // gone: the wait confirms it
  if (runnerMatcher(s.selection)(fresh) !== 'selected')
    return {
      skip: `no longer matches the selection at the look before its labels were taken (now ${fresh.status}, ${fresh.busy ? 'busy' : 'idle'}, labels ${labelNames(fresh.labels).join(', ')}); its labels were kept`,
    }
  const taken = customAmong(fresh.labels, s.labels)
  if (taken.length === 0) return { value: taken }
  const change = s.labels === undefined ? LABEL_CHANGES['remove-all-labels'] : LABEL_CHANGES['remove-label']
  try {
    await applyLabelChange(api, target, r.id, change, taken, fresh.labels, DECIDED_BY_LOOK)
  } catch (e) {
    // Gone between the look and the write (a look says so): drained, as the wait confirms.
    if (isNotFound(e) && !(await getRunnerById(api, target, r.id))) return { value: [] }
    throw e
  }
  return { value: taken }
}

/** A dry run plans from the list alone: idle runners would be drained now (and deleted), busy ones waited for. */
function planFromList(d: Drain, s: DrainSettings): void {
  for (const r of d.selected) {
    d.removed[r.name] = customAmong(r.labels, s.labels)
    if (r.busy) {
      d.waiting.push(r)
      d.lastLook.set(r.id, r)
    } else d.drained.push(named(r))
  }
  d.deleted = s.delete ? d.drained.length : 0
}

/** The runners whose labels are gone join the ones waited for, with the labels taken. */
function foldLabelled(d: Drain): Drain {
  for (const { runner, value } of d.labelling.done) {
    d.removed[runner.name] = value
    d.waiting.push(runner)
  }
  return d
}

async function drainRunners(api: Api, target: Target, s: DrainSettings, step: StepContext) {
  const startedAt = clock.now()
  const all = await beforeDeadline(listRunners(api, target), startedAt + s.timeout * 1000).catch(
    (e: unknown) => {
      if (!(e instanceof DeadlinePassed)) throw e
      throw new ActionError(
        `drain-runners: the runners of ${describeTarget(target)} could not be listed within timeout (${s.timeout} s); nothing was changed.`,
      )
    },
  )
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
    lastLook: new Map(),
    idleSince: new Map(),
    warnings: [...exclusionWarnings(s.selection, all), ...timeoutWarnings(s)],
  }
  if (overCap) return drainResult(target, s, d)
  if (s.dryRun) return (planFromList(d, s), drainResult(target, s, d))
  let labelled = false
  step.checkpoint(() => {
    // Cancelled while labelling: the runners whose labels are gone so far are reported too.
    const now = labelled ? d : foldLabelled({ ...d, removed: { ...d.removed }, waiting: [...d.waiting] })
    return drainResult(target, s, { ...now, stopped: d.stopped ?? 'the step was cancelled' })
  })
  await changeEach(api, step, d.labelling, 'Took the labels away from', (r) => takeLabels(api, target, r, s))
  foldLabelled(d)
  labelled = true
  d.stopped = d.labelling.stopped
  // Taking the labels does not eat the wait: after it, idle runners always get idle-for and a last look.
  const deadline = Math.max(
    startedAt + s.timeout * 1000,
    clock.now() + Math.min(s.timeout * 1000, s.idleFor * 1000 + lastLookMargin(s.timeout)),
  )
  if (!d.stopped) await waitAndRetire(api, target, d, s, step, deadline)
  return drainResult(target, s, d)
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
    idleFor,
    delete: flag('delete', true),
    maxRunners,
    dryRun: flag('dry-run', false),
  },
  outputs: ['drained', 'still-busy', 'removed-labels', 'deleted-count', 'failed', 'skipped'],
  run: (api, target, s, step) => drainRunners(api, target, s, step),
})

/**
 * A timeout not longer than idle-for leaves no time to see an online runner idle twice: offline
 * ones are still drained, online idle ones are reported skipped (the step fails). Said up front.
 */
function timeoutWarnings(s: DrainSettings): string[] {
  if (s.dryRun || s.timeout > s.idleFor) return []
  return [
    `timeout (${s.timeout} s) is not longer than idle-for (${s.idleFor} s): an online runner is drained (deleted, or kept with delete: false) only after two looks idle-for apart found it idle, so only offline runners can be drained. Raise timeout or lower idle-for.`,
  ]
}
