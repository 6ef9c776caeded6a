/**
 * The one Octokit factory. Each request goes, from the outside in, through:
 * - a gate (outermost): the request must go to api-url (its origin, under its path); the
 *   circuit breaker (src/transport/breaker.ts) refuses it at once while GitHub is failing; the
 *   request gets its own retry counter (plugin-retry keeps it in `options.request`, which
 *   Octokit shares between requests, so back-off grew from one request to the next); an
 *   overall AbortSignal ends it, waits included. A request that failed after its retries
 *   with no answer or a 5xx counts toward the breaker; any answer below 500 resets the count
 *   of its kind (reads and writes are counted apart).
 * - @octokit/plugin-throttling: secondary and primary rate limits are waited for
 *   (`retry-after`, `x-ratelimit-reset`), but never longer than `maxRateLimitWaitSeconds`;
 *   beyond it the request fails at once and the error names the limit and when to retry.
 * - @octokit/plugin-retry: 5xx, network errors and timed-out attempts are retried with short
 *   back-off (3 times: 1, 4, 9 s), never 4xx answers that mean something. 403 and 429 are left
 *   to the throttling plugin. Non-idempotent POSTs opt out per request (`NO_RETRY`) and handle
 *   a lost answer themselves.
 * - a write pacer (src/transport/pacer.ts): mutations go one at a time within GitHub's documented
 *   secondary-limit budget (5 of 900 points a minute per endpoint), with a margin; when GitHub
 *   pushes back anyway, the budget shrinks. The plugin's own fixed 1 s between writes is off.
 * - a check that a success is the API's: JSON, or 204 (src/transport/answer.ts); every attempt
 *   counted, and every answer's primary rate limit read (src/transport/rate-budget.ts).
 * - conditional polls (src/transport/conditional.ts): a GET marked POLL carries `If-None-Match`
 *   with the last ETag of its URL, and a 304 gives the remembered answer back, unchanged.
 * - a fetch (src/transport/fetch.ts) with a time limit on each attempt and the proxy chosen
 *   for api-url.
 * - a debug trace of every attempt (method, URL, status, time), never headers or bodies.
 *
 * Every request names the REST API version it was written for and GitHub's media type, as
 * GitHub documents (API_HEADERS).
 */
import * as core from '@actions/core'
import { Octokit } from '@octokit/core'
import { GitHub } from '@actions/github/lib/utils'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import { RequestError } from '@octokit/request-error'
import { WritePacer, type PacerOptions } from './pacer.js'
import { offApiUrl, showUrl } from './api-url.js'
import { checkAnswer } from './answer.js'
import { CircuitBreaker, kindOf, type BreakerOptions } from './breaker.js'
import { clock } from './clock.js'
import { ConditionalCache, isPoll, isUnchanged } from './conditional.js'
import { RequestBudget } from './rate-budget.js'
import { TransportError } from './transport-errors.js'
import { decidedByLook, throttleOptions } from './rate-limit-waits.js'
import { AttemptTimeout, dispatcherFor, timedFetch } from './fetch.js'

/** What the Api needs to know about the client's transport (pagination, the breaker). */
export interface Transport {
  apiUrl: string
  breaker: CircuitBreaker
  /** Pages a list may have before the step fails. */
  maxPages: number
  /** The mutation pacer: a change decided by a look takes its slot before the look (see DECIDED_BY_LOOK). */
  pacer: WritePacer
  /** The longest wait for a rate limit, in seconds. */
  maxRateLimitWait: number
  /** Requests sent, 304s, and the primary rate limit used and left. */
  budget: RequestBudget
}

/**
 * @actions/github's Octokit (`paginate` and the REST methods; every request here names its
 * route). Its defaults (GITHUB_API_URL, a proxy chosen for it) are replaced by api-url's.
 */
const PaginatingOctokit = GitHub

export type Client = InstanceType<typeof PaginatingOctokit> & { transport: Transport }

export interface ClientOptions {
  token: string
  apiUrl: string
  /** The mutation budget. Default: 165 a rolling minute (92% of GitHub's secondary limit). */
  pacer?: PacerOptions
  /** Multiplier for every wait the plugins compute (retry-after, back-off); tests shrink it. */
  waitScale?: number
  /**
   * The longest wait for a rate limit, in seconds (GitHub's `retry-after`, or the reset of the
   * primary limit). Beyond it the request fails at once, naming the limit. Default 120.
   */
  maxRateLimitWaitSeconds?: number
  /** Retries of 5xx/network/timeout failures. Default 3. */
  retries?: number
  /** Time limit of each attempt of each request, in seconds (the `request-timeout` input). Default 60. */
  requestTimeout?: number
  /** Aborts every request in flight and every wait; later requests fail at once. */
  signal?: AbortSignal
  /** The circuit breaker: threshold (default 5 failed requests in a row), cool-down (default 60 s). */
  breaker?: BreakerOptions
  /** Pages a list may have (100 items each) before the step fails. Default 2,000 (200,000 items). */
  maxPages?: number
  log?: Pick<typeof core, 'debug' | 'warning'>
}

