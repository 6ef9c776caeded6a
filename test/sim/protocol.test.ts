import { describe, expect, it } from 'vitest'
import { loadOpenApi } from '../../sim/openapi.js'
import { JWT_OPERATIONS } from '../../sim/auth.js'
import { appRoutes, routes, tokenRoutes, userRoutes } from '../../sim/routes/index.js'
import { freshSimulators } from './client.js'

const sim = freshSimulators(false)

describe('router table', () => {
  it('has a handler for every operation of the OpenAPI description, and nothing else', () => {
    const ops = loadOpenApi().operations.map((o) => o.operationId)
    const handled = [...routes.keys(), ...appRoutes.keys(), ...tokenRoutes.keys(), ...userRoutes.keys()]
    expect(ops.filter((id) => !handled.includes(id))).toEqual([])
    expect(handled.filter((id) => !ops.includes(id))).toEqual([])
    expect(new Set(handled).size).toBe(handled.length)
  })

  it('answers exactly the JWT-only operations with the GitHub App handlers', () => {
    expect([...appRoutes.keys()].sort()).toEqual([...JWT_OPERATIONS].sort())
  })

  it("answers the token user's own operations with the user handlers", () => {
    const own = loadOpenApi().operations.filter((o) => o.scope === 'user')
    expect(own.map((o) => `${o.method} ${o.template}`)).toEqual(['GET /user/orgs'])
    expect([...userRoutes.keys()]).toEqual(own.map((o) => o.operationId))
  })

  it("answers the installation token's operations on itself with the token handlers", () => {
    const own = loadOpenApi().operations.filter((o) => o.scope === 'installation')
    expect(own.map((o) => `${o.method} ${o.template}`)).toEqual(['DELETE /installation/token'])
    expect([...tokenRoutes.keys()]).toEqual(own.map((o) => o.operationId))
  })
})

describe('headers', () => {
  it('sends GitHub headers on every answer', async () => {
    const { call } = await sim()
    const res = await call('GET', '/orgs/octo-fleet/actions/runners')
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(res.headers.get('x-github-request-id')).toMatch(/^[0-9A-F]+(:[0-9A-F]+){4}$/)
    expect(res.headers.get('x-ratelimit-limit')).toBe('5000')
    expect(res.headers.get('x-ratelimit-remaining')).toBe('4999')
    expect(res.headers.get('x-ratelimit-used')).toBe('1')
    expect(res.headers.get('x-ratelimit-resource')).toBe('core')
    expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000)
    expect(res.headers.get('x-oauth-scopes')).toContain('admin:org')
    expect(res.headers.get('x-accepted-oauth-scopes')).toBe('admin:org')
  })
})

describe('authentication and permissions', () => {
  it('401s without a token or with an unknown one', async () => {
    const { call } = await sim()
    for (const token of [null, 'ghp_unknown']) {
      const res = await call('GET', '/orgs/octo-fleet/actions/runners', { token })
      expect(res.status).toBe(401)
      expect(res.body).toEqual({
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      })
    }
  })

  it('accepts Bearer as well as token', async () => {
    const { call } = await sim()
    expect((await call('GET', '/orgs/octo-fleet/actions/runners', { scheme: 'Bearer' })).status).toBe(200)
  })

  it('403s the workflow GITHUB_TOKEN with the permission it would need', async () => {
    const { sim: s, call } = await sim()
    s.addToken('ghs_workflow', { kind: 'github-token' })
    const cases: [string, string, string][] = [
      ['POST', '/repos/octo-fleet/app/actions/runners/registration-token', 'administration=write'],
      ['GET', '/repos/octo-fleet/app/actions/runners', 'administration=read'],
      [
        'POST',
        '/orgs/octo-fleet/actions/runners/registration-token',
        'organization_self_hosted_runners=write',
      ],
      ['GET', '/enterprises/octo-corp/actions/runners', 'enterprise_self_hosted_runners=read'],
    ]
    for (const [method, path, permission] of cases) {
      const res = await call(method, path, { token: 'ghs_workflow' })
      expect(res.status).toBe(403)
      expect(res.json.message).toBe('Resource not accessible by integration')
      expect(res.headers.get('x-accepted-github-permissions')).toBe(permission)
    }
  })

  it('403s a classic token without the scope, naming needed and held scopes', async () => {
    const { sim: s, call } = await sim()
    s.addToken('ghp_reporonly', { kind: 'classic', scopes: ['repo', 'read:org'] })
    const org = await call('GET', '/orgs/octo-fleet/actions/runners', { token: 'ghp_reporonly' })
    expect(org.status).toBe(403)
    expect(org.json.message).toMatch(/admin rights/)
    expect(org.headers.get('x-accepted-oauth-scopes')).toBe('admin:org')
    expect(org.headers.get('x-oauth-scopes')).toBe('repo, read:org')
    const ent = await call('GET', '/enterprises/octo-corp/actions/runners', { token: 'ghp_reporonly' })
    expect(ent.headers.get('x-accepted-oauth-scopes')).toContain('manage_runners:enterprise')
    expect(
      (await call('GET', '/repos/octo-fleet/app/actions/runners', { token: 'ghp_reporonly' })).status,
    ).toBe(200)
  })

  it('lets fine-grained and installation tokens through', async () => {
    const { sim: s, call } = await sim()
    s.addToken('github_pat_x', { kind: 'fine-grained' })
    s.addToken('ghs_app', { kind: 'installation' })
    expect((await call('GET', '/orgs/octo-fleet/actions/runners', { token: 'github_pat_x' })).status).toBe(
      200,
    )
    const res = await call('POST', '/orgs/octo-fleet/actions/runners/registration-token', {
      token: 'ghs_app',
    })
    expect(res.status).toBe(201)
    expect(res.headers.get('x-accepted-github-permissions')).toBe('organization_self_hosted_runners=write')
  })
})

