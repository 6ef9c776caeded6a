import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { prepare } from '../../src/main.js'
import { COMMON_INPUTS, OPERATION_INPUTS, OPERATION_NAMES } from '../../src/operation-names.js'

const declared = Object.keys(
  (parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as { inputs: object }).inputs,
)
const source = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? ''
const env = { GITHUB_REPOSITORY: 'acme/app' }

describe('inputs per operation', () => {
  it('names only declared inputs, and every declared input is read by some operation', () => {
    const used = new Set<string>(COMMON_INPUTS)
    for (const op of OPERATION_NAMES) {
      for (const name of OPERATION_INPUTS[op]) {
        expect(declared, `${op} reads ${name}`).toContain(name)
        used.add(name)
      }
    }
    expect([...used].sort()).toEqual([...declared].sort())
  })

  it('reports inputs that are set but not read by the operation', () => {
    const p = prepare(
      source({ operation: 'get-runner', token: 't', 'runner-id': '5', labels: 'gpu', 'dry-run': 'true' }),
      env,
    )
    expect(p.ignored).toEqual(['labels', 'dry-run'])
  })

  it('reports nothing for a well-formed step', () => {
    const p = prepare(
      source({
        operation: 'prune-runners',
        token: 't',
        organization: 'acme',
        status: 'offline',
        'dry-run': 'true',
        'api-url': 'https://x/api/v3',
      }),
      env,
    )
    expect(p.ignored).toEqual([])
  })
})
