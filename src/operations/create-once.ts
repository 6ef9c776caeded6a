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
}

export function isLostAnswer(e: unknown): e is ApiError {
  return e instanceof ApiError && e.status >= 500
}

export async function createOnce<T>(
  send: () => Promise<T>,
  findExisting: () => Promise<T | undefined>,
  attempts = 3,
): Promise<Created<T>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { created: await send(), recovered: false }
    } catch (e) {
      if (!isLostAnswer(e) || attempt >= attempts) throw e
      const existing = await findExisting()
      if (existing !== undefined) return { created: existing, recovered: true }
    }
  }
}
