/**
 * Conditional polls. A GET marked as a poll (POLL) is sent with `If-None-Match` and the ETag of
 * the last answer to the same URL; GitHub answers 304 when nothing changed, and a 304 costs no
 * primary rate limit. Octokit throws a 304 as a RequestError: here it becomes the remembered
 * answer again (a fresh copy, with the 304's rate-limit headers), marked as unchanged.
 *
 * The marker is a request header, because it has to survive pagination (Octokit's paginator
 * keeps a request's headers from page to page, nothing else); it is taken off before sending.
 */
import { RequestError } from '@octokit/request-error'

/** The header that marks a GET as a poll. Never sent. */
export const POLL_HEADER = 'x-runner-manager-poll'

/**
 * Per-request option for a GET that polls (`api.request(target, 'GET ...', params, POLL)`, or
 * spread into the params of `api.pages`/`api.list`): sent conditionally, a 304 is "unchanged".
 */
export const POLL = { headers: { [POLL_HEADER]: '1' } } as const

/** An answer as Octokit hands it on. */
export interface Answer {
  status: number
  url: string
  headers: Record<string, string | number | undefined>
  data: unknown
}

interface Remembered {
  etag: string
  answer: Answer
}

/** Answers given again from the cache after a 304. */
const unchangedAnswers = new WeakSet<object>()

/** True when `answer` is a remembered one, given again because the server said 304 (nothing changed). */
export function isUnchanged(answer: object): boolean {
  return unchangedAnswers.has(answer)
}

/** True when the request options mark a poll. */
export function isPoll(opts: { headers?: Record<string, unknown> }): boolean {
  return opts.headers?.[POLL_HEADER] !== undefined
}

/** The rate-limit and date headers of a 304, carried over onto the remembered answer. */
const FRESH_HEADERS = /^(x-ratelimit-|date$|x-github-request-id$)/

/** The last answer with an ETag for each polled URL of one client (one token). */
export class ConditionalCache {
  private readonly byUrl = new Map<string, Remembered>()

  /** `maxEntries`: URLs remembered at most (a drain's pages of a large fleet); the oldest go first. */
  constructor(private readonly maxEntries = 1000) {}

  get size(): number {
    return this.byUrl.size
  }

  /**
   * Sends one attempt of a poll: the marker taken off, `If-None-Match` added when an answer to
   * `url` is remembered. A 200 with an ETag is remembered; a 304 gives the remembered answer.
   */
  async send<T extends Answer, O extends { headers: Record<string, unknown> }>(
    url: string,
    opts: O,
    request: () => Promise<T>,
  ): Promise<T> {
    const headers = { ...opts.headers }
    delete headers[POLL_HEADER]
    const remembered = this.byUrl.get(url)
    if (remembered) headers['if-none-match'] = remembered.etag
    // Octokit's hooks all share one options object (before-after-hook binds it): the headers
    // are swapped for this attempt and put back for the next (a retry polls again).
    const marked = opts.headers
    opts.headers = headers
    try {
      const answer = await request()
      this.remember(url, answer)
      return answer
    } catch (e) {
      if (!(remembered && e instanceof RequestError && e.status === 304)) throw e
      return this.again(remembered, e.response?.headers ?? {}) as T
    } finally {
      opts.headers = marked
    }
  }

  private remember(url: string, answer: Answer): void {
    const etag = answer.headers.etag
    if (answer.status !== 200 || typeof etag !== 'string' || etag === '') {
      this.byUrl.delete(url)
      return
    }
    this.byUrl.delete(url)
    // A copy: Octokit's paginator reshapes `data` in place.
    this.byUrl.set(url, {
      etag,
      answer: { ...answer, headers: { ...answer.headers }, data: structuredClone(answer.data) },
    })
    if (this.byUrl.size > this.maxEntries) this.byUrl.delete(this.byUrl.keys().next().value!)
  }

  private again(remembered: Remembered, fresh: Record<string, unknown>): Answer {
    const headers = { ...remembered.answer.headers }
    for (const [name, value] of Object.entries(fresh))
      if (FRESH_HEADERS.test(name) && (typeof value === 'string' || typeof value === 'number'))
        headers[name] = value
    const answer = { ...remembered.answer, headers, data: structuredClone(remembered.answer.data) }
    unchangedAnswers.add(answer)
    return answer
  }
}
