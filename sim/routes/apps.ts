/**
 * The GitHub App operations, called with the App's JWT: finding the App's installation for a
 * repository or an organization, and minting an installation token. The pipeline has verified
 * the JWT and, for the lookups, answered 404 for an unknown repository or organization.
 */
import { randomInt } from 'node:crypto'
import { ApiError, notFound } from '../http.js'
import type { Installation, SimState } from '../state.js'
import { splitOwner } from '../state.js'
import type { OwnerKey } from '../types.js'
import { EPOCH, simpleUserJson } from './accounts.js'
import type { RouteResult } from './context.js'

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
}

export type AppHandler = (ctx: AppRouteContext) => RouteResult

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

interface AccessTokenBody {
  repositories?: string[]
  repository_ids?: number[]
  permissions?: Record<string, string>
}

/** `POST /app/installations/{installation_id}/access_tokens`. */
export const createAccessToken: AppHandler = (ctx) => {
  const installation = ctx.state.apps.installation(Number(ctx.params.installation_id))
  if (!installation || installation.appId !== ctx.appId) throw notFound()
  const body = (ctx.body ?? {}) as AccessTokenBody // checked against the operation's schema
  if (body.repositories !== undefined || body.repository_ids !== undefined)
    throw new ApiError(501, 'The simulator does not implement installation tokens limited to repositories')
  const permissions = body.permissions ?? installation.permissions
  for (const [name, level] of Object.entries(permissions)) {
    const held = installation.permissions[name]
    if (held === undefined || (LEVEL[level] ?? 0) > (LEVEL[held] ?? 0))
      throw new ApiError(422, 'The permissions requested are not granted to this installation.')
  }
  const token = `ghs_${randomString(36)}`
  const app = ctx.state.apps.app(installation.appId)
  ctx.state.apps.addToken(token, {
    kind: 'installation',
    login: `${app?.slug ?? 'sim-app'}[bot]`,
    installation: { id: installation.id, owner: installation.owner, permissions: { ...permissions } },
  })
  ctx.state.issuedSecrets.push(token)
  return {
    status: 201,
    body: {
      token,
      expires_at: new Date(Date.now() + TOKEN_LIFETIME_MS).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      permissions,
      repository_selection: repositorySelection(installation),
    },
  }
}

const repositorySelection = (i: Installation) => (i.owner.startsWith('org:') ? 'all' : 'selected')

/** The API's `installation` object; everything not modelled has a fixed value. */
function installationJson(ctx: AppRouteContext, i: Installation) {
  const [, name] = splitOwner(i.owner)
  const login = name.split('/')[0] ?? ''
  const org = ctx.state.org(login)
  if (!org) throw new Error(`organization ${login} is missing`)
  const app = ctx.state.apps.app(i.appId)
  if (!app) throw new Error(`App ${i.appId} is missing`)
  return {
    id: i.id,
    account: simpleUserJson(ctx, org),
    repository_selection: repositorySelection(i),
    access_tokens_url: `${ctx.apiRoot}/app/installations/${i.id}/access_tokens`,
    repositories_url: `${ctx.apiRoot}/installation/repositories`,
    html_url: `https://github.com/organizations/${org.login}/settings/installations/${i.id}`,
    app_id: app.id,
    client_id: app.clientId,
    app_slug: app.slug,
    target_id: org.id,
    target_type: 'Organization',
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
