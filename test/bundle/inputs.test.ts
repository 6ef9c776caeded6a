/** The built dist/index.js given inputs through INPUT_* variables: a bad one fails the step before any request. */
import { describe, expect, it } from 'vitest'
import { actionOn, NODES, useDemoSimulator } from '../support/bundle.js'

const t = useDemoSimulator()

describe.each(NODES)('dist/index.js on $name, inputs', ({ bin }) => {
  const action = (inputs: Record<string, string>) => actionOn(bin, t.sim, inputs)

  it('warns about an input the operation does not read', async () => {
    const run = await action({ operation: 'list-runners', 'runner-group': 'gpu-fleet', status: 'online' })
    expect(run.code).toBe(0)
    expect(run.warnings).toContain(
      "Input 'runner-group' is not used by operation list-runners; it was ignored.",
    )
  })

  it.each([
    [
      { operation: 'reboot-everything' },
      /Input 'operation': 'reboot-everything' is not an operation; the log lists/,
    ],
    [{ operation: 'list-runners', repository: 'octo-fleet/app' }, /Input 'repository, organization'/],
    [
      {
        operation: 'add-labels',
        'runner-id': '1',
        labels: Array.from({ length: 101 }, (_, i) => `l${i}`).join('\n'),
      },
      /Input 'labels'/,
    ],
    [{ operation: 'get-runner', 'runner-id': 'abc' }, /Input 'runner-id'/],
    [{ operation: 'create-jit-config', labels: 'x', 'runner-name': 'runner:1' }, /Input 'runner-name'/],
  ])('input error %j exits 1 before any request', async (inputs, message) => {
    const run = await action(inputs)
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toMatch(message)
    expect(t.sim.requests).toEqual([])
  })

  it('a misspelled operation suggests the closest; the log lists the valid ones', async () => {
    const run = await action({ operation: 'prune-runner' })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([
      "Input 'operation': 'prune-runner' is not an operation (did you mean 'prune-runners'?); the log lists the valid operations",
    ])
    expect(run.log).toMatch(/Valid operations:\n {2}create-registration-token\n/)
    expect(run.summary).toMatch(/^### The step failed\n\n⛔ Input 'operation'/)
    // Its summary too ends with what it spent: nothing.
    expect(run.summary.trim()).toMatch(
      /\n_0 requests · primary rate limit: none used \(no request was sent\)_$/,
    )
  })
})
