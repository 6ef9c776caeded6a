/**
 * Tokens and permissions. Classic PATs need an OAuth scope per scope of route (`repo`,
 * `admin:org`, `manage_runners:enterprise`); the workflow's GITHUB_TOKEN can never manage runners
 * (it may only read its own repository, `GET /repos/{owner}/{repo}`); fine-grained tokens are
 * treated as holding the permission, and so are installation tokens unless they were minted for
 * an installation: those reach only what it covers (elsewhere: 404 for a repository, 403 for an
 * organization or enterprise), with its permissions.
 *
 * GitHub App operations (the installation lookups, minting an installation token) take the App's
 * JWT and nothing else; an App's JWT works on nothing but them.
 */
import { JWT_NOT_DECODED } from './jwt.js'
import type { Operation, OwnerScope } from './openapi.js'
import { installationCovers } from './state.js'
import type { OwnerKey, TokenGrant } from './types.js'

/** Operations that require a GitHub App's JWT. */
export const JWT_OPERATIONS: ReadonlySet<string> = new Set([
  'apps/get-repo-installation',
  'apps/get-org-installation',
  'apps/create-installation-access-token',
])

/** Public data: any installation token may read it, covered or not. */
const PUBLIC_OPERATIONS: ReadonlySet<string> = new Set(['orgs/get'])

export const NOT_ACCESSIBLE = 'Resource not accessible by integration'

const FINE_GRAINED_PERMISSION: Record<OwnerScope, string> = {
  repo: 'administration',
  org: 'organization_self_hosted_runners',
  enterprise: 'enterprise_self_hosted_runners',
}

/** Operations whose fine-grained permission is not their scope's. */
const OPERATION_PERMISSION: Record<string, string> = { 'repos/get': 'metadata' }

/** Classic scopes that grant each route scope; the first is the one GitHub asks for. */
const ACCEPTED_SCOPES: Record<OwnerScope, string[]> = {
  repo: ['repo'],
  org: ['admin:org'],
  enterprise: ['manage_runners:enterprise', 'admin:enterprise'],
}

const NO_ADMIN_MESSAGE: Record<OwnerScope, string> = {
  repo: 'Must have admin rights to Repository.',
  org: 'Must have admin rights to Organization.',
  enterprise: 'Must have admin rights to Enterprise.',
}

export const ALL_CLASSIC_SCOPES = [
  'repo',
  'workflow',
  'admin:org',
  'admin:enterprise',
  'manage_runners:enterprise',
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

/** Whether a token with `grant` may call `op` on `owner` (as named in the path; none for `/app/` operations), with the permission headers GitHub adds for it. */
export function authorize(grant: TokenGrant, op: Operation, owner: OwnerKey | undefined): Authorization {
  const scope = op.scope
  if (scope === 'app' || owner === undefined || JWT_OPERATIONS.has(op.operationId))
    return { allowed: false, status: 401, message: JWT_NOT_DECODED, headers: {} }
  if (grant.kind === 'classic') {
    const accepted = ACCEPTED_SCOPES[scope]
    const headers = { 'x-accepted-oauth-scopes': accepted.join(', ') }
    if ((grant.scopes ?? []).some((s) => accepted.includes(s))) return { allowed: true, headers }
    return { allowed: false, status: 403, message: NO_ADMIN_MESSAGE[scope], headers }
  }
  const level = op.method === 'GET' ? 'read' : 'write'
  const permission = OPERATION_PERMISSION[op.operationId] ?? FINE_GRAINED_PERMISSION[scope]
  const headers = { 'x-accepted-github-permissions': `${permission}=${level}` }
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
    if (!installationCovers(access.owner, owner)) {
      return scope === 'repo'
        ? { allowed: false, status: 404, message: 'Not Found', headers }
        : { allowed: false, status: 403, message: NOT_ACCESSIBLE, headers }
    }
    const held = access.permissions[permission]
    const enough = held === 'write' || held === 'admin' || (held === 'read' && level === 'read')
    if (!enough) return { allowed: false, status: 403, message: NOT_ACCESSIBLE, headers }
  }
  return { allowed: true, headers }
}

/** Whether an App authenticated by its JWT may call `op`: the App operations only. */
export function authorizeApp(op: Operation): Authorization {
  if (JWT_OPERATIONS.has(op.operationId)) return { allowed: true, headers: {} }
  return { allowed: false, status: 403, message: NOT_ACCESSIBLE, headers: {} }
}
