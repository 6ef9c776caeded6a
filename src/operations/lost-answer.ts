/**
 * Requests whose answer may be lost (a 5xx or a network error): the request may or may not
 * have been carried out. They go out without the client's blind retry (NO_RETRY), and these
 * helpers decide what a second attempt means.
 */
import { ApiError, isNotFound } from '../api.js'

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
