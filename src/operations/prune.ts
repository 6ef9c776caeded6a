/**
 * prune-runners: the nightly clean-up of ghost runners. Reads the whole list, decides with a
 * pure function (src/decisions/prune-plan.ts), then deletes one runner at a time, each confirmed with a
 * fresh look right before its DELETE. A runner that has never connected is deleted only if it
 * is still offline after the grace period. Writes are paced by the client to GitHub's
 * secondary limit. A busy runner is never deleted; a failure does not stop the others but
 * fails the step. Each deletion is logged as it happens, and a cancelled step reports what it did.
 */
import type { Api } from '../github/api.js'
import { DECIDED_BY_LOOK } from '../transport/client.js'
import { clock } from '../transport/clock.js'
import { ActionError } from '../errors.js'
import { flag, whole } from '../inputs/read.js'
import { requireExplicitScope, selectionInputs } from '../inputs/selection-inputs.js'
import { heldBack, recordLook, type IdleSince } from '../decisions/idle-watch.js'
import { idleFor } from '../inputs/runner-inputs.js'
import { needsSecondLook, planPrune, recheck, type PruneRules } from '../decisions/prune-plan.js'
import { exclusionWarnings } from '../decisions/runner-filter.js'
import { named, type ApiRunner } from '../decisions/runner-shape.js'
import { describeTarget, SCOPES, type Target } from '../github/target.js'
import {
  bulkFailure,
  changeEach,
  notReached,
  outcomeSections,
  startProgress,
  type BulkProgress,
  type Decision,
} from '../github/bulk-change.js'
import { defineOperation, type StepContext } from '../registry/define.js'
import { BUSY_STATUS, deleteRunnerById, getRunnerById, listRunners } from '../github/runner-lookup.js'
import type { OperationResult } from '../registry/operation-result.js'

/** Long enough for a VM to boot and its runner to connect (the Terraform module's minimum running time is 5 minutes). */
export const DEFAULT_GRACE_PERIOD = 300

/** In its write slot: the look, then the DELETE at once. A runner is deleted only on a look taken after every wait. */
async function pruneOne(
  api: Api,
  target: Target,
  r: ApiRunner,
  rules: PruneRules,
  idleSince: IdleSince,
): Promise<Decision<'deleted'>> {
  const fresh = await getRunnerById(api, target, r.id)
  if (!fresh) return { skip: 'already gone before deleting' }
  const reason = recheck(fresh, rules, r) ?? heldBack(idleSince, fresh, clock.now(), rules.idleFor * 1000)
  if (reason) return { skip: reason }
  try {
    // 'absent': someone else deleted it after the look; deleted-count counts this step's deletions only.
    const done = await deleteRunnerById(api, target, r.id, `Runner ${r.name}`, DECIDED_BY_LOOK)
    return done === 'deleted' ? { value: 'deleted' } : { skip: 'already gone before its DELETE' }
  } catch (e) {
    if (e instanceof ActionError && e.status === BUSY_STATUS)
      return { skip: 'GitHub refused: running a job (it turned busy after the last look)' }
    throw e
  }
}

interface PruneSettings {
  rules: PruneRules
  dryRun: boolean
}

interface PruneRun {
  listed: number
  overCap: boolean
  progress: BulkProgress<'deleted'>
  /** Never-connected candidates a dry run would still look at after the grace period. */
  young: number
  /** Online candidates a dry run would still look at after idle-for. */
  onlineIdle: number
  warnings: string[]
}

async function pruneRunners(api: Api, target: Target, s: PruneSettings, step: StepContext) {
  const { rules } = s
  const all = await listRunners(api, target)
  const listedAt = clock.now()
  const plan = planPrune(all, rules)
  const young = plan.candidates.filter((r) => needsSecondLook(r, rules))
  const idleSince: IdleSince = new Map()
  for (const r of plan.candidates) recordLook(idleSince, r, listedAt)
  const run: PruneRun = {
    listed: all.length,
    overCap: plan.overCap,
    progress: startProgress(plan.candidates, plan.skipped),
    young: 0,
    onlineIdle: 0,
    warnings: exclusionWarnings(rules.selection, all),
  }
  const p = run.progress
  step.checkpoint(() =>
    pruneResult(target, s, { ...run, progress: { ...p, stopped: p.stopped ?? 'the step was cancelled' } }),
  )
  if (s.dryRun) {
    // A dry run plans from the list alone: no look per runner, no wait.
    p.done = p.pending.splice(0).map((runner) => ({ runner, value: 'deleted' }))
    run.young = young.length
    run.onlineIdle = idleSince.size
    return pruneResult(target, s, run)
  }
  await waitOnce(step, rules, young.length, idleSince.size, listedAt)
  await changeEach(api, step, p, 'Deleted', (r) => pruneOne(api, target, r, rules, idleSince))
  return pruneResult(target, s, run)
}

