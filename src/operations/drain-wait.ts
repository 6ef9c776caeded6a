/**
 * drain-runners, phase two: wait until each runner whose labels are gone is idle, then retire it.
 * Each poll looks at the runners still waited for: by id when they are fewer than the fleet's
 * pages, else one listing (a runner missing from it is looked at by id: lists shift while they
 * are paged, only a 404 says it is gone). An online runner is deleted only when a last look in
 * its write slot, `idle-for` after its first idle look, still finds it idle (src/decisions/idle-watch.ts).
 * Every look is bounded by the drain's deadline; a failed poll is tried again while time is left.
 */
import { ApiError, type Api } from '../github/api.js'
import { DECIDED_BY_LOOK } from '../transport/client.js'
import { beforeDeadline, clock, DeadlinePassed } from '../transport/clock.js'
import { ActionError, errorMessage } from '../errors.js'
import { deletableAt, heldBack, recordLook } from '../decisions/idle-watch.js'
import { named, type ApiRunner } from '../decisions/runner-shape.js'
import type { Target } from '../github/target.js'
import type { StepContext } from '../registry/define.js'
import type { Drain, DrainSettings } from './drain-state.js'
import { lookThenChange } from '../github/look-then-change.js'
import { BUSY_STATUS, deleteRunnerById, getRunnerById, listRunners } from '../github/runner-lookup.js'

const PAGE_SIZE = 100

/** A look at a waited-for runner: what GitHub answered (null: 404, gone), and when. */
type Looks = Map<number, ApiRunner | null>

/** Time kept before the deadline for the last poll's looks and DELETEs: 5 s, or a quarter of a short timeout. */
export function lastLookMargin(timeoutSeconds: number): number {
  return Math.min(5000, timeoutSeconds * 250)
}

/** A poll's GETs are conditional: a runner or page unchanged since the last poll answers 304, free. */
const POLL_LOOK = { poll: true } as const

/** One look at each waited-for runner: by id for a few, else a listing, a missing runner looked at by id. */
async function poll(api: Api, target: Target, d: Drain, deadline: number): Promise<Looks> {
  const looks: Looks = new Map()
  const byId = d.waiting.length < Math.ceil(d.listed / PAGE_SIZE)
  const listed = byId
    ? undefined
    : new Map(
        (await beforeDeadline(listRunners(api, target, undefined, {}, POLL_LOOK), deadline)).map((r) => [
          r.id,
          r,
        ]),
      )
  let failure: Error | undefined
  for (const r of d.waiting) {
    const seen = listed?.get(r.id)
    if (seen) {
      looks.set(r.id, seen)
      continue
    }
    try {
      looks.set(r.id, (await beforeDeadline(getRunnerById(api, target, r.id, POLL_LOOK), deadline)) ?? null)
    } catch (e) {
      if (e instanceof DeadlinePassed) throw e
      failure = e instanceof Error ? e : new Error(String(e)) // no look at this runner this time
    }
  }
  if (looks.size === 0 && failure !== undefined) throw failure
  return looks
}

type Retired = 'deleted' | 'gone' | 'held' | 'late' | 'unseen'

/** The last look before a DELETE; 'unseen' when GitHub failed it (5xx, no answer): tried again at the next poll. */
function lastLook(api: Api, target: Target, id: number, deadline: number) {
  return beforeDeadline(getRunnerById(api, target, id), deadline).catch((e: unknown) => {
    if (e instanceof DeadlinePassed || api.breaker.open || (e instanceof ApiError && e.status < 500)) throw e
    return 'unseen' as const
  })
}

/** In its write slot: the deadline, the last look (idle-for, busy), then the DELETE at once. */
function retire(api: Api, target: Target, d: Drain, r: ApiRunner, s: DrainSettings, deadline: number) {
  return lookThenChange(api, async (): Promise<Retired> => {
    if (clock.now() >= deadline) return 'late'
    const fresh = await lastLook(api, target, r.id, deadline)
    if (fresh === 'unseen') return 'unseen'
    if (!fresh) return 'gone'
    d.lastLook.set(r.id, fresh)
    if (heldBack(d.idleSince, fresh, clock.now(), s.idleFor * 1000)) return 'held'
    if (clock.now() >= deadline) return 'late'
    try {
      // The timeout bounds it too: unanswered at the deadline, the runner may have been deleted (reported so).
      const sent = deleteRunnerById(api, target, r.id, `Runner ${r.name}`, DECIDED_BY_LOOK)
      const done = await beforeDeadline(sent, deadline)
      return done === 'deleted' ? 'deleted' : 'gone'
    } catch (e) {
      if (e instanceof DeadlinePassed) d.inDoubt = r
      if (!(e instanceof ActionError && e.status === BUSY_STATUS)) throw e
      // GitHub says busy: a look that found it busy
      d.idleSince.delete(r.id)
      d.lastLook.set(r.id, { ...fresh, busy: true })
      return 'held'
    }
  })
}

