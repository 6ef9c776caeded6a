/**
 * The simulator's HTTP server: reads a request, checks the API base path, applies injected
 * faults (see faults.ts), hands the rest to the pipeline (pipeline.ts), checks the answer against
 * the OpenAPI description and sends it. Every exchange is recorded in `requests`; every deviation
 * from the description lands in `violations`.
 */
import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readToken } from './auth.js'
import { FaultQueue, rewriteNextLink } from './faults.js'
import { answerGraphql, graphqlPath } from './graphql.js'
import { readBody, type Reply, REST_DOCS, requestId, send, sleep } from './http.js'
import type { OpenApi, Operation } from './openapi.js'
import {
  describeCaller,
  type Exchange,
  Pipeline,
  type PipelineOptions,
  type RequestHook,
} from './pipeline.js'
import type { SimState } from './state.js'
import type { Fault, LinkTarget, RecordedRequest, SimStats } from './types.js'

export interface ServerOptions extends PipelineOptions {
  latencyMs: number
  /** Set: the origin answers name instead of the one the client called. */
  publicOrigin?: string | undefined
}

/** What the server decided: a reply to send, or a socket to cut or hold (`reply` undefined). */
interface Outcome {
  reply?: Reply
  fault?: RecordedRequest['fault']
}

export class SimServer {
  readonly requests: RecordedRequest[] = []
  readonly violations: string[] = []
  readonly stats: SimStats = { secondaryLimitHits: 0, primaryLimitHits: 0, maxInFlight: 0 }
  readonly hooks = new Set<RequestHook>()
  private readonly faults = new FaultQueue()
  private readonly pipeline: Pipeline
  private inFlight = 0
  private readonly inFlightByToken = new Map<string, number>()
  private readonly http: Server
  /** Resolved by `close`: requests held by a `hang` fault are let go. */
  private readonly closing: Promise<void>
  private release: () => void = () => undefined

