/**
 * Injected faults: the queue the pipeline takes them from, the `Link` rewrite, and ready-made
 * faults for transport tests (`faults.hang()`, `faults.outage(3, { retryAfter: 2 })`, ...), each a
 * plain `Fault` for `sim.inject`.
 *
 * A fault matches a request by method, path (exact, route template or RegExp) and a count of
 * `times` (default 1; `Infinity` until the handle `inject` returns is called). The first pending
 * fault that matches is taken.
 */
import type { Operation } from './openapi.js'
import type { Fault, FaultTarget, LinkTarget } from './types.js'

interface PendingFault extends Fault {
  remaining: number
}

export class FaultQueue {
  private readonly pending: PendingFault[] = []

  /** Queues `f`; the returned function withdraws what is left of it. */
  add(f: Fault): () => void {
    const kinds = [
      f.status !== undefined || f.raw !== undefined,
      f.network !== undefined,
      f.hang === true,
      f.link !== undefined,
      f.rateLimit !== undefined,
    ].filter(Boolean).length
    if (kinds > 1) throw new Error('inject: a fault is one of status/raw, network, hang, link or rateLimit')
    if (f.raw !== undefined && f.body !== undefined)
      throw new Error('inject: raw and body exclude each other')
    const times = f.times ?? 1
    if (!(times >= 1)) throw new Error(`inject: times must be at least 1, got ${times}`)
    const pending = { ...f, remaining: times }
    this.pending.push(pending)
    return () => {
      const i = this.pending.indexOf(pending)
      if (i >= 0) this.pending.splice(i, 1)
    }
  }

  /** The fault for this request, if one matches; counts it. */
  take(method: string, path: string, op: Operation | undefined): Fault | undefined {
    const i = this.pending.findIndex(
      (f) => (f.method === undefined || f.method.toUpperCase() === method) && pathMatches(f.path, path, op),
    )
    const f = this.pending[i]
    if (!f) return undefined
    if (--f.remaining <= 0) this.pending.splice(i, 1)
    return f
  }

  clear(): void {
    this.pending.length = 0
  }
}

/** A fault path: exact path, route template (contains `{`), or RegExp; none matches everything. */
function pathMatches(pattern: Fault['path'], path: string, op: Operation | undefined): boolean {
  if (pattern === undefined) return true
  if (pattern instanceof RegExp) {
    pattern.lastIndex = 0
    return pattern.test(path)
  }
  return pattern.includes('{') ? pattern === op?.template : pattern === path
}

/**
 * The `Link` header `link` with its `rel="next"` pointing at `target` (added when there was none;
 * the natural next page is then the request's `page` + 1). `requestUrl` is the URL the client
 * called, as the simulator names it.
 */
export function rewriteNextLink(link: string | undefined, requestUrl: URL, target: LinkTarget): string {
  const parts = (link ?? '').split(',').filter((p) => p.trim() !== '')
  const nextIndex = parts.findIndex((p) => /rel="next"/.test(p))
  const natural = new URL(/<([^>]+)>/.exec(parts[nextIndex] ?? '')?.[1] ?? requestUrl.href)
  if (nextIndex < 0)
    natural.searchParams.set('page', String(Number(requestUrl.searchParams.get('page') ?? 1) + 1))
  let next: string
  if (target === 'self') next = requestUrl.href
  else if (target === 'http') {
    natural.protocol = 'http:'
    next = natural.href
  } else if (target === 'other-host') {
    // 127.0.0.1 <-> localhost reaches the same simulator, which records the host it was called by.
    const host = natural.hostname
    natural.hostname =
      host === '127.0.0.1' ? 'localhost' : host === 'localhost' ? '127.0.0.1' : 'api.elsewhere.invalid'
    next = natural.href
  } else next = new URL(target).href
  const entry = `<${next}>; rel="next"`
  if (nextIndex < 0) parts.push(entry)
  else parts[nextIndex] = entry
  return parts.map((p) => p.trim()).join(', ')
}

/** What a login proxy or captive portal answers in place of the API. */
export const LOGIN_PAGE =
  '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Sign in · GitHub</title></head>' +
  '<body><form action="/session" method="post"><input name="login"><input name="password" type="password">' +
  '<input type="submit" value="Sign in"></form></body></html>\n'

/** Ready-made faults for `sim.inject`; `where` picks the requests (default: the next request, whatever it is). */
export const faults = {
  /** Accepts the request and never answers (until the client gives up or the simulator closes). */
  hang: (where: FaultTarget = {}): Fault => ({ ...where, hang: true }),
  /** Answers normally, `ms` milliseconds late. */
  slow: (ms: number, where: FaultTarget = {}): Fault => ({ ...where, delayMs: ms }),
  /** 200 with an HTML sign-in page (`text/html`), as a login proxy gives. */
  htmlPage: (where: FaultTarget = {}): Fault => ({
    ...where,
    status: 200,
    raw: LOGIN_PAGE,
    headers: { 'content-type': 'text/html; charset=utf-8' },
  }),
  /** 200 with JSON that is not what the operation answers. */
  wrongShape: (body: unknown = { data: 'not what you asked for' }, where: FaultTarget = {}): Fault => ({
    ...where,
    status: 200,
    body,
  }),
  /** Answers normally, with the `Link` rel="next" pointing at another host, plain http, this very page, or a URL. */
  nextLink: (target: LinkTarget, where: FaultTarget = {}): Fault => ({ ...where, link: target }),
  /** `status` (default 503) for the next `times` matching requests, with `retry-after` when given. */
  outage: (
    times: number,
    opts: { status?: 500 | 502 | 503 | 504; retryAfter?: number } = {},
    where: Omit<FaultTarget, 'times'> = {},
  ): Fault => ({
    ...where,
    times,
    status: opts.status ?? 503,
    ...(opts.retryAfter !== undefined ? { headers: { 'retry-after': String(opts.retryAfter) } } : {}),
  }),
  /** GitHub's secondary rate limit answer: 403 (or 429) with `retry-after` (default 3600). */
  secondaryLimit: (
    opts: { retryAfter?: number; status?: 403 | 429 } = {},
    where: FaultTarget = {},
  ): Fault => ({
    ...where,
    rateLimit: { kind: 'secondary', retryAfter: opts.retryAfter ?? 3600, status: opts.status ?? 403 },
  }),
  /** GitHub's primary rate limit answer: 403, `x-ratelimit-remaining: 0`, reset at `resetAt` (epoch seconds; default in an hour). */
  primaryLimit: (opts: { resetAt?: number } = {}, where: FaultTarget = {}): Fault => ({
    ...where,
    rateLimit: { kind: 'primary', ...(opts.resetAt !== undefined ? { resetAt: opts.resetAt } : {}) },
  }),
}
