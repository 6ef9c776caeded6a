/**
 * GitHub's limits the benchmark measures against, and the floors they allow. Pure.
 *
 * Secondary limit (as GitHub documents it and the simulator enforces it): 900 points a minute
 * per endpoint, a GET costing 1 and a mutation 5 (so 180 mutations a rolling minute), 100
 * requests in flight. Outputs: 1 MB each; a step summary: 1 MiB.
 */
import { DEFAULT_WRITES_PER_WINDOW } from '../../src/transport/pacer.js'

export const POINTS_PER_WINDOW = 900
export const WINDOW_MS = 60_000
export const WRITE_POINTS = 5
export const MAX_CONCURRENT = 100
/** Mutations GitHub's secondary limit allows in any rolling minute: 180. */
export const WRITES_PER_WINDOW = POINTS_PER_WINDOW / WRITE_POINTS
/** Mutations the action allows itself in any rolling minute (its pacer's budget: 165). */
export const ACTION_WRITES_PER_WINDOW = DEFAULT_WRITES_PER_WINDOW

/** One output (the action stays at or under 1,000,000 bytes). */
export const MAX_OUTPUT_BYTES = 1_000_000
/** All of a step's outputs together, as the action keeps them. */
export const MAX_STEP_OUTPUT_BYTES = 1024 * 1024
/** A step's job summary. */
export const MAX_SUMMARY_BYTES = 1024 * 1024
/** Peak RSS the project allows the action on a large fleet. */
export const MAX_RSS_BYTES = 200_000_000

export const pages = (items: number) => Math.max(1, Math.ceil(items / 100))

/**
 * The least time `writes` mutations take under the secondary limit alone, with no latency: the
 * first window's budget at once, then one as each leaves the rolling window.
 */
export function bareLimitSeconds(writes: number, perWindow = WRITES_PER_WINDOW): number {
  return (Math.max(0, writes - perWindow) * WINDOW_MS) / perWindow / 1000
}

export interface SlotWork {
  /** Requests sent one after the other before the first write slot (list pages). */
  lead: number
  /** Write slots: a look and its change, each slot's requests one after the other. */
  slots: number
  requestsPerSlot: number
  latencyMs: number
  /** Slots allowed in any rolling window (180 for GitHub's limit, 165 at the action's pace). */
  perWindow: number
}

/**
 * The least time the work takes for a client that sends one request at a time (each answered
 * after `latencyMs`, as GitHub asks of mutations, and as a change decided by a fresh look must:
 * look, then write) and never more than `perWindow` slots in a rolling minute: slot `i +
 * perWindow` starts a window after slot `i`.
 */
export function slotFloorSeconds(w: SlotWork): number {
  const step = w.latencyMs / 1000
  const window = WINDOW_MS / 1000
  let t = w.lead * step
  const starts: number[] = []
  for (let i = 0; i < w.slots; i++) {
    if (i >= w.perWindow) t = Math.max(t, starts[i - w.perWindow]! + window)
    starts.push(t)
    t += w.requestsPerSlot * step
  }
  return t
}

/** Requests sent one after the other, each answered after `latencyMs`. */
export const serialSeconds = (requests: number, latencyMs: number) => (requests * latencyMs) / 1000
