/**
 * npm run demo: the bundled action (dist/index.js) run step by step, the way the Actions runner
 * runs it, against the project's GitHub API simulator seeded with a realistic organization.
 * No token and no network needed. Secrets show as *** exactly as in a workflow log.
 */
import { DEFAULT_TOKEN, startSimulator } from '../sim/index.js'
import { seedDemo } from '../sim/seed.js'
import { maskText, runAction, type ActionRun } from './action-runner.js'

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s)
const dim = (s: string) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s)

const sim = await startSimulator()
seedDemo(sim)
const masks: string[] = []
let failures = 0

async function step(title: string, inputs: Record<string, string>): Promise<ActionRun> {
  console.log(`\n${bold(`▶ ${title}`)}`)
  const shown = Object.entries(inputs).map(
    ([k, v]) => `    ${k}: ${v.includes('\n') ? JSON.stringify(v) : v}`,
  )
  console.log(dim(`  with:\n${shown.join('\n')}`))
  const run = await runAction({ inputs: { token: DEFAULT_TOKEN, 'api-url': sim.url, ...inputs } })
  masks.push(...run.masks)
  const show = (s: string) => maskText(s, masks)
  console.log(`  exit code ${run.code} (${run.ms} ms)`)
  for (const e of run.errors) console.log(`  ::error:: ${show(e)}`)
  for (const w of run.warnings) console.log(`  ::warning:: ${show(w)}`)
  console.log('  outputs:')
  for (const [k, v] of Object.entries(run.outputs)) {
    const value = show(v)
    console.log(
      `    ${k} = ${value.length > 160 ? `${value.slice(0, 160)}… (${value.length} chars)` : value}`,
    )
  }
  if (run.summary.trim()) {
    const lines = show(run.summary).trim().split('\n')
    const cut =
      lines.length > 14 ? [...lines.slice(0, 12), `… (${lines.length - 12} more summary lines)`] : lines
    console.log(`  job summary:\n${cut.map((l) => `    ${l}`).join('\n')}`)
  }
  if (run.code !== 0) failures++
  return run
}

try {
  console.log(
    bold(
      `GitHub API simulator at ${sim.url}, organization octo-fleet (${sim.runners('org:octo-fleet').length} runners)`,
    ),
  )
  await step('Mint a registration token for config.sh', {
    operation: 'create-registration-token',
    organization: 'octo-fleet',
  })
  const jit = await step('Register a just-in-time runner in the gpu-fleet group', {
    operation: 'create-jit-config',
    organization: 'octo-fleet',
    labels: 'self-hosted,linux,x64,gpu',
    'runner-group': 'gpu-fleet',
  })
  const id = jit.outputs['runner-id'] ?? ''
  await step('List the offline runners (every page)', {
    operation: 'list-runners',
    organization: 'octo-fleet',
    status: 'offline',
  })
  await step('Add labels to the JIT runner, using the runner-id output of the JIT step', {
    operation: 'add-labels',
    organization: 'octo-fleet',
    'runner-id': id,
    labels: 'cuda-12, large',
  })
  await step('Remove one of them again', {
    operation: 'remove-label',
    organization: 'octo-fleet',
    'runner-id': id,
    labels: 'large',
  })
  await step("Preview tonight's prune of ghost runners (dry run)", {
    operation: 'prune-runners',
    organization: 'octo-fleet',
    'name-pattern': 'ephemeral-*',
    'max-deletions': '500',
    'dry-run': 'true',
  })
  await step('A mistake is caught before any request', {
    operation: 'get-runner',
    organization: 'octo-fleet',
    'runner-id': 'twelve',
  })
  failures-- // the last step is meant to fail
  const violations = sim.violations.length
  console.log(
    `\n${bold('Done.')} ${sim.requests.length} API requests, ${violations} OpenAPI violations. ` +
      'Secrets (the token, the JIT config) were masked before they were written, as shown above (***).',
  )
  if (violations > 0 || failures > 0) process.exitCode = 1
} finally {
  await sim.close()
}
