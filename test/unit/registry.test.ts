import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { updateActionYml, updateReadme } from '../../scripts/docs.js'
import { COMMON_INPUTS } from '../../src/inputs/common.js'
import { prepare } from '../../src/main.js'
import { FAMILIES } from '../../src/registry/define.js'
import { ALL_INPUTS, OPERATIONS, OPERATION_NAMES } from '../../src/registry/registry.js'

const root = new URL('../../', import.meta.url)
const actionText = readFileSync(new URL('action.yml', root), 'utf8')
const action = parse(actionText) as {
  runs: { using: string; main: string }
  inputs: Record<string, { description: string }>
  outputs: Record<string, { description: string }>
}
const env = { GITHUB_REPOSITORY: 'acme/app' }

describe('the operation registry', () => {
  it('has unique names, each with a family, scopes and a one-line description', () => {
    expect(new Set(OPERATION_NAMES).size).toBe(OPERATION_NAMES.length)
    for (const op of OPERATIONS) {
      expect(FAMILIES, op.name).toContain(op.family)
      expect(op.scopes.length, op.name).toBeGreaterThan(0)
      expect(op.description, op.name).toMatch(/^[A-Z].{10,160}\.$/)
      expect(op.description, op.name).not.toContain('\n')
    }
  })

  it('reads exactly the inputs action.yml declares, and every declared input is read by some operation', () => {
    expect([...ALL_INPUTS].sort()).toEqual(Object.keys(action.inputs).sort())
    for (const op of OPERATIONS)
      for (const name of op.inputNames) expect(COMMON_INPUTS, `${op.name}: ${name}`).not.toContain(name)
  })

  it('sets only outputs action.yml declares, and every declared output is set by some operation (result and result-file by all)', () => {
    const set = new Set(['result', 'result-file', ...OPERATIONS.flatMap((o) => o.outputs)])
    expect([...set].sort()).toEqual(Object.keys(action.outputs).sort())
  })
})

describe('prepare', () => {
  it('reports inputs that are set but not read by the operation', () => {
    const p = prepare(
      { operation: 'get-runner', token: 't', 'runner-id': '5', labels: 'gpu', 'dry-run': 'true' },
      env,
    )
    expect(p.ignored).toEqual(['labels', 'dry-run'])
  })

  it('reports nothing for a well-formed step', () => {
    const p = prepare(
      {
        operation: 'prune-runners',
        token: 't',
        organization: 'acme',
        status: 'offline',
        'dry-run': 'true',
        'api-url': 'https://x/api/v3',
      },
      env,
    )
    expect(p.ignored).toEqual([])
  })

  it('refuses an operation at a scope that does not have it, before reading its inputs', () => {
    expect(() =>
      prepare({ operation: 'list-runner-groups', token: 't', repository: 'acme/app' }, env),
    ).toThrow(
      /operation list-runner-groups is not available for a repository; it works at: organization, enterprise/,
    )
  })
})

describe('action.yml', () => {
  it('runs the bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('lists every operation in the operation input, as the registry generates it', () => {
    for (const op of OPERATION_NAMES) expect(action.inputs.operation!.description).toContain(op)
    expect(updateActionYml(actionText)).toBe(actionText)
  })

  it('describes every input and output', () => {
    for (const [name, i] of Object.entries({ ...action.inputs, ...action.outputs })) {
      expect(i.description.trim().length, name).toBeGreaterThan(10)
    }
  })

  it('is what the README operation index shows', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8')
    expect(updateReadme(readme, actionText)).toBe(readme)
  })
})
