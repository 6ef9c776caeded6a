/**
 * A change decided by a fresh look (delete this runner if it is still offline and idle; change
 * its labels if it still matches): the pacer's slot first, then the look, then the change at
 * once. A rate limit on the change is waited out, then the runner is looked at again: a change
 * never goes out on a look taken before a wait.
 */
import { ApiError, type Api } from './api.js'
import { clock } from '../transport/clock.js'

/** Times a change is looked at again after a secondary rate limit before the error stands. */
const RATE_LIMITED_TRIES = 3

/**
 * `decideAndChange` looks, decides, and sends its change with DECIDED_BY_LOOK; it runs in a
 * pacer slot. A secondary rate limit on it (within the client's cap) is waited out and the
 * whole of it runs again, look included.
 */
export async function lookThenChange<T>(api: Api, decideAndChange: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await api.paced(decideAndChange)
    } catch (e) {
      const limit = e instanceof ApiError ? e.rateLimit : undefined
      const wait = limit ? limit.retryAt.getTime() - Date.now() : Infinity
      if (limit?.limit !== 'secondary' || tries >= RATE_LIMITED_TRIES || wait > api.maxRateLimitWait * 1000)
        throw e
      await clock.sleep(Math.max(0, wait))
    }
  }
}
