import { describe, expect, it } from 'vitest'
import { resolveTarget, route } from '../../src/github/target.js'

describe('resolveTarget', () => {
  it('defaults to the workflow repository', () => {
    expect(resolveTarget({}, 'acme/app')).toEqual({ scope: 'repository', owner: 'acme', repo: 'app' })
  })
  it('takes each scope', () => {
    expect(resolveTarget({ repository: 'o/r.js' })).toEqual({ scope: 'repository', owner: 'o', repo: 'r.js' })
    expect(resolveTarget({ organization: 'acme' })).toEqual({ scope: 'organization', org: 'acme' })
    expect(resolveTarget({ enterprise: 'big-co' })).toEqual({ scope: 'enterprise', enterprise: 'big-co' })
  })
  it('refuses two scopes, naming them', () => {
    expect(() => resolveTarget({ repository: 'a/b', organization: 'a' })).toThrow(
      "Input 'repository, organization': set at most one of repository, organization and enterprise",
    )
  })
  it('refuses malformed values', () => {
    expect(() => resolveTarget({ repository: 'just-a-name' })).toThrow(/Input 'repository'/)
    expect(() => resolveTarget({ organization: 'a/b' })).toThrow(/Input 'organization'/)
    expect(() => resolveTarget({}, undefined)).toThrow(/GITHUB_REPOSITORY is empty/)
  })
})

describe('route', () => {
  it('builds the three scopes from one tail', () => {
    const tail = 'DELETE /actions/runners/{runner_id}'
    expect(route({ scope: 'repository', owner: 'o', repo: 'r' }, tail)).toEqual({
      route: 'DELETE /repos/{owner}/{repo}/actions/runners/{runner_id}',
      params: { owner: 'o', repo: 'r' },
    })
    expect(route({ scope: 'organization', org: 'acme' }, tail).route).toBe(
      'DELETE /orgs/{org}/actions/runners/{runner_id}',
    )
    expect(route({ scope: 'enterprise', enterprise: 'e' }, tail).route).toBe(
      'DELETE /enterprises/{enterprise}/actions/runners/{runner_id}',
    )
  })
})
