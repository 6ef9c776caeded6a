/**
 * Scope-aware requests. Operations name an endpoint by its scope-free route
 * (`DELETE /actions/runners/{runner_id}`); this module puts the target in front, reads lists
 * whole (100 a page, following `Link` only under api-url, at most `maxPages` pages, never the
 * same page twice), and turns GitHub's errors into `ApiError`s whose message says what to do:
 * which permission a 401/403 asked for, that the workflow's GITHUB_TOKEN can never manage
 * runners, which rate limit stopped a request and when to retry.
 */
import { RequestError } from '@octokit/request-error'
import type { Client } from '../transport/client.js'
import { ActionError } from '../errors.js'
import { permissionName } from './permissions.js'
import { missingOnGhes } from './ghes-support.js'
import { describeTarget, route, type Target } from './target.js'
import { nextLinkProblem, resolveLink, showUrl } from '../transport/api-url.js'
import { checkPathParams, expectShape, isJsonType } from '../transport/answer.js'
import type { CircuitBreaker } from '../transport/breaker.js'
import { TransportError } from '../transport/transport-errors.js'
import { isUnchanged } from '../transport/conditional.js'
import type { RequestBudget } from '../transport/rate-budget.js'

/** A rate limit that stopped a request: which one, and when a new try may succeed. */
export interface RateLimit {
  limit: 'primary' | 'secondary'
  retryAt: Date
  /** GitHub's `retry-after`, in seconds, when it sent one. */
  retryAfter?: number
}

export class ApiError extends ActionError {
  constructor(
    message: string,
    override readonly status: number,
    /** GitHub's own `message`, when it sent one. */
    readonly githubMessage: string | undefined,
    readonly headers: Record<string, string | number | undefined>,
    /** Set when a rate limit stopped the request (not a refused token). */
    readonly rateLimit?: RateLimit,
    /**
     * A 404 that says nothing of the thing asked for: from a GitHub Enterprise Server version
     * that does not have the route at all, or an answer that is not the API's (not JSON: a
     * proxy's or a web server's page).
     */
    readonly unavailable = false,
  ) {
    super(message, status)
    this.name = 'ApiError'
  }
}

export interface AuthHint {
  /** The operation the requests serve, named in error messages. */
  operation?: string
  /** True when the token is an installation token we did not mint (`ghs_`: the workflow's GITHUB_TOKEN). */
  looksLikeWorkflowToken: boolean
  /** True when the token was minted for a GitHub App (app-id, private-key). */
  app?: boolean
  /** The organization permission the operation needs (named in 403 hints). */
  orgPermission?: string
}

type Params = Record<string, unknown>

export class Api {
  constructor(
    readonly client: Client,
    readonly auth: AuthHint = { looksLikeWorkflowToken: false },
  ) {}

  async request<T>(
    target: Target,
    endpoint: string,
    params: Params = {},
    extra: Params = {},
  ): Promise<{ status: number; data: T; unchanged: boolean }> {
    const r = route(target, endpoint)
    try {
      checkPathParams(r.route, { ...r.params, ...params })
      const res = await this.client.request(r.route, { ...r.params, ...params, ...extra })
      // unchanged: a poll (extra POLL) that GitHub answered 304; `data` is the last answer's.
      return { status: res.status, data: res.data as T, unchanged: isUnchanged(res) }
    } catch (e) {
      throw this.explain(e, target, endpoint)
    }
  }

  /** A request on a route outside the target's scope: an id lookup, an App token minted or revoked. */
  async requestUnscoped<T>(target: Target, fullRoute: string, params: Params = {}): Promise<T> {
    try {
      checkPathParams(fullRoute, params)
      return (await this.client.request(fullRoute, params)).data as T
    } catch (e) {
      throw this.explain(e, target, fullRoute, true)
    }
  }

  /** Every item of a paginated list (`{total_count, <key>: [...]}`), 100 a page. */
  async list<T>(target: Target, endpoint: string, params: Params = {}): Promise<T[]> {
    const all: T[] = []
    for await (const page of this.pages<T>(target, endpoint, params)) for (const item of page) all.push(item)
    return all
  }

