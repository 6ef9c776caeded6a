/**
 * Changing many runners, one at a time: each change is decided by a fresh look taken in its
 * write slot (lookThenChange). A failure does not stop the others, unless it would stop every
 * later change too (a rate limit, a refused token, GitHub failing); a cancelled step stops
 * before its next change. Progress is kept so that a cancelled step can report what it did.
 */
import { ApiError, type Api } from './api.js'
import { errorMessage } from '../errors.js'
import { named, type ApiRunner, type Failed, type Skipped } from '../decisions/runner-shape.js'
import type { StepContext } from '../registry/define.js'
import { lookThenChange } from './look-then-change.js'
import { few, NAMES_IN_A_MESSAGE } from './id-or-name.js'
import type { Cell, OperationResult, SummarySection } from '../registry/operation-result.js'

export interface BulkProgress<T> {
  /** Runners changed, with what the change gave back. */
  done: { runner: ApiRunner; value: T }[]
  skipped: Skipped[]
  failed: Failed[]
  /** Runners not reached yet (stopped early, or cancelled). */
  pending: ApiRunner[]
  /** The runner whose look and change are under way. */
  inFlight?: ApiRunner
  /** Why the work stopped before the end. */
  stopped?: string
}

/** What one fresh look decided: leave the runner alone (why), or the change's result. */
export type Decision<T> = { skip: string } | { value: T }

export function startProgress<T>(runners: readonly ApiRunner[], skipped: Skipped[] = []): BulkProgress<T> {
  return { done: [], skipped: [...skipped], failed: [], pending: [...runners] }
}

/** An error that makes every later request fail too: stop instead of trying the rest. */
export function stopReason(e: unknown, api: Api): string | undefined {
  if (api.breaker.open)
    return 'GitHub is failing (the circuit breaker opened after repeated 5xx or network failures)'
  if (!(e instanceof ApiError)) return undefined
  if (e.rateLimit)
    return `GitHub's ${e.rateLimit.limit} rate limit stopped it; retry after ${e.rateLimit.retryAt.toISOString()}`
  if (e.status === 401 || e.status === 403) return `GitHub refused the token (${e.status})`
  return undefined
}

/**
 * Runs `act` (look, decide, change: inside one write slot) for each pending runner, logging
 * each outcome as it happens (`verb`: "Deleted", "Changed the labels of").
 */
export async function changeEach<T>(
  api: Api,
  step: StepContext,
  p: BulkProgress<T>,
  verb: string,
  act: (r: ApiRunner) => Promise<Decision<T>>,
): Promise<BulkProgress<T>> {
  while (p.pending.length > 0 && !p.stopped && !step.signal.aborted) {
    const r = p.pending[0]!
    p.inFlight = r
    try {
      const decision = await lookThenChange(api, () => act(r))
      if ('skip' in decision) {
        p.skipped.push({ ...named(r), reason: decision.skip })
        step.log.info(`Skipped runner ${r.name} (id ${r.id}): ${decision.skip}.`)
      } else {
        p.done.push({ runner: r, value: decision.value })
        step.log.info(`${verb} runner ${r.name} (id ${r.id}).`)
      }
    } catch (e) {
      if (step.signal.aborted) break // reported as in flight
      p.failed.push({ ...named(r), error: errorMessage(e) })
      step.log.info(`Failed on runner ${r.name} (id ${r.id}): ${errorMessage(e)}`)
      p.stopped = stopReason(e, api)
    }
    p.pending.shift()
    p.inFlight = undefined
  }
  if (step.signal.aborted) p.stopped = 'the step was cancelled'
  return p
}

/** Skipped entries for the runners not reached: not attempted, or in flight when the work stopped. */
export function notReached(p: BulkProgress<unknown>, inFlightMay: string): Skipped[] {
  const why = p.stopped ?? 'stopped'
  return p.pending.map((r) => ({
    ...named(r),
    reason: r === p.inFlight ? `in flight when ${why}: it may have ${inFlightMay}` : `not attempted: ${why}`,
  }))
}

/** Why the step fails after a bulk change that did not go through for every runner (undefined: it did). */
export function bulkFailure(p: BulkProgress<unknown>, changes: string): string | undefined {
  if (p.failed.length === 0 && p.pending.length === 0) return undefined
  const stopped = p.stopped
    ? ` (${p.stopped}${p.pending.length ? `; ${p.pending.length} not attempted` : ''})`
    : ''
  return `${p.failed.length} of ${p.done.length + p.failed.length} ${changes} failed${stopped}; see the failed and skipped outputs.`
}

/** The summary's tables: failures first (open), then skips, then what was done. */
export function outcomeSections(
  failed: Failed[],
  skipped: Skipped[],
  done: { heading: string; header: string[]; rows: Cell[][] },
): SummarySection[] {
  const table = (header: string[], rows: Cell[][]) => ({ header: ['Name', 'ID', ...header], rows })
  return [
    {
      heading: 'Failed',
      table: table(
        ['Error'],
        failed.map((x) => [x.name, x.id, x.error]),
      ),
      open: true,
    },
    {
      heading: 'Skipped',
      table: table(
        ['Reason'],
        skipped.map((x) => [x.name, x.id, x.reason]),
      ),
    },
    { heading: done.heading, table: table(done.header, done.rows) },
  ].filter((x) => x.table.rows.length > 0)
}

/** A change to one item of a list (a runner into a group, a repository into a list) that failed. */
export interface ItemFailure {
  item: string
  error: string
}

/**
 * Makes one change per item, one at a time: a failure does not stop the others (unless it would
 * stop every later one too), and each is reported, so a partial change is never silent.
 */
export async function changeItems<T>(
  api: Api,
  items: readonly T[],
  label: (item: T, i: number) => string,
  change: (item: T, i: number) => Promise<void>,
): Promise<{ done: string[]; failed: ItemFailure[]; failure?: string }> {
  const done: string[] = []
  const failed: ItemFailure[] = []
  let stopped: string | undefined
  for (const [i, item] of items.entries()) {
    if (stopped) {
      failed.push({ item: label(item, i), error: `not attempted: ${stopped}` })
      continue
    }
    try {
      await change(item, i)
      done.push(label(item, i))
    } catch (e) {
      failed.push({ item: label(item, i), error: errorMessage(e) })
      stopped = stopReason(e, api)
    }
  }
  const failure = failed.length
    ? `${failed.length} of ${items.length} changes failed (${few(
        failed.map((f) => f.item),
        NAMES_IN_A_MESSAGE,
      )}); ` +
      `${done.length ? `${few(done, NAMES_IN_A_MESSAGE)} ${done.length > 1 ? 'were' : 'was'} changed` : 'nothing was changed'}. The failed output says why.`
    : undefined
  return { done, failed, ...(failure ? { failure } : {}) }
}

/** A result with the failures of `changeItems`: the `failed` output, and the step fails. */
export function withFailures(
  r: OperationResult,
  changed: { failed: ItemFailure[]; failure?: string },
): OperationResult {
  return {
    ...r,
    outputs: { ...r.outputs, failed: changed.failed },
    ...(changed.failure ? { failure: changed.failure } : {}),
  }
}
