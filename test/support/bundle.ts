/**
 * What the bundle tests share: the built dist/index.js, run as a child process the way the
 * Actions runner runs it, against a fresh simulator seeded with the demo fleet; on this
 * process's Node and on Node 24 (the action's runtime) when scripts/install-node24.sh has put it
 * in .tools/. The tests are spread over several files so that vitest's workers share them.
 */
import { existsSync } from 'node:fs'
import { afterEach, beforeEach, expect } from 'vitest'
import { DEFAULT_TOKEN, startSimulator, type Simulator } from '../../sim/index.js'
import { seedDemo } from '../../sim/seed.js'
import { NODE24, runAction, type ActionRun, type RunActionOptions } from '../../scripts/action-runner.js'

/** The Node binaries the bundle runs on. */
export const NODES = [{ name: `node ${process.version}`, bin: process.execPath }]
if (existsSync(NODE24)) NODES.push({ name: 'node 24', bin: NODE24 })

/**
 * A fresh simulator for each test of the calling file, seeded with the demo fleet; after the
 * test, no request may have broken the OpenAPI description.
 */
export function useDemoSimulator() {
  const ctx = { sim: undefined as unknown as Simulator }
  beforeEach(async () => {
    ctx.sim = await startSimulator()
    seedDemo(ctx.sim)
  })
  afterEach(async () => {
    const violations = ctx.sim.violations
    await ctx.sim.close()
    expect(violations).toEqual([])
  })
  return ctx
}

/** Runs the bundle on `bin` against `sim`, as the demo organization's admin (cancelled as `cancel` says). */
export function actionOn(
  bin: string,
  sim: Simulator,
  inputs: Record<string, string>,
  cancel?: RunActionOptions['cancel'],
): Promise<ActionRun> {
  return runAction({
    node: bin,
    inputs: { token: DEFAULT_TOKEN, 'api-url': sim.url, organization: 'octo-fleet', ...inputs },
    ...(cancel ? { cancel } : {}),
  })
}

/** No credential in anything the runner would show or keep: log lines, stderr, outputs' summary. */
export function expectNoSecrets(run: ActionRun, secrets: string[]) {
  const shownStdout = run.rawStdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n')
  for (const s of secrets) {
    expect(shownStdout).not.toContain(s)
    expect(run.rawStderr).not.toContain(s)
    expect(run.summary).not.toContain(s)
  }
}
