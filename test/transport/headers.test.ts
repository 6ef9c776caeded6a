import type { IncomingHttpHeaders } from 'node:http'
import { describe, expect, it } from 'vitest'
import { apiFor, json, org, serve } from '../support/servers.js'

describe('request headers', () => {
  it('every request and every retry names the REST API version and GitHub’s media type', async () => {
    const headers: IncomingHttpHeaders[] = []
    let calls = 0
    const s = await serve((req, res) => {
      headers.push(req.headers)
      if (++calls === 1) return json(res, 502, { message: 'Server Error' })
      if (req.method === 'GET') return json(res, 200, { total_count: 0, runners: [] })
      return json(res, 201, { token: 't', expires_at: '2030-01-01T00:00:00Z' })
    })
    const { api } = apiFor(s.url)
    await api.list(org, 'GET /actions/runners')
    await api.request(org, 'POST /actions/runners/registration-token')
    expect(s.seen.map((q) => q.method)).toEqual(['GET', 'GET', 'POST'])
    for (const h of headers) {
      expect(h['x-github-api-version']).toBe('2022-11-28')
      expect(h.accept).toBe('application/vnd.github+json')
    }
  })
})
