/**
 * The benchmark's scenarios (scripts/bench/) at tiny sizes and without latency: each seeds its
 * fleet, runs dist/index.js and checks what it did, its requests against the minimum, the
 * secondary limit, memory and outputs. A smoke run, so that `npm run bench` keeps working and
 * its request counts keep matching what the action does; wall times are never asserted.
 */
import { describe, expect, it } from 'vitest'
import { slotFloorSeconds } from '../../scripts/bench/limits.js'
import { failures } from '../../scripts/bench/rows.js'
import type { BenchContext } from '../../scripts/bench/scenario.js'
import { SCENARIOS } from '../../scripts/bench/scenarios/index.js'

const tiny: BenchContext = { scale: 0.002, latencyMs: 0, coldStarts: 1, log: () => undefined }

describe('npm run bench, at tiny sizes', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s: every figure within its bar', async (_, s) => {
    const report = await s.run(tiny)
    expect(report.rows.length).toBeGreaterThan(3)
    expect(failures(report)).toEqual([])
  })

  it('floors: one request at a time, at most 180 write slots in a rolling minute', () => {
    // 1,000 deletions after 25 pages at 100 ms: slot 901 starts at 302.5 s, the last 100 take 20 s more.
    expect(
      slotFloorSeconds({ lead: 25, slots: 1000, requestsPerSlot: 2, latencyMs: 100, perWindow: 180 }),
    ).toBeCloseTo(322.5)
    // Under the window's budget only the latency counts.
    expect(
      slotFloorSeconds({ lead: 2, slots: 100, requestsPerSlot: 2, latencyMs: 100, perWindow: 180 }),
    ).toBeCloseTo(20.2)
  })
})
