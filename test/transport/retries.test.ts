import { describe, expect, it } from 'vitest'
import { ApiError } from '../../src/github/api.js'
import { TransportError } from '../../src/transport/transport-errors.js'
import { fakeTime } from '../support/clock.js'
import { apiFor, failure, json, org, serve, TOKEN } from '../support/servers.js'

const runner = { id: 7, name: 'r7', os: 'Linux', status: 'offline', busy: false, labels: [] }
const badGateway = (res: Parameters<typeof json>[0]) =>
  json(res, 502, { message: 'Server Error' }, { 'content-type': 'text/html' })

/** The gaps between the attempts of each request, in ms. */
function gaps(at: number[]): number[] {
  return at.slice(1).map((t, i) => t - at[i]!)
}

describe('5xx retries', () => {
  it('retry back-off starts small for every request: the counter does not carry over', async () => {
    const s = await serve((_req, res) => badGateway(res))
    // Back-off of 1, 4, 9 units of 20 ms per request; carried over, a second request's first wait was 25 units.
    const { api } = apiFor(s.url, { waitScale: 0.02 })
    for (let i = 0; i < 3; i++)
      await failure(api.request(org, 'DELETE /actions/runners/{runner_id}', { runner_id: i }))
    expect(s.seen).toHaveLength(12)
    for (let i = 0; i < 3; i++) {
      const [first, second, third] = gaps(s.seen.slice(i * 4, i * 4 + 4).map((x) => x.at))
      // 20, 80 and 180 ms; carried over they would be 500, 720 and 980 ms (slack for a busy machine)
      expect(first).toBeLessThan(400)
      expect(second).toBeLessThan(600)
      expect(third).toBeLessThan(850)
    }
  })

  it('says how GitHub answered after the retries', async () => {
    const s = await serve((_req, res) => badGateway(res))
    const { api } = apiFor(s.url)
    const e = await failure(api.request(org, 'DELETE /actions/runners/{runner_id}', { runner_id: 7 }))
    expect(e).toBeInstanceOf(ApiError)
    expect(e.message).toContain('GitHub answered 502 to DELETE /orgs/{org}/actions/runners/{runner_id}')
    expect(e.message).not.toMatch(/not JSON/) // a 5xx page is GitHub's front door, not a wrong api-url
  })
})

describe('circuit breaker', () => {
  it('opens after 5 requests in a row that failed after their retries; then refuses at once', async () => {
    const s = await serve((_req, res) => badGateway(res))
    const { api, breaker } = apiFor(s.url)
    for (let i = 0; i < 5; i++) {
      expect(breaker.open).toBe(false)
      await failure(api.request(org, 'DELETE /actions/runners/{runner_id}', { runner_id: i }))
    }
    expect(breaker.open).toBe(true)
    expect(api.breaker).toBe(breaker)
    expect(s.seen).toHaveLength(20) // each with its 3 retries
    const started = Date.now()
    const e = await failure(api.request(org, 'DELETE /actions/runners/{runner_id}', { runner_id: 9 }))
    expect(Date.now() - started).toBeLessThan(500) // no request, no back-off (1 s and more)
    expect(s.seen).toHaveLength(20)
    expect(e).toBeInstanceOf(TransportError)
    expect(e.message).toBe(
      `GitHub (${s.url}) is failing: 5 changes in a row failed after their retries (the last: DELETE /orgs/acme/actions/runners/4: answered 502). ` +
        'No more requests are sent for 60 s; run the step again later (https://www.githubstatus.com shows outages of github.com).',
    )
  })

  it('counts timeouts and network errors too, and any answer resets the count', async () => {
    let mode: 'hang' | 'ok' | '404' = 'hang'
    const s = await serve((_req, res) => {
      if (mode === 'ok') json(res, 200, runner)
      else if (mode === '404') json(res, 404, { message: 'Not Found' })
    })
    const { api, breaker } = apiFor(s.url, { requestTimeout: 0.05, retries: 0, breaker: { threshold: 3 } })
    const get = () => api.request(org, 'GET /actions/runners/{runner_id}', { runner_id: 7 })
    await failure(get())
    await failure(get())
    expect(breaker.failures).toBe(2)
    mode = '404'
    await failure(get())
    expect(breaker.failures).toBe(0)
    mode = 'hang'
    await failure(get())
    await failure(get())
    mode = 'ok'
    await get()
    expect(breaker.failures).toBe(0)
    mode = 'hang'
    for (let i = 0; i < 3; i++) await failure(get())
    expect(breaker.open).toBe(true)
    expect(breaker.lastFailure).toContain('did not answer within 0.05 s')
  })

  it('lets one request through after the cool-down: an answer closes it', async () => {
    let fail = true
    const s = await serve((_req, res) => (fail ? badGateway(res) : json(res, 200, runner)))
    const { api, breaker } = apiFor(s.url, { retries: 0, breaker: { threshold: 2, cooldownMs: 60_000 } })
    const time = fakeTime()
    const get = () => api.request(org, 'GET /actions/runners/{runner_id}', { runner_id: 7 })
    await failure(get())
    await failure(get())
    expect(breaker.open).toBe(true)
    time.advance(59_999)
    expect(breaker.open).toBe(true)
    time.advance(1)
    expect(breaker.open).toBe(false)
    await failure(get()) // the probe fails: open again
    expect(breaker.open).toBe(true)
    time.advance(60_000)
    fail = false
    await get()
    expect(breaker.open).toBe(false)
    expect(breaker.failures).toBe(0)
  })
})

