/**
 * Tokens and permissions. Each operation needs a fine-grained permission (read for GET, write
 * otherwise) and, from a classic PAT, one of some OAuth scopes (`repo`, `admin:org`,
 * `manage_runners:enterprise`, ... see `requirementOf`); the workflow's GITHUB_TOKEN can never
 * manage runners (it may only read its own repository, `GET /repos/{owner}/{repo}`); fine-grained
 * tokens are treated as holding every permission, and so are installation tokens unless they were
 * minted for an installation: those reach only what it covers (elsewhere: 404 for a repository,
 * 403 for an organization or enterprise) and the repositories they were limited to, with the
 * permissions they were given.
 *
 * GitHub App operations (the installation lookups, minting an installation token) take the App's
 * JWT and nothing else; an App's JWT works on nothing but them. `DELETE /installation/token` takes
 * an installation token (the workflow's GITHUB_TOKEN is one too) and nothing else. The token
 * user's own routes (`GET /user/orgs`) take a user's token: an installation token is refused.
 */
import { installationCovers } from './app-registry.js'
import { JWT_NOT_DECODED } from './jwt.js'
import type { Operation, OwnerScope } from './openapi.js'
import type { OwnerKey, TokenGrant } from './types.js'

/** Operations that require a GitHub App's JWT. */
export const JWT_OPERATIONS: ReadonlySet<string> = new Set([
  'apps/get-repo-installation',
  'apps/get-org-installation',
  'apps/create-installation-access-token',
  'apps/list-installations',
])

/** Public data: any installation token may read it, covered or not. */
const PUBLIC_OPERATIONS: ReadonlySet<string> = new Set(['orgs/get'])

export const NOT_ACCESSIBLE = 'Resource not accessible by integration'
const NOT_ACCESSIBLE_BY_PAT = 'Resource not accessible by personal access token'

/** What an operation asks of a token. */
interface Requirement {
  /** Fine-grained permission (GitHub App permission name). */
  permission: string
  /** Classic scopes accepted, the one GitHub names first; per level when they differ. */
  scopes: { read: string[]; write: string[] }
  /** The 403 message for a classic token without them. */
  noScope: string
}

const both = (scopes: string[]) => ({ read: scopes, write: scopes })

const CUSTOM_IMAGES = 'organization_runner_custom_images'

/** Self-hosted runners, runner groups and GitHub-hosted runners: the requirement of each scope. */
const RUNNERS: Record<OwnerScope, Requirement> = {
  repo: {
    permission: 'administration',
    scopes: both(['repo']),
    noScope: 'Must have admin rights to Repository.',
  },
  org: {
    permission: 'organization_self_hosted_runners',
    scopes: both(['admin:org']),
    noScope: 'Must have admin rights to Organization.',
  },
  enterprise: {
    permission: 'enterprise_self_hosted_runners',
    scopes: both(['manage_runners:enterprise', 'admin:enterprise']),
    noScope: 'Must have admin rights to Enterprise.',
  },
}

/**
 * Families with their own requirement, by route template. The description names the classic
 * scopes of the organization routes; the enterprise ones are enterprise administration
 * (`admin:enterprise`). The fine-grained permission of the organization self-hosted runner
 * settings ("Actions policies" in the description) is modelled as `organization_administration`,
 * which the Actions permission policies of an organization need; GitHub's documentation names
 * the same permission for an organization's GitHub-hosted runners (classic: `manage_runners:org`).
 */
const FAMILIES: { template: RegExp; requirement: Partial<Record<OwnerScope, Requirement>> }[] = [
  {
    // Custom images of GitHub-hosted runners: their own permission in GitHub's permissions data.
    template: /\/actions\/hosted-runners\/images\/custom(\/|$)/,
    requirement: {
      org: {
        permission: CUSTOM_IMAGES,
        scopes: both(['manage_runners:org', 'admin:org']),
        noScope: 'Must have admin rights to Organization.',
      },
    },
  },
  {
    template: /\/network-(configurations|settings)(\/|$)/,
    requirement: {
      org: {
        permission: 'organization_network_configurations',
        scopes: {
          read: ['read:network_configurations', 'write:network_configurations'],
          write: ['write:network_configurations'],
        },
        noScope: 'Must have admin rights to Organization.',
      },
      enterprise: {
        permission: 'enterprise_administration',
        scopes: both(['admin:enterprise']),
        noScope: 'Must have admin rights to Enterprise.',
      },
    },
  },
  {
    // GitHub-hosted runners (not the hosted runners of a runner group, which are runner-group routes).
    template: /\/actions\/hosted-runners(\/|$)/,
    requirement: {
      org: {
        permission: 'organization_administration',
        scopes: both(['manage_runners:org', 'admin:org']),
        noScope: 'Must have admin rights to Organization.',
      },
    },
  },
  {
    template: /\/actions\/permissions\/self-hosted-runners(\/|$)/,
    requirement: {
      org: {
        permission: 'organization_administration',
        scopes: both(['admin:org']),
        noScope: 'Must have admin rights to Organization.',
      },
      enterprise: {
        permission: 'enterprise_administration',
        scopes: both(['admin:enterprise']),
        noScope: 'Must have admin rights to Enterprise.',
      },
    },
  },
]

/**
 * A further permission a request needs for what its body asks: creating or updating an
 * organization's hosted runner from a custom image (`image.source: custom` on create,
 * `image_source: custom` or a new `image_version` of its own image on update: only custom images
 * have versions) needs the custom images
 * permission besides Administration.
 */
