/**
 * The request pipeline after the transport and injected faults: authentication (a token, or a
 * GitHub App's JWT), primary rate limit, operation lookup, the operations a GitHub Enterprise
 * Server version lacks, secondary limits, JSON parsing, the OpenAPI request check, owner lookup,
 * permission, hooks and the handler. Every deviation from the description lands in `violations`.
 */
import { authorize, authorizeApp, JWT_OPERATIONS, tokenHeaders } from './auth.js'
import { conditionalReply } from './conditional.js'
import { ghesDocs, ghesHas } from './ghes.js'
import { ApiError, errorBody, type Reply, REST_DOCS } from './http.js'
import { JWT_NOT_DECODED, looksLikeJwt, verifyAppJwt } from './jwt.js'
import type { Match, OpenApi, Operation } from './openapi.js'
import {
  PrimaryLimiter,
  primaryLimitMessage,
  RATE_LIMIT_DOCS,
  SECONDARY_LIMIT_DOCS,
  SecondaryLimiter,
  secondaryLimitMessage,
} from './ratelimit.js'
import { type Caller, route } from './routes/index.js'
import type { SimState } from './state.js'
import type { OwnerKey, RecordedRequestStart, SecondaryLimitOptions, SimStats } from './types.js'

/** GitHub's limit for unauthenticated requests; they are answered 401 here, but counted. */
const ANONYMOUS_LIMIT = 60

export interface PipelineOptions {
  basePath: string
  primaryLimit: number
  secondaryLimits: SecondaryLimitOptions | undefined
  /** Set: act as GitHub Enterprise Server of this version. */
  ghesVersion?: string | undefined
  /** The clock of the rate-limit windows (default Date.now). */
  now?: (() => number) | undefined
}

export type RequestHook = (req: RecordedRequestStart) => void | Promise<void>

/** One request on its way through the pipeline. */
export interface Exchange {
  id: string
  method: string
  /** The URL called, as the simulator names it (its `publicOrigin` when set). */
  url: URL
  /** Without the base path once past it. */
  path: string
  query: Record<string, string>
  token: string | undefined
  body: unknown
  bodyUnparsable: boolean
  /** The `Host` header. */
  host: string
  at: number
  /** Headers every reply to this request carries (rate limit, scopes, permissions). */
  headers: Record<string, string>
  /** The `If-None-Match` header sent (a conditional GET). */
  ifNoneMatch?: string
  /** Whose primary rate limit the request counted against (set once counted). */
  primaryKey?: string
}

export class Pipeline {
  readonly primary: PrimaryLimiter
  readonly secondary: SecondaryLimiter | undefined

  constructor(
    private readonly state: SimState,
    private readonly openapi: OpenApi,
    private readonly options: PipelineOptions,
    private readonly violations: string[],
    private readonly stats: SimStats,
    private readonly hooks: Set<RequestHook>,
    /** Requests of this token in flight, this one included. */
    private readonly inFlightOf: (token: string) => number,
  ) {
    this.primary = new PrimaryLimiter(options.primaryLimit, options.now)
    this.secondary = options.secondaryLimits
      ? new SecondaryLimiter(options.secondaryLimits, options.now)
      : undefined
  }

  /** From authentication to the handler's answer. */
  async answer(ex: Exchange, match: Match | undefined): Promise<Reply> {
    const caller = this.identify(ex, match)
    if ('message' in caller) {
      Object.assign(ex.headers, this.primary.take('', ANONYMOUS_LIMIT).headers)
      return this.error(ex, 401, caller.message, REST_DOCS)
    }
    const primary = this.primary.take(caller.key)
    ex.primaryKey = caller.key
    Object.assign(ex.headers, primary.headers, caller.kind === 'token' ? tokenHeaders(caller.grant) : {})
    if (!primary.allowed) {
      this.stats.primaryLimitHits++
      return this.primaryLimitError(ex, describeCaller(caller))
    }
    if (!match) {
      this.violations.push(`${ex.method} ${ex.path}: no operation in the OpenAPI description`)
      return this.error(ex, 404, 'Not Found', REST_DOCS)
    }
    const { op, params } = match
    const ghes = this.options.ghesVersion
    // An operation this server version lacks: a 404 like any unknown path, and not a violation.
    if (ghes !== undefined && !ghesHas(ghes, op.method, op.template))
      return this.error(ex, 404, 'Not Found', ghesDocs(ghes))

    const limited = this.secondaryLimited(ex, caller.key, op)
    if (limited) return limited

    const named = ownerOf(op, params)
    const authz = caller.kind === 'app' ? authorizeApp(op) : authorize(caller.grant, op, named, ex.body)
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

    return this.handle(ex, match, caller, owner)
  }

