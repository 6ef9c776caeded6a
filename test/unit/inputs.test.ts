import { positiveForm } from '../../src/inputs/negation-advice.js'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import { readCommon } from '../../src/inputs/common.js'
import { parseList } from '../../src/inputs/read.js'
import { checkRunnerName } from '../../src/inputs/runner-inputs.js'
import { parseGlobList } from '../../src/inputs/selection-inputs.js'
import { prepare } from '../../src/main.js'
import { OPERATION_NAMES } from '../../src/registry/registry.js'

const env = { GITHUB_REPOSITORY: 'acme/app' }
/** Prepares a step (token filled in) and returns what its run would use. */
const prep = (inputs: Record<string, string>, e: NodeJS.ProcessEnv = env) =>
  prepare({ token: 't', ...inputs }, e)

describe('common inputs', () => {
  it('defaults to the workflow repository and the workflow api-url, without a trailing slash', () => {
    const c = readCommon({}, { GITHUB_REPOSITORY: 'acme/app', GITHUB_API_URL: 'https://ghe.example/api/v3/' })
    expect(c.target).toEqual({ scope: 'repository', owner: 'acme', repo: 'app' })
    expect(c.explicitScope).toBe(false)
    expect(c.apiUrl).toBe('https://ghe.example/api/v3')
  })

  it('knows when the scope was given', () => {
    expect(readCommon({ organization: 'acme' }, env).explicitScope).toBe(true)
  })

  it('rejects an api-url that is not a URL', () => {
    expect(() => readCommon({ 'api-url': 'api.github.com' }, env)).toThrow(/Input 'api-url'/)
  })
})

describe('operation', () => {
  it('an unknown operation is a short error; the valid names are for the log', () => {
    expect(() => prep({ operation: 'reboot-everything' })).toThrow(InputError)
    try {
      prep({ operation: 'reboot-everything' })
    } catch (e) {
      expect((e as Error).message).toBe(
        "Input 'operation': 'reboot-everything' is not an operation; the log lists the valid operations",
      )
      for (const op of OPERATION_NAMES) expect((e as InputError).logDetail).toContain(`\n  ${op}`)
    }
  })

  it.each([
    ['prune-runner', 'prune-runners'],
    ['remove-labels', 'remove-label'],
    ['list_runners', 'list-runners'],
    ['DRAIN-RUNNER', 'drain-runners'],
  ])('a misspelled operation %s suggests %s', (typo, meant) => {
    expect(() => prep({ operation: typo })).toThrow(
      `Input 'operation': '${typo}' is not an operation (did you mean '${meant}'?); the log lists the valid operations`,
    )
  })

  it('requires an operation', () => {
    expect(() => prep({})).toThrow(/Input 'operation': required/)
  })

  it('is case-insensitive', () => {
    expect(prep({ operation: 'List-Runners' }).op.name).toBe('list-runners')
  })
})

