import { describe, expect, it } from 'vitest'
import { ApiError } from '../../src/github/api.js'
import { apiFor, failure, json, org, serve, TOKEN } from '../support/servers.js'

const runners = { total_count: 1, runners: [{ id: 1, name: 'r1' }] }

describe('request timeout', () => {
  it('a server that accepts and never answers fails after the retries, saying so', async () => {
    const s = await serve(() => {}) // never answers
    const { api } = apiFor(s.url, { requestTimeout: 0.2 })
    const started = Date.now()
    const e = await failure(api.list(org, 'GET /actions/runners'))
    expect(Date.now() - started).toBeLessThan(3000)
    expect(s.seen).toHaveLength(4) // the first try and 3 retries
    expect(e).toBeInstanceOf(ApiError)
    expect((e as ApiError).status).toBe(500) // a lost answer, for the operations' recovery
    expect(e.message).toContain(`the server at ${s.url} did not answer within 0.2 s (4 attempts)`)
    expect(e.message).toContain('GET /orgs/{org}/actions/runners (organization acme)')
    expect(e.message).not.toContain(TOKEN)
  })

  it('covers the whole answer: headers sent, body never finished', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"total_count": 1, "runners": [')
    })
    const { api } = apiFor(s.url, { requestTimeout: 0.2, retries: 1 })
    const e = await failure(api.list(org, 'GET /actions/runners'))
    expect(s.seen).toHaveLength(2)
    expect(e.message).toContain('did not answer within 0.2 s (2 attempts)')
  })

  it('a slow answer within the limit is fine, and one timed-out attempt is retried', async () => {
    const s = await serve((_req, res, seen) => {
      if (seen.length === 1) return // the first attempt hangs
      setTimeout(() => json(res, 200, runners), 50)
    })
    const { api } = apiFor(s.url, { requestTimeout: 0.3 })
    expect(await api.list(org, 'GET /actions/runners')).toEqual(runners.runners)
    expect(s.seen).toHaveLength(2)
  })

  it('the overall signal aborts a request in flight at once, and later ones before they go', async () => {
    const s = await serve(() => {})
    const stop = new AbortController()
    const { api } = apiFor(s.url, { requestTimeout: 30, signal: stop.signal })
    setTimeout(() => stop.abort(new Error('wait-for-runner: deadline reached')), 100)
    const started = Date.now()
    const e = await failure(api.request(org, 'GET /actions/runners'))
    expect(Date.now() - started).toBeLessThan(2000)
    expect(e.message).toBe('wait-for-runner: deadline reached')
    expect(s.seen).toHaveLength(1) // not retried
    await failure(api.request(org, 'GET /actions/runners'))
    expect(s.seen).toHaveLength(1)
  })

  it('the overall signal also ends a retry wait', async () => {
    const s = await serve((_req, res) => json(res, 502, { message: 'Bad Gateway' }))
    const stop = new AbortController()
    // Back-off of 3 s, 12 s, 27 s: the abort comes during the first wait.
    const { api } = apiFor(s.url, { waitScale: 3, signal: stop.signal })
    setTimeout(() => stop.abort(), 200)
    const started = Date.now()
    const e = await failure(api.request(org, 'GET /actions/runners'))
    expect(Date.now() - started).toBeLessThan(2000)
    expect(e.name).toBe('AbortError')
    expect(s.seen).toHaveLength(1)
  })
})
