/**
 * The request pipeline. In order: latency, basePath, injected faults, authentication (a token,
 * or a GitHub App's JWT), primary rate limit, operation lookup, the operations a GitHub
 * Enterprise Server version lacks, secondary limits, JSON parsing, the OpenAPI request check,
 * owner lookup, permission, hooks, the handler, and the OpenAPI check of the answer. Every
 * exchange is recorded in `requests`; every deviation from the description lands in `violations`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { authorize, authorizeApp, JWT_OPERATIONS, readToken, tokenHeaders } from './auth.js'
import { ghesDocs, ghesHas } from './ghes.js'
import { ApiError, errorBody, REST_DOCS, requestId, sleep } from './http.js'
import { JWT_NOT_DECODED, looksLikeJwt, verifyAppJwt } from './jwt.js'
import type { Match, OpenApi, Operation } from './openapi.js'
import { PrimaryLimiter, SecondaryLimiter } from './ratelimit.js'
import { RouteContext, type RouteResult } from './routes/context.js'
import { appRoutes, routes } from './routes/index.js'
import type { SimState } from './state.js'
import type {
  Fault,
  OwnerKey,
  RecordedRequest,
  RecordedRequestStart,
  SecondaryLimitOptions,
  SimStats,
  TokenGrant,
} from './types.js'

const RATE_LIMIT_DOCS = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api'
const SECONDARY_DOCS = `${RATE_LIMIT_DOCS}#about-secondary-rate-limits`
/** GitHub's limit for unauthenticated requests; they are answered 401 here, but counted. */
const ANONYMOUS_LIMIT = 60

export interface ServerOptions {
  basePath: string
  latencyMs: number
  primaryLimit: number
  secondaryLimits: SecondaryLimitOptions | undefined
  /** Set: act as GitHub Enterprise Server of this version. */
  ghesVersion?: string | undefined
}

export type RequestHook = (req: RecordedRequestStart) => void | Promise<void>

interface Reply {
  status: number
  body?: unknown
  headers: Record<string, string>
}

/** Who sent a request: a registered token, or a GitHub App by its JWT. `key` counts its rate limits. */
type Caller = { kind: 'token'; key: string; grant: TokenGrant } | { kind: 'app'; key: string; appId: number }

/** What the pipeline decided: a reply to send, or a socket to cut (`reply` undefined). */
interface Outcome {
  reply?: Reply
  fault?: RecordedRequest['fault']
}

interface PendingFault extends Fault {
  remaining: number
}

/** One request on its way through the pipeline. */
interface Exchange {
  id: string
  method: string
  url: URL
  path: string
  query: Record<string, string>
  token: string | undefined
  body: unknown
  bodyUnparsable: boolean
  at: number
  /** Headers every reply to this request carries (rate limit, scopes, permissions). */
  headers: Record<string, string>
}

export class SimServer {
  readonly requests: RecordedRequest[] = []
  readonly violations: string[] = []
  readonly stats: SimStats = { secondaryLimitHits: 0, primaryLimitHits: 0, maxInFlight: 0 }
  readonly hooks = new Set<RequestHook>()
  private readonly faults: PendingFault[] = []
  private readonly primary: PrimaryLimiter
  private readonly secondary: SecondaryLimiter | undefined
  private inFlight = 0
  private readonly inFlightByToken = new Map<string, number>()
  private readonly http: Server

