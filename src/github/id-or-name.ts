/**
 * Inputs that name a thing by id or by name (`runner-group`, `hosted-runner`, `custom-image`,
 * entries of `runners`, `repositories`, `organizations`): a value of digits only is an id; a
 * name is looked up (exact, case-insensitive) in one listing of its kind.
 */
import { isNotFound, type Api } from './api.js'
import { NO_RETRY } from '../transport/client.js'
import { ActionError } from '../errors.js'
import { sameName } from '../decisions/runner-shape.js'
import { describeTarget, type Target } from './target.js'
import { deleteOnce } from './lost-answer.js'

export function asId(ref: string): number | undefined {
  return /^[1-9]\d*$/.test(ref) ? Number(ref) : undefined
}

/** Ids for refs that are ids already or names, each name looked up on its own. */
export async function idsOf(
  refs: readonly string[],
  lookup: (name: string) => Promise<number>,
): Promise<number[]> {
  const ids: number[] = []
  for (const ref of refs) ids.push(asId(ref) ?? (await lookup(ref)))
  return ids
}

/** The id a lookup route (e.g. `GET /repos/{owner}/{repo}`) answers with; a 404 says what was not found. */
export async function lookUpId(
  api: Api,
  target: Target,
  route: string,
  params: Record<string, string>,
  what: string,
): Promise<number> {
  try {
    const { id } = await api.requestUnscoped<{ id?: unknown }>(target, route, params)
    api.expectShape(Number.isSafeInteger(id) && (id as number) > 0, route, 'an id')
    return id as number
  } catch (e) {
    if (isNotFound(e)) throw new ActionError(`${what} was not found (or the token cannot see it).`, 404)
    throw e
  }
}

/** How many names a failure message shows at most: the outputs and the summary have them all. */
export const NAMES_IN_A_MESSAGE = 10

/** "a, b, c and 12 more": a few of `items` for an error message. */
export function few(items: string[], n = 8): string {
  if (items.length === 0) return 'none'
  return items.slice(0, n).join(', ') + (items.length > n ? ` and ${items.length - n} more` : '')
}

/** What an input that takes an id or a name names, and its route. */
export interface Ref {
  what: string
  input: string
  /** The item's route, without the method. */
  path: string
  param: string
  /** The id a ref stands for without a lookup, if it is one. Default: digits only (`asId`). */
  idOf?: (ref: string) => number | string | undefined
}

/** Things named by id or name: runner groups, hosted runners, custom images (number ids), network configurations (opaque string ids). */
type Named = { id: number | string; name: string }

export interface Kind<T extends Named> extends Ref {
  list: (api: Api, target: Target) => Promise<T[]>
}

const idIn = (kind: Ref, ref: string) => (kind.idOf ?? asId)(ref)

function notFound(kind: Ref, target: Target, ref: string, known?: string[], input = kind.input): ActionError {
  const id = idIn(kind, ref)
  return new ActionError(
    `No ${kind.what} ${id !== undefined ? `with id ${id}` : `named '${ref}'`} in ${describeTarget(target)}` +
      `${known ? `; it has: ${few(known)}` : ''}. Check the ${input} input.`,
    404,
  )
}

/** The one item of a listing that `ref` names: an id or a name (exact, case-insensitive). */
export function pick<T extends Named>(
  kind: Kind<T>,
  target: Target,
  items: T[],
  ref: string,
  input = kind.input,
): T {
  const id = idIn(kind, ref)
  const hits = items.filter(id !== undefined ? (i) => i.id === id : sameName(ref))
  if (hits.length > 1) {
    throw new ActionError(
      `${input} '${ref}' is ambiguous in ${describeTarget(target)}: ${kind.what}s ${hits.map((h) => h.id).join(', ')} carry that name. Use the id.`,
    )
  }
  if (!hits[0])
    throw notFound(
      kind,
      target,
      ref,
      items.map((i) => `${i.name} (${i.id})`),
      input,
    )
  return hits[0]
}

/** The id `ref` stands for: an id as given (no request), a name looked up in one listing. */
export async function resolveId<T extends Named>(
  api: Api,
  target: Target,
  kind: Kind<T>,
  ref: string,
): Promise<T['id']> {
  return (idIn(kind, ref) as T['id'] | undefined) ?? pick(kind, target, await kind.list(api, target), ref).id
}

/** The item `ref` names: a GET by id, or the listing's entry for a name. */
export async function fetchOne<T extends Named>(
  api: Api,
  target: Target,
  kind: Kind<T>,
  ref: string,
): Promise<T> {
  const id = idIn(kind, ref)
  if (id === undefined) return pick(kind, target, await kind.list(api, target), ref)
  return (await itemRequest<T>(api, target, kind, 'GET', id)).data
}

/** `METHOD` on one item's route; a 404 becomes "no such hosted runner / custom image". */
export async function itemRequest<T>(
  api: Api,
  target: Target,
  kind: Ref,
  method: string,
  id: number | string,
  params: Record<string, unknown> = {},
): Promise<{ status: number; data: T }> {
  try {
    return await api.request<T>(target, `${method} ${kind.path}`, { [kind.param]: id, ...params })
  } catch (e) {
    throw isNotFound(e) ? notFound(kind, target, String(id)) : e
  }
}

/**
 * Deletes an item found a moment ago: `deleted` (with GitHub's answer, unless it was lost), or
 * `absent` when it was gone by the time the DELETE arrived. A lost answer is re-sent, and a 404
 * then is this step's own deletion.
 */
export async function deleteItem<T = unknown>(
  api: Api,
  target: Target,
  path: string,
  params: Record<string, unknown>,
): Promise<{ outcome: 'deleted' | 'absent'; answer?: { status: number; data: T } }> {
  let answer: { status: number; data: T } | undefined
  const outcome = await deleteOnce(
    async () => {
      answer = await api.request<T>(target, `DELETE ${path}`, params, NO_RETRY)
    },
    () => Promise.resolve(),
  )
  return { outcome, ...(answer ? { answer } : {}) }
}
