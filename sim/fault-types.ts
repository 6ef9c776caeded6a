/** Faults a test injects into the simulator's answers: which requests, and what goes wrong. */

/** Which requests a fault applies to. */
export interface FaultTarget {
  method?: string
  /** Exact path (without basePath), a route template such as `/orgs/{org}/actions/runners/{runner_id}`, or a RegExp. */
  path?: string | RegExp
  /** How many matching requests get the fault (default 1; `Infinity`: until withdrawn). */
  times?: number
}

/**
 * Where a `link` fault points `rel="next"`: `other-host` (127.0.0.1 and localhost swapped, so the
 * same simulator answers and records the host; another name beyond those), `http` (the same URL
 * over plain http: needs a `publicOrigin` on https), `self` (the page just answered), or an
 * absolute URL.
 */
export type LinkTarget = 'other-host' | 'http' | 'self' | (string & {})

/**
 * An injected fault: one of an answer (`status`, with `body` or `raw`), a cut connection
 * (`network`), a request held forever (`hang`), a rewritten `Link` (`link`) or a rate-limit
 * answer (`rateLimit`); `delayMs` may come with any of them or alone (a slow answer). See
 * `faults` for ready-made ones.
 */
export interface Fault extends FaultTarget {
  status?: number
  /** JSON body of a `status` answer (default: `{message: 'Server Error'}` from 400 on). */
  body?: unknown
  /** Body of a `status` answer sent as is (`content-type: text/plain` unless `headers` says otherwise). */
  raw?: string
  headers?: Record<string, string>
  /** Destroy the socket without a response, before the handler runs (nothing changed) or after it ran (the change happened, the response is lost). */
  network?: 'before' | 'after'
  /** Wait this long before anything else. */
  delayMs?: number
  /** Accept the request and never answer: until the client gives up or the simulator closes (nothing changed). */
  hang?: boolean
  /** Let the handler answer, then point the `Link` header's `rel="next"` here (added if the answer had none). */
  link?: LinkTarget
  /**
   * Answer as GitHub's rate limits do, whatever the real budget: `secondary` is 403 (or 429) with
   * `retry-after: retryAfter`; `primary` is 403 with `x-ratelimit-remaining: 0` and
   * `x-ratelimit-reset: resetAt` (epoch seconds). Nothing changes.
   */
  rateLimit?:
    { kind: 'secondary'; retryAfter: number; status: 403 | 429 } | { kind: 'primary'; resetAt?: number }
}