function furtherPermission(op: Operation, scope: OwnerScope, body: unknown): string | undefined {
  if (scope !== 'org' || !/\/actions\/hosted-runners(\/\{hosted_runner_id\})?$/.test(op.template))
    return undefined
  if (op.method !== 'POST' && op.method !== 'PATCH') return undefined
  const b = (typeof body === 'object' && body !== null ? body : {}) as {
    image?: { source?: string }
    image_source?: string
    image_version?: string | null
  }
  const custom =
    op.method === 'POST'
      ? b.image?.source === 'custom'
      : b.image_source === 'custom' || (b.image_source === undefined && b.image_version != null)
  return custom ? CUSTOM_IMAGES : undefined
}

function requirementOf(op: Operation, scope: OwnerScope): Requirement {
  if (op.operationId === 'repos/get') return { ...RUNNERS.repo, permission: 'metadata' }
  const family = FAMILIES.find((f) => f.template.test(op.template))?.requirement[scope]
  return family ?? RUNNERS[scope]
}

export const ALL_CLASSIC_SCOPES = [
  'repo',
  'workflow',
  'admin:org',
  'admin:enterprise',
  'manage_runners:enterprise',
  'manage_runners:org',
  'write:network_configurations',
]

/** The token of an `Authorization: token X` or `Bearer X` header. */
export function readToken(header: string | undefined): string | undefined {
  const m = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header ?? '')
  return m?.[1]
}

/** Headers GitHub sends on every response to this token. */
export function tokenHeaders(grant: TokenGrant): Record<string, string> {
  return grant.kind === 'classic' ? { 'x-oauth-scopes': (grant.scopes ?? []).join(', ') } : {}
}

export type Authorization =
  | { allowed: true; headers: Record<string, string> }
  | { allowed: false; status: 401 | 403 | 404; message: string; headers: Record<string, string> }

/** Whether a token with `grant` may call `op` on `owner` (as named in the path; none for `/app/` and `/installation/` operations), with the permission headers GitHub adds for it. */
export function authorize(
  grant: TokenGrant,
  op: Operation,
  owner: OwnerKey | undefined,
  body?: unknown,
): Authorization {
  const scope = op.scope
  if (scope === 'installation') {
    if (grant.kind === 'installation' || grant.kind === 'github-token') return { allowed: true, headers: {} }
    return { allowed: false, status: 403, message: NOT_ACCESSIBLE_BY_PAT, headers: {} }
  }
  // The token user's own routes: a user's token (classic or fine-grained), never an installation's.
  if (scope === 'user') {
    if (grant.kind === 'classic' || grant.kind === 'fine-grained') return { allowed: true, headers: {} }
    return { allowed: false, status: 403, message: NOT_ACCESSIBLE, headers: {} }
  }
  if (scope === 'app' || owner === undefined || JWT_OPERATIONS.has(op.operationId))
    return { allowed: false, status: 401, message: JWT_NOT_DECODED, headers: {} }
  const need = requirementOf(op, scope)
  const level = op.method === 'GET' ? 'read' : 'write'
  if (grant.kind === 'classic') {
    const accepted = need.scopes[level]
    const headers = { 'x-accepted-oauth-scopes': accepted.join(', ') }
    if ((grant.scopes ?? []).some((s) => accepted.includes(s))) return { allowed: true, headers }
    return { allowed: false, status: 403, message: need.noScope, headers }
  }
  const further = furtherPermission(op, scope, body)
  const needed = [need.permission, ...(further ? [further] : [])]
  // One set of permissions, all of them needed: joined by ',' (alternatives would be joined by ';').
  const headers = { 'x-accepted-github-permissions': needed.map((p) => `${p}=${level}`).join(',') }
  if (grant.kind === 'github-token') {
    const ownRepo =
      op.operationId === 'repos/get' &&
      grant.repository !== undefined &&
      owner.toLowerCase() === `repo:${grant.repository}`.toLowerCase()
    if (ownRepo) return { allowed: true, headers }
    return { allowed: false, status: 403, message: NOT_ACCESSIBLE, headers }
  }
  const access = grant.kind === 'installation' ? grant.installation : undefined
  if (access && !PUBLIC_OPERATIONS.has(op.operationId)) {
    const limited =
      scope === 'repo' &&
      access.repositories !== undefined &&
      !access.repositories.includes(owner.slice('repo:'.length).toLowerCase())
    if (!installationCovers(access.owner, owner) || limited) {
      return scope === 'repo'
        ? { allowed: false, status: 404, message: 'Not Found', headers }
        : { allowed: false, status: 403, message: NOT_ACCESSIBLE, headers }
    }
    const enough = (held: string | undefined) =>
      held === 'write' || held === 'admin' || (held === 'read' && level === 'read')
    if (!needed.every((p) => enough(access.permissions[p])))
      return { allowed: false, status: 403, message: NOT_ACCESSIBLE, headers }
  }
  return { allowed: true, headers }
}

/** Whether an App authenticated by its JWT may call `op`: the App operations only. */
export function authorizeApp(op: Operation): Authorization {
  if (JWT_OPERATIONS.has(op.operationId)) return { allowed: true, headers: {} }
  return { allowed: false, status: 403, message: NOT_ACCESSIBLE, headers: {} }
}
