import { describe, expect, it } from 'vitest'
import { DEFAULT_TOKEN, faults, LOGIN_PAGE, startSimulator } from '../../sim/index.js'
import { freshSimulators, parseLink } from './client.js'

const sim = freshSimulators(true)

const RUNNERS = '/orgs/octo-fleet/actions/runners'
const auth = { authorization: `token ${DEFAULT_TOKEN}` }

describe('hang', () => {
  it('accepts the request and never answers; the client gives up; nothing changes', async () => {
    const { sim: s, call } = await sim()
    const r = s.addRunner('org:octo-fleet', { name: 'kept' })
    s.inject(faults.hang({ method: 'DELETE' }))
    const t0 = Date.now()
    const hung = fetch(`${s.url}${RUNNERS}/${r.id}`, {
      method: 'DELETE',
      headers: auth,
      signal: AbortSignal.timeout(300),
    })
    await expect(hung).rejects.toThrow(/timeout|aborted/i)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290)
    expect(s.runner(r.id)).toBeDefined()
    expect(s.requests).toMatchObject([{ method: 'DELETE', status: 0, fault: 'hang' }])
    // the next request is answered
    expect((await call('DELETE', `${RUNNERS}/${r.id}`)).status).toBe(204)
  })

  it('does not hold up close(): the held request is cut', async () => {
    const s = await startSimulator()
    s.addOrg('octo-fleet')
    s.inject(faults.hang())
    const hung = fetch(`${s.url}${RUNNERS}`, { headers: auth })
    const settled = hung.then(
      () => 'answered',
      () => 'failed',
    )
    await new Promise((r) => setTimeout(r, 50))
    const t0 = Date.now()
    await s.close()
    expect(Date.now() - t0).toBeLessThan(1000)
    expect(await settled).toBe('failed')
  })
})

describe('slow answers', () => {
  it('answers normally, late', async () => {
    const { sim: s, call } = await sim()
    s.inject(faults.slow(150, { path: RUNNERS }))
    const t0 = Date.now()
    const res = await call('GET', RUNNERS)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140)
    expect(res.status).toBe(200)
    expect(res.json.total_count).toBe(0)
  })
})

describe('answers that are not the API', () => {
  it('an HTML sign-in page with 200, as a login proxy gives', async () => {
    const { sim: s } = await sim()
    s.inject(faults.htmlPage())
    const res = await fetch(`${s.url}${RUNNERS}`, { headers: auth })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const text = await res.text()
    expect(text).toBe(LOGIN_PAGE)
    expect(text.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(s.requests).toMatchObject([{ status: 200, fault: 'status' }])
  })

  it('raw text with the content type the test gives, whatever its case', async () => {
    const { sim: s } = await sim()
    s.inject({ status: 502, raw: 'Bad Gateway', headers: { 'Content-Type': 'text/plain' } })
    const res = await fetch(`${s.url}${RUNNERS}`, { headers: auth })
    expect(res.status).toBe(502)
    expect(res.headers.get('content-type')).toBe('text/plain')
    expect(await res.text()).toBe('Bad Gateway')
  })

  it('JSON of the wrong shape with 200', async () => {
    const { sim: s, call } = await sim()
    s.inject(faults.wrongShape({ runners: 'none' }, { path: RUNNERS }))
    const res = await call('GET', RUNNERS)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ runners: 'none' })
    expect((await call('GET', RUNNERS)).json).toEqual({ total_count: 0, runners: [] })
  })
})

