/**
 * `runner-id` or `runner-name`: how operations name one runner. A name is resolved with the
 * list endpoint's `name` query (one request, not a full listing).
 */
import { ApiError, type Api } from '../api.js'
import { ActionError, InputError } from '../errors.js'
import { sameName, type ApiRunner } from '../runners.js'
import type { Settings } from '../settings.js'
import { describeTarget, type Target } from '../target.js'

export function requireRunnerRef(s: Settings): void {
  if (s.runnerId === undefined && s.runnerName === undefined) {
    throw new InputError('runner-id', `${s.operation} needs runner-id or runner-name`)
  }
  if (s.runnerId !== undefined && s.runnerName !== undefined) {
    throw new InputError('runner-id', 'set runner-id or runner-name, not both')
  }
}

/** The runners named exactly `name` (GitHub compares names case-insensitively). */
export async function runnersNamed(client: Api, target: Target, name: string): Promise<ApiRunner[]> {
  const found = await client.list<ApiRunner>(target, 'GET /actions/runners', { name })
  return found.filter(sameName(name))
}

/** The one runner named `name`, or undefined; more than one is an error. */
export async function findRunnerByName(
  client: Api,
  target: Target,
  name: string,
): Promise<ApiRunner | undefined> {
  const found = await runnersNamed(client, target, name)
  if (found.length > 1) {
    throw new ActionError(
      `runner-name '${name}' is ambiguous in ${describeTarget(target)}: runners ${found.map((r) => r.id).join(', ')} carry it. Use runner-id.`,
    )
  }
  return found[0]
}

export function runnerNotFound(target: Target, ref: { id?: number; name?: string }): ActionError {
  const what = ref.id !== undefined ? `id ${ref.id}` : `name '${ref.name}'`
  return new ActionError(`No self-hosted runner with ${what} in ${describeTarget(target)}.`, 404)
}

/** The runner's id: `runner-id` as given, or `runner-name` resolved (unknown: an error). */
export async function resolveRunnerId(client: Api, target: Target, s: Settings): Promise<number> {
  if (s.runnerId !== undefined) return s.runnerId
  const name = s.runnerName!
  const r = await findRunnerByName(client, target, name)
  if (!r) throw runnerNotFound(target, { name })
  return r.id
}

/** Turns a 404 from a runner route into "no such runner". */
export function asRunnerNotFound(e: unknown, target: Target, id: number): unknown {
  return e instanceof ApiError && e.status === 404 ? runnerNotFound(target, { id }) : e
}

/**
 * GitHub answers 404 for a missing runner, but also for an owner that does not exist or that
 * the token cannot see. Before a 404 is read as "the runner is gone", this makes sure the
 * target answers (one small listing); if it does not, its explained error is thrown.
 */
export async function confirmTargetAnswers(client: Api, target: Target): Promise<void> {
  await client.request(target, 'GET /actions/runners', { per_page: 1 })
}
