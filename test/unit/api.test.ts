import { RequestError } from '@octokit/request-error'
import { describe, expect, it } from 'vitest'
import { explainRequestError } from '../../src/github/api.js'
import { missingOnGhes } from '../../src/github/ghes-support.js'
import type { Target } from '../../src/github/target.js'
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

describe('missingOnGhes (from openapi/ghes-availability.json)', () => {
  const JIT = 'POST /orgs/{org}/actions/runners/generate-jitconfig'
  it('names the feature and the version for JIT on GHES before 3.10', () => {
    expect(missingOnGhes(JIT, '3.9.4')).toBe(
      'Just-in-time runner configuration (create-jit-config) needs GitHub Enterprise Server 3.10 or newer; this server runs 3.9.4. ' +
        'Upgrade the server, or use registration tokens (create-registration-token) instead.',
    )
    expect(missingOnGhes(JIT, '3.10.0')).toBeUndefined()
    expect(missingOnGhes(JIT, '3.17.2')).toBeUndefined()
    expect(missingOnGhes(JIT, undefined)).toBeUndefined()
  })
  it('says hosted runners, networking and runner version schedules do not exist on GHES', () => {
    expect(missingOnGhes('GET /orgs/{org}/actions/hosted-runners', '3.17.0')).toMatch(
      /GitHub-hosted runners are not available on GitHub Enterprise Server \(this server runs 3.17.0\)/,
    )
    expect(missingOnGhes('GET /enterprises/{enterprise}/network-configurations', '3.19.1')).toMatch(
      /^Hosted-compute network configurations are not available on GitHub Enterprise Server/,
    )
    expect(
      missingOnGhes('GET /repos/{owner}/{repo}/actions/runners/deprecations/{version}', '3.14.0'),
    ).toMatch(/^Runner version end-of-life schedules \(get-runner-version-deprecation\) are not available/)
  })
  it('gives the first version of routes that came later: self-hosted runner settings, labels', () => {
    expect(missingOnGhes('PUT /orgs/{org}/actions/permissions/self-hosted-runners', '3.18.2')).toMatch(
      /^Self-hosted runner settings need GitHub Enterprise Server 3.19 or newer; this server runs 3.18.2\./,
    )
    expect(missingOnGhes('PUT /orgs/{org}/actions/permissions/self-hosted-runners', '3.19.0')).toBeUndefined()
    expect(missingOnGhes('GET /orgs/{org}/actions/runners/{runner_id}/labels', '3.3.2')).toMatch(
      /^The route GET \/orgs\/\{org\}\/actions\/runners\/\{runner_id\}\/labels needs GitHub Enterprise Server 3.4 or newer/,
    )
  })
  it('leaves a 404 alone on a route the server has, or one the data does not know', () => {
    expect(missingOnGhes('GET /orgs/{org}/actions/runners/{runner_id}', '3.9.4')).toBeUndefined()
    expect(missingOnGhes('GET /unknown', '3.9.4')).toBeUndefined()
  })
  it('is careful about servers newer than the newest description it knows', () => {
    expect(missingOnGhes('GET /orgs/{org}/settings/network-configurations', '3.99.0')).toMatch(
      /not available on GitHub Enterprise Server up to 3\.\d+, the newest this action knows, and this server \(3.99.0\) answered 404 too/,
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