describe('Link rel="next" pointing elsewhere', () => {
  const fiveRunners = async () => {
    const made = await sim()
    made.sim.addRunners('org:octo-fleet', 5)
    return made
  }

  it('at another host that reaches the same simulator, which records the host it was called by', async () => {
    const { sim: s, call } = await fiveRunners()
    s.inject(faults.nextLink('other-host'))
    const res = await call('GET', `${RUNNERS}?per_page=2`)
    const links = parseLink(res.headers.get('link'))
    const port = new URL(s.url).port
    expect(links.next).toBe(`http://localhost:${port}${RUNNERS}?per_page=2&page=2`)
    expect(links.last).toBe(`${s.url}${RUNNERS}?per_page=2&page=3`)
    expect(s.requests.at(-1)).toMatchObject({ status: 200, fault: 'link', host: `127.0.0.1:${port}` })
    const followed = await fetch(links.next ?? '', { headers: auth })
    expect(followed.status).toBe(200)
    expect(s.requests.at(-1)).toMatchObject({ host: `localhost:${port}`, auth: DEFAULT_TOKEN })
  })

  it('at the page itself, or at a given URL; added when the answer had no Link', async () => {
    const { sim: s, call } = await fiveRunners()
    s.inject(faults.nextLink('self'))
    const self = await call('GET', `${RUNNERS}?per_page=2&page=2`)
    expect(parseLink(self.headers.get('link')).next).toBe(`${s.url}${RUNNERS}?per_page=2&page=2`)
    expect(parseLink(self.headers.get('link')).prev).toBe(`${s.url}${RUNNERS}?per_page=2&page=1`)

    s.inject(faults.nextLink('https://evil.example/steal'))
    const single = await call('GET', RUNNERS)
    expect(single.headers.get('link')).toBe('<https://evil.example/steal>; rel="next"')
    s.inject(faults.nextLink('other-host'))
    const added = await call('GET', RUNNERS)
    expect(parseLink(added.headers.get('link')).next).toMatch(
      /^http:\/\/localhost:\d+\/orgs\/octo-fleet\/actions\/runners\?page=2$/,
    )
  })

  it('at plain http, for a simulator that names itself https (publicOrigin)', async () => {
    const { sim: plain } = await sim()
    expect(() => plain.inject(faults.nextLink('http'))).toThrow(/publicOrigin/)

    const { sim: s, call } = await sim({ publicOrigin: 'https://ghes.example.com', basePath: '/api/v3' })
    s.addRunners('org:octo-fleet', 3)
    const normal = await call('GET', `${RUNNERS}?per_page=2`)
    expect(parseLink(normal.headers.get('link')).next).toBe(
      `https://ghes.example.com/api/v3${RUNNERS}?per_page=2&page=2`,
    )
    const group = await call('GET', '/orgs/octo-fleet/actions/runner-groups/1')
    expect(group.json.runners_url).toBe(
      'https://ghes.example.com/api/v3/orgs/octo-fleet/actions/runner-groups/1/runners',
    )
    s.inject(faults.nextLink('http'))
    const downgraded = await call('GET', `${RUNNERS}?per_page=2`)
    expect(parseLink(downgraded.headers.get('link')).next).toBe(
      `http://ghes.example.com/api/v3${RUNNERS}?per_page=2&page=2`,
    )
  })

  it('refuses a publicOrigin that is not an origin', async () => {
    await expect(startSimulator({ publicOrigin: 'https://ghes.example.com/api/v3' })).rejects.toThrow(
      /publicOrigin/,
    )
  })
})

describe('outages', () => {
  it('for N requests, with retry-after, then the API answers', async () => {
    const { sim: s, call } = await sim()
    s.inject(
      faults.outage(
        2,
        { status: 502, retryAfter: 5 },
        { method: 'GET', path: '/orgs/{org}/actions/runners' },
      ),
    )
    for (let i = 0; i < 2; i++) {
      const res = await call('GET', RUNNERS)
      expect(res.status).toBe(502)
      expect(res.headers.get('retry-after')).toBe('5')
      expect(res.json.message).toBe('Server Error')
    }
    expect((await call('GET', RUNNERS)).status).toBe(200)
  })

  it('without retry-after', async () => {
    const { call, sim: s } = await sim()
    s.inject(faults.outage(1))
    const res = await call('GET', RUNNERS)
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBeNull()
  })

  it('for a method and path pattern until withdrawn; other requests are answered', async () => {
    const { sim: s, call } = await sim()
    const withdraw = s.inject(faults.outage(Infinity, { status: 503 }, { method: 'POST', path: /-token$/ }))
    for (let i = 0; i < 4; i++) expect((await call('POST', `${RUNNERS}/registration-token`)).status).toBe(503)
    expect((await call('GET', RUNNERS)).status).toBe(200)
    expect((await call('POST', `${RUNNERS}/remove-token`)).status).toBe(503)
    withdraw()
    expect((await call('POST', `${RUNNERS}/registration-token`)).status).toBe(201)
    expect(s.issuedSecrets).toHaveLength(1)
  })
})

