import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { updateReadme } from '../../scripts/readme-tables.js'
import { OPERATION_NAMES } from '../../src/operation-names.js'
import { readSettings } from '../../src/settings.js'

const root = new URL('../../', import.meta.url)
const actionText = readFileSync(new URL('action.yml', root), 'utf8')
const action = parse(actionText) as {
  runs: { using: string; main: string }
  inputs: Record<string, { description: string }>
  outputs: Record<string, { description: string }>
}

describe('action.yml', () => {
  it('runs the bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('declares exactly the inputs the settings module reads', () => {
    const read = new Set<string>()
    readSettings(
      (name) => {
        read.add(name)
        return name === 'operation' ? 'list-runners' : ''
      },
      { GITHUB_REPOSITORY: 'a/b' },
    )
    expect(Object.keys(action.inputs).sort()).toEqual([...read].sort())
  })

  it('documents every operation in the operation input', () => {
    for (const op of OPERATION_NAMES) expect(action.inputs.operation!.description).toContain(op)
  })

  it('describes every input and output', () => {
    for (const [name, i] of Object.entries({ ...action.inputs, ...action.outputs })) {
      expect(i.description.trim().length, name).toBeGreaterThan(10)
    }
  })

  it('is what the README tables show', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8')
    expect(updateReadme(readme, actionText)).toBe(readme)
  })
})
