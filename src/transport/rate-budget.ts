/**
 * The step's request budget: how many requests it sent, how many GitHub answered 304 (free),
 * and what the primary rate limit (`x-ratelimit-*` headers, resource `core`) says it used and
 * left. Read by the job summary's last line, and by a warning when the step, at its present
 * pace, would use up the primary limit before it ends.
 *
 * "Present pace": the answers that counted against the limit in the last minute, per minute,
 * measured between the first and the last of them (at least two: one answer is no pace).
 * "Before it ends": before the end the step announced (`expectEndBy`: a wait's timeout), or,
 * when it announced none, before it has run as long again as it has so far (at least a
 * minute); and before the limit resets, when it is refilled.
 */

/** What the primary rate limit said in the last answer that carried it. */
export interface PrimaryLimit {
  limit: number
  remaining: number
  used: number
  /** When it resets, in ms since the epoch. */
  resetAt: number
}

export interface BudgetFigures {
  requests: number
  notModified: number
  /** Answers that counted against the primary limit (all but the 304s). */
  charged: number
  /** The last primary-limit headers seen; undefined when no answer carried them. */
  primary?: PrimaryLimit
}

export const PACE_WINDOW_MS = 60_000
/** The shortest span a pace is measured over (answers at the same moment). */
const PACE_MIN_SPAN_MS = 1000
/** How far ahead a step with no announced end is looked at, at least. */
export const MIN_LOOKAHEAD_MS = 60_000

type Headers = Record<string, unknown> | undefined

/** The primary limit of an answer's headers (resource core), or undefined. */
export function primaryLimitOf(headers: Headers): PrimaryLimit | undefined {
  if (!headers) return undefined
  const resource = headers['x-ratelimit-resource']
  if (resource !== undefined && resource !== 'core') return undefined
  const [limit, remaining, used, reset] = ['limit', 'remaining', 'used', 'reset'].map((k) =>
    Number(headers[`x-ratelimit-${k}`] ?? NaN),
  ) as [number, number, number, number]
  if (![limit, remaining, reset].every(Number.isFinite)) return undefined
  return { limit, remaining, used: Number.isFinite(used) ? used : limit - remaining, resetAt: reset * 1000 }
}

export interface PaceInput {
  now: number
  /** Charged answers per minute at present. */
  perMinute: number
  primary: PrimaryLimit
  /** The step's end: announced, or (announced false) as long again as it has run. */
  endsAt: number
  announced: boolean
}

/** When, at the present pace, the primary limit runs out before the step ends (and before its reset); else undefined. */
export function exhaustionAt(p: PaceInput): number | undefined {
  if (p.perMinute <= 0) return undefined
  const at = p.now + (p.primary.remaining / p.perMinute) * 60_000
  const horizon = Math.min(p.endsAt, p.primary.resetAt)
  return at < horizon ? at : undefined
}

const n = (x: number) => Math.round(x).toLocaleString('en-US')
export const utcTime = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`

/** The warning for a pace that would use up the primary limit (pure). */
export function exhaustionWarning(p: PaceInput, at: number): string {
  const ends = p.announced
    ? `before the step's end at ${utcTime(p.endsAt)}`
    : `if the step goes on as long again as it has (until ${utcTime(p.endsAt)})`
  return (
    `At its present pace (${n(p.perMinute)} requests a minute that count against GitHub's primary rate limit), ` +
    `this step would use up the ${n(p.primary.remaining)} of ${n(p.primary.limit)} left by about ${utcTime(at)}, ${ends}; ` +
    `the limit resets at ${utcTime(p.primary.resetAt)}, and every step on this token fails its requests until then. ` +
    'Poll less often (poll-interval), or give this step a token of its own (a GitHub App installation has up to 15,000 an hour).'
  )
}

/** The job summary's last line (pure). */
export function budgetLine(f: BudgetFigures): string {
  const requests = `${n(f.requests)} request${f.requests === 1 ? '' : 's'}`
  const free = f.notModified > 0 ? ` (${n(f.notModified)} answered 304, free)` : ''
  if (f.requests === 0) return `${requests} · primary rate limit: none used (no request was sent)`
  if (!f.primary)
    return `${requests}${free} · primary rate limit: none reported (no \`x-ratelimit-*\` headers: a GitHub Enterprise Server with rate limits off)`
  const { remaining, limit, resetAt } = f.primary
  return (
    `${requests}${free} · primary rate limit: ${n(f.charged)} used by this step, ` +
    `${n(remaining)} of ${n(limit)} left, resets ${utcTime(resetAt)}`
  )
}

/** Counts one client's requests and answers; warns once when the pace would exhaust the limit. */
export class RequestBudget {
  requests = 0
  notModified = 0
  charged = 0
  primary: PrimaryLimit | undefined
  private readonly chargedAt: number[] = []
  private endsAt: number | undefined
  private warned = false

  constructor(
    private readonly now: () => number,
    private readonly warn: (message: string) => void,
    private readonly startedAt = now(),
  ) {}

  /** The step expects to end by `at` (ms, the clock's time): the pace is judged against it. */
  expectEndBy(at: number): void {
    this.endsAt = at
  }

  /** One attempt sent. */
  sent(): void {
    this.requests++
  }

  /** One answer: its status and headers. */
  answered(status: number, headers: Headers): void {
    const primary = primaryLimitOf(headers)
    if (status === 304) this.notModified++
    if (!primary) return
    this.primary = primary
    if (status === 304) return
    this.charged++
    const now = this.now()
    this.chargedAt.push(now)
    while (this.chargedAt[0]! <= now - PACE_WINDOW_MS) this.chargedAt.shift()
    this.judgePace(now, primary)
  }

  figures(): BudgetFigures {
    const { requests, notModified, charged, primary } = this
    return { requests, notModified, charged, ...(primary ? { primary } : {}) }
  }

  private judgePace(now: number, primary: PrimaryLimit): void {
    const times = this.chargedAt
    if (this.warned || times.length < 2) return
    const span = Math.max(PACE_MIN_SPAN_MS, times.at(-1)! - times[0]!)
    const announced = this.endsAt !== undefined
    const endsAt = this.endsAt ?? now + Math.max(MIN_LOOKAHEAD_MS, now - this.startedAt)
    const pace: PaceInput = {
      now,
      perMinute: ((times.length - 1) / span) * 60_000,
      primary,
      endsAt,
      announced,
    }
    const at = exhaustionAt(pace)
    if (at === undefined) return
    this.warned = true
    this.warn(exhaustionWarning(pace, at))
  }
}
