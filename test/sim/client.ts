/** A bare fetch client for exercising the simulator over real HTTP. */
import { afterEach, expect } from 'vitest'
import { DEFAULT_TOKEN, startSimulator } from '../../sim/index.js'
import type { SimOptions, Simulator } from '../../sim/index.js'
import { seedWorld } from '../support/world.js'

export interface Answer {
  status: number
  headers: Headers
  body: unknown
  /** `body` as a record, for reading fields in tests. */
  json: Record<string, unknown>
}

export interface CallOptions {
  token?: string | null
  body?: unknown
  rawBody?: string
  scheme?: 'token' | 'Bearer'
}

export function client(sim: Simulator) {
  return async function call(method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/vnd.github+json' }
    const token = opts.token === undefined ? DEFAULT_TOKEN : opts.token
    if (token !== null) headers.authorization = `${opts.scheme ?? 'token'} ${token}`
    let payload: string | undefined = opts.rawBody
    if (opts.body !== undefined) {
      payload = JSON.stringify(opts.body)
      headers['content-type'] = 'application/json'
    }
    const res = await fetch(sim.url + path, {
      method,
      headers,
      ...(payload !== undefined ? { body: payload } : {}),
    })
    const text = await res.text()
    const body: unknown = text === '' ? undefined : JSON.parse(text)
    const json =
      typeof body === 'object' && body !== null && !Array.isArray(body)
        ? (body as Record<string, unknown>)
        : {}
    return { status: res.status, headers: res.headers, body, json }
  }
}

/** The `rel` → URL map of a `Link` header. */
export function parseLink(header: string | null): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of (header ?? '').split(',')) {
    const m = /<([^>]+)>;\s*rel="([^"]+)"/.exec(part)
    if (m?.[1] && m[2]) out[m[2]] = m[1]
  }
  return out
}

/**
 * A factory of fresh simulators, each seeded with the fixture world (test/support/world.ts), each closed after its test. `strict`: a test also fails on any violation the
 * simulator recorded (off for tests that provoke violations on purpose).
 */
export function freshSimulators(strict: boolean) {
  const open: Simulator[] = []
  afterEach(async () => {
    const done = open.splice(0)
    await Promise.all(done.map((s) => s.close()))
    if (strict) for (const s of done) expect(s.violations).toEqual([])
  })
  return async (options: SimOptions = {}) => {
    const s = await startSimulator(options)
    open.push(s)
    seedWorld(s)
    return { sim: s, call: client(s) }
  }
}
