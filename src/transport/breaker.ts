/**
 * A circuit breaker for one client: it counts requests in a row that failed after their
 * retries with a 5xx, a network error or a timeout. At the threshold it opens: every request
 * fails at once, saying that GitHub is failing, until the cool-down has passed; then one more
 * request is let through (a failure opens it again, an answer closes it). Any answer below 500
 * resets the count: the server is there and answering. Bulk operations check `open` between
 * items to stop early instead of failing every remaining item slowly.
 */
import { clock } from '../clock.js'
import { TransportError } from './errors.js'

export interface BreakerOptions {
  /** Failed requests in a row that open the circuit (default 5). */
  threshold?: number
  /** How long an open circuit refuses requests before it lets one through (default 60 s). */
  cooldownMs?: number
}

export class CircuitBreaker {
  readonly threshold: number
  readonly cooldownMs: number
  /** Requests in a row that failed after their retries. */
  failures = 0
  /** What the last of them ended with. */
  lastFailure: string | undefined
  private openedAt: number | undefined

  constructor(
    readonly apiUrl: string,
    options: BreakerOptions = {},
  ) {
    this.threshold = Math.max(1, options.threshold ?? 5)
    this.cooldownMs = options.cooldownMs ?? 60_000
  }

  /** True while requests are refused. */
  get open(): boolean {
    return this.openedAt !== undefined && clock.now() - this.openedAt < this.cooldownMs
  }

  /** The error a refused request fails with (also for bulk operations that stop early). */
  error(): TransportError {
    return new TransportError(
      'circuit-open',
      `GitHub (${this.apiUrl}) is failing: ${this.failures} requests in a row failed after their retries` +
        `${this.lastFailure ? ` (the last: ${this.lastFailure})` : ''}. ` +
        `No more requests are sent for ${Math.round(this.cooldownMs / 1000)} s; run the step again later ` +
        '(https://www.githubstatus.com shows outages of github.com).',
    )
  }

  /** Throws when the circuit is open. */
  check(): void {
    if (this.open) throw this.error()
  }

  succeeded(): void {
    this.failures = 0
    this.lastFailure = undefined
    this.openedAt = undefined
  }

  failed(what: string): void {
    this.failures++
    this.lastFailure = what
    if (this.failures >= this.threshold) this.openedAt = clock.now()
  }
}
