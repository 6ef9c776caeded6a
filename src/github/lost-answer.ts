/**
 * Requests whose answer may be lost (a 5xx or a network error): the request may or may not
 * have been carried out. They go out without the client's blind retry (NO_RETRY), and these
 * helpers decide what a second attempt means.
 */
import { ApiError, isNotFound } from './api.js'
import { ActionError } from '../errors.js'

/** How often such a request is sent in all. */
const ATTEMPTS = 3

export interface Created<T> {
  created: T
  /** The answer was lost and the resource was found afterwards. */
  recovered: boolean
  /** Answers lost on the way (0 when the first request was answered). */
  lost: number
}

export function isLostAnswer(e: unknown): e is ApiError {
  return e instanceof ApiError && e.status >= 500
}

/**
 * Creating with a POST that must not be re-sent blindly. `send` posts; after a lost answer
 * `findExisting` looks for what it would have created: found, it is the result; not found,
 * `send` runs again. `findExisting` may throw to stop (the resource exists but cannot be used).
 */
export async function createOnce<T>(
  send: () => Promise<T>,
  findExisting: (lost: ApiError) => Promise<T | undefined>,
  attempts = ATTEMPTS,
): Promise<Created<T>> {
  for (let lost = 0; ; lost++) {
    try {
      return { created: await send(), recovered: false, lost }
    } catch (e) {
      if (!isLostAnswer(e) || lost + 1 >= attempts) throw e
      const existing = await findExisting(e)
      if (existing !== undefined) return { created: existing, recovered: true, lost: lost + 1 }
    }
  }
}

/**
 * Creating a thing whose name is unique in its owner (a runner group, a network configuration)
 * with `createOnce`. After a lost answer, the thing of that name is the result unless `check`
 * refuses it (it throws: it was not made as asked). A 422 while a thing of that name exists is
 * "already exists". `note` says when the answer was lost and the thing found afterwards.
 */
export async function createNamed<T>(
  thing: { what: string; name: string; where: string },
  send: () => Promise<T>,
  named: () => Promise<T | undefined>,
  check: (existing: T, lost: ApiError) => void = () => undefined,
): Promise<{ created: T; note?: string }> {
  try {
    const { created, recovered } = await createOnce(send, async (lost) => {
      const existing = await named()
      if (existing !== undefined) check(existing, lost)
      return existing
    })
    return recovered
      ? {
          created,
          note: `GitHub’s answer to the create request was lost; the ${thing.what} was found afterwards.`,
        }
      : { created }
  } catch (e) {
    if (e instanceof ApiError && e.status === 422 && (await named()) !== undefined)
      throw new ActionError(`A ${thing.what} named '${thing.name}' already exists in ${thing.where}.`, 422)
    throw e
  }
}

/**
 * Deleting: `deleted` when this step deleted it, `absent` when it was gone already. A 404 to a
 * re-sent DELETE after a lost answer is this step's own deletion. A 404 to the first one means
 * absent only once `confirmAbsent` shows the 404 was about the resource (it throws otherwise,
 * e.g. when the organization itself does not answer).
 */
export async function deleteOnce(
  send: () => Promise<unknown>,
  confirmAbsent: () => Promise<void>,
  attempts = ATTEMPTS,
): Promise<'deleted' | 'absent'> {
  for (let attempt = 1; ; attempt++) {
    try {
      await send()
      return 'deleted'
    } catch (e) {
      if (isNotFound(e)) {
        if (attempt > 1) return 'deleted'
        await confirmAbsent()
        return 'absent'
      }
      if (!isLostAnswer(e) || attempt >= attempts) throw e
    }
  }
}

/**
 * A change that is the same done twice (a label write): after a lost answer it is sent again
 * at once, not after the client's back-off, so that a look taken just before it stays fresh.
 */
export async function sendAgainOnLostAnswer<T>(send: () => Promise<T>, attempts = ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send()
    } catch (e) {
      if (!isLostAnswer(e) || attempt >= attempts) throw e
    }
  }
}
