/**
 * Rate limits as GitHub applies them to REST requests:
 * - primary: a number of requests per token per hour, reported in `x-ratelimit-*` headers;
 * - secondary: points per endpoint (method + route template) per token in a rolling window
 *   (GET/HEAD 1 point, writes 5), and a cap on concurrent requests per token.
 */
import type { SecondaryLimitOptions } from './types.js'

const HOUR_MS = 3_600_000

export const RATE_LIMIT_DOCS = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api'
export const SECONDARY_LIMIT_DOCS = `${RATE_LIMIT_DOCS}#about-secondary-rate-limits`

/** GitHub's message when `who` (`user X`, `installation ID N`, ...) has used up its hour. */
export const primaryLimitMessage = (who: string, requestId: string) =>
  `API rate limit exceeded for ${who}. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`

export const secondaryLimitMessage = (requestId: string) =>
  `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`

export interface PrimaryVerdict {
  allowed: boolean
  headers: Record<string, string>
}

export class PrimaryLimiter {
  private readonly buckets = new Map<string, { used: number; resetAt: number }>()

  constructor(
    private readonly limit: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request of `key` (a token) unless its hour is used up. */
  take(key: string, limit = this.limit): PrimaryVerdict {
    const b = this.bucket(key)
    const allowed = b.used < limit
    if (allowed) b.used++
    return { allowed, headers: this.headers(b, limit) }
  }

  /** Gives back the request `take` counted (a 304: conditional requests that match cost nothing). */
  refund(key: string, limit = this.limit): Record<string, string> {
    const b = this.bucket(key)
    b.used = Math.max(0, b.used - 1)
    return this.headers(b, limit)
  }

  /** The headers for `key` without counting a request. */
  peek(key: string, limit = this.limit): Record<string, string> {
    return this.headers(this.bucket(key), limit)
  }

  reset(): void {
    this.buckets.clear()
  }

  private bucket(key: string) {
    const now = this.now()
    let b = this.buckets.get(key)
    if (!b || b.resetAt <= now) {
      b = { used: 0, resetAt: now + HOUR_MS }
      this.buckets.set(key, b)
    }
    return b
  }

  private headers(b: { used: number; resetAt: number }, limit: number): Record<string, string> {
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - b.used)),
      'x-ratelimit-reset': String(Math.ceil(b.resetAt / 1000)),
      'x-ratelimit-used': String(b.used),
      'x-ratelimit-resource': 'core',
    }
  }
}

export type SecondaryVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number }

export class SecondaryLimiter {
  readonly options: Required<SecondaryLimitOptions>
  private readonly spent = new Map<string, { at: number; points: number }[]>()

  constructor(
    options: SecondaryLimitOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.options = {
      pointsPerWindow: options.pointsPerWindow ?? 900,
      windowMs: options.windowMs ?? 60_000,
      maxConcurrent: options.maxConcurrent ?? 100,
      status: options.status ?? 403,
      sendRetryAfter: options.sendRetryAfter ?? true,
    }
  }

  static pointsFor(method: string): number {
    return method === 'GET' || method === 'HEAD' ? 1 : 5
  }

  /**
   * Admits a request of `token` to `endpoint` (method + route template) and charges its points,
   * or rejects it without charging. `inFlight` counts the token's requests in flight, this one included.
   */
  admit(token: string, endpoint: string, method: string, inFlight: number): SecondaryVerdict {
    if (inFlight > this.options.maxConcurrent) return { allowed: false, retryAfterSeconds: 1 }
    const now = this.now()
    const key = `${token}\n${endpoint}`
    const cost = SecondaryLimiter.pointsFor(method)
    const entries = (this.spent.get(key) ?? []).filter((e) => e.at + this.options.windowMs > now)
    this.spent.set(key, entries)
    let used = entries.reduce((sum, e) => sum + e.points, 0)
    if (used + cost <= this.options.pointsPerWindow) {
      entries.push({ at: now, points: cost })
      return { allowed: true }
    }
    // Oldest first: wait until enough of them have left the window.
    let freeAt = now + this.options.windowMs
    for (const e of entries) {
      used -= e.points
      if (used + cost <= this.options.pointsPerWindow) {
        freeAt = e.at + this.options.windowMs
        break
      }
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now) / 1000)) }
  }

  reset(): void {
    this.spent.clear()
  }
}
