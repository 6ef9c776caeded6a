/**
 * Which runners a selection picks: the one filter behind every operation that acts on many
 * runners (`status`, `busy`, `name-pattern`, `has-labels`, `exclude`, `offline-for`). Pure.
 */
import picomatch from 'picomatch'
import type { ApiRunner } from './runner-shape.js'

export type StatusFilter = 'online' | 'offline' | 'any'
export type BusyFilter = 'true' | 'false' | 'any'

export interface Selection {
  status: StatusFilter
  busy: BusyFilter
  /** Globs on the runner name; the runner must match one (empty: any name). */
  namePatterns: readonly string[]
  /** The runner must carry every one of these labels (case-insensitive, as GitHub treats labels). */
  hasLabels: readonly string[]
  /** Globs of names never selected. */
  exclude: readonly string[]
  /** Only runners the ledger has seen offline without a break for at least this long. */
  offlineFor?: OfflineFor | undefined
}

export interface OfflineFor {
  seconds: number
  /** The ledger's offline stretch of a runner in ms (undefined: not known); set once the ledger is open. */
  stretch?: (id: number) => number | undefined
}

/** Offline now, and seen offline without a break for at least `offlineFor`; a runner the ledger does not know never is. */
function offlineLongEnough(r: ApiRunner, offlineFor: OfflineFor): boolean {
  if (r.status !== 'offline') return false
  const ms = offlineFor.stretch?.(r.id)
  return ms !== undefined && ms >= offlineFor.seconds * 1000
}

/** Where a runner stands: picked, matched but excluded by name, or not matched. */
export type Verdict = 'selected' | 'excluded' | 'unmatched'

/** A name matcher for a glob list: case-insensitive, as GitHub treats runner names; empty matches nothing. */
export function globMatcher(patterns: readonly string[]): (name: string) => boolean {
  if (patterns.length === 0) return () => false
  const m = picomatch([...patterns], { nocase: true, dot: true })
  return (name) => m(name)
}

export function runnerMatcher(sel: Selection): (r: ApiRunner) => Verdict {
  const nameOk = sel.namePatterns.length === 0 ? () => true : globMatcher(sel.namePatterns)
  const excluded = globMatcher(sel.exclude)
  const wanted = sel.hasLabels.map((l) => l.toLowerCase())
  return (r) => {
    if (sel.status !== 'any' && r.status !== sel.status) return 'unmatched'
    if (sel.busy !== 'any' && r.busy !== (sel.busy === 'true')) return 'unmatched'
    if (!nameOk(r.name)) return 'unmatched'
    const has = new Set(r.labels.map((l) => l.name.toLowerCase()))
    if (!wanted.every((l) => has.has(l))) return 'unmatched'
    if (sel.offlineFor && !offlineLongEnough(r, sel.offlineFor)) return 'unmatched'
    return excluded(r.name) ? 'excluded' : 'selected'
  }
}

/** The runners a selection picks. */
export function selectRunners<R extends ApiRunner>(runners: readonly R[], sel: Selection): R[] {
  const verdict = runnerMatcher(sel)
  return runners.filter((r) => verdict(r) === 'selected')
}

/** The `exclude` entries that match none of these runners: a misspelled one protects nothing. */
export function unmatchedExclusions(sel: Selection, runners: readonly { name: string }[]): string[] {
  return sel.exclude.filter((glob) => {
    const matches = globMatcher([glob])
    return !runners.some((r) => matches(r.name))
  })
}

/** Warnings for them. */
export function exclusionWarnings(sel: Selection, runners: readonly { name: string }[]): string[] {
  return unmatchedExclusions(sel, runners).map(
    (glob) =>
      `exclude entry '${glob}' matches no runner: check its spelling (as it stands, it protects nothing).`,
  )
}
