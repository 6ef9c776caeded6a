/**
 * Peak memory of the bundled action (dist/index.js, run as the Actions runner runs it) listing
 * a large organization against the simulator: the whole list read (100 a page), the outputs
 * written within GitHub's limits, the complete result written to result-file.
 *
 *   npx tsx scripts/list-memory.ts [--runners 50000] [--operation list-runners]
 */
import { parseArgs } from 'node:util'
import { DEFAULT_TOKEN, startSimulator } from '../sim/index.js'
import { runAction } from './action-runner.js'

const { values } = parseArgs({
  options: {
    runners: { type: 'string', default: '50000' },
    operation: { type: 'string', default: 'list-runners' },
  },
})
const RUNNERS = Number(values.runners)
const ORG = 'memory-org'
const MAXRSS_HOOK = `data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss='+process.resourceUsage().maxRSS+'\\n'))`

const sim = await startSimulator()
sim.addOrg(ORG)
for (let i = 0; i < RUNNERS; i++)
  sim.addRunner(`org:${ORG}`, {
    name: `runner-${i.toString(36)}-${'x'.repeat(20)}`,
    status: i % 3 ? 'offline' : 'online',
    labels: ['gpu', `pool-${i % 50}`],
  })
try {
  const run = await runAction({
    inputs: {
      operation: values.operation,
      organization: ORG,
      token: DEFAULT_TOKEN,
      'api-url': sim.url,
      ...(values.operation === 'prune-runners'
        ? { 'dry-run': 'true', 'max-deletions': String(RUNNERS) }
        : {}),
    },
    nodeArgs: ['--import', MAXRSS_HOOK],
    timeoutMs: 20 * 60_000,
  })
  const maxrss = Number(/maxrss=(\d+)/.exec(run.rawStderr)?.[1] ?? NaN)
  const outputBytes = Object.entries(run.outputs).map(([k, v]) => `${k}=${Buffer.byteLength(v)}`)
  console.log(
    `${values.operation}: ${RUNNERS} runners; exit code ${run.code}; ${(run.ms / 1000).toFixed(1)} s`,
  )
  console.log(`  requests: ${sim.requests.length}; OpenAPI violations: ${sim.violations.length}`)
  console.log(`  outputs (bytes): ${outputBytes.join(', ')}`)
  console.log(`  summary: ${Buffer.byteLength(run.summary)} bytes`)
  console.log(`  warnings: ${run.warnings.length ? run.warnings.join(' | ') : 'none'}`)
  if (run.code !== 0) console.log(`  errors: ${run.errors.join('; ')}`)
  console.log(`  peak memory (max RSS of the action process): ${(maxrss / 1024).toFixed(0)} MiB`)
} finally {
  await sim.close()
}