describe('inputs an operation reads', () => {
  it('splits lists on commas and newlines, dropping blanks', () => {
    expect(parseList('a, b,,\n c \n\n')).toEqual(['a', 'b', 'c'])
  })

  it('rejects more than 100 labels, naming the input', () => {
    const labels = Array.from({ length: 101 }, (_, i) => `l${i}`).join(',')
    expect(() => prep({ operation: 'add-labels', 'runner-id': '1', labels })).toThrow(
      /Input 'labels': 101 labels given; a runner can have at most 100/,
    )
  })

  it.each(['abc', '1.5', '-3', '0', '12x'])('rejects runner-id %j', (id) => {
    expect(() => prep({ operation: 'get-runner', 'runner-id': id })).toThrow(/Input 'runner-id'/)
  })

  it('checks enums with the allowed values, case-insensitively', () => {
    expect(() => prep({ operation: 'list-runners', status: 'idle' })).toThrow(
      /Input 'status': 'idle' is not one of online, offline, any/,
    )
    expect(() => prep({ operation: 'list-runners', busy: 'maybe' })).toThrow(/Input 'busy'/)
    expect(() => prep({ operation: 'list-runners', status: 'OFFLINE' })).not.toThrow()
  })

  it('checks booleans and numbers of the operation that reads them', () => {
    const prune = { operation: 'prune-runners', organization: 'acme' }
    expect(() => prep({ ...prune, 'dry-run': 'yes' })).toThrow(/Input 'dry-run'/)
    expect(() => prep({ ...prune, 'dry-run': 'True' })).not.toThrow()
    expect(() => prep({ ...prune, 'max-deletions': 'lots' })).toThrow(/Input 'max-deletions'/)
    expect(() => prep({ ...prune, 'max-deletions': '0' })).toThrow(
      /Input 'max-deletions': 0 is outside 1 to 100000/,
    )
  })

  it('never validates an input the operation does not read: it is only reported as ignored', () => {
    const p = prep({ operation: 'list-runners', 'max-deletions': '0', 'dry-run': 'maybe', 'runner-id': 'x' })
    expect(p.ignored).toEqual(['max-deletions', 'dry-run', 'runner-id'])
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

describe('api-url', () => {
  const url = (value: string) => readCommon({ 'api-url': value }, env).apiUrl
  it('takes https URLs with a path, and http only to this machine', () => {
    expect(url('https://ghe.example.com/api/v3/')).toBe('https://ghe.example.com/api/v3')
    expect(url('https://api.octo.ghe.com')).toBe('https://api.octo.ghe.com')
    expect(url('http://127.0.0.1:8080/api/v3')).toBe('http://127.0.0.1:8080/api/v3')
    expect(url('http://localhost:3000')).toBe('http://localhost:3000')
  })
  it.each([
    ['api.github.com', /is not a URL/],
    ['http://api.github.com', /must be an https URL/],
    ['ftp://x', /must be an https URL/],
    ['https://user:pw@api.github.com', /user name or password/],
    ['https://api.github.com/?x', /query/],
    ['https://api.github.com#', /fragment/],
    ['https://api.github.com/api/v3?', /query/],
  ])('refuses %j', (value, why) => {
    expect(() => url(value)).toThrow(why)
  })
  it('never echoes user info or a query, which may hold a credential', () => {
    for (const value of [
      'https://x-access-token:ghp_Secret123@ghes.example/api/v3',
      'https://api.github.com/?access_token=ghp_Secret123',
    ]) {
      let message = ''
      try {
        url(value)
      } catch (e) {
        message = (e as Error).message
      }
      expect(message).toMatch(/Input 'api-url'/)
      expect(message).not.toContain('ghp_Secret123')
    }
  })
  it('refuses a token with a space or a line break, without echoing it', () => {
    expect(() => readCommon({ token: 'ghp_abc\nghp_def' }, env)).toThrow(
      /Input 'token': contains a space or a line break/,
    )
    try {
      readCommon({ token: 'ghp_abc def' }, env)
    } catch (e) {
      expect((e as Error).message).not.toContain('ghp_abc')
    }
  })
})

describe('names that would reach another URL', () => {
  it.each([['octo/..'], ['octo/.'], ['../x'], ['a/b/c']])('refuses repository %j', (repository) => {
    expect(() => readCommon({ repository }, env)).toThrow(/Input 'repository'/)
  })
  it('refuses dot segments as repositories, organizations and labels', () => {
    const group = { token: 't', 'runner-group': '5' }
    expect(() =>
      prepare(
        { ...group, operation: 'add-runner-group-access', organization: 'acme', repositories: 'acme/..' },
        env,
      ),
    ).toThrow(/Input 'repositories': 'acme\/\.\.'/)
    expect(() =>
      prepare(
        { ...group, operation: 'set-runner-group-access', enterprise: 'big', organizations: '..' },
        env,
      ),
    ).toThrow(/Input 'organizations': '\.\.' is not an organization login or id/)
    expect(() => prep({ operation: 'remove-label', 'runner-id': '1', labels: '..' })).toThrow(
      /Input 'labels'/,
    )
  })
})

describe('positiveForm (a negating name pattern written positively)', () => {
  it.each([
    ['[!a]*', { namePattern: '*', exclude: ['a*'] }],
    ['[^a]*', { namePattern: '*', exclude: ['a*'] }],
    ['ci-[!p]*', { namePattern: 'ci-?*', exclude: ['ci-p*'] }],
    ['[!a][!b]*', { namePattern: '??*', exclude: ['a?*', '?b*'] }],
    ['gpu-[!0-4]', { namePattern: 'gpu-?', exclude: ['gpu-[0-4]'] }],
    ['ci-!(prod)*', { namePattern: 'ci-*', exclude: ['ci-prod*'] }],
    ['ci-!(prod|stage)-*', { namePattern: 'ci-*-*', exclude: ['ci-@(prod|stage)-*'] }],
    ['ci-*', undefined],
  ])('%s → %j', (glob, form) => expect(positiveForm(glob)).toEqual(form))
})