  /**
   * The pages of a list, one at a time (to shape or count items without holding every page's
   * full objects). Follows `next` links only under api-url; fails on a page cap and on a link
   * to a page already read.
   */
  async *pages<T>(target: Target, endpoint: string, params: Params = {}): AsyncGenerator<T[]> {
    yield* this.pagesOf<T>(route(target, endpoint), params, target, endpoint)
  }

  /** The pages of a list whose route names no scope: the caller's own (`GET /user/orgs`, `GET /app/installations`). */
  async *accountPages<T>(fullRoute: string, params: Params = {}): AsyncGenerator<T[]> {
    yield* this.pagesOf<T>({ route: fullRoute, params: {} }, params, undefined, fullRoute)
  }

  private async *pagesOf<T>(
    r: { route: string; params: Params },
    params: Params,
    target: Target | undefined,
    endpoint: string,
  ): AsyncGenerator<T[]> {
    const { apiUrl, maxPages } = this.client.transport
    const base = new URL(apiUrl)
    const first = { ...r.params, ...params, per_page: 100 }
    const firstUrl = this.client.request.endpoint(r.route, first).url
    const listPath = new URL(firstUrl).pathname
    const seen = new Set([firstUrl])
    const where = () => `${endpoint.split(' ')[0]} ${r.route.split(' ')[1]}${on(target)}`
    let count = 0
    try {
      checkPathParams(r.route, first)
      for await (const page of this.client.paginate.iterator(r.route, first)) {
        const items: unknown = page.data
        expectShape(
          Array.isArray(items) && items.every((i) => typeof i === 'object' && i !== null),
          apiUrl,
          where(),
          'a list of items',
        )
        yield items as T[]
        const link = NEXT_LINK.exec(String(page.headers.link ?? ''))?.[1]
        if (link === undefined) return
        const next = resolveLink(link, apiUrl)
        const problem = next ? nextLinkProblem(next, base, listPath) : 'it is not a valid URL'
        if (problem)
          throw new TransportError(
            'pagination',
            `${this.op}the answer to ${where()} points the next page to ${next ? showUrl(next) : 'an invalid URL'}, ` +
              `which is not followed: ${problem}. Only pages under api-url (${apiUrl}) are read, so that the token goes nowhere else.`,
          )
        if (++count >= maxPages)
          throw new TransportError(
            'pagination',
            `${this.op}${where()} has more than ${maxPages} pages (${maxPages * 100} items); stopped reading. ` +
              'Narrow the target, or check that api-url is the GitHub API.',
          )
        if (seen.has(next!.href))
          throw new TransportError(
            'pagination',
            `${this.op}the answer to ${where()} points the next page back to a page already read (${showUrl(next!)}); stopped reading instead of looping.`,
          )
        seen.add(next!.href)
      }
    } catch (e) {
      throw this.explain(e, target, endpoint, target === undefined)
    }
  }

  /** The client's circuit breaker: bulk operations stop early while it is open. */
  get breaker(): CircuitBreaker {
    return this.client.transport.breaker
  }

  /**
   * Throws when a JSON answer that decisions rest on is not of the shape the API documents
   * (`what`): the server at api-url is then not the GitHub API.
   */
  expectShape(ok: boolean, where: string, what: string): void {
    expectShape(ok, this.client.transport.apiUrl, where, what)
  }

  /**
   * The client's request budget: requests, 304s, the primary rate limit. A step with a known
   * end (a wait's timeout) announces it with `api.budget.expectEndBy(deadline)`, so that a pace
   * that would use up the limit before then is warned of.
   */
  get budget(): RequestBudget {
    return this.client.transport.budget
  }

  /** The longest wait for a rate limit, in seconds. */
  get maxRateLimitWait(): number {
    return this.client.transport.maxRateLimitWait
  }

  /**
   * Runs `work` in the next mutation slot: the pacer's wait comes first, so a look that
   * `work` takes is fresh when its change (sent with DECIDED_BY_LOOK) goes out.
   */
  paced<T>(work: () => Promise<T>): Promise<T> {
    return this.client.transport.pacer.run(work)
  }

  private get op(): string {
    return this.auth.operation ? `${this.auth.operation}: ` : ''
  }