/**
 * One wait for the whole selection, not one per runner: until the grace period has passed for
 * the never-connected candidates and idle-for for the online ones, whichever is later. Both
 * count from the end of the listing: a runner on its last page was seen then, however long it took.
 */
async function waitOnce(
  step: StepContext,
  rules: PruneRules,
  young: number,
  online: number,
  listedAt: number,
) {
  const graceEnds = young > 0 ? listedAt + rules.gracePeriod * 1000 : 0
  const idleEnds = online > 0 ? listedAt + rules.idleFor * 1000 : 0
  const wait = Math.max(graceEnds, idleEnds) - clock.now()
  if (wait <= 0) return
  const why = [
    // GitHub's busy flag lags a new job: look again later, right before each DELETE.
    online > 0
      ? `${online} of the runners to delete are online and idle (idle-for: GitHub shows a new job late)`
      : '',
    // A runner that is still registering shows as offline for a while: look again later.
    young > 0 ? `${young} of the runners to delete have never connected` : '',
  ].filter(Boolean)
  step.log.info(`${why.join('; ')}; waiting ${Math.ceil(wait / 1000)} s to look at them again.`)
  await clock.sleep(wait)
}

function pruneResult(target: Target, s: PruneSettings, run: PruneRun): OperationResult {
  const p = run.progress
  const deleted = p.done.map((d) => named(d.runner))
  const r = { deleted, skipped: [...p.skipped, ...notReached(p, 'been deleted')], failed: p.failed }
  const verb = s.dryRun ? 'would delete' : 'deleted'
  const text = [
    `${s.dryRun ? '**Dry run**: no runner was deleted. ' : ''}Listed ${run.listed} runners of ${describeTarget(target)}; ` +
      `${verb} ${r.deleted.length}, skipped ${r.skipped.length}, failed ${r.failed.length}.`,
  ]
  if (run.young > 0) {
    text.push(
      `${run.young} of them have never connected: a real run deletes those only if they are still offline after the grace period (${s.rules.gracePeriod} s).`,
    )
  }
  if (run.onlineIdle > 0) {
    text.push(
      `${run.onlineIdle} of them are online and idle: a real run deletes those only if they are still idle after idle-for (${s.rules.idleFor} s).`,
    )
  }
  let failure: string | undefined
  if (run.overCap) {
    const matched = r.skipped.filter((x) => x.reason.startsWith('not deleted:')).length
    failure =
      `${matched} runners match, more than max-deletions (${s.rules.maxDeletions}); nothing was deleted. ` +
      'Raise max-deletions or narrow the selection (status, name-pattern, has-labels, exclude).'
    text.push(`⛔ ${failure}`)
  } else failure = bulkFailure(p, 'deletions')
  return {
    result: { ...r, deleted_count: r.deleted.length, dry_run: s.dryRun },
    outputs: {
      deleted: r.deleted,
      skipped: r.skipped,
      failed: r.failed,
      // In a dry run, `deleted` and its count are what would be deleted.
      'deleted-count': String(r.deleted.length),
    },
    // Counts first, then failures and skips before the deletions.
    summary: {
      heading: `Prune runners${s.dryRun ? ' (dry run)' : ''}`,
      text,
      sections: outcomeSections(r.failed, r.skipped, {
        heading: s.dryRun ? 'Would delete' : 'Deleted',
        header: [],
        rows: r.deleted.map((x) => [x.name, x.id]),
      }),
    },
    errors: r.failed.map((f) => `Could not delete runner ${f.name} (id ${f.id}): ${f.error}`),
    warnings: run.warnings,
    failure,
  }
}

export const pruneOperation = defineOperation({
  name: 'prune-runners',
  family: 'Self-hosted runners',
  description:
    'Delete the runners a selection picks (default: offline), never a busy one; paced, confirmed, capped.',
  scopes: SCOPES,
  changes: true,
  inputs: {
    selection: selectionInputs({ status: 'offline', labelsSelect: true }),
    maxDeletions: whole('max-deletions', { min: 1, max: 100_000 }, 100),
    dryRun: flag('dry-run', false),
    gracePeriod: whole('grace-period', { min: 0, max: 3600 }, DEFAULT_GRACE_PERIOD),
    idleFor,
  },
  outputs: ['deleted', 'skipped', 'failed', 'deleted-count'],
  check: (_, ctx) => requireExplicitScope(ctx),
  run: (api, target, s, step) =>
    pruneRunners(
      api,
      target,
      {
        rules: {
          selection: s.selection,
          maxDeletions: s.maxDeletions,
          gracePeriod: s.gracePeriod,
          idleFor: s.idleFor,
        },
        dryRun: s.dryRun,
      },
      step,
    ),
})