export const DEFAULT_REQUEST_TIMEOUT = 60
export const DEFAULT_MAX_RATE_LIMIT_WAIT = 120
export const DEFAULT_MAX_PAGES = 2000

/**
 * Sent with every request: the REST API version the action is written against, and GitHub's
 * media type (Octokit's default is the older `application/vnd.github.v3+json`). GitHub
 * Enterprise Server documents the version header from 3.9 on.
 */
export const API_HEADERS = {
  accept: 'application/vnd.github+json',
  'x-github-api-version': '2022-11-28',
} as const

/** Per-request option for POSTs that must not be re-sent blindly. */
export const NO_RETRY = { request: { retries: 0 } } as const

/**
 * Per-request option for a change decided by a look taken just before it (a prune's DELETE
 * after its GET): sent at once, inside the pacer slot the caller holds (`Api.paced`), never
 * retried and never held back by a rate-limit wait, since the look would be stale by then.
 * The caller waits and looks again instead.
 */
export const DECIDED_BY_LOOK = { request: { retries: 0, decidedByLook: true } } as const

export interface ClientStats {
  requests: number
  secondaryLimitHits: number
  primaryLimitHits: number
}

export function createClient(options: ClientOptions): {
  client: Client
  stats: ClientStats
  pacer: WritePacer
  breaker: CircuitBreaker
  budget: RequestBudget
} {
  const ctx = clientContext(options)
  const { apiUrl, signal } = ctx
  const fetch = timedFetch({ apiUrl, timeoutSeconds: ctx.timeout, signal, dispatcher: dispatcherFor(apiUrl) })
  const ClientOctokit = PaginatingOctokit.plugin(
    // Registered first, so it sits innermost: it sees every attempt, retries included.
    attemptHooks(ctx),
    retry,
    throttling,
    // Registered last, so it sits outermost: it sees each request once, after all its retries.
    gateHooks(ctx),
  )
  const client = new ClientOctokit({
    auth: options.token,
    baseUrl: apiUrl,
    userAgent: 'runner-manager-action',
    request: { fetch },
    retry: retryOptions(options, ctx.scale),
    throttle: throttleOptions(ctx),
  }) as Client
  return { client, stats: ctx.stats, pacer: ctx.pacer, breaker: ctx.breaker, budget: ctx.transport.budget }
}

/** What the hooks of one client share: its settings, counters, pacer and breaker. */
export interface ClientContext {
  apiUrl: string
  base: URL
  signal: AbortSignal | undefined
  log: Pick<typeof core, 'debug' | 'warning'>
  scale: number
  maxWait: number
  timeout: number
  stats: ClientStats
  pacer: WritePacer
  breaker: CircuitBreaker
  transport: Transport
  conditional: ConditionalCache
}

function clientContext(options: ClientOptions): ClientContext {
  const { apiUrl, signal } = options
  const maxWait = options.maxRateLimitWaitSeconds ?? DEFAULT_MAX_RATE_LIMIT_WAIT
  const pacer = new WritePacer(options.pacer)
  const breaker = new CircuitBreaker(apiUrl, options.breaker)
  const log = options.log ?? core
  const budget = new RequestBudget(
    () => clock.now(),
    (m) => log.warning(m),
  )
  return {
    apiUrl,
    base: new URL(apiUrl),
    signal,
    log,
    scale: options.waitScale ?? 1,
    maxWait,
    timeout: options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT,
    stats: { requests: 0, secondaryLimitHits: 0, primaryLimitHits: 0 },
    pacer,
    breaker,
    transport: {
      apiUrl,
      breaker,
      maxPages: options.maxPages ?? DEFAULT_MAX_PAGES,
      pacer,
      maxRateLimitWait: maxWait,
      budget,
    },
    conditional: new ConditionalCache(),
  }
}

function retryOptions(options: ClientOptions, scale: number) {
  return {
    doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451],
    retries: options.retries ?? 3,
    retryAfterBaseValue: 1000 * scale,
  }
}

type Plugin = (octokit: Octokit) => { transport: Transport } | void

/**
 * The innermost hooks: API_HEADERS on every request; each attempt counted, checked to be the
 * API's answer, paced when it is a mutation, and traced (method, URL, status, time).
 */
