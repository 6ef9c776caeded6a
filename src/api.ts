/**
 * Scope-aware requests. Operations name an endpoint by its scope-free route
 * (`DELETE /actions/runners/{runner_id}`); this module puts the target in front, reads lists
 * whole (100 a page, following `Link`), and turns GitHub's errors into `ApiError`s whose
 * message says what to do: which permission a 401/403 asked for, that the workflow's
 * GITHUB_TOKEN can never manage runners, when an exhausted rate limit resets.
 */
import { RequestError } from '@octokit/request-error'
import type { Client } from './client.js'
import { ActionError } from './errors.js'
import { describeTarget, route, type Target } from './target.js'

export class ApiError extends ActionError {
  constructor(
    message: string,
    override readonly status: number,
    /** GitHub's own `message`, when it sent one. */
    readonly githubMessage: string | undefined,
    readonly headers: Record<string, string | number | undefined>,
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
  ): Promise<{ status: number; data: T }> {
    const r = route(target, endpoint)
    try {
      const res = await this.client.request(r.route, { ...r.params, ...params, ...extra })
      return { status: res.status, data: res.data as T }
    } catch (e) {
      throw this.explain(e, target, endpoint)
    }
  }

  /** A request on a full route (no scope prefix), e.g. `GET /repos/{owner}/{repo}` to look up an id. */
  async lookup<T>(target: Target, fullRoute: string, params: Params = {}): Promise<T> {
    try {
      return (await this.client.request(fullRoute, params)).data as T
    } catch (e) {
      throw this.explain(e, target, fullRoute, true)
    }
  }

  /** Every item of a paginated list (`{total_count, <key>: [...]}`), 100 a page. */
  async list<T>(target: Target, endpoint: string, params: Params = {}): Promise<T[]> {
    const r = route(target, endpoint)
    try {
      return await this.client.paginate<T>(r.route, { ...r.params, ...params, per_page: 100 })
    } catch (e) {
      throw this.explain(e, target, endpoint)
    }
  }

  explain(e: unknown, target: Target, endpoint: string, fullRoute = false): unknown {
    if (!(e instanceof RequestError)) return e
    return new ApiError(
      explainRequestError(e, target, endpoint, this.auth, fullRoute),
      e.status,
      githubMessage(e),
      e.response?.headers ?? {},
    )
  }
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

type Headers = Record<string, string | number | undefined>

/** An answer that says the primary rate limit is exhausted (403 or 429 with none remaining), and when it resets. */
export function exhaustedRateLimit(status: number, headers: Headers): { resetsAt?: string } | undefined {
  if ((status !== 403 && status !== 429) || String(headers['x-ratelimit-remaining']) !== '0') return undefined
  const reset = Number(headers['x-ratelimit-reset'])
  return reset > 0 ? { resetsAt: new Date(reset * 1000).toISOString() } : {}
}

/** The message a user reads for a failed request. Never includes request headers or bodies. */
export function explainRequestError(
  e: RequestError,
  target: Target,
  endpoint: string,
  auth: AuthHint,
  fullRoute = false,
): string {
  const where = fullRoute
    ? endpoint
    : `${endpoint.split(' ')[0]} ${route(target, endpoint).route.split(' ')[1]}`
  const said = githubMessage(e)
  const op = auth.operation ? `${auth.operation}: ` : ''
  const head = e.response
    ? `${op}GitHub answered ${e.status} to ${where} (${describeTarget(target)})${said ? `: ${said}` : ''}.`
    : `${op}the request ${where} (${describeTarget(target)}) failed: ${e.message}.`
  const hints: string[] = []
  const missing =
    e.status === 404 ? missingOnServer(endpoint, header(e, 'x-github-enterprise-version')) : undefined
  if (missing) return missing
  const exhausted = exhaustedRateLimit(e.status, e.response?.headers ?? {})
  if (exhausted) {
    hints.push(
      `The API rate limit is exhausted${exhausted.resetsAt ? `; it resets at ${exhausted.resetsAt}` : ''}.`,
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
        `GitHub asks for the permission ${permissions
          .split(',')
          .map((p) => p.trim())
          .join(' or ')}.`,
      )
    if (accepted)
      hints.push(
        `A classic token needs the scope ${accepted}${has !== undefined ? ` (this one has: ${has || 'none'})` : ''}.`,
      )
    if (auth.looksLikeWorkflowToken) hints.push(WORKFLOW_TOKEN_HINT)
    else if (auth.app) hints.push(APP_HINT)
    else hints.push(permissionHelp(target))
  } else if (
    e.status === 404 &&
    target.scope !== 'repository' &&
    /^(GET|POST) \/actions\/runners(\/(registration-token|remove-token|generate-jitconfig|downloads))?$/.test(
      endpoint,
    )
  ) {
    hints.push(
      `Either the ${target.scope} does not exist or the token cannot see it: GitHub answers 404, not 403, to a token without the permission. ${permissionHelp(target)}`,
    )
  }
  return [head, ...hints].join(' ')
}

/** Endpoints that GitHub Enterprise Server has only from some version on, or not at all. */
const GHES_FEATURES: { match: RegExp; feature: string; since?: string }[] = [
  {
    match: /\/actions\/runners\/generate-jitconfig$/,
    feature: 'Just-in-time runner configuration (create-jit-config)',
    since: '3.10',
  },
  { match: /\/actions\/hosted-runners/, feature: 'GitHub-hosted runners' },
  {
    match: /\/actions\/runner-groups\/\{runner_group_id\}\/hosted-runners$/,
    feature: 'GitHub-hosted runners',
  },
]

function olderThan(version: string, since: string): boolean {
  const a = version.split('.').map(Number)
  const b = since.split('.').map(Number)
  for (let i = 0; i < b.length; i++) if ((a[i] ?? 0) !== b[i]) return (a[i] ?? 0) < b[i]!
  return false
}

/** A 404 from a GitHub Enterprise Server that does not have the endpoint: say which feature and version. */
export function missingOnServer(endpoint: string, serverVersion: string | undefined): string | undefined {
  if (!serverVersion) return undefined
  const f = GHES_FEATURES.find((x) => x.match.test(endpoint))
  if (!f) return undefined
  if (f.since === undefined)
    return `${f.feature} are not available on GitHub Enterprise Server (this server runs ${serverVersion}).`
  if (!olderThan(serverVersion, f.since)) return undefined
  return `${f.feature} needs GitHub Enterprise Server ${f.since} or newer; this server runs ${serverVersion}. Upgrade the server, or use registration tokens (create-registration-token) instead.`
}

const WORKFLOW_TOKEN_HINT =
  "This looks like the workflow's GITHUB_TOKEN, which can never manage self-hosted runners, whatever `permissions:` says. " +
  'Pass a fine-grained personal access token or a GitHub App (app-id and private-key) with the permission above, stored as a secret.'

const APP_HINT =
  "The GitHub App's installation lacks it: add the permission in the App's settings, then approve the change in the installation."

function permissionHelp(target: Target): string {
  switch (target.scope) {
    case 'repository':
      return 'Repository runners need a fine-grained token or GitHub App with "Administration: write" on the repository, or a classic token with the `repo` scope.'
    case 'organization':
      return 'Organization runners need a fine-grained token or GitHub App with the organization permission "Self-hosted runners: write", or a classic token with `admin:org`.'
    case 'enterprise':
      return 'Enterprise runners need a classic personal access token with `manage_runners:enterprise` (GitHub Apps and fine-grained tokens cannot manage enterprise runners).'
  }
}