describe('rate limits', () => {
  const secondary = { message: 'You have exceeded a secondary rate limit. Please wait a few minutes.' }

  it('retry-after: 3600 is not waited: it fails at once naming the secondary limit and when to retry', async () => {
    const s = await serve((_req, res) => json(res, 403, secondary, { 'retry-after': '3600' }))
    const { api, log } = apiFor(s.url, { waitScale: 1 })
    const started = Date.now()
    const e = await failure(api.request(org, 'DELETE /actions/runners/{runner_id}', { runner_id: 7 }))
    expect(Date.now() - started).toBeLessThan(1000)
    expect(s.seen).toHaveLength(1)
    expect(e).toBeInstanceOf(ApiError)
    const { rateLimit } = e as ApiError
    expect(rateLimit?.limit).toBe('secondary')
    expect(Math.abs(rateLimit!.retryAt.getTime() - (Date.now() + 3600_000))).toBeLessThan(5000)
    expect(e.message).toContain(
      "GitHub's secondary rate limit stopped DELETE /orgs/{org}/actions/runners/{runner_id}",
    )
    expect(e.message).toContain(
      `GitHub asked to wait 3600 s; retry after ${rateLimit!.retryAt.toISOString()}`,
    )
    expect(e.message).not.toMatch(/token|permission/i)
    expect(log.warnings.join('\n')).toContain('more than the 120 s this step waits')
  })

  it('a short retry-after is waited and retried; after 4 it gives up with the same clear error', async () => {
    const s = await serve((_req, res, seen) =>
      seen.length < 3 ? json(res, 429, secondary, { 'retry-after': '2' }) : json(res, 200, runner),
    )
    const { api, pacer } = apiFor(s.url)
    const before = pacer.capacity
    expect((await api.request(org, 'DELETE /actions/runners/{runner_id}', { runner_id: 7 })).status).toBe(200)
    expect(s.seen).toHaveLength(3)
    expect(pacer.capacity).toBeLessThan(before) // the pacer still backs off

    const always = await serve((_req, res) => json(res, 403, secondary, { 'retry-after': '1' }))
    const e = await failure(
      apiFor(always.url).api.request(org, 'GET /actions/runners/{runner_id}', { runner_id: 7 }),
    )
    expect(always.seen).toHaveLength(5)
    expect(e.message).toContain("GitHub's secondary rate limit stopped")
    expect(e.message).not.toContain('refused')
  })

  it('a primary-limit reset beyond the cap fails at once, naming the limit and the reset time', async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600
    const s = await serve((_req, res) =>
      json(
        res,
        403,
        { message: 'API rate limit exceeded for user ID 1.' },
        {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(reset),
        },
      ),
    )
    const { api } = apiFor(s.url, { waitScale: 1, maxRateLimitWaitSeconds: 60 })
    const started = Date.now()
    const e = await failure(api.list(org, 'GET /actions/runners'))
    expect(Date.now() - started).toBeLessThan(1000)
    expect(s.seen).toHaveLength(1)
    expect((e as ApiError).rateLimit?.limit).toBe('primary')
    expect(e.message).toContain(
      `GitHub's primary rate limit stopped GET /orgs/{org}/actions/runners (organization acme): the token's hourly request budget is used up. Retry after ${new Date(reset * 1000).toISOString()}`,
    )
    expect(e.message).not.toContain(TOKEN)
  })
})
