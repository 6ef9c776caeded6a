/**
 * Conditional requests as GitHub answers them: every 200 to a GET carries an `ETag` (here a
 * strong one, a hash of the body), and a GET whose `If-None-Match` names the current ETag is
 * answered 304 with no body. A 304 does not count against the primary rate limit: its
 * `x-ratelimit-used` and `-remaining` are those before the request.
 */
import { createHash } from 'node:crypto'
import type { Reply } from './http.js'

/** The strong ETag of a JSON body. */
export function etagOf(body: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 40)}"`
}

/** `If-None-Match` (a list, `*`, weak or strong tags) against the current ETag: weak comparison, as RFC 9110 asks. */
export function noneMatchHits(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined || ifNoneMatch.trim() === '') return false
  if (ifNoneMatch.trim() === '*') return true
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '')
  return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag))
}

/**
 * The reply to a GET once its ETag is known: the 200 with its ETag, or a 304 (body dropped,
 * `rateLimitHeaders` those of the request refunded) when `If-None-Match` names it.
 */
export function conditionalReply(
  method: string,
  ifNoneMatch: string | undefined,
  reply: Reply,
  refund: () => Record<string, string>,
): Reply {
  if (method !== 'GET' || reply.status !== 200 || reply.raw !== undefined || reply.body === undefined)
    return reply
  const etag = etagOf(reply.body)
  if (!noneMatchHits(ifNoneMatch, etag)) return { ...reply, headers: { ...reply.headers, etag } }
  return { status: 304, headers: { ...reply.headers, ...refund(), etag } }
}
