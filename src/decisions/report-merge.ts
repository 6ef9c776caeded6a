/**
 * What merge-reports makes of the result files of report-runners and prune-runners, one per
 * scope: which files are such results, and their totals over the fleet. Pure: the files arrive
 * as text.
 */
import { InputError } from '../errors.js'
import { emptyReport, outdatedCount, soonestFirst, type EndOfLife, type FleetReport } from './fleet-report.js'

export type MergedOperation = 'report-runners' | 'prune-runners'

interface Scoped {
  /** The file, as named in messages. */
  file: string
  scope: string
}

export type ResultOf =
  | (Scoped & { operation: 'report-runners'; report: FleetReport & { 'end-of-life-unknown'?: string[] } })
  | (Scoped & { operation: 'prune-runners'; prune: PruneResult })

export interface PruneResult {
  deleted: unknown[]
  skipped: unknown[]
  failed: unknown[]
  deleted_count: number
  dry_run: boolean
}

const SCOPE = /^(repository:[^/\s]+\/[^/\s]+|organization:[^/\s:]+|enterprise:[^/\s:]+)$/
const COUNTS = ['total', 'online', 'offline', 'busy', 'idle'] as const
const MAPS = ['by-os', 'by-label', 'by-group', 'by-version'] as const

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0
const isCounts = (v: unknown): boolean => isObject(v) && Object.values(v).every(isCount)

function notAResult(file: string, why: string): InputError {
  return new InputError(
    'report-files',
    `${file} is not a result-file of report-runners or prune-runners (${why}); a result file of a version of this action before scope and operation were written in it must be made again`,
  )
}

function isFleetReport(v: Record<string, unknown>): boolean {
  return (
    COUNTS.every((k) => isCount(v[k])) &&
    MAPS.every((k) => isCounts(v[k])) &&
    Array.isArray(v['end-of-life']) &&
    v['end-of-life'].every((e) => isObject(e) && typeof e.version === 'string' && isCount(e.runners))
  )
}

function isPruneResult(v: Record<string, unknown>): boolean {
  return (
    ['deleted', 'skipped', 'failed'].every((k) => Array.isArray(v[k])) &&
    isCount(v.deleted_count) &&
    typeof v.dry_run === 'boolean'
  )
}

/** One result file's content, checked: its operation, its scope, and the result of that operation. */
export function readResult(file: string, text: string): ResultOf {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw notAResult(file, 'it is not JSON')
  }
  if (!isObject(value)) throw notAResult(file, 'it is not a JSON object')
  const { operation, scope } = value
  if (typeof scope !== 'string' || !SCOPE.test(scope)) throw notAResult(file, 'it names no scope')
  if (operation === 'report-runners' && isFleetReport(value))
    return { file, scope, operation, report: value as unknown as FleetReport }
  if (operation === 'prune-runners' && isPruneResult(value))
    return { file, scope, operation, prune: value as unknown as PruneResult }
  throw notAResult(
    file,
    typeof operation === 'string'
      ? `it is a result of ${operation}, or not of its shape`
      : 'it names no operation',
  )
}

/** The one operation all files are results of; two files of one scope, or a mix, are input errors. */
export function checkResults(results: readonly ResultOf[]): MergedOperation {
  const first = results[0]
  if (!first) throw new InputError('report-files', 'no result file to merge')
  const mixed = results.find((r) => r.operation !== first.operation)
  if (mixed)
    throw new InputError(
      'report-files',
      `${first.file} is a result of ${first.operation} and ${mixed.file} of ${mixed.operation}: merge reports and prunes in separate steps`,
    )
  const byScope = new Map<string, string>()
  for (const r of results) {
    const key = r.scope.toLowerCase()
    const other = byScope.get(key)
    if (other !== undefined)
      throw new InputError(
        'report-files',
        `${other} and ${r.file} are both results for ${r.scope}: keep one file per scope`,
      )
    byScope.set(key, r.file)
  }
  return first.operation
}

