/**
 * npm run bench: the figures docs/performance.md records, each against the floor
 * or limit GitHub allows. Every scenario runs the bundled action (dist/index.js, as the Actions
 * runner runs it) against the simulator with GitHub's secondary limits enforced (900 points a
 * minute per endpoint, a mutation costing 5, 100 requests in flight) and injected latency.
 *
 *   npm run bench                          every scenario at the sizes
 *   npm run bench -- --only report,list    some of them
 *   npm run bench -- --quick               sizes a tenth (or --scale 0.02)
 *   npm run bench -- --markdown            tables as Markdown, for docs/performance.md
 *
 * Exits 1 when a figure misses its bar (wall times aside: they are shown against their target).
 */
import { parseArgs } from 'node:util'
import { failures, markdownTable, textTable, type ScenarioReport } from './rows.js'
import type { BenchContext, Scenario } from './scenario.js'
import { SCENARIOS } from './scenarios/index.js'

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    scale: { type: 'string' },
    quick: { type: 'boolean', default: false },
    latency: { type: 'string', default: '100' },
    'cold-starts': { type: 'string', default: '5' },
    markdown: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})

if (values.help) {
  console.log(
    'npm run bench -- [--only NAME,...] [--quick | --scale F] [--latency MS] [--cold-starts N] [--markdown]\n',
  )
  const width = Math.max(...SCENARIOS.map((s) => s.name.length))
  for (const s of SCENARIOS) console.log(`  ${s.name.padEnd(width)}  ${s.about}`)
  process.exit(0)
}

/** A command-line mistake: said plainly, exit 2. */
function usage(message: string): never {
  console.error(`npm run bench: ${message}`)
  process.exit(2)
}

function chosen(only: string | undefined): Scenario[] {
  if (!only) return SCENARIOS
  const names = only.split(',').map((n) => n.trim())
  const unknown = names.filter((n) => !SCENARIOS.some((s) => s.name === n))
  if (unknown.length)
    usage(`--only: no scenario ${unknown.join(', ')}; they are ${SCENARIOS.map((s) => s.name).join(', ')}`)
  return SCENARIOS.filter((s) => names.includes(s.name))
}

const number = (name: string, text: string) => {
  const n = Number(text)
  if (!Number.isFinite(n) || n < 0) usage(`--${name}: ${text} is not a number`)
  return n
}

const ctx: BenchContext = {
  scale: values.scale !== undefined ? number('scale', values.scale) : values.quick ? 0.1 : 1,
  latencyMs: number('latency', values.latency),
  coldStarts: Math.max(1, number('cold-starts', values['cold-starts'])),
  log: (line) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
}
const scenarios = chosen(values.only)
ctx.log(
  `Node ${process.version}; scale ${ctx.scale}; latency ${ctx.latencyMs} ms; ${scenarios.map((s) => s.name).join(', ')}`,
)

const reports: ScenarioReport[] = []
for (const s of scenarios) {
  const started = Date.now()
  const report = await s.run(ctx)
  reports.push(report)
  ctx.log(`${s.name}: done in ${((Date.now() - started) / 1000).toFixed(0)} s`)
  console.log(textTable(report))
}

console.log('\n==== Results ====\n')
for (const r of reports) console.log(`${values.markdown ? markdownTable(r) : textTable(r)}\n`)
const failed = reports.flatMap((r) => failures(r).map((row) => `${r.name}: ${row.figure}: ${row.measured}`))
if (failed.length) {
  console.log(`Missed their bar:\n  ${failed.join('\n  ')}`)
  process.exitCode = 1
} else console.log('Every figure within its bar.')