describe('OpenAPI checks', () => {
  it('records an unknown query parameter and answers 422', async () => {
    const { sim: s, call } = await sim()
    const res = await call('GET', '/orgs/octo-fleet/actions/runners?colour=red')
    expect(res.status).toBe(422)
    expect(res.json.message).toBe("Invalid request.\n\nunknown query parameter 'colour'")
    expect(s.violations).toEqual(["GET /orgs/octo-fleet/actions/runners: unknown query parameter 'colour'"])
  })

  it('records out-of-bounds and mistyped parameters', async () => {
    const { sim: s, call } = await sim()
    expect((await call('GET', '/orgs/octo-fleet/actions/runners?per_page=101')).status).toBe(422)
    expect((await call('GET', '/orgs/octo-fleet/actions/runners?page=zero')).status).toBe(422)
    expect((await call('GET', '/orgs/octo-fleet/actions/runners/abc')).status).toBe(422)
    expect(s.violations).toEqual([
      "GET /orgs/octo-fleet/actions/runners: query parameter 'per_page' must be <= 100",
      "GET /orgs/octo-fleet/actions/runners: query parameter 'page' must be integer",
      "GET /orgs/octo-fleet/actions/runners/abc: path parameter 'runner_id' must be integer",
    ])
  })

  it('records a bad body: undeclared property, wrong type, missing required, not JSON', async () => {
    const { sim: s, call } = await sim()
    const path = '/orgs/octo-fleet/actions/runners/generate-jitconfig'
    await call('POST', path, { body: { name: 'a', runner_group_id: 1, labels: ['x'], colour: 'red' } })
    await call('POST', path, { body: { name: 'a', runner_group_id: '1', labels: ['x'] } })
    await call('POST', path, { body: { name: 'a', labels: ['x'] } })
    const notJson = await call('POST', path, { rawBody: '{nope' })
    expect(notJson.status).toBe(400)
    expect(notJson.json.message).toBe('Problems parsing JSON')
    expect(s.violations).toEqual([
      `POST ${path}: body has unknown property 'colour'`,
      `POST ${path}: body.runner_group_id must be integer`,
      `POST ${path}: body 'runner_group_id' is required`,
      `POST ${path}: body is not JSON`,
    ])
    expect(s.runners('org:octo-fleet')).toEqual([])
  })

  it('404s and records a path with no operation', async () => {
    const { sim: s, call } = await sim()
    const res = await call('GET', '/orgs/octo-fleet/actions/runnerz')
    expect(res.status).toBe(404)
    expect(s.violations).toEqual([
      'GET /orgs/octo-fleet/actions/runnerz: no operation in the OpenAPI description',
    ])
  })

  it('checks its own answers against the description', () => {
    const api = loadOpenApi()
    const op = api.operation('actions/get-self-hosted-runner-for-org')
    if (!op) throw new Error('operation missing')
    expect(
      api.checkResponse(op, 200, {
        id: 1,
        name: 'x',
        os: 'linux',
        status: 'online',
        busy: false,
        labels: [],
      }),
    ).toEqual([])
    expect(
      api.checkResponse(op, 200, {
        id: '1',
        name: 'x',
        os: 'linux',
        status: 'online',
        busy: false,
        labels: [],
        extra: 1,
      }),
    ).toEqual(["body has unknown property 'extra'", 'body.id must be integer'])
    expect(api.checkResponse(op, 201, {})).toEqual(['status 201 is not declared (declared: 200)'])
    expect(api.checkResponse(op, 404, { message: 'Not Found' })).toEqual([])
  })
})