/** Adds counts key by key; own properties only, so a label `__proto__` or `constructor` is a key like any other. */
const add = (into: Record<string, number>, from: Record<string, number>) => {
  for (const [k, n] of Object.entries(from)) {
    const value = (Object.hasOwn(into, k) ? into[k]! : 0) + n
    Object.defineProperty(into, k, { value, enumerable: true, writable: true, configurable: true })
  }
}

/** Each version's end-of-life entry over the fleet: runners summed, the earliest dates kept. */
function mergeEndOfLife(lists: readonly EndOfLife[][]): EndOfLife[] {
  const byVersion = new Map<string, EndOfLife>()
  const earlier = (a: string | null, b: string | null) =>
    a === null ? b : b === null ? a : Date.parse(a) <= Date.parse(b) ? a : b
  for (const e of lists.flat()) {
    const seen = byVersion.get(e.version)
    if (!seen) byVersion.set(e.version, { ...e })
    else {
      seen.runners += e.runners
      seen.registration_deprecates_at = earlier(seen.registration_deprecates_at, e.registration_deprecates_at)
      seen.runtime_deprecates_at = earlier(seen.runtime_deprecates_at, e.runtime_deprecates_at)
    }
  }
  return soonestFirst([...byVersion.values()])
}

export interface ScopeCounts {
  total: number
  online: number
  offline: number
  busy: number
  idle: number
  'outdated-count': number
}

/** What report-runners adds to its report with a ledger. */
export interface LedgerFields {
  new: unknown[]
  gone: unknown[]
  'offline-for': Record<string, number>
}

const hasLedgerFields = (r: object): r is LedgerFields => {
  const v = r as Record<string, unknown>
  return Array.isArray(v.new) && Array.isArray(v.gone) && isCounts(v['offline-for'])
}

/**
 * The ledger's figures over the fleet (new and gone runners, offline-for counts), when every
 * report has them: a sum over some scopes only would understate the fleet's.
 */
export function mergeLedgerFields(reports: readonly { report: object }[]): LedgerFields | undefined {
  if (reports.length === 0 || !reports.every((r) => hasLedgerFields(r.report))) return undefined
  const merged: LedgerFields = { new: [], gone: [], 'offline-for': {} }
  for (const { report } of reports as { report: LedgerFields }[]) {
    merged.new.push(...report.new)
    merged.gone.push(...report.gone)
    add(merged['offline-for'], report['offline-for'])
  }
  return merged
}

/** The fleet's report over every scope's, and each scope's counts. */
export function mergeFleetReports(reports: readonly { scope: string; report: FleetReport }[]) {
  const merged: FleetReport & Partial<LedgerFields> = emptyReport()
  const byOrganization: Record<string, ScopeCounts> = {}
  const unknown = new Set<string>()
  for (const { scope, report } of reports) {
    for (const k of COUNTS) merged[k] += report[k]
    for (const k of MAPS) add(merged[k], report[k])
    for (const v of report['end-of-life-unknown'] ?? []) unknown.add(v)
    byOrganization[scope] = { ...pickCounts(report), 'outdated-count': outdatedCount(report) }
  }
  merged['end-of-life'] = mergeEndOfLife(reports.map((r) => r.report['end-of-life']))
  merged['end-of-life-unknown'] = [...unknown].sort()
  const ledger = mergeLedgerFields(reports)
  if (ledger) Object.assign(merged, ledger)
  return { report: merged, byOrganization: sortedByKey(byOrganization) }
}

function pickCounts(r: FleetReport): Omit<ScopeCounts, 'outdated-count'> {
  return { total: r.total, online: r.online, offline: r.offline, busy: r.busy, idle: r.idle }
}

/** Each scope's deletions (what would be deleted, in a dry run), and their total. */
export function mergePrunes(prunes: readonly { scope: string; prune: PruneResult }[]) {
  const byOrganization: Record<string, number> = {}
  for (const { scope, prune } of prunes) byOrganization[scope] = prune.deleted_count
  const deletedCount = prunes.reduce((n, p) => n + p.prune.deleted_count, 0)
  return { deletedCount, byOrganization: sortedByKey(byOrganization) }
}

function sortedByKey<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}
