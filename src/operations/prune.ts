/**
 * prune-runners: the nightly clean-up of ghost runners. Reads the whole list, decides with a
 * pure function (src/prune.ts), then deletes one runner at a time, each confirmed with a
 * fresh GET right before its DELETE. Writes are paced by the client to GitHub's secondary
 * limit. A busy runner is never deleted; a failure does not stop the others but fails the step.
 */
import { ApiError, type Api } from '../api.js'
import { clock } from '../clock.js'
import { errorMessage } from '../errors.js'
import { planPrune, recheck, type Failed, type PruneRules, type RunnerRef, type Skipped } from '../prune.js'
import type { ApiRunner } from '../runners.js'
import type { Settings } from '../settings.js'
import { describeTarget, SCOPES, type Target } from '../target.js'
import type { Operation, OperationResult } from './types.js'

export function pruneRules(s: Settings): PruneRules {
  return {
    status: s.status ?? 'offline',
    busy: s.busy ?? 'any',
    namePatterns: s.namePatterns,
    labels: s.labels,
    exclude: s.exclude,
    maxDeletions: s.maxDeletions,
    requireOffline: s.gracePeriod > 0,
  }
}

/** An error that makes every later request fail too: stop instead of trying the rest. */
function stopReason(e: unknown): string | undefined {
  if (!(e instanceof ApiError)) return undefined
  const rateLimited =
    (e.status === 403 || e.status === 429) && String(e.headers['x-ratelimit-remaining']) === '0'
  if (rateLimited) {
    const reset = Number(e.headers['x-ratelimit-reset'])
    return `the API rate limit is exhausted${reset ? ` until ${new Date(reset * 1000).toISOString()}` : ''}`
  }
  if (e.status === 401 || e.status === 403) return `GitHub refused the token (${e.status})`
  return undefined
}

type Outcome = { kind: 'deleted' } | { kind: 'skipped'; reason: string } | { kind: 'failed'; error: string }

async function pruneOne(
  client: Api,
  target: Target,
  r: ApiRunner,
  rules: PruneRules,
  dryRun: boolean,
): Promise<Outcome> {
  let fresh: ApiRunner
  try {
    fresh = (await client.request<ApiRunner>(target, 'GET /actions/runners/{runner_id}', { runner_id: r.id }))
      .data
  } catch (e) {
    if (e instanceof ApiError && e.status === 404)
      return { kind: 'skipped', reason: 'already gone before deleting' }
    throw e
  }
  const reason = recheck(fresh, rules)
  if (reason) return { kind: 'skipped', reason }
  if (dryRun) return { kind: 'deleted' }
  try {
    await client.request(target, 'DELETE /actions/runners/{runner_id}', { runner_id: r.id })
    return { kind: 'deleted' }
  } catch (e) {
    if (!(e instanceof ApiError)) throw e
    // 404: gone (perhaps by this very request, retried after a lost answer).
    if (e.status === 404) return { kind: 'deleted' }
    if (e.status === 422)
      return { kind: 'skipped', reason: `GitHub refused: running a job (${e.githubMessage ?? '422'})` }
    throw e
  }
}

export const pruneRunners: Operation = {
  description:
    'Delete the runners that match the filters (default: offline), never a busy one; paced, confirmed, capped.',
  scopes: SCOPES,
  run: async (client, target, s) => {
    const rules = pruneRules(s)
    const firstLook = clock.now()
    const all = await client.list<ApiRunner>(target, 'GET /actions/runners')
    const plan = planPrune(all, rules)
    const deleted: RunnerRef[] = []
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
        const outcome = await pruneOne(client, target, r, rules, s.dryRun)
        if (outcome.kind === 'deleted') deleted.push({ id: r.id, name: r.name })
        else if (outcome.kind === 'skipped') skipped.push({ id: r.id, name: r.name, reason: outcome.reason })
      } catch (e) {
        failed.push({ id: r.id, name: r.name, error: errorMessage(e) })
        stopped = stopReason(e)
        if (stopped && i + 1 < plan.candidates.length) stopped += '; the prune stopped early'
      }
    }
    return pruneResult(target, s, all.length, plan.overCap, { deleted, skipped, failed }, stopped)
  },
}

function pruneResult(
  target: Target,
  s: Settings,
  listed: number,
  overCap: boolean,
  r: { deleted: RunnerRef[]; skipped: Skipped[]; failed: Failed[] },
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
      `${matched} runners match, more than max-deletions (${s.maxDeletions}); nothing was deleted. ` +
      'Raise max-deletions or narrow the filters (status, name-pattern, labels, exclude).'
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