  /** `target` undefined: a route that names no scope (the caller's own account; `fullRoute` then). */
  explain(e: unknown, target: Target | undefined, endpoint: string, fullRoute = false): unknown {
    if (!(e instanceof RequestError)) return e
    // Read once: a secondary limit's retry time counts from now, and the message must name the same.
    const limit = rateLimitOf(e)
    return new ApiError(
      explainRequestError(e, target, endpoint, this.auth, fullRoute, limit),
      e.status,
      githubMessage(e),
      e.response?.headers ?? {},
      limit,
      serverLacks(e, target, endpoint, fullRoute) !== undefined ||
        (e.status === 404 && notJson(e.response?.data, header(e, 'content-type'))),
    )
  }
}

/**
 * A 404 that is about a thing: not a GitHub Enterprise Server that lacks the whole route. Only
 * such a 404 may mean "not found" or "already gone".
 */
export function isNotFound(e: unknown): e is ApiError {
  return e instanceof ApiError && e.status === 404 && !e.unavailable
}

/** What a 404 from GitHub Enterprise Server means when the server's version lacks the route. */
function serverLacks(
  e: RequestError,
  target: Target | undefined,
  endpoint: string,
  fullRoute: boolean,
): string | undefined {
  if (e.status !== 404) return undefined
  const operation = fullRoute || !target ? endpoint : route(target, endpoint).route
  return missingOnGhes(operation, header(e, 'x-github-enterprise-version'))
}

/** The `next` link as @octokit/plugin-paginate-rest reads it (the same expression, so both follow one URL). */
const NEXT_LINK = /<([^<>]+)>;\s*rel="next"/

/** Which rate limit stopped a request, from GitHub's answer. */
export function rateLimitOf(e: RequestError): RateLimit | undefined {
  if (e.status !== 403 && e.status !== 429) return undefined
  const remaining = header(e, 'x-ratelimit-remaining')
  const reset = Number(header(e, 'x-ratelimit-reset'))
  const after = header(e, 'retry-after')
  const retryAfter = after !== undefined && Number.isFinite(Number(after)) ? Number(after) : undefined
  if (remaining === '0' && reset > 0) return { limit: 'primary', retryAt: new Date(reset * 1000) }
  if (retryAfter !== undefined || e.status === 429 || /\bsecondary rate\b/i.test(e.message))
    return {
      limit: 'secondary',
      // Without retry-after, GitHub asks to wait at least a minute.
      retryAt: new Date(Date.now() + (retryAfter ?? 60) * 1000),
      ...(retryAfter !== undefined ? { retryAfter } : {}),
    }
  return undefined
}

/** GitHub's `message`, with the details of a 422's `errors` list ("Validation Failed: name already exists"). */
function githubMessage(e: RequestError): string | undefined {
  const data = e.response?.data
  if (!data || typeof data !== 'object' || !('message' in data) || typeof data.message !== 'string')
    return undefined
  const errors = 'errors' in data && Array.isArray(data.errors) ? (data.errors as unknown[]) : []
  const details = errors.map(describeError).filter((d): d is string => d !== undefined)
  return details.length ? `${data.message}: ${details.join('; ')}` : data.message
}

function describeError(err: unknown): string | undefined {
  if (typeof err === 'string') return err
  if (!err || typeof err !== 'object') return undefined
  const { message, field, code } = err as { message?: unknown; field?: unknown; code?: unknown }
  if (typeof message === 'string') return message
  const parts = [field, code].filter((p): p is string => typeof p === 'string')
  return parts.length ? parts.join(' ') : undefined
}

function header(e: RequestError, name: string): string | undefined {
  const v = e.response?.headers?.[name]
  return v === undefined || v === null || v === '' ? undefined : String(v)
}

/** An error answer that is not JSON: GitHub's API always explains its errors in JSON. */
function notJson(data: unknown, contentType: string | undefined): boolean {
  return (contentType !== undefined && !isJsonType(contentType)) || (typeof data === 'string' && data !== '')
}

/** The message a user reads for a failed request. Never includes request headers or bodies. */
/** ` (organization acme)`: the target as messages append it; nothing for a route that names no scope. */
function on(target: Target | undefined): string {
  return target ? ` (${describeTarget(target)})` : ''
}