function drained(d: Drain, r: ApiRunner, how: string, step: StepContext) {
  d.drained.push(named(r))
  d.waiting.splice(d.waiting.indexOf(r), 1)
  d.lastLook.delete(r.id)
  step.log.info(`Drained runner ${r.name} (id ${r.id}): ${how}.`)
}

/** Acts on one poll's looks: gone and idle runners are drained (idle ones deleted once idle-for has passed). */
async function actOnLooks(
  api: Api,
  target: Target,
  d: Drain,
  s: DrainSettings,
  step: StepContext,
  looks: { at: number; runners: Looks; deadline: number },
) {
  for (const r of [...d.waiting]) {
    if (step.signal.aborted || d.stopped) return
    const seen = looks.runners.get(r.id)
    if (seen === undefined) continue
    if (seen === null) {
      drained(d, r, 'gone (a look at it by id answered 404)', step)
      continue
    }
    recordLook(d.idleSince, seen, looks.at)
    d.lastLook.set(r.id, seen)
    if (seen.busy) continue
    // Kept or deleted, a runner is drained only once seen idle for idle-for: `drained` says it is safe to stop.
    if ((deletableAt(d.idleSince, seen, s.idleFor * 1000) ?? Infinity) > clock.now()) continue
    if (!s.delete) {
      drained(d, r, 'idle for idle-for, kept', step)
      continue
    }
    d.retiring = r
    try {
      const outcome = await retire(api, target, d, r, s, looks.deadline)
      if (outcome === 'deleted') d.deleted++
      if (outcome === 'deleted' || outcome === 'gone')
        drained(d, r, outcome === 'deleted' ? 'deleted' : 'gone before its DELETE', step)
      if (outcome === 'unseen')
        step.log.info(
          `Could not look at runner ${r.name} (id ${r.id}) before its DELETE; trying again at the next poll.`,
        )
    } catch (e) {
      if (step.signal.aborted || e instanceof DeadlinePassed) return
      d.failed.push({ ...named(r), error: errorMessage(e) })
      d.waiting.splice(d.waiting.indexOf(r), 1)
      step.log.info(`Could not delete runner ${r.name} (id ${r.id}): ${errorMessage(e)}`)
      if (api.breaker.open) d.stopped = 'GitHub is failing (the circuit breaker opened)'
    } finally {
      d.retiring = undefined
    }
  }
}

/**
 * Polls until every waited-for runner is drained or the deadline passes. The last poll leaves
 * `lastLookMargin` before the deadline for its looks and DELETEs.
 */
export async function waitAndRetire(
  api: Api,
  target: Target,
  d: Drain,
  s: DrainSettings,
  step: StepContext,
  deadline: number,
) {
  const margin = lastLookMargin(s.timeout)
  let lastFailure: string | undefined
  while (d.waiting.length > 0 && !d.stopped) {
    try {
      const runners = await poll(api, target, d, deadline)
      lastFailure = undefined
      await actOnLooks(api, target, d, s, step, { at: clock.now(), runners, deadline })
    } catch (e) {
      if (step.signal.aborted) return void (d.stopped = 'the step was cancelled')
      if (e instanceof DeadlinePassed) break
      lastFailure = errorMessage(e)
      step.log.info(`Could not look at the runners (${lastFailure}); trying again at the next poll.`)
    }
    if (step.signal.aborted) return void (d.stopped = 'the step was cancelled')
    const left = deadline - margin - clock.now()
    if (d.waiting.length === 0 || d.stopped || left <= 0) break
    step.log.info(
      `${d.waiting.length} runners not drained yet; looking again in ${Math.ceil(Math.min(s.pollInterval * 1000, left) / 1000)} s.`,
    )
    await clock.sleep(Math.min(s.pollInterval * 1000, left))
  }
  if (lastFailure && d.waiting.length > 0 && !d.stopped)
    d.stopped = `the runners could not be looked at until the timeout (${lastFailure})`
}