  constructor(
    private readonly state: SimState,
    private readonly openapi: OpenApi,
    private readonly options: ServerOptions,
  ) {
    this.primary = new PrimaryLimiter(options.primaryLimit)
    this.secondary = options.secondaryLimits ? new SecondaryLimiter(options.secondaryLimits) : undefined
    this.http = createServer((req, res) => void this.handle(req, res))
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject)
      this.http.listen(port, host, () => resolve())
    })
    return (this.http.address() as AddressInfo).port
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve, reject) =>
      this.http.close((err) => (err ? reject(err) : resolve())),
    )
    this.http.closeAllConnections()
    await closed
  }

  inject(f: Fault): void {
    this.faults.push({ ...f, remaining: f.times ?? 1 })
  }

  reset(): void {
    this.requests.length = 0
    this.violations.length = 0
    Object.assign(this.stats, { secondaryLimitHits: 0, primaryLimitHits: 0, maxInFlight: 0 })
    this.faults.length = 0
    this.primary.reset()
    this.secondary?.reset()
  }

  // ---- the pipeline ---------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now()
    const token = readToken(req.headers.authorization)
    this.enter(token ?? '')
    const method = (req.method ?? 'GET').toUpperCase()
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`)
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      status: 0,
      at,
      ...(token !== undefined ? { auth: token } : {}),
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
        at,
        headers: {},
      }
      const outcome = await this.process(ex)
      record.path = ex.path
      record.status = outcome.reply?.status ?? 0
      if (outcome.fault) record.fault = outcome.fault
      this.requests.push(record)
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
    if (base && ex.path !== base && !ex.path.startsWith(`${base}/`)) {
      this.violations.push(`${ex.method} ${ex.path}: outside the API base path ${base}`)
      return { reply: this.error(ex, 404, 'Not Found', REST_DOCS) }
    }
    ex.path = ex.path.slice(base.length) || '/'
    const match = this.openapi.match(ex.method, ex.path)

    const fault = this.takeFault(ex, match?.op)
    if (fault?.delayMs) await sleep(fault.delayMs)
    if (fault?.network === 'before') return { fault: 'network-before' }
    if (fault?.status !== undefined) {
      const headers = { ...this.passiveHeaders(ex), ...fault.headers }
      const body =
        fault.body !== undefined ? fault.body : fault.status >= 400 ? { message: 'Server Error' } : undefined
      return { reply: { status: fault.status, body, headers }, fault: 'status' }
    }

    const reply = await this.authenticated(ex, match)
    if (match) this.checkResponse(ex, match.op, reply)
    return { reply, ...(fault?.network === 'after' ? { fault: 'network-after' as const } : {}) }
  }

  /** Everything after faults: from authentication to the handler's answer. */
  private async authenticated(ex: Exchange, match: Match | undefined): Promise<Reply> {
    const caller = this.identify(ex, match)
    if ('message' in caller) {
      Object.assign(ex.headers, this.primary.take('', ANONYMOUS_LIMIT).headers)
      return this.error(ex, 401, caller.message, REST_DOCS)
    }
    const primary = this.primary.take(caller.key)
    Object.assign(ex.headers, primary.headers, caller.kind === 'token' ? tokenHeaders(caller.grant) : {})
    if (!primary.allowed) {
      this.stats.primaryLimitHits++
      const message = `API rate limit exceeded for ${describeCaller(caller)}. If you reach out to GitHub Support for help, please include the request ID ${ex.id}.`
      return this.error(ex, 403, message, RATE_LIMIT_DOCS)
    }
    if (!match) {
      this.violations.push(`${ex.method} ${ex.path}: no operation in the OpenAPI description`)
      return this.error(ex, 404, 'Not Found', REST_DOCS)
    }
    const { op, params } = match
    const ghes = this.options.ghesVersion
    // An operation this server version lacks: a 404 like any unknown path, and not a violation.
    if (ghes !== undefined && !ghesHas(ghes, op.template))
      return this.error(ex, 404, 'Not Found', ghesDocs(ghes))

    if (this.secondary) {
      const verdict = this.secondary.admit(
        caller.key,
        `${op.method} ${op.template}`,
        ex.method,
        this.inFlightByToken.get(ex.token ?? '') ?? 0,
      )
      if (!verdict.allowed) {
        this.stats.secondaryLimitHits++
        const { status, sendRetryAfter } = this.secondary.options
        if (sendRetryAfter) ex.headers['retry-after'] = String(verdict.retryAfterSeconds)
        const message = `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${ex.id}.`
        return this.error(ex, status, message, SECONDARY_DOCS)
      }
    }

    const named = ownerOf(op, params)
    const authz = caller.kind === 'app' ? authorizeApp(op) : authorize(caller.grant, op, named)
    Object.assign(ex.headers, authz.headers)
    if (ex.bodyUnparsable) {
      this.violations.push(`${ex.method} ${ex.path}: body is not JSON`)
      return this.error(ex, 400, 'Problems parsing JSON', op.docsUrl)
    }
    const problems = this.openapi.checkRequest(op, params, ex.query, ex.body)
    for (const p of problems) this.violations.push(`${ex.method} ${ex.path}: ${p}`)

    const owner = named === undefined ? undefined : this.state.resolveOwner(named)
    if (named !== undefined && !owner) return this.error(ex, 404, 'Not Found', op.docsUrl)
    if (!authz.allowed) return this.error(ex, authz.status, authz.message, op.docsUrl)
    if (problems.length > 0)
      return this.error(ex, 422, `Invalid request.\n\n${problems.join('\n')}`, op.docsUrl)

    const start: RecordedRequestStart = {
      method: ex.method,
      path: ex.path,
      query: ex.query,
      body: ex.body,
      ...(ex.token !== undefined ? { auth: ex.token } : {}),
      at: ex.at,
      operationId: op.operationId,
      params,
    }
    for (const hook of [...this.hooks]) await hook(start)

    const apiRoot = `${ex.url.protocol}//${ex.url.host}${this.options.basePath}`
    let run: (() => RouteResult) | undefined
    let handlerHeaders: Record<string, string> = {}
    if (caller.kind === 'app') {
      const handler = appRoutes.get(op.operationId)
      const ctx = { state: this.state, appId: caller.appId, owner, params, body: ex.body, apiRoot }
      if (handler) run = () => handler(ctx)
    } else {
      const handler = routes.get(op.operationId)
      if (!owner) throw new Error(`${op.operationId} names no owner`)
      const ctx = new RouteContext(this.state, op, owner, params, ex.query, ex.body, ex.url, apiRoot)
      handlerHeaders = ctx.headers
      if (handler) run = () => handler(ctx)
    }
    if (!run) {
      this.violations.push(`${ex.method} ${ex.path}: the simulator has no handler for ${op.operationId}`)
      return this.error(ex, 501, `The simulator does not implement ${op.operationId}`, op.docsUrl)
    }
    try {
      const result = run()
      return { status: result.status, body: result.body, headers: { ...ex.headers, ...handlerHeaders } }
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      return this.error(ex, err.status, err.message, op.docsUrl, err.extra, err.headers)
    }
  }

  /**
   * The caller, or why it is refused (401). A registered token is a token even when shaped like a
   * JWT; anything else shaped like one is checked as a GitHub App's JWT. The App operations take
   * nothing but a JWT.
   */
  private identify(ex: Exchange, match: Match | undefined): Caller | { message: string } {
    const grant = ex.token === undefined ? undefined : this.state.apps.token(ex.token)
    const appOperation = match !== undefined && JWT_OPERATIONS.has(match.op.operationId)
    if (grant && !appOperation) return { kind: 'token', key: ex.token ?? '', grant }
    if (looksLikeJwt(ex.token)) {
      const verdict = verifyAppJwt(ex.token, this.state.apps, Math.floor(Date.now() / 1000))
      return verdict.ok ? { kind: 'app', key: `app:${verdict.appId}`, appId: verdict.appId } : verdict
    }
    return { message: appOperation ? JWT_NOT_DECODED : 'Bad credentials' }
  }

  /** Headers of every response of this server, whatever the request. */
  private serverHeaders(): Record<string, string> {
    const v = this.options.ghesVersion
    return v === undefined ? {} : { 'x-github-enterprise-version': v }
  }

  private checkResponse(ex: Exchange, op: Operation, reply: Reply): void {
    for (const p of this.openapi.checkResponse(op, reply.status, reply.body)) {
      this.violations.push(`response: ${ex.method} ${ex.path} ${reply.status}: ${p}`)
    }
  }

  private error(
    ex: Exchange,
    status: number,
    message: string,
    docs: string,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Reply {
    return { status, body: errorBody(status, message, docs, extra), headers: { ...ex.headers, ...headers } }
  }

  /** Rate-limit and scope headers for an answer that does not count against the limit (injected faults). */
  private passiveHeaders(ex: Exchange): Record<string, string> {
    const grant = ex.token === undefined ? undefined : this.state.apps.token(ex.token)
    if (!grant) return this.primary.peek('', ANONYMOUS_LIMIT)
    return { ...this.primary.peek(ex.token ?? ''), ...tokenHeaders(grant) }
  }

  private takeFault(ex: Exchange, op: Operation | undefined): PendingFault | undefined {
    const i = this.faults.findIndex(
      (f) =>
        (f.method === undefined || f.method.toUpperCase() === ex.method) && pathMatches(f.path, ex.path, op),
    )
    const f = this.faults[i]
    if (!f) return undefined
    if (--f.remaining <= 0) this.faults.splice(i, 1)
    return f
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

/** The owner an operation's path names; none for the App's own `/app/` operations. */
function ownerOf(op: Operation, params: Record<string, string>): OwnerKey | undefined {
  switch (op.scope) {
    case 'repo':
      return `repo:${params.owner ?? ''}/${params.repo ?? ''}`
    case 'org':
      return `org:${params.org ?? ''}`
    case 'enterprise':
      return `enterprise:${params.enterprise ?? ''}`
    case 'app':
      return undefined
  }
}

function describeCaller(caller: Caller): string {
  if (caller.kind === 'app') return `app ID ${caller.appId}`
  const installation = caller.grant.installation
  if (installation) return `installation ID ${installation.id}`
  return `user ${caller.grant.login ?? 'simulator'}`
}

/** A fault path: exact path, route template (contains `{`), or RegExp; none matches everything. */
function pathMatches(pattern: Fault['path'], path: string, op: Operation | undefined): boolean {
  if (pattern === undefined) return true
  if (pattern instanceof RegExp) {
    pattern.lastIndex = 0
    return pattern.test(path)
  }
  return pattern.includes('{') ? pattern === op?.template : pattern === path
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function send(res: ServerResponse, method: string, reply: Reply): void {
  const headers: Record<string, string> = {
    'x-github-api-version-selected': '2022-11-28',
    'x-github-media-type': 'github.v3; format=json',
    ...reply.headers,
  }
  let payload = ''
  if (reply.status !== 204) {
    headers['content-type'] ??= 'application/json; charset=utf-8'
    if (reply.body !== undefined) payload = JSON.stringify(reply.body)
  }
  headers['content-length'] = String(Buffer.byteLength(payload))
  res.writeHead(reply.status, headers)
  res.end(method === 'HEAD' ? undefined : payload)
}
