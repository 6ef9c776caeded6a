/**
 * A circuit breaker for one client: it counts requests in a row that failed after their
 * retries with a 5xx, a network error or a timeout. At the threshold it opens: every request
 * fails at once, saying that GitHub is failing, until the cool-down has passed; then one more
 * request is let through (a failure opens it again, an answer closes it). Any answer below 500
 * resets the count: the server is there and answering.
 *
 * Reads and writes are counted apart: in an outage where every DELETE answers 502 while GETs
 * still work, a prune alternates a GET (answered) and a DELETE (failed) for each runner, and
 * one count that any answer resets would never reach the threshold. A read's answer resets
 * the reads' count, a write's the writes'. Bulk operations check `open` between items to stop
 * early instead of failing every remaining item slowly.
 */
import { clock } from './clock.js'
import { TransportError } from './transport-errors.js'

export interface BreakerOptions {
  /** Failed requests in a row that open the circuit (default 5). */
  threshold?: number
  /** How long an open circuit refuses requests before it lets one through (default 60 s). */
  cooldownMs?: number
}

export type RequestKind = 'read' | 'write'

export function kindOf(method: string): RequestKind {
  return method === 'GET' || method === 'HEAD' ? 'read' : 'write'
}

export class CircuitBreaker {
  readonly threshold: number
  readonly cooldownMs: number
  /** What the last failure ended with. */
  lastFailure: string | undefined
  private readonly streak: Record<RequestKind, number> = { read: 0, write: 0 }
  private openedBy: RequestKind = 'read'
  private openedAt: number | undefined

  constructor(
    readonly apiUrl: string,
    options: BreakerOptions = {},
  ) {
    this.threshold = Math.max(1, options.threshold ?? 5)
    this.cooldownMs = options.cooldownMs ?? 60_000
  }

  /** Requests in a row (reads or writes, whichever more) that failed after their retries. */
  get failures(): number {
    return Math.max(this.streak.read, this.streak.write)
  }

  /** True while requests are refused. */
  get open(): boolean {
    return this.openedAt !== undefined && clock.now() - this.openedAt < this.cooldownMs
  }

  /** The error a refused request fails with (also for bulk operations that stop early). */
  error(): TransportError {
    return new TransportError(
      'circuit-open',
      `GitHub (${this.apiUrl}) is failing: ${this.streak[this.openedBy]} ${this.openedBy === 'write' ? 'changes' : 'reads'} in a row failed after their retries` +
        `${this.lastFailure ? ` (the last: ${this.lastFailure})` : ''}. ` +
        `No more requests are sent for ${Math.round(this.cooldownMs / 1000)} s; run the step again later ` +
        '(https://www.githubstatus.com shows outages of github.com).',
    )
  }

  /** Throws when the circuit is open. */
  check(): void {
    if (this.open) throw this.error()
  }

  /** GitHub answered (below 500): the count of this kind starts again; an open circuit closes. */
  succeeded(kind: RequestKind): void {
    this.streak[kind] = 0
    this.openedAt = undefined
  }

  failed(kind: RequestKind, what: string): void {
    this.streak[kind]++
    this.lastFailure = what
    if (this.streak[kind] >= this.threshold) {
      this.openedBy = kind
      this.openedAt = clock.now()
    }
  }
}
