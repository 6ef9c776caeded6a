/**
 * The bundle and its cold start, each against its floor: the JavaScript that loads at start
 * (dist/index.js; chunks that only `import()` loads, such as GitHub App signing, are listed
 * apart), and process start to the first request against a bare Node process making one
 * fetch, on the same Node (Node 24 from .tools when present, as the runner runs the action).
 */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { startSimulator, DEFAULT_TOKEN, type Simulator } from '../../sim/index.js'
import { BUNDLE, NODE24, runAction } from '../action-runner.js'
import { ORG } from './measure.js'
import { int, type Row } from './rows.js'

/**
 * The bundle that loads at start stays under this many bytes (issue 21): ncc minifies it
 * (0.95 MB; 1.87 MB unminified, 0.9 MB of it undici, which @actions/core loads).
 */
export const START_BUNDLE_TARGET_BYTES = 1.5e6
/** Process start to first request: at most this many times the bare-fetch floor. */
export const COLD_START_TARGET = 1.5

const node = () => (existsSync(NODE24) ? NODE24 : process.execPath)

/** dist/index.js, and the chunks beside it that only a dynamic import() loads. */
export function bundleFiles(): { start: number; lazy: [string, number][] } {
  const dir = dirname(BUNDLE)
  const lazy = readdirSync(dir)
    .filter((f) => f.endsWith('.js') && f !== 'index.js')
    .map((f): [string, number] => [f, statSync(join(dir, f)).size])
  return { start: statSync(BUNDLE).size, lazy }
}

/** A bare Node process that makes one fetch to `url`: its start to the request, in ms. */
async function bareFetch(sim: Simulator): Promise<number> {
  sim.reset()
  const started = Date.now()
  const child = spawn(
    node(),
    [
      '-e',
      `await fetch(${JSON.stringify(`${sim.url}/orgs/${ORG}/actions/runners`)}).then((r) => r.text())`,
      '--input-type=module',
    ],
    {
      stdio: 'ignore',
    },
  )
  await new Promise((resolve) => child.on('close', resolve))
  const first = sim.requests[0]
  if (!first) throw new Error('the bare fetch reached no server')
  return first.at - started
}

/** The action (list-runners): its start to its first request, in ms. */
async function actionStart(sim: Simulator): Promise<number> {
  sim.reset()
  const run = await runAction({
    inputs: { operation: 'list-runners', organization: ORG, token: DEFAULT_TOKEN, 'api-url': sim.url },
    node: node(),
  })
  const first = sim.requests[0]
  if (run.code !== 0 || !first) throw new Error(`cold-start run failed: ${run.errors.join('; ')}`)
  return first.at - run.startedAt
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const spread = (xs: number[]) =>
  `${median(xs)} ms median of ${xs.length} (min ${Math.min(...xs)}, max ${Math.max(...xs)})`

/** The bundle's and the cold start's rows, each against its floor and target. */
export async function startupRows(runs: number): Promise<Row[]> {
  const sim = await startSimulator()
  sim.addOrg(ORG)
  const bare: number[] = []
  const action: number[] = []
  try {
    // Interleaved, so that a busy moment of the machine weighs on both alike.
    for (let i = 0; i < runs; i++) {
      bare.push(await bareFetch(sim))
      action.push(await actionStart(sim))
    }
  } finally {
    await sim.close()
  }
  const { start, lazy } = bundleFiles()
  const ratio = median(action) / median(bare)
  const lazyText = lazy.length
    ? `; loaded only by import(): ${lazy.map(([f, b]) => `${f} ${int(b / 1024)} KiB`).join(', ')}`
    : ''
  return [
    {
      figure: 'bundle loaded at start',
      measured: `dist/index.js, ${(start / 1e6).toFixed(2)} MB${lazyText}`,
      reference: `under ${(START_BUNDLE_TARGET_BYTES / 1e6).toFixed(1)} MB`,
      ok: start < START_BUNDLE_TARGET_BYTES,
    },
    {
      figure: 'cold start (process start to first request)',
      measured: `${spread(action)}; ratio ${ratio.toFixed(2)}`,
      reference: `floor ${spread(bare)}: a bare ${existsSync(NODE24) ? 'Node 24' : `Node ${process.version}`} process making one fetch; target at most ${COLD_START_TARGET}x`,
      ok: ratio <= COLD_START_TARGET,
      timed: true,
    },
  ]
}
