/**
 * The pure half of prune-runners: which runners a prune deletes, which it leaves alone and
 * why. Decided on the whole list, before any deletion.
 */
import { runnerMatcher, type Selection, type Verdict } from './runner-filter.js'
import type { ApiRunner, Skipped } from './runner-shape.js'

export interface PruneRules {
  selection: Selection
  maxDeletions: number
  /**
   * Seconds a runner that has never connected (`version` null: its machine may still be
   * booting) must stay offline, seen at the first look and again after this long. 0: none.
   */
  gracePeriod: number
  /** Seconds an online candidate must have been idle, at two looks that far apart (src/decisions/idle-watch.ts). 0: none. */
  idleFor: number
}

/** A runner that has never connected to GitHub: registered, its machine perhaps still booting. */
export function neverConnected(r: ApiRunner): boolean {
  return r.version === null || r.version === undefined
}

/** Whether a candidate must be seen offline again after the grace period before it is deleted. */
export function needsSecondLook(r: ApiRunner, rules: PruneRules): boolean {
  return rules.gracePeriod > 0 && neverConnected(r)
}

export interface PrunePlan {
  /** Runners to delete (each confirmed again right before its deletion). */
  candidates: ApiRunner[]
  /** Matching runners left alone, with the reason. */
  skipped: Skipped[]
  /** More candidates than max-deletions: nothing is deleted. */
  overCap: boolean
}

/** Why a selected or excluded runner must not be deleted; undefined when it may be. */
function protectedReason(r: ApiRunner, verdict: Verdict): string | undefined {
  if (r.busy) return 'busy: running a job'
  if (verdict === 'excluded') return 'excluded by the exclude patterns'
  return undefined
}

export function planPrune(runners: readonly ApiRunner[], rules: PruneRules): PrunePlan {
  // Busy runners are never candidates, whatever the busy filter says: they are reported as skipped.
  const verdict = runnerMatcher(rules.selection)
  const candidates: ApiRunner[] = []
  const skipped: Skipped[] = []
  for (const r of runners) {
    const v = verdict(r)
    if (v === 'unmatched') continue
    const reason = protectedReason(r, v)
    if (reason) skipped.push({ id: r.id, name: r.name, reason })
    else candidates.push(r)
  }
  if (candidates.length > rules.maxDeletions) {
    const reason = `not deleted: ${candidates.length} runners match, more than max-deletions (${rules.maxDeletions})`
    return {
      candidates: [],
      skipped: [...skipped, ...candidates.map((r) => ({ id: r.id, name: r.name, reason }))],
      overCap: true,
    }
  }
  return { candidates, skipped, overCap: false }
}

/**
 * Checks a fresh look at a candidate: undefined when it may still be deleted, else the reason
 * it may not (it turned busy, came online, connected during the grace period, was renamed...).
 */
export function recheck(fresh: ApiRunner, rules: PruneRules, firstLook: ApiRunner): string | undefined {
  const v = runnerMatcher(rules.selection)(fresh)
  const reason = protectedReason(fresh, v)
  if (reason) return `${reason} (at the last look before deleting)`
  if (needsSecondLook(firstLook, rules) && (fresh.status !== 'offline' || !neverConnected(fresh)))
    return 'connected during the grace period (its machine was still starting)'
  if (v === 'unmatched') return `no longer matches at the last look before deleting (now ${fresh.status})`
  return undefined
}
