/**
 * Runs the simulator standalone:
 *
 *   npx tsx sim/cli.ts [--port N] [--base-path /api/v3] [--ghes 3.9.4] [--seed demo] [--latency MS] [--secondary-limits]
 *                      [--ready-file PATH]
 *
 * Prints the URL and the token to use; stops on SIGINT/SIGTERM. With --ready-file, writes
 * `{"url","token","pid"}` as JSON to PATH once it listens (and is seeded), so a script that
 * starts it in the background knows when, and where, to call it.
 */
import { renameSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { DEFAULT_TOKEN, startSimulator } from './index.js'
import { DEMO, seedDemo } from './seed.js'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'base-path': { type: 'string', default: '' },
    ghes: { type: 'string' },
    seed: { type: 'string' },
    latency: { type: 'string', default: '0' },
    'secondary-limits': { type: 'boolean', default: false },
    'ready-file': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
})

if (values.help) {
  console.log(
    'usage: tsx sim/cli.ts [--port N] [--base-path /api/v3] [--ghes 3.9.4] [--seed demo] [--latency MS] [--secondary-limits] [--ready-file PATH]',
  )
  process.exit(0)
}
const port = Number(values.port)
const latencyMs = Number(values.latency)
if (!Number.isInteger(port) || port < 0) throw new Error(`--port must be a port number, got ${values.port}`)
if (!Number.isFinite(latencyMs) || latencyMs < 0)
  throw new Error(`--latency must be milliseconds, got ${values.latency}`)
if (values.seed !== undefined && values.seed !== 'demo')
  throw new Error(`--seed knows only 'demo', got ${values.seed}`)

const sim = await startSimulator({
  port,
  basePath: values['base-path'],
  ...(values.ghes !== undefined ? { ghesVersion: values.ghes } : {}),
  latencyMs,
  secondaryLimits: values['secondary-limits'],
})
if (values.seed === 'demo') {
  const seeded = seedDemo(sim)
  console.log(
    `seeded: enterprise ${DEMO.enterprise}, organization ${DEMO.org} (${seeded.orgRunnerCount} runners), repository ${DEMO.repo}`,
  )
  console.log(`        GITHUB_TOKEN-like token: ${DEMO.workflowToken}   repo-only PAT: ${DEMO.repoOnlyToken}`)
}
console.log(`GitHub API simulator listening on ${sim.url}`)
console.log(`token: ${DEFAULT_TOKEN}`)
console.log(
  `try:   curl -H 'Authorization: token ${DEFAULT_TOKEN}' ${sim.url}/orgs/${DEMO.org}/actions/runners?per_page=5`,
)
const readyFile = values['ready-file']
if (readyFile !== undefined && readyFile !== '') {
  // Written whole, then renamed: a reader never sees half a file.
  writeFileSync(
    `${readyFile}.tmp`,
    `${JSON.stringify({ url: sim.url, token: DEFAULT_TOKEN, pid: process.pid })}\n`,
  )
  renameSync(`${readyFile}.tmp`, readyFile)
}

const stop = (signal: string) => {
  console.log(
    `\n${signal}: stopping (${sim.requests.length} requests served, ${sim.violations.length} OpenAPI violations)`,
  )
  for (const v of sim.violations) console.log(`  violation: ${v}`)
  sim.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err)
      process.exit(1)
    },
  )
}
process.once('SIGINT', () => stop('SIGINT'))
process.once('SIGTERM', () => stop('SIGTERM'))
