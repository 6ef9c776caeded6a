import { RequestError } from '@octokit/request-error'
import { describe, expect, it } from 'vitest'
import { explainRequestError, missingOnServer } from '../../src/api.js'
import type { Target } from '../../src/target.js'
import { checkPathParams } from '../../src/transport/answer.js'

const org: Target = { scope: 'organization', org: 'acme' }

function httpError(status: number, message: string, headers: Record<string, string> = {}) {
  return new RequestError(message, status, {
    request: {
      method: 'GET',
      url: 'https://api.github.com/x',
      headers: { authorization: 'token ghp_SECRET' },
    },
    response: { status, url: 'https://api.github.com/x', headers, data: { message } },
  })
}

describe('explainRequestError', () => {
  it('names the permission GitHub asked for, and never the token', () => {
    const e = httpError(403, 'Resource not accessible by integration', {
      'x-accepted-github-permissions': 'organization_self_hosted_runners=write',
    })
    const msg = explainRequestError(e, org, 'POST /actions/runners/registration-token', {
      looksLikeWorkflowToken: true,
    })
    expect(msg).toContain(
      'GitHub answered 403 to POST /orgs/{org}/actions/runners/registration-token (organization acme)',
    )
    expect(msg).toContain('organization_self_hosted_runners=write')
    expect(msg).toContain("workflow's GITHUB_TOKEN")
    expect(msg).not.toContain('ghp_SECRET')
  })

  it('tells an App to grant the permission to its installation', () => {
    const e = httpError(403, 'Resource not accessible by integration', {
      'x-accepted-github-permissions': 'administration=write',
    })
    const msg = explainRequestError(
      e,
      { scope: 'repository', owner: 'a', repo: 'b' },
      'GET /actions/runners',
      {
        looksLikeWorkflowToken: false,
        app: true,
      },
    )
    expect(msg).toMatch(/administration=write.*App's settings/)
  })

  it('says when an exhausted rate limit resets', () => {
    const reset = 1_900_000_000
    const e = httpError(403, 'API rate limit exceeded', {
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(reset),
    })
    expect(explainRequestError(e, org, 'GET /actions/runners', { looksLikeWorkflowToken: false })).toContain(
      new Date(reset * 1000).toISOString(),
    )
  })
})

describe('missingOnServer', () => {
  it('names the feature and the version for JIT on GHES before 3.10', () => {
    expect(missingOnServer('POST /actions/runners/generate-jitconfig', '3.9.4')).toMatch(
      /Just-in-time runner configuration \(create-jit-config\) needs GitHub Enterprise Server 3.10 or newer; this server runs 3.9.4/,
    )
    expect(missingOnServer('POST /actions/runners/generate-jitconfig', '3.10.0')).toBeUndefined()
    expect(missingOnServer('POST /actions/runners/generate-jitconfig', '3.17.2')).toBeUndefined()
    expect(missingOnServer('POST /actions/runners/generate-jitconfig', undefined)).toBeUndefined()
  })
  it('says hosted runners do not exist on GHES', () => {
    expect(missingOnServer('GET /actions/hosted-runners', '3.17.0')).toMatch(
      /GitHub-hosted runners are not available on GitHub Enterprise Server/,
    )
  })
})

describe('422 details', () => {
  it('adds the errors list to the message', () => {
    const e = new RequestError('Validation Failed', 422, {
      request: { method: 'POST', url: 'https://api.github.com/x', headers: {} },
      response: {
        status: 422,
        url: 'https://api.github.com/x',
        headers: {},
        data: {
          message: 'Validation Failed',
          errors: [{ resource: 'Runner', field: 'name', code: 'already_exists' }, 'size is not valid'],
        },
      },
    })
    expect(
      explainRequestError(e, org, 'POST /actions/hosted-runners', { looksLikeWorkflowToken: false }),
    ).toContain('Validation Failed: name already_exists; size is not valid')
  })
})

describe('checkPathParams', () => {
  it('lets whole numbers and one-segment names through', () => {
    expect(() =>
      checkPathParams('DELETE /orgs/{org}/actions/runners/{runner_id}', { org: 'acme', runner_id: 7 }),
    ).not.toThrow()
  })
  it.each([
    [{ org: '..', runner_id: 7 }, /org is "\.\."/],
    [{ org: '.', runner_id: 7 }, /org is "\."/],
    [{ org: 'acme' }, /runner_id is missing/],
    [{ org: 'acme', runner_id: 1.5 }, /runner_id is 1\.5/],
    [{ org: '', runner_id: 7 }, /org is ""/],
  ])('refuses %j before anything is sent', (params, why) => {
    expect(() => checkPathParams('DELETE /orgs/{org}/actions/runners/{runner_id}', params)).toThrow(why)
  })
})