export function explainRequestError(
  e: RequestError,
  target: Target | undefined,
  endpoint: string,
  auth: AuthHint,
  fullRoute = false,
  limit = rateLimitOf(e),
): string {
  const where =
    fullRoute || !target
      ? endpoint
      : `${endpoint.split(' ')[0]} ${route(target, endpoint).route.split(' ')[1]}`
  const said = githubMessage(e)
  const op = auth.operation ? `${auth.operation}: ` : ''
  const head = e.response
    ? `${op}GitHub answered ${e.status} to ${where}${on(target)}${said ? `: ${said}` : ''}.`
    : `${op}the request ${where}${on(target)} failed: ${e.message}.`
  const hints: string[] = []
  const missing = serverLacks(e, target, endpoint, fullRoute)
  if (missing) return missing
  if (limit?.limit === 'primary')
    return (
      `${op}GitHub's primary rate limit stopped ${where}${on(target)}: the token's hourly request budget is used up. ` +
      `Retry after ${limit.retryAt.toISOString()}, when it resets.`
    )
  if (limit)
    return (
      `${op}GitHub's secondary rate limit stopped ${where}${on(target)}${said ? `: ${said}` : ''}. ` +
      `${limit.retryAfter !== undefined ? `GitHub asked to wait ${limit.retryAfter} s; r` : 'R'}etry after ${limit.retryAt.toISOString()}.`
    )
  if (e.response && e.status < 500 && notJson(e.response.data, header(e, 'content-type'))) {
    hints.push(
      'The answer is not JSON, so it may not come from the GitHub API: check api-url (GitHub Enterprise Server: https://HOST/api/v3) and any proxy.',
    )
  } else if (e.status === 401) {
    hints.push(
      'The token was refused: it is wrong, expired or revoked. Check the `token` input (or app-id/private-key).',
    )
  } else if (e.status === 403) {
    const permissions = header(e, 'x-accepted-github-permissions')
    const accepted = header(e, 'x-accepted-oauth-scopes')
    const has = header(e, 'x-oauth-scopes')
    if (permissions)
      hints.push(
        // Sets of permissions separated by ';' are alternatives; within a set, ',' joins what is needed together.
        `GitHub asks for the permission ${permissions
          .split(';')
          .map((set) =>
            set
              .split(',')
              .map((p) => p.trim())
              .join(' and '),
          )
          .join(' or ')}.`,
      )
    if (accepted)
      hints.push(
        `A classic token needs the scope ${accepted}${has !== undefined ? ` (this one has: ${has || 'none'})` : ''}.`,
      )
    if (auth.looksLikeWorkflowToken) hints.push(WORKFLOW_TOKEN_HINT)
    else if (auth.app) hints.push(APP_HINT)
    else if (target) hints.push(permissionHelp(target, auth.orgPermission))
  } else if (
    e.status === 404 &&
    target !== undefined &&
    target.scope !== 'repository' &&
    /^(GET|POST) \/actions\/runners(\/(registration-token|remove-token|generate-jitconfig|downloads))?$/.test(
      endpoint,
    )
  ) {
    hints.push(
      `Either the ${target.scope} does not exist or the token cannot see it: GitHub answers 404, not 403, to a token without the permission. ${permissionHelp(target, auth.orgPermission)}`,
    )
  }
  return [head, ...hints].join(' ')
}

export const WORKFLOW_TOKEN_HINT =
  "This looks like the workflow's GITHUB_TOKEN, which can never manage self-hosted runners, whatever `permissions:` says. " +
  'Pass a fine-grained personal access token or a GitHub App (app-id and private-key) with the permission above, stored as a secret.'

export const APP_HINT =
  "The GitHub App's installation lacks it: add the permission in the App's settings, then approve the change in the installation."

export function permissionHelp(target: Target, orgPermission = 'organization_self_hosted_runners'): string {
  switch (target.scope) {
    case 'repository':
      return 'Repository runners need a fine-grained token or GitHub App with "Administration: write" on the repository, or a classic token with the `repo` scope.'
    case 'organization':
      return `This needs a fine-grained token or GitHub App with ${orgPermission
        .split(',')
        .map((p) => `"${permissionName(p)}"`)
        .join(' and ')} (write to change things), or a classic token with \`admin:org\`.`
    case 'enterprise':
      return 'Enterprise runners need a classic personal access token with `manage_runners:enterprise` (GitHub Apps and fine-grained tokens cannot manage enterprise runners).'
  }
}