  constructor(
    private readonly state: SimState,
    private readonly openapi: OpenApi,
    private readonly options: ServerOptions,
  ) {
    this.pipeline = new Pipeline(
      state,
      openapi,
      options,
      this.violations,
      this.stats,
      this.hooks,
      (token) => this.inFlightByToken.get(token) ?? 0,
    )
    this.http = createServer((req, res) => void this.handle(req, res))
    this.closing = new Promise((resolve) => (this.release = resolve))
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject)
      this.http.listen(port, host, () => resolve())
    })
    return (this.http.address() as AddressInfo).port
  }

  async close(): Promise<void> {
    this.release()
    const closed = new Promise<void>((resolve, reject) =>
      this.http.close((err) => (err ? reject(err) : resolve())),
    )
    this.http.closeAllConnections()
    await closed
  }

  inject(f: Fault): () => void {
    if (f.link === 'http' && !this.options.publicOrigin?.startsWith('https:'))
      throw new Error(
        "inject: a link to plain http is what a plain http simulator answers anyway; start it with publicOrigin 'https://...' to test a downgrade",
      )
    return this.faults.add(f)
  }

  reset(): void {
    this.requests.length = 0
    this.violations.length = 0
    Object.assign(this.stats, { secondaryLimitHits: 0, primaryLimitHits: 0, maxInFlight: 0 })
    this.faults.clear()
    this.pipeline.primary.reset()
    this.pipeline.secondary?.reset()
  }

  // ---- the pipeline ---------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now()
    const token = readToken(req.headers.authorization)
    this.enter(token ?? '')
    const method = (req.method ?? 'GET').toUpperCase()
    const host = req.headers.host ?? '127.0.0.1'
    const url = new URL(req.url ?? '/', this.options.publicOrigin ?? `http://${host}`)
    const ifNoneMatch = req.headers['if-none-match']
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      host,
      status: 0,
      at,
      ...(token !== undefined ? { auth: token } : {}),
      ...(ifNoneMatch !== undefined ? { ifNoneMatch } : {}),
    }
    try {
      const raw = await readBody(req)
      let body: unknown
      let bodyUnparsable = false
      if (raw !== '') {
        try {
          body = JSON.parse(raw) as unknown
        } catch {
          body = raw
          bodyUnparsable = true
        }
      }
      record.body = body
      if (this.options.latencyMs > 0) await sleep(this.options.latencyMs)
      const ex: Exchange = {
        id: requestId(),
        method,
        url,
        path: url.pathname,
        query: record.query,
        token,
        body,
        bodyUnparsable,
        host,
        at,
        headers: {},
        ...(ifNoneMatch !== undefined ? { ifNoneMatch } : {}),
      }
      const outcome = await this.process(ex)
      record.path = ex.path
      record.status = outcome.reply?.status ?? 0
      if (outcome.fault) record.fault = outcome.fault
      this.requests.push(record)
      // Held until the client gives up or the simulator closes; then no answer at all.
      if (outcome.fault === 'hang') await Promise.race([once(req.socket, 'close'), this.closing])
      if (!outcome.reply || outcome.fault === 'network-after') {
        req.socket.destroy()
        return
      }
      send(res, method, {
        ...outcome.reply,
        headers: { 'x-github-request-id': ex.id, ...this.serverHeaders(), ...outcome.reply.headers },
      })
    } catch (err) {
      this.violations.push(
        `internal: ${method} ${url.pathname}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      )
      record.status = 500
      this.requests.push(record)
      if (!res.headersSent)
        send(res, method, { status: 500, body: { message: 'Server Error' }, headers: this.serverHeaders() })
      else res.destroy()
    } finally {
      this.leave(token ?? '')
    }
  }

  private async process(ex: Exchange): Promise<Outcome> {
    const base = this.options.basePath
    // GraphQL lives beside the REST API (`/api/graphql` beside GHES's `/api/v3`), outside its description.
    if (ex.method === 'POST' && ex.path === graphqlPath(base)) {
      const reply = answerGraphql(this.state, ex.token, ex.body, this.violations)
      return { reply: { ...reply, headers: { ...this.pipeline.passiveHeaders(ex), ...reply.headers } } }
    }
    if (base && ex.path !== base && !ex.path.startsWith(`${base}/`)) {
      this.violations.push(`${ex.method} ${ex.path}: outside the API base path ${base}`)
      return { reply: this.pipeline.error(ex, 404, 'Not Found', REST_DOCS) }
    }
    ex.path = ex.path.slice(base.length) || '/'
    const match = this.openapi.match(ex.method, ex.path)

    const fault = this.faults.take(ex.method, ex.path, match?.op)
    if (fault?.delayMs) await sleep(fault.delayMs)
    if (fault?.hang) return { fault: 'hang' }
    if (fault?.network === 'before') return { fault: 'network-before' }
    if (fault?.status !== undefined || fault?.raw !== undefined) return this.faultAnswer(ex, fault)
    if (fault?.rateLimit) return { reply: this.rateLimited(ex, fault.rateLimit), fault: 'rate-limit' }

    const answered = await this.pipeline.answer(ex, match)
    if (match) this.checkResponse(ex, match.op, answered)
    // The 200 is checked against the description; a 304 is HTTP's, with no body to check.
    const reply = this.pipeline.conditional(ex, answered)
    if (fault?.link !== undefined && reply.status < 300) return this.relinked(ex, reply, fault.link)
    return { reply, ...(fault?.network === 'after' ? { fault: 'network-after' as const } : {}) }
  }

  /** An injected answer: its status and body (JSON or raw), rate-limit headers that cost nothing. */
  private faultAnswer(ex: Exchange, fault: Fault): Outcome {
    const status = fault.status ?? 200
    const headers = { ...this.pipeline.passiveHeaders(ex), ...lowerCaseKeys(fault.headers ?? {}) }
    if (fault.raw !== undefined) return { reply: { status, raw: fault.raw, headers }, fault: 'status' }
    const body =
      fault.body !== undefined ? fault.body : status >= 400 ? { message: 'Server Error' } : undefined
    return { reply: { status, body, headers }, fault: 'status' }
  }

  /** An injected rate-limit answer, worded and headed like the real ones. */
  private rateLimited(ex: Exchange, limit: NonNullable<Fault['rateLimit']>): Reply {
    Object.assign(ex.headers, this.pipeline.passiveHeaders(ex))
    if (limit.kind === 'secondary') {
      ex.headers['retry-after'] = String(limit.retryAfter)
      return this.pipeline.secondaryLimitError(ex, limit.status)
    }
    const max = ex.headers['x-ratelimit-limit'] ?? '5000'
    Object.assign(ex.headers, {
      'x-ratelimit-remaining': '0',
      'x-ratelimit-used': max,
      'x-ratelimit-reset': String(limit.resetAt ?? Math.ceil(Date.now() / 1000) + 3600),
    })
    const grant = ex.token === undefined ? undefined : this.state.apps.token(ex.token)
    // GitHub names the user, or for an unknown credential the client's address.
    const who = grant ? describeCaller({ kind: 'token', key: '', grant }) : ex.host.replace(/:\d+$/, '')
    return this.pipeline.primaryLimitError(ex, who)
  }

  /** The handler's answer with its `Link` rel="next" pointing at `target`. */
  private relinked(ex: Exchange, reply: Reply, target: LinkTarget): Outcome {
    const link = rewriteNextLink(reply.headers.link, ex.url, target)
    return { reply: { ...reply, headers: { ...reply.headers, link } }, fault: 'link' }
  }

  private checkResponse(ex: Exchange, op: Operation, reply: Reply): void {
    if (reply.raw !== undefined) return
    for (const p of this.openapi.checkResponse(op, reply.status, reply.body)) {
      this.violations.push(`response: ${ex.method} ${ex.path} ${reply.status}: ${p}`)
    }
  }

  /** Headers of every response of this server, whatever the request. */
  private serverHeaders(): Record<string, string> {
    const v = this.options.ghesVersion
    return v === undefined ? {} : { 'x-github-enterprise-version': v }
  }

  private enter(token: string): void {
    this.inFlight++
    this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.inFlight)
    this.inFlightByToken.set(token, (this.inFlightByToken.get(token) ?? 0) + 1)
  }

  private leave(token: string): void {
    this.inFlight--
    const n = (this.inFlightByToken.get(token) ?? 1) - 1
    if (n > 0) this.inFlightByToken.set(token, n)
    else this.inFlightByToken.delete(token)
  }
}

const lowerCaseKeys = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
