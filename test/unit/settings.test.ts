import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import { OPERATION_NAMES } from '../../src/operation-names.js'
import { checkRunnerName, parseGlobList, parseList, readSettings } from '../../src/settings.js'

const source = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? ''
const read = (inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) =>
  readSettings(source(inputs), env)

describe('readSettings', () => {
  it('reads a minimal list-runners step with defaults', () => {
    const s = read(
      { operation: 'list-runners' },
      { GITHUB_REPOSITORY: 'acme/app', GITHUB_API_URL: 'https://ghe.example/api/v3/' },
    )
    expect(s.operation).toBe('list-runners')
    expect(s.defaultRepository).toBe('acme/app')
    expect(s.apiUrl).toBe('https://ghe.example/api/v3')
    expect(s.status).toBeUndefined()
    expect(s.labels).toEqual([])
    expect(s.labelsSet).toBe(false)
    expect(s.maxDeletions).toBe(100)
    expect(s.dryRun).toBe(false)
    expect(s.waitFor).toBe('online')
  })

  it('names every valid operation when the operation is unknown', () => {
    expect(() => read({ operation: 'start-runner' })).toThrow(InputError)
    try {
      read({ operation: 'start-runner' })
    } catch (e) {
      expect((e as Error).message).toContain("Input 'operation'")
      for (const op of OPERATION_NAMES) expect((e as Error).message).toContain(op)
    }
  })

  it('requires an operation', () => {
    expect(() => read({})).toThrow(/Input 'operation': required/)
  })

  it('splits lists on commas and newlines, dropping blanks', () => {
    expect(parseList('a, b,,\n c \n\n')).toEqual(['a', 'b', 'c'])
    const s = read({ operation: 'add-labels', labels: 'gpu,\nlarge , ' })
    expect(s.labels).toEqual(['gpu', 'large'])
    expect(s.labelsSet).toBe(true)
  })

  it('rejects more than 100 labels, naming the input', () => {
    const labels = Array.from({ length: 101 }, (_, i) => `l${i}`).join(',')
    expect(() => read({ operation: 'add-labels', labels })).toThrow(
      /Input 'labels': 101 labels given; a runner can have at most 100/,
    )
  })

  it.each(['abc', '1.5', '-3', '0', '12x'])('rejects runner-id %j', (id) => {
    expect(() => read({ operation: 'get-runner', 'runner-id': id })).toThrow(/Input 'runner-id'/)
  })

  it('checks enums with the allowed values', () => {
    expect(() => read({ operation: 'list-runners', status: 'idle' })).toThrow(
      /Input 'status': 'idle' is not one of online, offline, any/,
    )
    expect(() => read({ operation: 'list-runners', busy: 'maybe' })).toThrow(/Input 'busy'/)
    expect(read({ operation: 'list-runners', status: 'OFFLINE' }).status).toBe('offline')
  })

  it('checks booleans and numbers', () => {
    expect(() => read({ operation: 'list-runners', 'dry-run': 'yes' })).toThrow(/Input 'dry-run'/)
    expect(read({ operation: 'list-runners', 'dry-run': 'True' }).dryRun).toBe(true)
    expect(() => read({ operation: 'list-runners', 'max-deletions': 'lots' })).toThrow(
      /Input 'max-deletions'/,
    )
  })

  it('rejects an api-url that is not a URL', () => {
    expect(() => read({ operation: 'list-runners', 'api-url': 'api.github.com' })).toThrow(/Input 'api-url'/)
  })
})

describe('runner names', () => {
  it.each(['build/1', 'a:b', 'x*', 'tab\there', 'q?', 'at@host', 'a'.repeat(65)])('rejects %j', (name) => {
    expect(() => checkRunnerName(name)).toThrow(/Input 'runner-name'/)
  })
  it.each(['ephemeral-linux-x64-01', 'My Runner.2', 'a'.repeat(64)])('accepts %j', (name) => {
    expect(checkRunnerName(name)).toBe(name)
  })
})

describe('glob lists', () => {
  it('keeps a comma inside braces in its glob', () => {
    expect(parseGlobList('exclude', 'build-{1,2}, keep-*\nci-{a,b}-x')).toEqual([
      'build-{1,2}',
      'keep-*',
      'ci-{a,b}-x',
    ])
  })
  it('refuses unbalanced braces, naming the input', () => {
    expect(() => parseGlobList('exclude', 'build-{1,2')).toThrow(
      /Input 'exclude': 'build-\{1,2' has unbalanced braces/,
    )
    expect(() => parseGlobList('name-pattern', 'a}b')).toThrow(/Input 'name-pattern'/)
  })
})
