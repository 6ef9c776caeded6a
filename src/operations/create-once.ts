/**
 * Creating a resource with a POST that must not be re-sent blindly: when GitHub's answer is
 * lost (a 5xx or a network error), the POST may or may not have been carried out. Look for
 * the resource first; re-send only when it is not there.
 */
import { ApiError } from '../api.js'

export interface Created<T> {
  created: T
  /** The answer was lost and the resource was found afterwards. */
  recovered: boolean
  /** Answers lost on the way (0 when the first POST was answered). */
  lost: number
}

export function isLostAnswer(e: unknown): e is ApiError {
  return e instanceof ApiError && e.status >= 500
}

/**
 * `send` posts (with NO_RETRY); after a lost answer `findExisting` looks for what it would have
 * created: found, it is the result; not found, `send` runs again (at most `attempts` in all).
 * `findExisting` may throw to stop (the resource exists but cannot be used).
 */
export async function createOnce<T>(
  send: () => Promise<T>,
  findExisting: (lost: ApiError) => Promise<T | undefined>,
  attempts = 3,
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
