/**
 * The GitHub App operations, called with the App's JWT: finding the App's installation for a
 * repository or an organization, and minting an installation token. The pipeline has verified
 * the JWT and, for the lookups, answered 404 for an unknown repository or organization. The
 * App's installations, on organizations, repositories and user accounts. And the installation
 * token's own operation: revoking itself.
 */
import { randomInt } from 'node:crypto'
import { ApiError, notFound } from '../http.js'
import { installationCovers, type Installation, type Repo, type SimState } from '../state.js'
import type { OwnerKey } from '../types.js'
import { EPOCH, repositoryJson, simpleUserJson } from './accounts.js'
import { pageOf, type RouteResult } from './context.js'

export interface AppRouteContext {
  readonly state: SimState
  /** The App the JWT authenticated. */
  readonly appId: number
  /** The lookups: the repository or organization of the path, spelt as created. */
  readonly owner: OwnerKey | undefined
  readonly params: Record<string, string>
  /** Checked against the operation's request schema. */
  readonly body: unknown
  /** Absolute API root (scheme, host and basePath) for the `*_url` fields of answers. */
  readonly apiRoot: string
  readonly url: URL
  readonly query: Record<string, string>
  /** Extra response headers (`link`). */
  readonly headers: Record<string, string>
}

export type AppHandler = (ctx: AppRouteContext) => RouteResult

/** The operations of an installation token on itself (`/installation/...`). */
export type TokenHandler = (ctx: { readonly state: SimState; readonly token: string }) => RouteResult

const TOKEN_LIFETIME_MS = 3_600_000
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const LEVEL: Record<string, number> = { read: 1, write: 2, admin: 3 }

/** `GET /repos/{owner}/{repo}/installation` and `GET /orgs/{org}/installation`. */
export const getInstallation: AppHandler = (ctx) => {
  if (!ctx.owner) throw new Error('installation lookup without an owner')
  const installation = ctx.state.apps.installationCovering(ctx.appId, ctx.owner)
  if (!installation) throw notFound()
  return { status: 200, body: installationJson(ctx, installation) }
}

/**
 * `GET /app/installations`: the App's installations, oldest first, paginated. The description
 * gives this list its own, older copy of the installation object, without `client_id` and
 * without the account's `user_view_type`: the answer keeps to it.
 */
export const listInstallations: AppHandler = (ctx) => {
  const all = ctx.state.apps.installationsOf(ctx.appId)
  const body = pageOf(ctx, all).map((i) => {
    const json: Record<string, unknown> = installationJson(ctx, i)
    delete json.client_id
    const account: Record<string, unknown> = { ...(json.account as object) }
    delete account.user_view_type
    return { ...json, account }
  })
  return { status: 200, body }
}

interface AccessTokenBody {
  repositories?: string[]
  repository_ids?: number[]
  permissions?: Record<string, string>
}

const MAX_REPOSITORIES = 500
const NOT_IN_INSTALLATION =
  'There is at least one repository that does not exist or is not accessible to the parent installation.'

/**
 * `POST /app/installations/{installation_id}/access_tokens`. The token gets the permissions
 * asked for (all of the installation's by default; more than it has is a 422) and, when
 * `repositories` (names) or `repository_ids` are given, only those of the installation's
 * repositories (another is a 422).
 */
export const createAccessToken: AppHandler = (ctx) => {
  const installation = ctx.state.apps.installation(Number(ctx.params.installation_id))
  if (!installation || installation.appId !== ctx.appId) throw notFound()
  const body = (ctx.body ?? {}) as AccessTokenBody // checked against the operation's schema
  const permissions = body.permissions ?? installation.permissions
  for (const [name, level] of Object.entries(permissions)) {
    const held = installation.permissions[name]
    if (held === undefined || (LEVEL[level] ?? 0) > (LEVEL[held] ?? 0))
      throw new ApiError(422, 'The permissions requested are not granted to this installation.')
  }
  const repositories = limitedTo(ctx, installation, body)
  const token = `ghs_${randomString(36)}`
  const app = ctx.state.apps.app(installation.appId)
  ctx.state.apps.addToken(token, {
    kind: 'installation',
    login: `${app?.slug ?? 'sim-app'}[bot]`,
    installation: {
      id: installation.id,
      owner: installation.owner,
      permissions: { ...permissions },
      ...(repositories ? { repositories: repositories.map((r) => r.fullName.toLowerCase()) } : {}),
    },
  })
  ctx.state.issuedSecrets.push(token)
  return {
    status: 201,
    body: {
      token,
      expires_at: new Date(Date.now() + TOKEN_LIFETIME_MS).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      permissions,
      repository_selection: repositories ? 'selected' : repositorySelection(installation),
      ...(repositories ? { repositories: repositories.map((r) => repositoryJson(ctx, r)) } : {}),
    },
  }
}

