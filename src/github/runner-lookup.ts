/**
 * Finding, fetching and deleting one self-hosted runner. A name is resolved with the list
 * endpoint's `name` query (one request, not a full listing). GitHub answers 404 for a missing
 * runner but also for an owner that does not exist or that the token cannot see: a 404 is read
 * as "the runner is gone" only once the target has answered. Every listing and look feeds the
 * step's runner ledger, when it has one (src/ledger/ledger-session.ts).
 *
 * Polls pass `{ poll: true }` (LookOptions): the GET goes out conditionally (If-None-Match with
 * the last ETag of its URL), and an unchanged runner or page, answered 304, costs no primary
 * rate limit; the answer is then the one remembered, as current as a fresh one.
 */
import { ApiError, isNotFound, type Api } from './api.js'
import { DECIDED_BY_LOOK, NO_RETRY } from '../transport/client.js'
import { ActionError } from '../errors.js'
import { ledgerFor } from '../ledger/ledger-session.js'
import type { RunnerRef } from '../inputs/runner-inputs.js'
import { isApiRunner, sameName, type ApiRunner } from '../decisions/runner-shape.js'
import { describeTarget, type Target } from './target.js'
import { POLL } from '../transport/conditional.js'
import { deleteOnce } from './lost-answer.js'

const RUNNER = '/actions/runners/{runner_id}'

/** Targets known to answer, per Api: their 404s are about the runner. */
const answering = new WeakMap<Api, Set<string>>()

/** Makes sure the target answers (one small listing, once per step); throws its explained error if not. */
async function confirmTargetAnswers(api: Api, target: Target): Promise<void> {
  const key = describeTarget(target)
  const known = answering.get(api) ?? new Set<string>()
  answering.set(api, known)
  if (known.has(key)) return
  await api.request(target, 'GET /actions/runners', { per_page: 1 })
  known.add(key)
}

/** How a look is taken. */
export interface LookOptions {
  /** A poll: sent with If-None-Match; a 304 ("unchanged") gives the last answer again, free. */
  poll?: boolean
}

const pollParams = (look: LookOptions) => (look.poll ? POLL : {})

/**
 * Every runner of a runner list (`GET /actions/runners`, a group's runners...), each checked
 * to be a runner: decisions to delete are made on these answers.
 */
export async function listRunners(
  api: Api,
  target: Target,
  endpoint = 'GET /actions/runners',
  params: Record<string, unknown> = {},
  look: LookOptions = {},
): Promise<ApiRunner[]> {
  const all: ApiRunner[] = []
  for await (const page of runnerPages(api, target, endpoint, params, look)) all.push(...page)
  return all
}

/**
 * The pages of a runner list, one at a time (to count a large fleet without holding it), each
 * runner checked. The ledger sees each page; a listing of every runner read to its last page
 * is a complete one (the only kind that tells which known runners it no longer shows).
 */
export async function* runnerPages(
  api: Api,
  target: Target,
  endpoint = 'GET /actions/runners',
  params: Record<string, unknown> = {},
  look: LookOptions = {},
): AsyncGenerator<ApiRunner[]> {
  const ledger = endpoint === 'GET /actions/runners' ? ledgerFor(api) : undefined
  const everyRunner = Object.keys(params).length === 0
  if (everyRunner) ledger?.startListing()
  for await (const page of api.pages<unknown>(target, endpoint, { ...params, ...pollParams(look) })) {
    api.expectShape(page.every(isApiRunner), endpoint, 'a list of runners')
    ledger?.seePage(page as ApiRunner[])
    yield page as ApiRunner[]
  }
  if (everyRunner) ledger?.endListing()
}

/** The runners named exactly `name` (GitHub compares names case-insensitively). */
export async function runnersNamed(
  api: Api,
  target: Target,
  name: string,
  look: LookOptions = {},
): Promise<ApiRunner[]> {
  return (await listRunners(api, target, 'GET /actions/runners', { name }, look)).filter(sameName(name))
}

/** The one runner named `name`, or undefined; more than one is an error. */
export async function findRunnerByName(
  api: Api,
  target: Target,
  name: string,
  look: LookOptions = {},
): Promise<ApiRunner | undefined> {
  const found = await runnersNamed(api, target, name, look)
  if (found.length > 1) {
    throw new ActionError(
      `runner-name '${name}' is ambiguous in ${describeTarget(target)}: runners ${found.map((r) => r.id).join(', ')} carry it. Use runner-id.`,
    )
  }
  return found[0]
}

/** The runner with this id, or undefined when it does not exist. */
export async function getRunnerById(
  api: Api,
  target: Target,
  id: number,
  look: LookOptions = {},
): Promise<ApiRunner | undefined> {
  try {
    const { data } = await api.request<unknown>(target, `GET ${RUNNER}`, { runner_id: id }, pollParams(look))
    api.expectShape(isApiRunner(data) && data.id === id, `GET ${RUNNER}`, `runner ${id}`)
    ledgerFor(api)?.see(data as ApiRunner)
    return data as ApiRunner
  } catch (e) {
    if (!isNotFound(e)) throw e
    await confirmTargetAnswers(api, target)
    ledgerFor(api)?.gone(id)
    return undefined
  }
}

/** The runner `ref` names, or undefined when there is none. */
export function lookUpRunner(
  api: Api,
  target: Target,
  ref: RunnerRef,
  look: LookOptions = {},
): Promise<ApiRunner | undefined> {
  return ref.id !== undefined
    ? getRunnerById(api, target, ref.id, look)
    : findRunnerByName(api, target, ref.name, look)
}

export function runnerNotFound(target: Target, ref: RunnerRef): ActionError {
  const what = ref.id !== undefined ? `id ${ref.id}` : `name '${ref.name}'`
  return new ActionError(`No self-hosted runner with ${what} in ${describeTarget(target)}.`, 404)
}

/** The runner's id: an id as given, a name resolved (unknown: an error). */
export async function resolveRunnerId(api: Api, target: Target, ref: RunnerRef): Promise<number> {
  if (ref.id !== undefined) return ref.id
  const r = await findRunnerByName(api, target, ref.name)
  if (!r) throw runnerNotFound(target, ref)
  return r.id
}

/** Turns a 404 from a runner route into "no such runner". */
export function asRunnerNotFound(e: unknown, target: Target, id: number): unknown {
  return isNotFound(e) ? runnerNotFound(target, { id }) : e
}

/** GitHub's answer to deleting a runner that is running a job. */
export const BUSY_STATUS = 422

/**
 * Deletes a runner: `deleted` by this step, or `absent` (gone already). A busy runner is
 * refused by GitHub (422): the ActionError says so and carries the status. `options`:
 * DECIDED_BY_LOOK when a look just decided it (inside `lookThenChange`).
 */
export async function deleteRunnerById(
  api: Api,
  target: Target,
  id: number,
  what = `Runner ${id}`,
  options: typeof NO_RETRY | typeof DECIDED_BY_LOOK = NO_RETRY,
): Promise<'deleted' | 'absent'> {
  try {
    const outcome = await deleteOnce(
      () => api.request(target, `DELETE ${RUNNER}`, { runner_id: id }, options),
      () => confirmTargetAnswers(api, target),
    )
    ledgerFor(api)?.gone(id)
    return outcome
  } catch (e) {
    if (e instanceof ApiError && e.status === BUSY_STATUS) {
      throw new ActionError(
        `${what} is running a job; GitHub does not delete a busy runner. ` +
          'Wait until it is idle (wait-for-runner with wait-for: idle) and delete it then.',
        BUSY_STATUS,
      )
    }
    throw e
  }
}