  /** The secondary limit's refusal of this request, if it is over the limit. */
  private secondaryLimited(ex: Exchange, callerKey: string, op: Operation): Reply | undefined {
    if (!this.secondary) return undefined
    const verdict = this.secondary.admit(
      callerKey,
      `${op.method} ${op.template}`,
      ex.method,
      this.inFlightOf(ex.token ?? ''),
    )
    if (verdict.allowed) return undefined
    this.stats.secondaryLimitHits++
    const { status, sendRetryAfter } = this.secondary.options
    if (sendRetryAfter) ex.headers['retry-after'] = String(verdict.retryAfterSeconds)
    return this.secondaryLimitError(ex, status)
  }

  /** An admitted request: the test's hooks, then the route's handler. */
  private async handle(
    ex: Exchange,
    { op, params }: Match,
    caller: Caller,
    owner: ReturnType<SimState['resolveOwner']>,
  ): Promise<Reply> {
    const start: RecordedRequestStart = {
      method: ex.method,
      path: ex.path,
      query: ex.query,
      body: ex.body,
      host: ex.host,
      ...(ex.token !== undefined ? { auth: ex.token } : {}),
      at: ex.at,
      operationId: op.operationId,
      params,
    }
    for (const hook of [...this.hooks]) await hook(start)

    const apiRoot = `${ex.url.protocol}//${ex.url.host}${this.options.basePath}`
    const handler = route(this.state, op, caller, {
      owner,
      params,
      query: ex.query,
      body: ex.body,
      url: ex.url,
      apiRoot,
    })
    if (!handler) {
      this.violations.push(`${ex.method} ${ex.path}: the simulator has no handler for ${op.operationId}`)
      return this.error(ex, 501, `The simulator does not implement ${op.operationId}`, op.docsUrl)
    }
    try {
      const result = handler.run()
      return { status: result.status, body: result.body, headers: { ...ex.headers, ...handler.headers } }
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

  error(
    ex: Exchange,
    status: number,
    message: string,
    docs: string,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Reply {
    return { status, body: errorBody(status, message, docs, extra), headers: { ...ex.headers, ...headers } }
  }

  primaryLimitError(ex: Exchange, who: string): Reply {
    return this.error(ex, 403, primaryLimitMessage(who, ex.id), RATE_LIMIT_DOCS)
  }

  secondaryLimitError(ex: Exchange, status: number): Reply {
    return this.error(ex, status, secondaryLimitMessage(ex.id), SECONDARY_LIMIT_DOCS)
  }

  /** The reply with its ETag, or a 304 that gives back its primary-limit charge (sim/conditional.ts). */
  conditional(ex: Exchange, reply: Reply): Reply {
    const key = ex.primaryKey
    if (key === undefined) return reply
    return conditionalReply(ex.method, ex.ifNoneMatch, reply, () => this.primary.refund(key))
  }

  /** Rate-limit and scope headers for an answer that does not count against the limit (injected faults). */
  passiveHeaders(ex: Exchange): Record<string, string> {
    const grant = ex.token === undefined ? undefined : this.state.apps.token(ex.token)
    if (!grant) return this.primary.peek('', ANONYMOUS_LIMIT)
    return { ...this.primary.peek(ex.token ?? ''), ...tokenHeaders(grant) }
  }
}

/** The owner an operation's path names; none for the `/app/` and `/installation/` operations. */
function ownerOf(op: Operation, params: Record<string, string>): OwnerKey | undefined {
  switch (op.scope) {
    case 'repo':
      return `repo:${params.owner ?? ''}/${params.repo ?? ''}`
    case 'org':
      return `org:${params.org ?? ''}`
    case 'enterprise':
      return `enterprise:${params.enterprise ?? ''}`
    case 'app':
    case 'installation':
    case 'user':
      return undefined
  }
}

export function describeCaller(caller: Caller): string {
  if (caller.kind === 'app') return `app ID ${caller.appId}`
  const installation = caller.grant.installation
  if (installation) return `installation ID ${installation.id}`
  return `user ${caller.grant.login ?? 'simulator'}`
}
