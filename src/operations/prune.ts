/**
 * prune-runners: the nightly clean-up of ghost runners. Reads the whole list, decides with a
 * pure function (src/prune-plan.ts), then deletes one runner at a time, each confirmed with a
 * fresh look right before its DELETE. A runner that has never connected is deleted only if it
 * is still offline after the grace period. Writes are paced by the client to GitHub's
 * secondary limit. A busy runner is never deleted; a failure does not stop the others but
 * fails the step. Each deletion is logged as it happens, and a cancelled step reports what it did.
 */
import { ApiError, type Api } from '../api.js'
import { clock } from '../clock.js'
import { ActionError, errorMessage } from '../errors.js'
import { flag, whole } from '../inputs/read.js'
import { requireExplicitScope, selectionInputs } from '../inputs/selection-inputs.js'
import {
  needsSecondLook,
  planPrune,
  recheck,
  type Failed,
  type NamedRunner,
  type PruneRules,
  type Skipped,
} from '../prune-plan.js'
import type { ApiRunner } from '../runner-shape.js'
import { describeTarget, SCOPES, type Target } from '../target.js'
import { DECIDED_BY_LOOK } from '../client.js'
import { defineOperation, type StepContext } from './define.js'
import { lookThenChange } from './look-then-change.js'
import { BUSY_STATUS, deleteRunnerById, getRunnerById, listRunners } from './runner-lookup.js'
import type { Cell, OperationResult } from './types.js'

/** Long enough for a VM to boot and its runner to connect (the Terraform module's minimum running time is 5 minutes). */
export const DEFAULT_GRACE_PERIOD = 300

/** An error that makes every later request fail too: stop instead of trying the rest. */
function stopReason(e: unknown, api: Api): string | undefined {
  if (api.breaker.open)
    return 'GitHub is failing (the circuit breaker opened after repeated 5xx or network failures)'
  if (!(e instanceof ApiError)) return undefined
  if (e.rateLimit)
    return `GitHub's ${e.rateLimit.limit} rate limit stopped it; retry after ${e.rateLimit.retryAt.toISOString()}`
  if (e.status === 401 || e.status === 403) return `GitHub refused the token (${e.status})`
  return undefined
}

type Outcome = { kind: 'deleted' } | { kind: 'skipped'; reason: string }

/** The slot, the look, the DELETE at once: a runner is deleted only on a look taken after every wait. */
function pruneOne(api: Api, target: Target, r: ApiRunner, rules: PruneRules): Promise<Outcome> {
  return lookThenChange(api, async () => {
    const fresh = await getRunnerById(api, target, r.id)
    if (!fresh) return { kind: 'skipped', reason: 'already gone before deleting' }
    const reason = recheck(fresh, rules, r)
    if (reason) return { kind: 'skipped', reason }
    try {
      // 'absent' too: it is gone, as the prune wanted.
      await deleteRunnerById(api, target, r.id, `Runner ${r.name}`, DECIDED_BY_LOOK)
      return { kind: 'deleted' }
    } catch (e) {
      if (e instanceof ActionError && e.status === BUSY_STATUS)
        return {
          kind: 'skipped',
          reason: 'GitHub refused: running a job (it turned busy after the last look)',
        }
      throw e
    }
  })
}

interface PruneSettings {
  rules: PruneRules
  dryRun: boolean
}

interface Progress {
  listed: number
  overCap: boolean
  deleted: NamedRunner[]
  skipped: Skipped[]
  failed: Failed[]
  /** Candidates not reached (stopped early, or cancelled). */
  pending: ApiRunner[]
  /** The candidate whose look and deletion are under way. */
  inFlight?: ApiRunner
  stopped?: string
  /** Never-connected candidates a dry run would still look at after the grace period. */
  young: number
}

