import { describe, expect, it } from 'vitest'
import { execute, prepare } from '../../src/main.js'
import { TransportError } from '../../src/transport/transport-errors.js'
import { apiFor, failure, json, org, serve, TOKEN } from '../support/servers.js'

const loginPage = '<!DOCTYPE html><html><body><form action="/login">Sign in</form></body></html>'

function html(status = 200) {
  return serve((_req, res) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
    res.end(loginPage)
  })
}

/** Runs an operation through the action's own prepare/execute against `apiUrl`. */
function runOp(apiUrl: string, inputs: Record<string, string>) {
  const all: Record<string, string> = { token: TOKEN, 'api-url': apiUrl, organization: 'acme', ...inputs }
  const quiet = { debug: () => {}, warning: () => {} }
  return execute(prepare(all, {}), { waitScale: 0.001, requestTimeout: 1, log: quiet })
}

describe('answers that are not the GitHub API', () => {
  it('a 200 HTML page fails a request, naming api-url and the /api/v3 hint', async () => {
    const s = await html()
    const e = await failure(apiFor(s.url).api.request(org, 'GET /actions/runners'))
    expect(e).toBeInstanceOf(TransportError)
    expect(e.message).toBe(
      `The server at ${s.url} is not the GitHub API: it answered GET ${s.url}/orgs/acme/actions/runners with 200 and text/html ` +
        '(a web page, such as a login page), not JSON. ' +
        `GitHub Enterprise Server's API is at https://HOST/api/v3: try api-url ${s.url}/api/v3.`,
    )
    expect(s.seen).toHaveLength(1) // not retried
  })

  it('delete-runner does not report deleted=true, create-registration-token does not succeed with no token', async () => {
    const s = await html()
    const del = await failure(runOp(s.url, { operation: 'delete-runner', 'runner-id': '42' }))
    expect(del.message).toContain('is not the GitHub API')
    expect(s.seen.map((x) => x.method)).toEqual(['DELETE'])
    const token = await failure(runOp(s.url, { operation: 'create-registration-token' }))
    expect(token.message).toContain('is not the GitHub API')
    const list = await failure(runOp(`${s.url}/api/v3`, { operation: 'list-runners' }))
    expect(list.message).toContain('Check api-url, and that no proxy or login page answers')
  })

  it('a 200 without a body, or with JSON that does not parse, is not an answer either', async () => {
    const empty = await serve((_req, res) => res.writeHead(200).end())
    expect(
      (await failure(apiFor(empty.url).api.request(org, 'POST /actions/runners/registration-token'))).message,
    ).toContain('with 200 and an answer without a content type, not JSON')
    const broken = await serve((_req, res) =>
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"tok'),
    )
    expect(
      (await failure(apiFor(broken.url).api.request(org, 'POST /actions/runners/registration-token')))
        .message,
    ).toContain('with 201 and a body that is not valid JSON')
  })

  it('a 204 without a body is the API’s answer', async () => {
    const s = await serve((_req, res) => res.writeHead(204).end())
    const { status } = await apiFor(s.url).api.request(org, 'DELETE /actions/runners/{runner_id}', {
      runner_id: 1,
    })
    expect(status).toBe(204)
  })

  it('an HTML error page is not blamed on the token', async () => {
    const s = await html(401)
    const e = await failure(apiFor(s.url).api.request(org, 'GET /actions/runners'))
    expect(e.message).toContain(
      'The answer is not JSON, so it may not come from the GitHub API: check api-url',
    )
    expect(e.message).not.toContain('token was refused')
  })

  it('no request leaves api-url, whatever the route says', async () => {
    const other = await serve((_req, res) => json(res, 200, {}))
    const s = await serve((_req, res) => json(res, 200, {}))
    const e = await failure(apiFor(s.url).api.requestUnscoped(org, `GET ${other.url}/user`))
    expect(e).toBeInstanceOf(TransportError)
    expect(e.message).toBe(
      `Not sending a request to ${other.url}/user: it is not on api-url's server (${s.url}).`,
    )
    expect(other.seen).toHaveLength(0)
  })
})
