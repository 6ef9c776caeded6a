/**
 * Tokens and permissions. Classic PATs need an OAuth scope per scope of route (`repo`,
 * `admin:org`, `manage_runners:enterprise`); the workflow's GITHUB_TOKEN can never manage runners
 * (it may only read its own repository, `GET /repos/{owner}/{repo}`); fine-grained and
 * installation tokens are treated as holding the permission.
 */
import type { Operation, Scope } from './openapi.js'
import type { OwnerKey, TokenGrant } from './types.js'

const FINE_GRAINED_PERMISSION: Record<Scope, string> = {
  repo: 'administration',
  org: 'organization_self_hosted_runners',
  enterprise: 'enterprise_self_hosted_runners',
}

/** Operations whose fine-grained permission is not their scope's. */
const OPERATION_PERMISSION: Record<string, string> = { 'repos/get': 'metadata' }

/** Classic scopes that grant each route scope; the first is the one GitHub asks for. */
const ACCEPTED_SCOPES: Record<Scope, string[]> = {
  repo: ['repo'],
  org: ['admin:org'],
  enterprise: ['manage_runners:enterprise', 'admin:enterprise'],
}

const NO_ADMIN_MESSAGE: Record<Scope, string> = {
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
  | { allowed: false; message: string; headers: Record<string, string> }

/** Whether `grant` may call `op` on `owner` (as named in the path), with the permission headers GitHub adds for it. */
export function authorize(grant: TokenGrant, op: Operation, owner: OwnerKey): Authorization {
  if (grant.kind === 'classic') {
    const accepted = ACCEPTED_SCOPES[op.scope]
    const headers = { 'x-accepted-oauth-scopes': accepted.join(', ') }
    if ((grant.scopes ?? []).some((s) => accepted.includes(s))) return { allowed: true, headers }
    return { allowed: false, message: NO_ADMIN_MESSAGE[op.scope], headers }
  }
  const level = op.method === 'GET' ? 'read' : 'write'
  const permission = OPERATION_PERMISSION[op.operationId] ?? FINE_GRAINED_PERMISSION[op.scope]
  const headers = { 'x-accepted-github-permissions': `${permission}=${level}` }
  if (grant.kind === 'github-token') {
    const ownRepo =
      op.operationId === 'repos/get' &&
      grant.repository !== undefined &&
      owner.toLowerCase() === `repo:${grant.repository}`.toLowerCase()
    if (ownRepo) return { allowed: true, headers }
    return { allowed: false, message: 'Resource not accessible by integration', headers }
  }
  return { allowed: true, headers }
}
