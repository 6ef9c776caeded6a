/**
 * GitHub's `busy` flag lags a job's start by up to a minute: right after a job is assigned, a
 * look at its runner still says idle, and a DELETE then kills the job. So an online runner is
 * deleted only after two looks at least `idle-for` apart both found it idle, with no busy look
 * between, the second right before its DELETE. Offline runners are not held back. Pure: the
 * operations feed it their looks (a listing is a look) with the time they took them.
 */
import type { ApiRunner } from './runner-shape.js'

/** The default `idle-for`, in seconds: the longest lag of `busy` seen on github.com. */
export const DEFAULT_IDLE_FOR = 60

/** Per runner id: the time of the first look of its current idle stretch. */
export type IdleSince = Map<number, number>

/**
 * Records a look taken at `at`: an online idle look starts the runner's idle stretch (if none
 * runs); a busy or offline look ends it (a runner coming back online may get a job at once).
 */
export function recordLook(since: IdleSince, r: ApiRunner, at: number): void {
  if (r.busy || r.status !== 'online') since.delete(r.id)
  else if (!since.has(r.id)) since.set(r.id, at)
}

/**
 * When the runner may be deleted, on a last look taken then that still finds it idle: now for an
 * offline runner (or with `idle-for` 0), else `idle-for` after the first idle look of its
 * stretch; undefined while no idle look is recorded (a busy runner).
 */
export function deletableAt(since: IdleSince, r: ApiRunner, idleForMs: number): number | undefined {
  if (r.busy) return undefined
  if (r.status !== 'online' || idleForMs === 0) return -Infinity
  const first = since.get(r.id)
  return first === undefined ? undefined : first + idleForMs
}

/**
 * Checks the last look before a DELETE, taken at `at`: undefined when the runner may be deleted,
 * else why not yet (it is busy, or has not been idle for `idle-for`). Records the look.
 */
export function heldBack(
  since: IdleSince,
  fresh: ApiRunner,
  at: number,
  idleForMs: number,
): string | undefined {
  recordLook(since, fresh, at)
  if (fresh.busy) return 'busy: running a job'
  const when = deletableAt(since, fresh, idleForMs)
  if (when !== undefined && when <= at) return undefined
  return `online and idle for less than idle-for (${idleForMs / 1000} s): GitHub may not show a new job yet`
}
