/**
 * The one Octokit factory. It adds:
 * - @octokit/plugin-retry: 5xx and network errors are retried with back-off (3 times), never
 *   4xx answers that mean something (404, 409, 422...). 403 and 429 are left to the
 *   throttling plugin, which knows rate limits and honours `retry-after`. Non-idempotent POSTs opt out per
 *   request (`NO_RETRY`) and handle a lost response themselves.
 * - @octokit/plugin-throttling: secondary and primary rate limits are honoured (`retry-after`,
 *   `x-ratelimit-reset`), and writes go through one paced queue sized to GitHub's documented
 *   secondary limit (mutations cost 5 of 900 points a minute per endpoint, so at most 180 a
 *   minute), with a margin. When GitHub pushes back anyway, the pace slows down.
 * - a debug trace of every request (method, URL, status, time), never headers or bodies.
 */
import * as core from '@actions/core'
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import Bottleneck from 'bottleneck'

export type Client = ReturnType<typeof getOctokit>

/** GitHub's documented budget: 900 points a minute per endpoint; a mutation costs 5. */
export const SECONDARY_POINTS_PER_MINUTE = 900
export const MUTATION_POINTS = 5
/** Pace writes at 92% of the budget: 166 a minute, one every ~361 ms. */
export const WRITE_BUDGET_SHARE = 0.92
export const DEFAULT_WRITE_INTERVAL_MS = Math.ceil(
  60_000 / ((SECONDARY_POINTS_PER_MINUTE / MUTATION_POINTS) * WRITE_BUDGET_SHARE),
)
const MAX_WRITE_INTERVAL_MS = 5_000

export interface ClientOptions {
  token: string
  apiUrl: string
  /** Spacing between mutations (ms). Default: the documented secondary-limit budget with a margin. */
  writeIntervalMs?: number
  /** Multiplier for every wait the plugins compute (retry-after, back-off); tests shrink it. */
  waitScale?: number
  /** How long to wait for the primary rate limit to reset before giving up (seconds). */
  maxRateLimitWaitSeconds?: number
  /** Retries of 5xx/network failures. */
  retries?: number
  log?: Pick<typeof core, 'debug' | 'warning'>
}

/** Per-request option for POSTs that must not be re-sent blindly. */
export const NO_RETRY = { request: { retries: 0 } } as const

export interface ClientStats {
  requests: number
  secondaryLimitHits: number
  primaryLimitHits: number
  writeIntervalMs: number
}

export function createClient(options: ClientOptions): { client: Client; stats: ClientStats } {
  const log = options.log ?? core
  const scale = options.waitScale ?? 1
  const maxWait = options.maxRateLimitWaitSeconds ?? 60
  const stats: ClientStats = {
    requests: 0,
    secondaryLimitHits: 0,
    primaryLimitHits: 0,
    writeIntervalMs: options.writeIntervalMs ?? DEFAULT_WRITE_INTERVAL_MS,
  }
  const throttleId = 'runner-action'
  // Our own write queue (the plugin's default is a fixed 1 s between writes, 3.6 times slower
  // than the limit allows). One key per client, so separate clients do not share a pace.
  const write = new Bottleneck.Group({ maxConcurrent: 1, minTime: stats.writeIntervalMs })

  const slowDownWrites = () => {
    stats.writeIntervalMs = Math.min(MAX_WRITE_INTERVAL_MS, Math.ceil(stats.writeIntervalMs * 1.5))
    write.key(throttleId).updateSettings({ minTime: stats.writeIntervalMs })
  }

  const client = getOctokit(
    options.token,
    {
      baseUrl: options.apiUrl,
      userAgent: 'runner-manager-action',
      retry: {
        doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451],
        retries: options.retries ?? 3,
        retryAfterBaseValue: 1000 * scale,
      },
      throttle: {
        id: throttleId,
        write,
        retryAfterBaseValue: 1000 * scale,
        fallbackSecondaryRateRetryAfter: 60,
        onSecondaryRateLimit: (retryAfter, req, _octokit, retryCount) => {
          stats.secondaryLimitHits++
          if (req.method !== 'GET') slowDownWrites()
          const again = retryCount < 4
          log.warning(
            `GitHub's secondary rate limit answered ${req.method} ${req.url}; ` +
              (again
                ? `retrying in ${retryAfter} s (writes now every ${stats.writeIntervalMs} ms).`
                : 'giving up after 4 retries.'),
          )
          return again
        },
        onRateLimit: (retryAfter, req, _octokit, retryCount) => {
          stats.primaryLimitHits++
          const again = retryCount < 1 && retryAfter <= maxWait
          log.warning(
            `The API rate limit is exhausted (${req.method} ${req.url}); it resets in ${retryAfter} s. ` +
              (again ? 'Waiting for it.' : `Not waiting longer than ${maxWait} s.`),
          )
          return again
        },
      },
    },
    // Registered first, so it sits innermost: it sees every attempt, retries included.
    (octokit) => {
      octokit.hook.wrap('request', async (request, opts) => {
        stats.requests++
        const started = Date.now()
        const { method, url } = octokit.request.endpoint.parse(opts)
        try {
          const res = await request(opts)
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
    },
    retry,
    throttling,
  )

  return { client, stats }
}