function attemptHooks(ctx: ClientContext): Plugin {
  const { signal, stats, pacer, apiUrl, log, conditional } = ctx
  const { budget } = ctx.transport
  return (octokit: Octokit) => {
    octokit.hook.before('request', (opts) => {
      opts.headers = { ...opts.headers, ...API_HEADERS }
    })
    octokit.hook.wrap('request', async (request, opts) => {
      const { method, url } = octokit.request.endpoint.parse(opts)
      const send = async () => {
        signal?.throwIfAborted()
        stats.requests++
        budget.sent()
        try {
          const res = isPoll(opts)
            ? await conditional.send(url, opts, async () => request(opts))
            : await request(opts)
          const unchanged = isUnchanged(res)
          budget.answered(unchanged ? 304 : res.status, res.headers)
          if (!unchanged) checkAnswer(res, method, url, apiUrl)
          return res
        } catch (e) {
          const answer = e instanceof RequestError ? e.response : undefined
          if (answer) budget.answered(answer.status, answer.headers)
          throw e
        }
      }
      const started = Date.now()
      try {
        const paced = method !== 'GET' && method !== 'HEAD' && !decidedByLook(opts)
        const res = await (paced ? pacer.run(send) : send())
        log.debug(`${method} ${url} -> ${res.status} (${Date.now() - started} ms)`)
        return res
      } catch (e) {
        const status = (e as { status?: unknown }).status
        log.debug(
          `${method} ${url} -> ${typeof status === 'number' ? status : 'error'} (${Date.now() - started} ms)`,
        )
        throw e
      }
    })
  }
}

/**
 * The outermost hooks: the request must go under api-url; the breaker may refuse it; it gets
 * its own retry counter; the overall signal ends it; its outcome feeds the breaker.
 */
function gateHooks(ctx: ClientContext): Plugin {
  const { signal, breaker, apiUrl, base, transport } = ctx
  return (octokit: Octokit) => {
    octokit.hook.wrap('request', async (request, opts) => {
      const parsed = octokit.request.endpoint.parse(opts)
      const url = new URL(parsed.url)
      const kind = kindOf(parsed.method)
      const off = offApiUrl(url, base)
      if (off) throw new TransportError('off-api-url', `Not sending a request to ${showUrl(url)}: ${off}.`)
      if (signal?.aborted) throw cancelled(signal)
      breaker.check()
      // Its own retry counter: the shared one made each request start where the last stopped.
      // Every hook gets this same `opts` (before-after-hook binds it), so it is changed in place.
      const own = { ...opts.request, retryCount: 0 }
      opts.request = own
      try {
        // A cancelled step abandons a read, but lets a write it has sent run to its answer
        // (request-timeout): what GitHub did is then known and reported.
        const sent = Promise.resolve(request(opts))
        const res = await (kind === 'read' ? untilAborted(sent, signal) : sent)
        breaker.succeeded(kind)
        return res
      } catch (e) {
        const answered = kind === 'write' && e instanceof RequestError && e.response !== undefined
        if (signal?.aborted && !answered) throw cancelled(signal)
        if (!(e instanceof RequestError)) throw e
        if (e.status < 500) {
          breaker.succeeded(kind)
          throw e
        }
        // plugin-retry counts every failed attempt here, the last one included.
        const attempts = Math.max(1, Number(own.retryCount))
        const tries = attempts > 1 ? ` (${attempts} attempts)` : ''
        breaker.failed(
          kind,
          `${parsed.method} ${url.pathname}: ${e.response ? `answered ${e.status}` : `${e.message}${tries}`}`,
        )
        throw e.response ? e : noAnswer(e, apiUrl, tries)
      }
    })
    return { transport }
  }
}

/** A request that got no answer: say so plainly, with the server and the number of attempts. */
function noAnswer(e: RequestError, apiUrl: string, tries: string): RequestError {
  const message =
    e.cause instanceof AttemptTimeout
      ? `${e.message}${tries}`
      : `could not reach the server at ${apiUrl}: ${e.message}${tries}`
  const error = new RequestError(message, e.status, { request: e.request })
  error.cause = e.cause
  return error
}

/** The overall signal's reason (a TimeoutError from AbortSignal.timeout, say), or a plain cancellation. */
function cancelled(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  return reason instanceof Error ? reason : new TransportError('cancelled', 'The request was cancelled.')
}

/** The request, or the overall signal's abort, whichever comes first (waits are not abortable). */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(cancelled(signal))
    signal.addEventListener('abort', stop, { once: true })
    void p.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop))
  })
}
