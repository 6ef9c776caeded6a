/**
 * npm run bench: the figures the README's performance section records.
 *
 * A prune of an organization with 2,500 runners, 1,000 of them offline ghosts, by the bundled
 * action (dist/index.js, run as the Actions runner runs it) against the simulator with
 * injected latency and GitHub's secondary limits enforced as documented: 900 points a minute
 * per endpoint, a mutation costing 5, 100 requests in flight. Prints the requests made against
 * the minimum (every list page, then one GET and one DELETE per deletion), the wall time
 * against the floor the limit allows, secondary-limit hits, peak memory, and the bundle's size
 * and cold start (process start to first request).
 *
 *   npm run bench [-- --runners 2500 --offline 1000 --latency 100]
 */
import { statSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { DEFAULT_TOKEN, startSimulator, type Simulator } from '../sim/index.js'
import { BUNDLE, runAction } from './action-runner.js'

const { values } = parseArgs({
  options: {
    runners: { type: 'string', default: '2500' },
    offline: { type: 'string', default: '1000' },
    latency: { type: 'string', default: '100' },
    'cold-starts': { type: 'string', default: '5' },
  },
})
const RUNNERS = Number(values.runners)
const OFFLINE = Number(values.offline)
const LATENCY = Number(values.latency)
const ORG = 'bench-org'
const OWNER = `org:${ORG}` as const
const POINTS = 900
const WINDOW_MS = 60_000
const DELETE_POINTS = 5

const MAXRSS_HOOK = `data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss='+process.resourceUsage().maxRSS+'\\n'))`

function seed(sim: Simulator) {
  sim.addOrg(ORG)
  for (let i = 0; i < RUNNERS; i++) {
    const offline = i < OFFLINE
    sim.addRunner(OWNER, {
      name: offline ? `ephemeral-${i.toString(36)}` : `live-${i}`,
      status: offline ? 'offline' : 'online',
      busy: !offline && i % 3 === 0,
      ephemeral: offline,
    })
  }
}

/**
 * The least time the deletions can take under the limit: the first window's budget (180
 * DELETEs) could go at once, then the rolling window frees one DELETE every 60/180 s.
 */
function floorSeconds(deletions: number): number {
  const perWindow = POINTS / DELETE_POINTS
  return (Math.max(0, deletions - perWindow) * WINDOW_MS) / perWindow / 1000
}
/** The project's reference floor for 1,000 deletions (target: under 1.5 times it). */
const REFERENCE_FLOOR_1000 = 302

async function coldStart(): Promise<number[]> {
  const sim = await startSimulator()
  sim.addOrg(ORG)
  const times: number[] = []
  try {
    for (let i = 0; i < Number(values['cold-starts']); i++) {
      sim.reset()
      const run = await runAction({
        inputs: { operation: 'list-runners', organization: ORG, token: DEFAULT_TOKEN, 'api-url': sim.url },
      })
      const first = sim.requests[0]
      if (run.code !== 0 || !first) throw new Error(`cold-start run failed: ${run.errors.join('; ')}`)
      times.push(first.at - run.startedAt)
    }
  } finally {
    await sim.close()
  }
  return times.sort((a, b) => a - b)
}

async function prune() {
  const sim = await startSimulator({
    latencyMs: LATENCY,
    secondaryLimits: {
      pointsPerWindow: POINTS,
      windowMs: WINDOW_MS,
      maxConcurrent: 100,
      status: 403,
      sendRetryAfter: true,
    },
  })
  seed(sim)
  try {
    const run = await runAction({
      inputs: {
        operation: 'prune-runners',
        organization: ORG,
        'max-deletions': String(OFFLINE),
        token: DEFAULT_TOKEN,
        'api-url': sim.url,
      },
      nodeArgs: ['--import', MAXRSS_HOOK],
      timeoutMs: 30 * 60_000,
    })
    const maxrss = Number(/maxrss=(\d+)/.exec(run.rawStderr)?.[1] ?? NaN)
    return {
      run,
      sim: {
        requests: sim.requests.length,
        stats: { ...sim.stats },
        violations: sim.violations.length,
        left: sim.runners(OWNER).length,
      },
      maxrss,
    }
  } finally {
    await sim.close()
  }
}

const bundleKb = statSync(BUNDLE).size / 1024
console.log(`bundle: dist/index.js ${bundleKb.toFixed(0)} KiB`)
const cold = await coldStart()
console.log(
  `cold start (process start to first request), ${cold.length} runs: median ${cold[Math.floor(cold.length / 2)]} ms, min ${cold[0]} ms, max ${cold.at(-1)} ms`,
)

console.log(
  `prune: ${RUNNERS} runners, ${OFFLINE} offline, ${LATENCY} ms latency, secondary limit ${POINTS} points/min per endpoint...`,
)
const { run, sim, maxrss } = await prune()
const deleted = Number(run.outputs['deleted-count'] ?? 0)
const pages = Math.ceil(RUNNERS / 100)
const minimum = pages + 2 * OFFLINE
const floor = floorSeconds(OFFLINE)
const wall = run.ms / 1000
console.log(
  `  exit code ${run.code}; deleted ${deleted} of ${OFFLINE}; ${sim.left} runners left (expected ${RUNNERS - OFFLINE})`,
)
console.log(
  `  requests: ${sim.requests} (minimum ${minimum}: ${pages} list pages + one GET and one DELETE per deletion)`,
)
const reference = (REFERENCE_FLOOR_1000 * OFFLINE) / 1000
console.log(
  `  wall time: ${wall.toFixed(1)} s; floor under the secondary limit ${floor.toFixed(0)} s (ratio ${(wall / floor).toFixed(2)}), ` +
    `reference floor ${reference.toFixed(0)} s (ratio ${(wall / reference).toFixed(2)}; target < 1.5)`,
)
console.log(
  `  secondary-limit hits: ${sim.stats.secondaryLimitHits}; most requests in flight: ${sim.stats.maxInFlight}; OpenAPI violations: ${sim.violations}`,
)
console.log(`  peak memory (max RSS of the action process): ${(maxrss / 1024).toFixed(0)} MiB`)
if (run.code !== 0) console.log(`  errors: ${run.errors.join('; ')}`)
