/**
 * Paces mutations to GitHub's documented secondary rate limit: at most 900 points a minute
 * per endpoint, a POST/PATCH/PUT/DELETE costing 5, so 180 mutations in any rolling minute.
 * The pacer keeps a share of that budget (default 92%) as a sliding window: a mutation goes
 * as soon as fewer than `capacity` were sent in the last minute, so a short job never waits
 * and a long one runs at the limit's own rate. Mutations go one at a time, as GitHub asks.
 * When GitHub pushes back anyway, the budget shrinks.
 */
import { clock } from './clock.js'

const SECONDARY_POINTS_PER_MINUTE = 900
const MUTATION_POINTS = 5
const BUDGET_SHARE = 0.92
/** 165 mutations per rolling minute. */
export const DEFAULT_WRITES_PER_WINDOW = Math.floor(
  (SECONDARY_POINTS_PER_MINUTE / MUTATION_POINTS) * BUDGET_SHARE,
)

export interface PacerOptions {
  /** Mutations allowed per window (default 165). */
  capacity?: number
  /** The window (default 60 s). */
  windowMs?: number
}

export class WritePacer {
  capacity: number
  readonly windowMs: number
  /** When each mutation of the current window was sent. */
  private sent: number[] = []
  /** The tail of the queue: each mutation waits for the one before it to finish. */
  private tail: Promise<void> = Promise.resolve()
  waitedMs = 0

  constructor(options: PacerOptions = {}) {
    this.capacity = options.capacity ?? DEFAULT_WRITES_PER_WINDOW
    this.windowMs = options.windowMs ?? 60_000
  }

  /** Runs one mutation when the budget allows, after every earlier one has finished. */
  run<T>(send: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(async () => {
      await this.slot()
      return send()
    })
    this.tail = turn.then(
      () => undefined,
      () => undefined,
    )
    return turn
  }

  /** GitHub answered with a secondary limit: keep two thirds of the budget from now on. */
  backOff(): void {
    this.capacity = Math.max(1, Math.floor((this.capacity * 2) / 3))
  }

  private async slot(): Promise<void> {
    for (;;) {
      const now = clock.now()
      while (this.sent.length > 0 && this.sent[0]! <= now - this.windowMs) this.sent.shift()
      if (this.sent.length < this.capacity) {
        this.sent.push(now)
        return
      }
      const wait = this.sent[this.sent.length - this.capacity]! + this.windowMs - now
      this.waitedMs += wait
      await clock.sleep(wait)
    }
  }
}
