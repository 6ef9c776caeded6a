/**
 * One measured run of the bundled action (dist/index.js, run as the Actions runner runs it)
 * against the simulator: the requests it made by kind, the simulator's rate-limit counters,
 * its peak memory, its outputs, result file and job summary.
 */
import { DEFAULT_TOKEN, startSimulator, type RecordedRequest, type Simulator } from '../../sim/index.js'
import { runAction, type ActionRun } from '../action-runner.js'
import { MAX_CONCURRENT, POINTS_PER_WINDOW, WINDOW_MS } from './limits.js'

/** Prints the action process's peak RSS (KiB) on stderr as it exits. */
const MAXRSS_HOOK = `data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss='+process.resourceUsage().maxRSS+'\\n'))`

export const ORG = 'bench-org'
export const OWNER = `org:${ORG}` as const

/** A simulator with `latencyMs` on every answer and GitHub's secondary limits enforced, holding ORG. */
export async function benchSimulator(latencyMs: number): Promise<Simulator> {
  const sim = await startSimulator({
    latencyMs,
    secondaryLimits: {
      pointsPerWindow: POINTS_PER_WINDOW,
      windowMs: WINDOW_MS,
      maxConcurrent: MAX_CONCURRENT,
      status: 403,
      sendRetryAfter: true,
    },
  })
  sim.addOrg(ORG)
  return sim
}

export interface RequestCounts {
  total: number
  /** GET of the runner list (one a page). */
  pages: number
  /** GET of one runner (a fresh look). */
  looks: number
  /** GET of a runner version's end-of-life dates. */
  versions: number
  /** POST, PUT, PATCH, DELETE. */
  writes: number
  /** Anything else (named in `otherKinds`). */
  other: number
  /** Conditional requests answered 304: they cost no primary rate limit. */
  notModified: number
  otherKinds: string[]
}

export function countRequests(requests: readonly RecordedRequest[]): RequestCounts {
  const c: RequestCounts = {
    total: 0,
    pages: 0,
    looks: 0,
    versions: 0,
    writes: 0,
    other: 0,
    notModified: 0,
    otherKinds: [],
  }
  for (const r of requests) {
    c.total++
    if (r.status === 304) c.notModified++
    if (r.method !== 'GET') c.writes++
    else if (/\/actions\/runners$/.test(r.path)) c.pages++
    else if (/\/actions\/runners\/\d+$/.test(r.path)) c.looks++
    else if (/\/actions\/runners\/deprecations\/[^/]+$/.test(r.path)) c.versions++
    else {
      c.other++
      if (!c.otherKinds.includes(`GET ${r.path}`)) c.otherKinds.push(`GET ${r.path}`)
    }
  }
  return c
}

export interface Measured {
  run: ActionRun
  /** Peak resident memory of the action process, in bytes. */
  rssBytes: number
  requests: RequestCounts
  secondaryHits: number
  primaryHits: number
  maxInFlight: number
  violations: string[]
  /** The outputs the step set, and their values' sizes in bytes. */
  outputBytes: [string, number][]
  /** Outputs left out with a warning that names result-file. */
  leftOut: string[]
  summaryBytes: number
}

/** Runs the action once on `sim` (ORG, the simulator's token and URL added to `inputs`). */
export async function measure(
  sim: Simulator,
  inputs: Record<string, string>,
  options: { timeoutMs?: number; node?: string } = {},
): Promise<Measured> {
  sim.reset()
  const run = await runAction({
    inputs: { organization: ORG, token: DEFAULT_TOKEN, 'api-url': sim.url, ...inputs },
    nodeArgs: ['--import', MAXRSS_HOOK],
    timeoutMs: options.timeoutMs ?? 60 * 60_000,
    ...(options.node ? { node: options.node } : {}),
  })
  const leftOut = run.warnings.flatMap((w) => {
    const m = /^Output '([^']+)' .* is left out: .*result-file/.exec(w)
    return m ? [m[1]!] : []
  })
  return {
    run,
    rssBytes: Number(/maxrss=(\d+)/.exec(run.rawStderr)?.[1] ?? NaN) * 1024,
    requests: countRequests(sim.requests),
    secondaryHits: sim.stats.secondaryLimitHits,
    primaryHits: sim.stats.primaryLimitHits,
    maxInFlight: sim.stats.maxInFlight,
    violations: [...sim.violations],
    outputBytes: Object.entries(run.outputs).map(([k, v]) => [k, Buffer.byteLength(v)]),
    leftOut,
    summaryBytes: Buffer.byteLength(run.summary),
  }
}