async function pruneRunners(api: Api, target: Target, s: PruneSettings, step: StepContext) {
  const { rules } = s
  const firstLook = clock.now()
  const all = await listRunners(api, target)
  const plan = planPrune(all, rules)
  const young = plan.candidates.filter((r) => needsSecondLook(r, rules))
  const p: Progress = {
    listed: all.length,
    overCap: plan.overCap,
    deleted: [],
    skipped: [...plan.skipped],
    failed: [],
    pending: [...plan.candidates],
    young: 0,
  }
  step.checkpoint(() => pruneResult(target, s, { ...p, stopped: p.stopped ?? 'the step was cancelled' }))
  if (s.dryRun) {
    // A dry run plans from the list alone: no look per runner, no wait.
    p.deleted = p.pending.splice(0).map(named)
    p.young = young.length
    return pruneResult(target, s, p)
  }
  const wait = firstLook + rules.gracePeriod * 1000 - clock.now()
  if (young.length > 0 && wait > 0) {
    // A runner that is still registering shows as offline for a while: look again later.
    step.log.info(
      `${young.length} of the runners to delete have never connected; waiting ${Math.ceil(wait / 1000)} s (grace-period) to see whether they connect.`,
    )
    await clock.sleep(wait)
  }
  while (p.pending.length > 0 && !p.stopped) {
    if (step.signal.aborted) break
    const r = p.pending[0]!
    p.inFlight = r
    try {
      const outcome = await pruneOne(api, target, r, rules)
      if (outcome.kind === 'deleted') {
        p.deleted.push(named(r))
        step.log.info(`Deleted runner ${r.name} (id ${r.id}).`)
      } else {
        p.skipped.push({ ...named(r), reason: outcome.reason })
        step.log.info(`Skipped runner ${r.name} (id ${r.id}): ${outcome.reason}.`)
      }
    } catch (e) {
      if (step.signal.aborted) break // reported as in flight
      p.failed.push({ ...named(r), error: errorMessage(e) })
      step.log.info(`Could not delete runner ${r.name} (id ${r.id}): ${errorMessage(e)}`)
      p.stopped = stopReason(e, api)
    }
    p.pending.shift()
    p.inFlight = undefined
  }
  if (step.signal.aborted) p.stopped = 'the step was cancelled'
  return pruneResult(target, s, p)
}

const named = (r: ApiRunner): NamedRunner => ({ id: r.id, name: r.name })

function pruneResult(target: Target, s: PruneSettings, p: Progress): OperationResult {
  const skipped = [
    ...p.skipped,
    ...p.pending.map((r) => ({
      ...named(r),
      reason:
        r === p.inFlight
          ? `in flight when ${p.stopped ?? 'stopped'}: it may have been deleted`
          : `not attempted: ${p.stopped ?? 'stopped'}`,
    })),
  ]
  const r = { deleted: p.deleted, skipped, failed: p.failed }
  const verb = s.dryRun ? 'would delete' : 'deleted'
  const text = [
    `${s.dryRun ? '**Dry run**: no runner was deleted. ' : ''}Listed ${p.listed} runners of ${describeTarget(target)}; ` +
      `${verb} ${r.deleted.length}, skipped ${r.skipped.length}, failed ${r.failed.length}.`,
  ]
  if (p.young > 0) {
    text.push(
      `${p.young} of them have never connected: a real run deletes those only if they are still offline after the grace period (${s.rules.gracePeriod} s).`,
    )
  }
  let failure: string | undefined
  if (p.overCap) {
    const matched = r.skipped.filter((x) => x.reason.startsWith('not deleted:')).length
    failure =
      `${matched} runners match, more than max-deletions (${s.rules.maxDeletions}); nothing was deleted. ` +
      'Raise max-deletions or narrow the selection (status, name-pattern, has-labels, exclude).'
    text.push(`⛔ ${failure}`)
  } else if (r.failed.length > 0 || p.pending.length > 0) {
    const stopped = p.stopped
      ? ` (${p.stopped}${p.pending.length ? `; ${p.pending.length} not attempted` : ''})`
      : ''
    failure = `${r.failed.length} of ${r.deleted.length + r.failed.length} deletions failed${stopped}; see the failed and skipped outputs.`
  }
  const table = (header: string[], rows: Cell[][]) => ({ header: ['Name', 'ID', ...header], rows })
  const sections = [
    {
      heading: 'Failed',
      table: table(
        ['Error'],
        r.failed.map((x) => [x.name, x.id, x.error]),
      ),
      open: true,
    },
    {
      heading: 'Skipped',
      table: table(
        ['Reason'],
        r.skipped.map((x) => [x.name, x.id, x.reason]),
      ),
    },
    {
      heading: s.dryRun ? 'Would delete' : 'Deleted',
      table: table(
        [],
        r.deleted.map((x) => [x.name, x.id]),
      ),
    },
  ].filter((x) => x.table.rows.length > 0)
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
    summary: { heading: `Prune runners${s.dryRun ? ' (dry run)' : ''}`, text, sections },
    errors: r.failed.map((f) => `Could not delete runner ${f.name} (id ${f.id}): ${f.error}`),
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
  },
  outputs: ['deleted', 'skipped', 'failed', 'deleted-count'],
  check: (_, ctx) => requireExplicitScope(ctx),
  run: (api, target, s, step) =>
    pruneRunners(
      api,
      target,
      {
        rules: { selection: s.selection, maxDeletions: s.maxDeletions, gracePeriod: s.gracePeriod },
        dryRun: s.dryRun,
      },
      step,
    ),
})
