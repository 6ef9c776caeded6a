/**
 * prune-runners: the nightly clean-up of ghost runners. Reads the whole list, decides with a
 * pure function (src/prune-plan.ts), then deletes one runner at a time, each confirmed with a
 * fresh GET right before its DELETE. Writes are paced by the client to GitHub's secondary
 * limit. A busy runner is never deleted; a failure does not stop the others but fails the step.
 */
import { ApiError, exhaustedRateLimit, type Api } from '../api.js'
import { clock } from '../clock.js'
import { ActionError, errorMessage } from '../errors.js'
import { flag, whole } from '../inputs/read.js'
import { requireExplicitScope, selectionInputs } from '../inputs/selection-inputs.js'
import {
  planPrune,
  recheck,
  type Failed,
  type NamedRunner,
  type PruneRules,
  type Skipped,
} from '../prune-plan.js'
import type { ApiRunner } from '../runner-shape.js'
import { describeTarget, SCOPES, type Target } from '../target.js'
import { defineOperation } from './define.js'
import { BUSY_STATUS, deleteRunnerById, getRunnerById } from './runner-lookup.js'
import type { OperationResult } from './types.js'

/** An error that makes every later request fail too: stop instead of trying the rest. */
function stopReason(e: unknown): string | undefined {
  if (!(e instanceof ApiError)) return undefined
  const exhausted = exhaustedRateLimit(e.status, e.headers)
  if (exhausted)
    return `the API rate limit is exhausted${exhausted.resetsAt ? ` until ${exhausted.resetsAt}` : ''}`
  if (e.status === 401 || e.status === 403) return `GitHub refused the token (${e.status})`
  return undefined
}

type Outcome = { kind: 'deleted' } | { kind: 'skipped'; reason: string }

async function pruneOne(
  api: Api,
  target: Target,
  r: ApiRunner,
  rules: PruneRules,
  dryRun: boolean,
): Promise<Outcome> {
  const fresh = await getRunnerById(api, target, r.id)
  if (!fresh) return { kind: 'skipped', reason: 'already gone before deleting' }
  const reason = recheck(fresh, rules)
  if (reason) return { kind: 'skipped', reason }
  if (dryRun) return { kind: 'deleted' }
  try {
    // 'absent' too: it is gone, as the prune wanted.
    await deleteRunnerById(api, target, r.id, `Runner ${r.name}`)
    return { kind: 'deleted' }
  } catch (e) {
    if (e instanceof ActionError && e.status === BUSY_STATUS)
      return { kind: 'skipped', reason: 'GitHub refused: running a job (it turned busy after the last look)' }
    throw e
  }
}

interface PruneSettings {
  rules: PruneRules
  dryRun: boolean
  gracePeriod: number
}

async function pruneRunners(api: Api, target: Target, s: PruneSettings): Promise<OperationResult> {
  const { rules } = s
  const firstLook = clock.now()
  const all = await api.list<ApiRunner>(target, 'GET /actions/runners')
  const plan = planPrune(all, rules)
  const deleted: NamedRunner[] = []
  const skipped: Skipped[] = [...plan.skipped]
  const failed: Failed[] = []
  let stopped: string | undefined

  if (!plan.overCap && plan.candidates.length > 0 && s.gracePeriod > 0) {
    // A runner that is still registering shows as offline for a while: look again later.
    const wait = firstLook + s.gracePeriod * 1000 - clock.now()
    if (wait > 0) await clock.sleep(wait)
  }
  for (const [i, r] of plan.candidates.entries()) {
    if (stopped) {
      skipped.push({ id: r.id, name: r.name, reason: `not attempted: ${stopped}` })
      continue
    }
    try {
      const outcome = await pruneOne(api, target, r, rules, s.dryRun)
      if (outcome.kind === 'deleted') deleted.push({ id: r.id, name: r.name })
      else skipped.push({ id: r.id, name: r.name, reason: outcome.reason })
    } catch (e) {
      failed.push({ id: r.id, name: r.name, error: errorMessage(e) })
      stopped = stopReason(e)
      if (stopped && i + 1 < plan.candidates.length) stopped += '; the prune stopped early'
    }
  }
  return pruneResult(target, s, all.length, plan.overCap, { deleted, skipped, failed }, stopped)
}

function pruneResult(
  target: Target,
  s: PruneSettings,
  listed: number,
  overCap: boolean,
  r: { deleted: NamedRunner[]; skipped: Skipped[]; failed: Failed[] },
  stopped: string | undefined,
): OperationResult {
  const verb = s.dryRun ? 'would delete' : 'deleted'
  const text = [
    `${s.dryRun ? '**Dry run**: no runner was deleted. ' : ''}Listed ${listed} runners of ${describeTarget(target)}; ` +
      `${verb} ${r.deleted.length}, skipped ${r.skipped.length}, failed ${r.failed.length}.`,
  ]
  let failure: string | undefined
  if (overCap) {
    const matched = r.skipped.filter((x) => x.reason.startsWith('not deleted:')).length
    failure =
      `${matched} runners match, more than max-deletions (${s.rules.maxDeletions}); nothing was deleted. ` +
      'Raise max-deletions or narrow the selection (status, name-pattern, has-labels, exclude).'
    text.push(`⛔ ${failure}`)
  } else if (r.failed.length > 0) {
    failure = `${r.failed.length} of ${r.deleted.length + r.failed.length} deletions failed${stopped ? ` (${stopped})` : ''}; see the failed output.`
  }
  const rows = [
    ...r.deleted.map((x) => [x.name, x.id, s.dryRun ? 'would delete' : 'deleted', '']),
    ...r.skipped.map((x) => [x.name, x.id, 'skipped', x.reason]),
    ...r.failed.map((x) => [x.name, x.id, 'failed', x.error]),
  ]
  return {
    result: { ...r, deleted_count: r.deleted.length, dry_run: s.dryRun },
    outputs: {
      deleted: r.deleted,
      skipped: r.skipped,
      failed: r.failed,
      // In a dry run, `deleted` and its count are what would be deleted.
      'deleted-count': String(r.deleted.length),
    },
    summary: {
      heading: `Prune runners${s.dryRun ? ' (dry run)' : ''}`,
      text,
      table: { header: ['Name', 'ID', 'Outcome', 'Reason'], rows },
    },
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
    gracePeriod: whole('grace-period', { min: 0, max: 3600 }, 0),
  },
  outputs: ['deleted', 'skipped', 'failed', 'deleted-count'],
  check: (_, ctx) => requireExplicitScope(ctx),
  run: (api, target, s) =>
    pruneRunners(api, target, {
      rules: { selection: s.selection, maxDeletions: s.maxDeletions, requireOffline: s.gracePeriod > 0 },
      dryRun: s.dryRun,
      gracePeriod: s.gracePeriod,
    }),
})
