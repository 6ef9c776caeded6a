/**
 * What the throttling plugin does with GitHub's rate-limit answers: which are waited for and
 * retried, which give up (a wait longer than the step allows, a change decided by a look that
 * would be stale by then), and what the log says.
 */
import Bottleneck from 'bottleneck'
import type { ClientContext } from './client.js'

/** Secondary-limit retries of one request. */
const SECONDARY_RETRIES = 4

/** A change decided by a look (DECIDED_BY_LOOK in client.ts): never held back and retried. */
export function decidedByLook(options: { request?: unknown }): boolean {
  return (options.request as { decidedByLook?: boolean } | undefined)?.decidedByLook === true
}

type RequestInfo = { method: string; url: string; request?: unknown }

const retryAt = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString()

/** The throttling plugin's options: which rate-limit answers are waited for, and what is logged. */
export function throttleOptions(ctx: ClientContext) {
  return {
    id: 'runner-action',
    // The plugin's write queue spaces writes by a fixed 1 s, 3.6 times slower than the limit
    // allows; the pacer does the pacing, so this queue only keeps its one-at-a-time rule.
    write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
    retryAfterBaseValue: 1000 * ctx.scale,
    fallbackSecondaryRateRetryAfter: 60,
    onSecondaryRateLimit: (retryAfter: number, req: RequestInfo, _octokit: unknown, retryCount: number) =>
      onSecondaryLimit(ctx, retryAfter, req, retryCount),
    onRateLimit: (retryAfter: number, req: RequestInfo, _octokit: unknown, retryCount: number) =>
      onPrimaryLimit(ctx, retryAfter, req, retryCount),
  }
}

/** A secondary-limit answer: wait and retry (true), or give up, and say which. */
function onSecondaryLimit(
  ctx: ClientContext,
  retryAfter: number,
  req: RequestInfo,
  retryCount: number,
): boolean {
  const { stats, pacer, maxWait } = ctx
  stats.secondaryLimitHits++
  const write = req.method !== 'GET' && req.method !== 'HEAD'
  if (write) pacer.backOff()
  const again = retryCount < SECONDARY_RETRIES && retryAfter <= maxWait && !decidedByLook(req)
  ctx.log.warning(
    `GitHub's secondary rate limit answered ${req.method} ${req.url}; ` +
      (again
        ? `retrying in ${retryAfter} s`
        : decidedByLook(req) && retryAfter <= maxWait
          ? `it will be looked at again in ${retryAfter} s before the change is sent again`
          : retryAfter > maxWait
            ? `it asks to wait ${retryAfter} s, more than the ${maxWait} s this step waits: giving up (retry after ${retryAt(retryAfter)})`
            : `giving up after ${SECONDARY_RETRIES} retries`) +
      (write ? ` (mutations now at most ${pacer.capacity} a minute).` : '.'),
  )
  return again
}

/** The primary limit is used up: wait for its reset once when it comes soon enough. */
function onPrimaryLimit(
  ctx: ClientContext,
  retryAfter: number,
  req: RequestInfo,
  retryCount: number,
): boolean {
  ctx.stats.primaryLimitHits++
  const again = retryCount < 1 && retryAfter <= ctx.maxWait && !decidedByLook(req)
  ctx.log.warning(
    `GitHub's primary rate limit is exhausted (${req.method} ${req.url}); it resets in ${retryAfter} s (${retryAt(retryAfter)}). ` +
      (again ? 'Waiting for it.' : `Not waiting longer than ${ctx.maxWait} s.`),
  )
  return again
}