describe('rate-limit answers', () => {
  it('secondary: 403 with retry-after 3600 and GitHub message; nothing changes', async () => {
    const { sim: s, call } = await sim()
    s.inject(faults.secondaryLimit({}, { method: 'POST' }))
    const res = await call('POST', `${RUNNERS}/generate-jitconfig`, {
      body: { name: 'jit', runner_group_id: 1, labels: ['x'] },
    })
    expect(res.status).toBe(403)
    expect(res.headers.get('retry-after')).toBe('3600')
    expect(res.json.message).toMatch(/^You have exceeded a secondary rate limit\./)
    expect(res.json.message).toContain(res.headers.get('x-github-request-id'))
    expect(res.json.documentation_url).toMatch(/#about-secondary-rate-limits$/)
    expect(res.headers.get('x-ratelimit-remaining')).toBe('5000')
    expect(s.runners('org:octo-fleet')).toEqual([])
    expect(s.requests.at(-1)).toMatchObject({ status: 403, fault: 'rate-limit' })
  })

  it('secondary as 429', async () => {
    const { sim: s, call } = await sim()
    s.inject(faults.secondaryLimit({ status: 429, retryAfter: 60 }))
    const res = await call('GET', RUNNERS)
    expect([res.status, res.headers.get('retry-after')]).toEqual([429, '60'])
  })

  it('primary: 403 with no requests left and a reset far in the future', async () => {
    const { sim: s, call } = await sim()
    const resetAt = Math.floor(Date.now() / 1000) + 86_400
    s.inject(faults.primaryLimit({ resetAt }, { times: 2 }))
    for (let i = 0; i < 2; i++) {
      const res = await call('GET', RUNNERS)
      expect(res.status).toBe(403)
      expect(res.json.message).toMatch(/^API rate limit exceeded for user sim-admin\./)
      expect(res.headers.get('x-ratelimit-remaining')).toBe('0')
      expect(res.headers.get('x-ratelimit-used')).toBe('5000')
      expect(res.headers.get('x-ratelimit-reset')).toBe(String(resetAt))
    }
    const after = await call('GET', RUNNERS)
    expect(after.status).toBe(200)
    expect(after.headers.get('x-ratelimit-remaining')).toBe('4999')
  })

  it('primary: the reset defaults to an hour from now', async () => {
    const { sim: s, call } = await sim()
    s.inject(faults.primaryLimit())
    const reset = Number((await call('GET', RUNNERS)).headers.get('x-ratelimit-reset'))
    expect(reset).toBeGreaterThan(Date.now() / 1000 + 3500)
  })
})

describe('inject', () => {
  it('refuses a fault of two kinds, a raw body beside a JSON one, and no times', async () => {
    const { sim: s } = await sim()
    expect(() => s.inject({ status: 502, hang: true })).toThrow(/one of/)
    expect(() => s.inject({ status: 502, raw: 'x', body: {} })).toThrow(/exclude/)
    expect(() => s.inject({ status: 502, times: 0 })).toThrow(/at least 1/)
  })
})

describe('rate-limit answers without a known token', () => {
  it('name the address the request came to', async () => {
    const { sim: s, call } = await sim()
    s.inject(faults.primaryLimit())
    const res = await call('GET', RUNNERS, { token: null })
    expect(res.status).toBe(403)
    expect(res.json.message).toMatch(/^API rate limit exceeded for 127\.0\.0\.1\./)
    expect(res.headers.get('x-ratelimit-limit')).toBe('60')
  })
})
