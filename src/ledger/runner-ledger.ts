/**
 * The runner ledger's decisions, pure: what a look at a runner adds to its record, when a
 * record expires, how long a runner has been seen offline without a break, which runners are
 * new to the ledger and which a complete listing no longer shows. The file format (documented,
 * stable): `{"version":1,"scope":"organization:octo-org","updated_at":"<ISO 8601 UTC>",
 * "runners":{"<id>":{"name","first_seen","last_seen","offline_since","last_busy","version"}}}`.
 */

export const LEDGER_VERSION = 1

/** Records of runners not seen for this long are dropped. */
export const EXPIRY_MS = 30 * 24 * 3600 * 1000

export interface LedgerEntry {
  name: string
  first_seen: string
  last_seen: string
  /** Start of the current offline stretch; null while online. */
  offline_since: string | null
  last_busy: string | null
  version: string | null
}

/** Records by runner id (the id as a decimal string, as the file keys it). */
export type LedgerRunners = Map<string, LedgerEntry>

export interface Ledger {
  version: typeof LEDGER_VERSION
  scope: string
  updated_at: string
  runners: LedgerRunners
}

/** What a look at a runner shows (a runner of the API, or the few fields the ledger keeps). */
export interface SeenRunner {
  id: number
  name: string
  status: string
  busy: boolean
  version?: string | null
}

