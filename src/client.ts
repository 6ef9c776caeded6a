/**
 * The one Octokit factory. It adds:
 * - @octokit/plugin-retry: 5xx and network errors are retried with back-off (3 times), never
 *   4xx answers that mean something (404, 409, 422...). 403 and 429 are left to the
 *   throttling plugin, which knows rate limits and honours `retry-after`. Non-idempotent POSTs opt out per
 *   request (`NO_RETRY`) and handle a lost response themselves.
 * - @octokit/plugin-throttling: secondary and primary rate limits are honoured (`retry-after`,
 *   `x-ratelimit-reset`).
 * - a write pacer (src/pacer.ts): mutations go one at a time within GitHub's documented
 *   secondary-limit budget (5 of 900 points a minute per endpoint), with a margin; when GitHub
 *   pushes back anyway, the budget shrinks. The plugin's own fixed 1 s between writes is off.
 * - a debug trace of every request (method, URL, status, time), never headers or bodies.
 */
import * as core from '@actions/core'
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import Bottleneck from 'bottleneck'
import { WritePacer, type PacerOptions } from './pacer.js'

export type Client = ReturnType<typeof getOctokit>

export interface ClientOptions {
  token: string
  apiUrl: string
  /** The mutation budget. Default: 165 a rolling minute (92% of GitHub's secondary limit). */
  pacer?: PacerOptions
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
}

export function createClient(options: ClientOptions): {
  client: Client
  stats: ClientStats
  pacer: WritePacer
} {
  const log = options.log ?? core
  const scale = options.waitScale ?? 1
  const maxWait = options.maxRateLimitWaitSeconds ?? 60
  const stats: ClientStats = { requests: 0, secondaryLimitHits: 0, primaryLimitHits: 0 }
  const pacer = new WritePacer(options.pacer)
  // The plugin's write queue spaces writes by a fixed 1 s, 3.6 times slower than the limit
  // allows; the pacer does the pacing, so this queue only keeps its one-at-a-time rule.
  const write = new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 })

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
        id: 'runner-action',
        write,
        retryAfterBaseValue: 1000 * scale,
        fallbackSecondaryRateRetryAfter: 60,
        onSecondaryRateLimit: (retryAfter, req, _octokit, retryCount) => {
          stats.secondaryLimitHits++
          const write = req.method !== 'GET' && req.method !== 'HEAD'
          if (write) pacer.backOff()
          const again = retryCount < 4
          log.warning(
            `GitHub's secondary rate limit answered ${req.method} ${req.url}; ` +
              (again ? `retrying in ${retryAfter} s` : 'giving up after 4 retries') +
              (write ? ` (mutations now at most ${pacer.capacity} a minute).` : '.'),
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
        const { method, url } = octokit.request.endpoint.parse(opts)
        const send = async () => {
          stats.requests++
          return await request(opts)
        }
        const started = Date.now()
        try {
          const res = await (method === 'GET' || method === 'HEAD' ? send() : pacer.run(send))
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

  return { client, stats, pacer }
}
