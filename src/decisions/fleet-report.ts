/**
 * The fleet report, counted one runner at a time (a 50,000-runner fleet is never held whole):
 * status, busy and idle, and counts by OS, label, runner group and runner version; then each
 * version's end-of-life dates. Pure.
 */
import type { ApiRunner } from './runner-shape.js'

/** How the report names runners that have never connected (their version is null). */
export const NEVER_CONNECTED = 'never connected'

export interface EndOfLife {
  version: string
  registration_deprecates_at: string | null
  runtime_deprecates_at: string | null
  runners: number
}

export interface FleetReport {
  total: number
  online: number
  offline: number
  busy: number
  /** Online and not running a job. */
  idle: number
  'by-os': Record<string, number>
  'by-label': Record<string, number>
  'by-group': Record<string, number>
  'by-version': Record<string, number>
  /** Each runner version GitHub has set an end-of-life date for, with its dates and runner count: soonest first. */
  'end-of-life': EndOfLife[]
  /** The runner versions whose end-of-life dates could not be looked up (sorted). */
  'end-of-life-unknown': string[]
}

/** The breakdowns, counted in Maps: a label `__proto__` or `constructor` is a key like any other. */
type Breakdown = 'by-os' | 'by-label' | 'by-group' | 'by-version'

const bump = (counts: Map<string, number>, key: string) => void counts.set(key, (counts.get(key) ?? 0) + 1)

/**
 * Counts as a plain object for the JSON output: own properties only (`Object.fromEntries`
 * defines them), so `__proto__` is a key, never the prototype.
 */
const asRecord = (counts: ReadonlyMap<string, number>): Record<string, number> => Object.fromEntries(counts)

/** Sorted by count, largest first (then by key): how tables and charts show a breakdown. */
export function byCount(counts: Record<string, number>): [string, number][] {
  return Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
}

/** A report of no runner. */
export function emptyReport(): FleetReport {
  return {
    total: 0,
    online: 0,
    offline: 0,
    busy: 0,
    idle: 0,
    'by-os': {},
    'by-label': {},
    'by-group': {},
    'by-version': {},
    'end-of-life': [],
    'end-of-life-unknown': [],
  }
}

/** The end-of-life dates of one version; undefined: none set, or GitHub does not know it. */
export type EolDates = Omit<EndOfLife, 'version' | 'runners'> | undefined

export class FleetCounter {
  private readonly counts = { total: 0, online: 0, offline: 0, busy: 0, idle: 0 }
  private readonly breakdowns: Record<Breakdown, Map<string, number>> = {
    'by-os': new Map(),
    'by-label': new Map(),
    'by-group': new Map(),
    'by-version': new Map(),
  }

  add(r: ApiRunner): void {
    const c = this.counts
    const b = this.breakdowns
    c.total++
    if (r.status === 'online') c.online++
    else c.offline++
    if (r.busy) c.busy++
    else if (r.status === 'online') c.idle++
    bump(b['by-os'], r.os || 'unknown')
    // A label counts once per runner, however GitHub spells it on each.
    for (const name of new Set(r.labels.map((l) => l.name.toLowerCase()))) bump(b['by-label'], name)
    bump(b['by-group'], r.runner_group_id == null ? 'none' : String(r.runner_group_id))
    bump(b['by-version'], r.version ?? NEVER_CONNECTED)
  }

  /** The runner versions seen (never-connected runners aside): one end-of-life lookup each. */
  versions(): string[] {
    return [...this.breakdowns['by-version'].keys()].filter((v) => v !== NEVER_CONNECTED)
  }

  /**
   * The report, with the end-of-life dates found for each version (`eol`) and the versions
   * whose dates could not be looked up (`unknown`).
   */
  finish(eol: ReadonlyMap<string, EolDates>, unknown: readonly string[] = []): FleetReport {
    const endOfLife: EndOfLife[] = []
    for (const [version, runners] of this.breakdowns['by-version']) {
      const dates = eol.get(version)
      if (dates && (dates.registration_deprecates_at !== null || dates.runtime_deprecates_at !== null)) {
        const { registration_deprecates_at, runtime_deprecates_at } = dates
        endOfLife.push({ version, registration_deprecates_at, runtime_deprecates_at, runners })
      }
    }
    const b = this.breakdowns
    return {
      ...this.counts,
      'by-os': asRecord(b['by-os']),
      'by-label': asRecord(b['by-label']),
      'by-group': asRecord(b['by-group']),
      'by-version': asRecord(b['by-version']),
      'end-of-life': soonestFirst(endOfLife),
      'end-of-life-unknown': [...unknown].sort(),
    }
  }
}

/** End-of-life entries ordered by their nearest date, soonest first (then by version). */
export function soonestFirst(entries: EndOfLife[]): EndOfLife[] {
  const soonest = (e: EndOfLife) =>
    Math.min(
      ...[e.registration_deprecates_at, e.runtime_deprecates_at].map((d) =>
        d === null ? Infinity : Date.parse(d),
      ),
    )
  return entries.sort((a, b) => soonest(a) - soonest(b) || a.version.localeCompare(b.version))
}

/** Runners on a version that has an end-of-life date. */
export function outdatedCount(report: FleetReport): number {
  return report['end-of-life'].reduce((n, e) => n + e.runners, 0)
}

/** The outputs a report sets (report-runners; merge-reports over a fleet). */
export const REPORT_OUTPUTS = [
  'report',
  'total',
  'online',
  'offline',
  'busy',
  'idle',
  'outdated-count',
] as const

/** The outputs of a report (report-runners; merge-reports over a fleet). */
export function reportOutputs(report: FleetReport): Record<string, unknown> {
  return {
    report,
    total: String(report.total),
    online: String(report.online),
    offline: String(report.offline),
    busy: String(report.busy),
    idle: String(report.idle),
    'outdated-count': String(outdatedCount(report)),
  }
}

/** A Mermaid pie chart (GitHub renders Mermaid in job summaries). */
export function pieChart(title: string, slices: [string, number][], most = 8): string {
  const shown = slices.slice(0, most)
  const rest = slices.slice(most).reduce((n, [, v]) => n + v, 0)
  if (rest > 0) shown.push([`${slices.length - most} others`, rest])
  // Inside a code block: nothing may end the quote, the line or the block.
  const quote = (s: string) => `"${s.replace(/["\\`\n\r\u2028\u2029]/g, ' ')}"`
  return [
    '```mermaid',
    `pie title ${title.replace(/[\n\r]/g, ' ')}`,
    ...shown.map(([k, v]) => `  ${quote(k)} : ${v}`),
    '```',
  ].join('\n')
}