/** Logins and slugs are case-insensitive on GitHub. */
export const sameScope = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/** ISO 8601 UTC to the second (`2026-12-07T02:49:33Z`): the ledger's times. */
export function isoSecond(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

/** A runner's record after a look at it `at` (ISO time): a first look starts it, an offline look starts or continues a stretch. */
export function observe(entry: LedgerEntry | undefined, r: SeenRunner, at: string): LedgerEntry {
  const offline = r.status === 'offline'
  return {
    name: r.name,
    first_seen: entry?.first_seen ?? at,
    last_seen: at,
    offline_since: offline ? (entry?.offline_since ?? at) : null,
    last_busy: r.busy ? at : (entry?.last_busy ?? null),
    version: r.version ?? null,
  }
}

/** The records seen within the last 30 days before `now`. */
export function unexpired(runners: LedgerRunners, now: number): LedgerRunners {
  const kept: LedgerRunners = new Map()
  for (const [id, e] of runners) if (now - Date.parse(e.last_seen) < EXPIRY_MS) kept.set(id, e)
  return kept
}

/**
 * How long (ms) the ledger has seen the runner offline without a break, measured at the last
 * look at it; undefined when it was online at that look, or when the ledger did not know it
 * before this run (`knownBefore` false): a runner it does not know has no history; undefined
 * too when its offline_since is after that look.
 */
export function offlineStretch(entry: LedgerEntry | undefined, knownBefore: boolean): number | undefined {
  if (!entry || !knownBefore || entry.offline_since === null) return undefined
  const ms = Date.parse(entry.last_seen) - Date.parse(entry.offline_since)
  // An offline_since after the last look (a forged file, a clock that ran ahead) says nothing.
  return ms >= 0 ? ms : undefined
}

/** The report's offline-for buckets, shortest first. `first-seen-now`: offline at a runner's first look, so its stretch is unknown. */
export const OFFLINE_BUCKETS = ['under-1h', '1h-to-1d', '1d-to-7d', 'over-7d', 'first-seen-now'] as const
export type OfflineBucket = (typeof OFFLINE_BUCKETS)[number]

const HOUR = 3600 * 1000

/** The bucket of an offline stretch (undefined: not known). */
export function offlineBucket(stretchMs: number | undefined): OfflineBucket {
  if (stretchMs === undefined) return 'first-seen-now'
  if (stretchMs < HOUR) return 'under-1h'
  if (stretchMs < 24 * HOUR) return '1h-to-1d'
  if (stretchMs <= 7 * 24 * HOUR) return '1d-to-7d'
  return 'over-7d'
}

/** Ids of a complete listing (`seen`) that the ledger did not know before this run. */
export function newIds(knownBefore: ReadonlySet<string>, seen: Iterable<string>): string[] {
  return [...seen].filter((id) => !knownBefore.has(id))
}

/**
 * Ids the ledger knows that a complete listing (`seen`) did not show: gone, or skipped by a
 * list that shifted while it was paged. Only a look tells which.
 */
export function missingIds(runners: LedgerRunners, seen: ReadonlySet<string>): string[] {
  return [...runners.keys()].filter((id) => !seen.has(id))
}

/**
 * The file's text in pieces (one runner a line, in id order), so that 50,000 runners are written
 * without holding the whole text twice. `ledgerText` joins them.
 */
export function* ledgerChunks(
  scope: string,
  runners: LedgerRunners,
  now: number,
  size = 1000,
): Generator<string> {
  yield `{"version":${LEDGER_VERSION},"scope":${JSON.stringify(scope)},"updated_at":"${isoSecond(now)}","runners":{\n`
  const ids = [...runners.keys()].sort((a, b) => Number(a) - Number(b))
  for (let i = 0; i < ids.length; i += size) {
    const lines = ids
      .slice(i, i + size)
      .map((id) => `${JSON.stringify(id)}:${JSON.stringify(runners.get(id))}`)
    yield `${i > 0 ? ',\n' : ''}${lines.join(',\n')}`
  }
  yield '\n}}\n'
}

/** The file's text (compact: about 150 to 200 bytes a runner). */
export function ledgerText(scope: string, runners: LedgerRunners, now: number): string {
  return [...ledgerChunks(scope, runners, now)].join('')
}

/** ISO 8601 with a date, a time and a zone (the ledger writes UTC, `Z`). */
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/
const isTime = (v: unknown) => typeof v === 'string' && ISO_TIME.test(v)
const isTimeOrNull = (v: unknown) => v === null || isTime(v)

/** Why a record is not a ledger record; undefined when it is. */
function entryProblem(id: string, e: unknown): string | undefined {
  if (!/^[1-9]\d*$/.test(id)) return `runner key '${id}' is not a runner id`
  const r = e as Partial<Record<keyof LedgerEntry, unknown>> | null
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return `runner ${id} is not an object`
  if (typeof r.name !== 'string') return `runner ${id} has no name`
  if (!isTime(r.first_seen) || !isTime(r.last_seen)) return `runner ${id} lacks first_seen or last_seen`
  if (!isTimeOrNull(r.offline_since) || !isTimeOrNull(r.last_busy))
    return `runner ${id} has an offline_since or last_busy that is neither a time nor null`
  if (r.version !== null && typeof r.version !== 'string')
    return `runner ${id} has a version that is not text`
  return undefined
}

/** The record as it is when it has the six fields only (the usual case: no copy), else a copy of them. */
function onlyLedgerFields(e: LedgerEntry): LedgerEntry {
  if (Object.keys(e).length === 6) return e
  const { name, first_seen, last_seen, offline_since, last_busy, version } = e
  return { name, first_seen, last_seen, offline_since, last_busy, version }
}

/** The ledger in a file's text, or why it is not one (it does not parse, or has the wrong shape or version). */
export function parseLedger(text: string): { ledger: Ledger } | { problem: string } {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    return { problem: `it is not JSON (${(e as Error).message})` }
  }
  const d = data as Partial<Record<'version' | 'scope' | 'updated_at' | 'runners', unknown>> | null
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return { problem: 'it is not a JSON object' }
  if (d.version !== LEDGER_VERSION) return { problem: `its version is ${JSON.stringify(d.version)}, not 1` }
  if (typeof d.scope !== 'string' || !/^(repository|organization|enterprise):./.test(d.scope))
    return { problem: 'it names no scope (repository:…, organization:… or enterprise:…)' }
  if (!isTime(d.updated_at)) return { problem: 'its updated_at is not a time' }
  const raw = d.runners as Record<string, unknown> | null | undefined
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { problem: 'it has no runners object' }
  const runners: LedgerRunners = new Map()
  for (const [id, e] of Object.entries(raw)) {
    const problem = entryProblem(id, e)
    if (problem) return { problem }
    runners.set(id, onlyLedgerFields(e as LedgerEntry))
  }
  return { ledger: { version: LEDGER_VERSION, scope: d.scope, updated_at: d.updated_at as string, runners } }
}