/** The repositories a token is limited to (none: not limited), each one the installation's. */
function limitedTo(
  ctx: AppRouteContext,
  installation: Installation,
  body: AccessTokenBody,
): Repo[] | undefined {
  if (body.repositories === undefined && body.repository_ids === undefined) return undefined
  const login = accountLogin(installation)
  const covered = (r: Repo | undefined): r is Repo =>
    r !== undefined && installationCovers(installation.owner, `repo:${r.owner}/${r.name}`)
  const repos: Repo[] = []
  for (const repoName of body.repositories ?? []) {
    const repo = ctx.state.repo(login, repoName)
    if (!covered(repo)) throw new ApiError(422, NOT_IN_INSTALLATION)
    repos.push(repo)
  }
  for (const id of body.repository_ids ?? []) {
    const repo = ctx.state.repoById(id)
    if (!covered(repo)) throw new ApiError(422, NOT_IN_INSTALLATION)
    repos.push(repo)
  }
  const unique = [...new Set(repos)]
  if (unique.length > MAX_REPOSITORIES)
    throw new ApiError(422, `A token can be limited to at most ${MAX_REPOSITORIES} repositories.`)
  // Empty lists limit nothing.
  return unique.length > 0 ? unique : undefined
}

/** `DELETE /installation/token`: the token that calls it is revoked for good. */
export const revokeInstallationToken: TokenHandler = (ctx) => {
  ctx.state.apps.revokeToken(ctx.token)
  return { status: 204 }
}

const repositorySelection = (i: Installation) => (i.owner.startsWith('repo:') ? 'selected' : 'all')

/** The login of the account an installation is on: the organization, the repository's owner, or the user. */
function accountLogin(i: Installation): string {
  const name = i.owner.slice(i.owner.indexOf(':') + 1)
  return name.split('/')[0] ?? ''
}

/** The account an installation is on, as the API shows it. */
function accountOf(ctx: AppRouteContext, i: Installation) {
  const login = accountLogin(i)
  if (i.owner.startsWith('user:')) {
    const user = ctx.state.users.get(login)
    if (!user) throw new Error(`user ${login} is missing`)
    return {
      account: user,
      type: 'User' as const,
      settings: `https://github.com/settings/installations/${i.id}`,
    }
  }
  const org = ctx.state.org(login)
  if (!org) throw new Error(`organization ${login} is missing`)
  return {
    account: org,
    type: 'Organization' as const,
    settings: `https://github.com/organizations/${org.login}/settings/installations/${i.id}`,
  }
}

/** The API's `installation` object; everything not modelled has a fixed value. */
function installationJson(ctx: AppRouteContext, i: Installation) {
  const { account, type, settings } = accountOf(ctx, i)
  const app = ctx.state.apps.app(i.appId)
  if (!app) throw new Error(`App ${i.appId} is missing`)
  return {
    id: i.id,
    account: simpleUserJson(ctx, account, type),
    repository_selection: repositorySelection(i),
    access_tokens_url: `${ctx.apiRoot}/app/installations/${i.id}/access_tokens`,
    repositories_url: `${ctx.apiRoot}/installation/repositories`,
    html_url: settings,
    app_id: app.id,
    client_id: app.clientId,
    app_slug: app.slug,
    target_id: account.id,
    target_type: type,
    permissions: i.permissions,
    events: [],
    created_at: EPOCH,
    updated_at: EPOCH,
    single_file_name: null,
    suspended_by: null,
    suspended_at: null,
  }
}

function randomString(length: number): string {
  let s = ''
  for (let i = 0; i < length; i++) s += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]
  return s
}
