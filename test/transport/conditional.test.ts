/** Conditional polls through the whole client: retries, the throttling plugin and pagination keep If-None-Match. */
import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { POLL } from '../../src/transport/conditional.js'
import { apiFor, json, org, serve } from '../support/servers.js'

const RATE = {
  'x-ratelimit-limit': '5000',
  'x-ratelimit-reset': '1900000000',
  'x-ratelimit-resource': 'core',
}

describe('conditional polls in the client', () => {
  it('a poll retried after a 502 still carries If-None-Match, and its 304 gives the last answer, unchanged', async () => {
    const sent: (string | undefined)[] = []
    let n = 0
    const s = await serve((req: IncomingMessage, res) => {
      sent.push(req.headers['if-none-match'])
      n++
      if (n === 1)
        return json(
          res,
          200,
          { id: 7, status: 'online' },
          { etag: '"v1"', ...RATE, 'x-ratelimit-remaining': '4999', 'x-ratelimit-used': '1' },
        )
      if (n === 2) return json(res, 502, { message: 'Bad Gateway' })
      res.writeHead(304, { etag: '"v1"', ...RATE, 'x-ratelimit-remaining': '4999', 'x-ratelimit-used': '1' })
      res.end()
    })
    const { api, budget } = apiFor(s.url)
    const first = await api.request(org, 'GET /actions/runners/{runner_id}', { runner_id: 7 }, POLL)
    const again = await api.request<{ status: string }>(
      org,
      'GET /actions/runners/{runner_id}',
      { runner_id: 7 },
      POLL,
    )
    expect(first.unchanged).toBe(false)
    expect(again).toEqual({ status: 200, data: { id: 7, status: 'online' }, unchanged: true })
    expect(sent).toEqual([undefined, '"v1"', '"v1"'])
    expect(budget.figures()).toMatchObject({ requests: 3, notModified: 1, charged: 1 })
  })

  it('a request that is not a poll sends no If-None-Match and never sees a 304', async () => {
    const sent: (string | undefined)[] = []
    const s = await serve((req, res) => {
      sent.push(req.headers['if-none-match'])
      json(res, 200, { id: 7 }, { etag: '"v1"' })
    })
    const { api } = apiFor(s.url)
    await api.request(org, 'GET /actions/runners/{runner_id}', { runner_id: 7 })
    await api.request(org, 'GET /actions/runners/{runner_id}', { runner_id: 7 })
    expect(sent).toEqual([undefined, undefined])
  })
})