describe('primary rate limit', () => {
  it('403s with remaining 0 once the hour is used up', async () => {
    const { sim: s, call } = await sim({ primaryLimit: 3 })
    for (let i = 0; i < 3; i++)
      expect((await call('GET', '/orgs/octo-fleet/actions/runners')).status).toBe(200)
    const res = await call('GET', '/orgs/octo-fleet/actions/runners')
    expect(res.status).toBe(403)
    expect(res.json.message).toMatch(/^API rate limit exceeded for user /)
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0')
    expect(s.stats.primaryLimitHits).toBe(1)
  })
})

describe('secondary rate limits', () => {
  it('rejects a write that would overspend the window, with retry-after, changing nothing', async () => {
    const { sim: s, call } = await sim({ secondaryLimits: { pointsPerWindow: 12, windowMs: 2000 } })
    const path = '/orgs/octo-fleet/actions/runners/generate-jitconfig'
    const body = (name: string) => ({ body: { name, runner_group_id: 1, labels: ['x'] } })
    expect((await call('POST', path, body('a'))).status).toBe(201)
    expect((await call('POST', path, body('b'))).status).toBe(201)
    const rejected = await call('POST', path, body('c'))
    expect(rejected.status).toBe(403)
    expect(rejected.json.message).toMatch(/^You have exceeded a secondary rate limit\./)
    expect(rejected.json.message).toContain(rejected.headers.get('x-github-request-id'))
    expect(rejected.headers.get('retry-after')).toBe('2')
    expect(s.runners('org:octo-fleet').map((r) => r.name)).toEqual(['a', 'b'])
    expect(s.stats.secondaryLimitHits).toBe(1)
    // another endpoint has its own budget
    expect((await call('GET', '/orgs/octo-fleet/actions/runners')).status).toBe(200)
  })

  it('frees points as the window rolls', async () => {
    let now = 1_000_000
    const { call } = await sim({
      secondaryLimits: { pointsPerWindow: 2, windowMs: 300, status: 429 },
      now: () => now,
    })
    const path = '/orgs/octo-fleet/actions/runners'
    expect((await call('GET', path)).status).toBe(200)
    expect((await call('GET', path)).status).toBe(200)
    const limited = await call('GET', path)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('1')
    now += 299
    expect((await call('GET', path)).status).toBe(429)
    now += 1
    expect((await call('GET', path)).status).toBe(200)
  })

  it('caps concurrent requests per token and tracks maxInFlight', async () => {
    const { sim: s, call } = await sim({
      latencyMs: 100,
      secondaryLimits: { maxConcurrent: 3, sendRetryAfter: false },
    })
    const results = await Promise.all(
      Array.from({ length: 5 }, () => call('GET', '/orgs/octo-fleet/actions/runners')),
    )
    const statuses = results.map((r) => r.status).sort()
    expect(statuses).toEqual([200, 200, 200, 403, 403])
    expect(results.every((r) => r.headers.get('retry-after') === null)).toBe(true)
    expect(s.stats.maxInFlight).toBe(5)
    expect(s.stats.secondaryLimitHits).toBe(2)
  })
})

