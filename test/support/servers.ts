/**
 * Small HTTP servers on 127.0.0.1 for transport tests: each answers with a handler, records
 * what it saw, and is closed (its connections too) after each test (test/support/setup.ts
 * calls closeServers).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createClient, type ClientOptions } from '../../src/transport/client.js'
import { Api } from '../../src/github/api.js'

export const TOKEN = 'ghp_TransportTestToken0123456789'

export interface Seen {
  method: string
  path: string
  at: number
  authorization: string | undefined
}

export interface TestServer {
  url: string
  port: number
  seen: Seen[]
  server: Server
}

export type Handler = (req: IncomingMessage, res: ServerResponse, seen: Seen[]) => void

const open: Server[] = []

/** Closes every server started by the test, and its connections. */
export async function closeServers(): Promise<void> {
  for (const s of open.splice(0)) {
    s.closeAllConnections()
    await new Promise((r) => s.close(r))
  }
}

/** Starts a server on 127.0.0.1 (closed after the test). */
export async function serve(handler: Handler): Promise<TestServer> {
  const seen: Seen[] = []
  const server = createServer((req, res) => {
    seen.push({
      method: req.method ?? '',
      path: req.url ?? '',
      at: Date.now(),
      authorization: req.headers.authorization,
    })
    handler(req, res, seen)
  })
  open.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, port, seen, server }
}

/** Keeps track of a server started elsewhere (a proxy), to close it after the test. */
export function closeAfterTest(server: Server): void {
  open.push(server)
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
  res.end(JSON.stringify(body))
}

export const org = { scope: 'organization', org: 'acme' } as const

export interface Logged {
  warnings: string[]
  debug: string[]
}

/** A client and an Api for `url`, with waits shrunk for tests. */
export function apiFor(url: string, options: Partial<ClientOptions> = {}) {
  const log: Logged = { warnings: [], debug: [] }
  const made = createClient({
    token: TOKEN,
    apiUrl: url,
    waitScale: 0.001,
    requestTimeout: 0.3,
    log: {
      debug: (m: string) => void log.debug.push(m),
      warning: (m: string | Error) => void log.warnings.push(String(m)),
    },
    ...options,
  })
  const api = new Api(made.client, { looksLikeWorkflowToken: false, operation: 'list-runners' })
  return { ...made, api, log }
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p
  } catch (e) {
    return e as Error
  }
  throw new Error('expected a failure')
}
