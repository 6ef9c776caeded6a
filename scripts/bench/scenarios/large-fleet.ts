/**
 * Read-only work over a fleet of 50,000 runners: a listing, a prune dry run and a report. Each
 * must stay under 200 MB of memory, make one request a page (and, for the report, one per
 * distinct runner version), and keep its outputs and summary within GitHub's limits.
 */
import type { SimRunner, SimRunnerInput, Simulator } from '../../../sim/index.js'
import { pages, serialSeconds } from '../limits.js'
import { benchSimulator, measure, OWNER, type Measured } from '../measure.js'
import {
  countOutput,
  int,
  limitRows,
  memoryRow,
  outcomeRow,
  outputRows,
  requestsRow,
  wallRow,
  type ScenarioReport,
} from '../rows.js'
import { scaled, type BenchContext, type Scenario } from '../scenario.js'

/** The runner versions the fleet runs, newest first. */
export const FLEET_VERSIONS = ['2.329.0', '2.328.0', '2.327.1', '2.325.0', '2.321.0', '2.319.1'] as const

/**
 * Runner `i` (from 1) of a large fleet: a third online (half of those busy), Linux mostly, two
 * custom labels, spread over FLEET_VERSIONS; one in a hundred has never connected (offline,
 * version null).
 */
export function fleetRunner(i: number): SimRunnerInput {
  const neverConnected = i % 100 === 0
  const online = i % 3 === 0 && !neverConnected
  return {
    name: `runner-${i.toString(36)}-${'x'.repeat(20)}`,
    status: online ? 'online' : 'offline',
    busy: online && i % 2 === 0,
    os: i % 10 === 1 ? 'windows' : i % 10 === 2 ? 'macos' : 'linux',
    labels: ['gpu', `pool-${i % 50}`],
    version: neverConnected ? null : FLEET_VERSIONS[i % FLEET_VERSIONS.length]!,
  }
}

interface Outcome {
  did: string
  expected: string
  ok: boolean
}

interface LargeFleetSpec {
  name: string
  about: string
  operation: string
  /** Inputs besides the operation. */
  inputs?: Record<string, string>
  /** The outputs the operation sets (besides result and result-file). */
  outputs: string[]
  /** Set up the simulator after the fleet is seeded (end-of-life dates, say). */
  prepare?: (sim: Simulator) => void
  /** What the step should have done, from the fleet as seeded. */
  outcome: (m: Measured, fleet: SimRunner[], sim: Simulator) => Outcome
  /** Requests besides the list pages, and why. */
  extraRequests?: (fleet: SimRunner[]) => { count: number; why: string }
}

function largeFleetScenario(spec: LargeFleetSpec): Scenario {
  return {
    name: spec.name,
    about: spec.about,
    async run(ctx: BenchContext): Promise<ScenarioReport> {
      const count = scaled(ctx, 50_000, 10)
      const sim = await benchSimulator(ctx.latencyMs)
      try {
        const fleet = sim.addRunners(OWNER, count, fleetRunner)
        spec.prepare?.(sim)
        ctx.log(`${spec.name}: ${spec.operation} over ${int(count)} runners...`)
        const m = await measure(sim, { operation: spec.operation, ...spec.inputs })
        const listPages = pages(count)
        const extra = spec.extraRequests?.(fleet) ?? { count: 0, why: '' }
        const o = spec.outcome(m, fleet, sim)
        return {
          name: spec.name,
          title: `${spec.operation}, ${int(count)} runners${spec.inputs?.['dry-run'] === 'true' ? ', dry run' : ''}, ${ctx.latencyMs} ms latency, secondary limits enforced`,
          rows: [
            outcomeRow(m, o.did, o.expected, o.ok),
            requestsRow(m, listPages + extra.count, `${listPages} list pages${extra.why}`),
            wallRow(
              m,
              serialSeconds(listPages + extra.count, ctx.latencyMs),
              'those requests one after the other',
            ),
            ...limitRows(m),
            memoryRow(m, true),
            ...outputRows(m, spec.outputs),
          ],
        }
      } finally {
        await sim.close()
      }
    },
  }
}

export const listScenario = largeFleetScenario({
  name: 'list',
  about: 'list-runners over 50,000 runners: memory, requests, outputs, result file, summary',
  operation: 'list-runners',
  outputs: ['runners', 'count'],
  outcome: (m, fleet) => ({
    did: `count ${countOutput(m, 'count')}`,
    expected: `count ${int(fleet.length)}`,
    ok: m.run.outputs.count === String(fleet.length),
  }),
})

export const dryRunScenario = largeFleetScenario({
  name: 'dry-run',
  about: 'prune-runners dry run over 50,000 runners: memory, requests (pages only)',
  operation: 'prune-runners',
  inputs: { 'dry-run': 'true', 'max-deletions': '50000', 'grace-period': '0' },
  outputs: ['deleted', 'skipped', 'failed', 'deleted-count'],
  outcome: (m, fleet, sim) => {
    const would = fleet.filter((r) => r.status === 'offline' && !r.busy).length
    const left = sim.runners(OWNER).length
    return {
      did: `would delete ${countOutput(m, 'deleted-count')}; ${int(left)} runners left`,
      expected: `would delete ${int(would)} (the offline runners); all ${int(fleet.length)} left`,
      ok: m.run.outputs['deleted-count'] === String(would) && left === fleet.length,
    }
  },
})

/** End-of-life dates of two of FLEET_VERSIONS; the others have none. */
const END_OF_LIFE: Record<string, { registration_deprecates_at: string; runtime_deprecates_at?: string }> = {
  '2.319.1': {
    registration_deprecates_at: '2025-09-01T00:00:00Z',
    runtime_deprecates_at: '2025-10-01T00:00:00Z',
  },
  '2.321.0': { registration_deprecates_at: '2026-03-01T00:00:00Z' },
}

export const reportScenario = largeFleetScenario({
  name: 'report',
  about: 'report-runners over 50,000 runners on six versions, two with end-of-life dates',
  operation: 'report-runners',
  outputs: ['report', 'total', 'online', 'offline', 'busy', 'idle', 'outdated-count'],
  prepare: (sim) => {
    for (const v of FLEET_VERSIONS) sim.setRunnerVersionDeprecation(v, END_OF_LIFE[v] ?? null)
  },
  extraRequests: (fleet) => {
    const versions = new Set(fleet.flatMap((r) => (r.version === null ? [] : [r.version])))
    return { count: versions.size, why: ` + one end-of-life look-up per distinct version (${versions.size})` }
  },
  outcome: (m, fleet) => {
    const outdated = fleet.filter((r) => r.version !== null && r.version in END_OF_LIFE).length
    const o = m.run.outputs
    return {
      did: `total ${countOutput(m, 'total')}, outdated-count ${countOutput(m, 'outdated-count')}`,
      expected: `total ${int(fleet.length)}, outdated-count ${int(outdated)}`,
      ok: o.total === String(fleet.length) && o['outdated-count'] === String(outdated),
    }
  },
})