describe('faults', () => {
  it('answers an injected status N times, then behaves', async () => {
    const { sim: s, call } = await sim()
    s.inject({
      method: 'GET',
      path: '/orgs/octo-fleet/actions/runners',
      status: 502,
      times: 2,
      headers: { 'x-fault': 'yes' },
    })
    const a = await call('GET', '/orgs/octo-fleet/actions/runners')
    expect(a.status).toBe(502)
    expect(a.json.message).toBe('Server Error')
    expect(a.headers.get('x-fault')).toBe('yes')
    expect((await call('GET', '/orgs/octo-fleet/actions/runners')).status).toBe(502)
    expect((await call('GET', '/orgs/octo-fleet/actions/runners')).status).toBe(200)
    expect(s.requests.map((r) => [r.status, r.fault])).toEqual([
      [502, 'status'],
      [502, 'status'],
      [200, undefined],
    ])
    expect(s.violations).toEqual([])
  })

  it('matches route templates and regular expressions, with a custom body', async () => {
    const { sim: s, call } = await sim()
    const r = s.addRunner('org:octo-fleet', { name: 'x' })
    s.inject({ path: '/orgs/{org}/actions/runners/{runner_id}', status: 500, body: { message: 'boom' } })
    s.inject({ method: 'post', path: /registration-token$/, status: 503 })
    expect((await call('GET', `/orgs/octo-fleet/actions/runners/${r.id}`)).json.message).toBe('boom')
    expect((await call('POST', '/orgs/octo-fleet/actions/runners/registration-token')).status).toBe(503)
  })

  it('drops the connection before the handler: nothing changes', async () => {
    const { sim: s, call } = await sim()
    const r = s.addRunner('org:octo-fleet', { name: 'survivor' })
    s.inject({ method: 'DELETE', network: 'before' })
    await expect(call('DELETE', `/orgs/octo-fleet/actions/runners/${r.id}`)).rejects.toThrow()
    expect(s.runner(r.id)).toBeDefined()
    expect(s.requests.at(-1)).toMatchObject({ status: 0, fault: 'network-before' })
  })

  it('drops the connection after the handler: the change happened, the answer is lost', async () => {
    const { sim: s, call } = await sim()
    const r = s.addRunner('org:octo-fleet', { name: 'goner' })
    s.inject({ method: 'DELETE', network: 'after' })
    await expect(call('DELETE', `/orgs/octo-fleet/actions/runners/${r.id}`)).rejects.toThrow()
    expect(s.runner(r.id)).toBeUndefined()
    expect(s.requests.at(-1)).toMatchObject({ status: 204, fault: 'network-after' })
    expect((await call('DELETE', `/orgs/octo-fleet/actions/runners/${r.id}`)).status).toBe(404)
  })

  it('delays a response', async () => {
    const { sim: s, call } = await sim()
    s.inject({ delayMs: 80 })
    const t0 = Date.now()
    expect((await call('GET', '/orgs/octo-fleet/actions/runners')).status).toBe(200)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(75)
  })
})

describe('basePath /api/v3 (GHES)', () => {
  it('serves under the base path, 404s outside it, and builds Link headers with it', async () => {
    const { sim: s, call } = await sim({ basePath: '/api/v3' })
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v3$/)
    for (let i = 0; i < 3; i++) s.addRunner('org:octo-fleet', { name: `r${i}` })
    const res = await call('GET', '/orgs/octo-fleet/actions/runners?per_page=2')
    expect(res.status).toBe(200)
    expect(res.headers.get('link')).toContain(
      `<${s.url}/orgs/octo-fleet/actions/runners?per_page=2&page=2>; rel="next"`,
    )
    expect(s.requests.at(-1)?.path).toBe('/orgs/octo-fleet/actions/runners')

    const outside = await fetch(s.url.replace('/api/v3', '') + '/orgs/octo-fleet/actions/runners', {
      headers: { authorization: 'token ghp_simulatortoken000000000000000000000' },
    })
    expect(outside.status).toBe(404)
    expect(s.violations).toEqual(['GET /orgs/octo-fleet/actions/runners: outside the API base path /api/v3'])
  })
})

describe('bookkeeping', () => {
  it('records requests with query, body and token; reset clears records but keeps state', async () => {
    const { sim: s, call } = await sim()
    await call('POST', '/orgs/octo-fleet/actions/runners/generate-jitconfig?', {
      body: { name: 'rec', runner_group_id: 1, labels: ['x'] },
    })
    await call('GET', '/orgs/octo-fleet/actions/runners?name=rec&per_page=5')
    expect(s.requests).toMatchObject([
      {
        method: 'POST',
        path: '/orgs/octo-fleet/actions/runners/generate-jitconfig',
        status: 201,
        auth: 'ghp_simulatortoken000000000000000000000',
        body: { name: 'rec' },
      },
      { method: 'GET', query: { name: 'rec', per_page: '5' }, status: 200 },
    ])
    s.reset()
    expect(s.requests).toEqual([])
    expect(s.runners('org:octo-fleet')).toHaveLength(1)
  })
})
