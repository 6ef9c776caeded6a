import { createServer } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dispatcherFor } from '../../src/transport/fetch.js'
import { apiFor, closeAfterTest, json, org, serve, TOKEN } from '../support/servers.js'

const PROXY_VARS = [
  'http_proxy',
  'HTTP_PROXY',
  'https_proxy',
  'HTTPS_PROXY',
  'no_proxy',
  'NO_PROXY',
  'GITHUB_API_URL',
]
let saved: Record<string, string | undefined> = {}
beforeEach(() => {
  saved = Object.fromEntries(PROXY_VARS.map((k) => [k, process.env[k]]))
  for (const k of PROXY_VARS) delete process.env[k]
})
afterEach(() => {
  for (const k of PROXY_VARS)
    if (saved[k] === undefined) delete process.env[k]
    else process.env[k] = saved[k]
})

/** A CONNECT proxy on 127.0.0.1 that takes every tunnel to `port` on 127.0.0.1 and records the targets. */
async function tunnelProxy(port: number) {
  const tunnels: string[] = []
  const proxy = createServer()
  proxy.on('connect', (req, client, head) => {
    tunnels.push(req.url ?? '')
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
  })
  closeAfterTest(proxy)
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, tunnels }
}

describe('proxy', () => {
  it('is chosen for api-url, honouring NO_PROXY for its host, whatever GITHUB_API_URL says', () => {
    process.env.HTTPS_PROXY = 'http://127.0.0.1:3128'
    process.env.GITHUB_API_URL = 'https://api.github.com'
    process.env.NO_PROXY = 'ghes.example.com,.internal'
    expect(dispatcherFor('https://ghes.example.com/api/v3')).toBeUndefined()
    expect(dispatcherFor('https://github.corp.internal/api/v3')).toBeUndefined()
    expect(dispatcherFor('https://api.github.com')?.constructor.name).toBe('ProxyAgent')
    // The other way round: GITHUB_API_URL bypassed, api-url not.
    process.env.NO_PROXY = 'api.github.com'
    expect(dispatcherFor('https://ghes.example.com/api/v3')?.constructor.name).toBe('ProxyAgent')
    expect(dispatcherFor('https://api.github.com')).toBeUndefined()
    // http api-urls use HTTP_PROXY; loopback never goes through a proxy.
    expect(dispatcherFor('http://ghes.example.com/api/v3')).toBeUndefined()
    process.env.HTTP_PROXY = 'http://127.0.0.1:3128'
    expect(dispatcherFor('http://ghes.example.com/api/v3')?.constructor.name).toBe('ProxyAgent')
    expect(dispatcherFor('http://127.0.0.1:8080')).toBeUndefined()
  })

  it('requests to api-url go through the proxy when NO_PROXY does not name it', async () => {
    const api = await serve((_req, res) => json(res, 200, { total_count: 1, runners: [{ id: 1 }] }))
    const proxy = await tunnelProxy(api.port)
    process.env.HTTP_PROXY = proxy.url
    // @actions/github alone chose the proxy for GITHUB_API_URL (loopback here: no proxy).
    process.env.GITHUB_API_URL = api.url
    const apiUrl = `http://runners-api.test:${api.port}`
    const { client, api: runnerApi } = apiFor(apiUrl)
    expect(await runnerApi.list(org, 'GET /actions/runners')).toEqual([{ id: 1 }])
    expect(proxy.tunnels).toEqual([`runners-api.test:${api.port}`])
    expect(api.seen[0]!.authorization).toBe(`token ${TOKEN}`)
    expect(client.transport.apiUrl).toBe(apiUrl)
  })
})
