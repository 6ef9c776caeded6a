/**
 * Credentials: a token as given, or a GitHub App installation token minted for the target (or,
 * for an operation on the App's own account, the App's JWT: no installation token).
 * The App's JWT is signed by @octokit/auth-app, loaded when an App is used; the installation is found for the target's
 * repository or organization when no installation-id is given. Every credential is masked
 * the moment it exists.
 */
import * as core from '@actions/core'
import { Api, ApiError } from './api.js'
import { createClient, type ClientOptions } from '../transport/client.js'
import { ActionError, InputError } from '../errors.js'
import type { CommonSettings } from '../inputs/common.js'
import type { Operation } from '../registry/define.js'
import { permissionName } from './permissions.js'
import { describeTarget, type Target } from './target.js'

export interface Credentials {
  token: string
  /** Where the token came from: the `token` input, or minted for a GitHub App. */
  source: 'token' | 'app'
  /** Ends the token's life when the step is done (a minted App token); a no-op for a given token. */
  revoke(): Promise<void>
}

/**
 * What an installation token for this operation asks for: the one permission it needs, read
 * for an operation that only reads, write for one that changes things; and metadata (read),
 * which every installation has, for looking repositories up by name.
 */
export function appPermissions(
  op: Operation,
  target: Target,
  orgPermissions: readonly string[] = [op.orgPermission],
): Record<string, 'read' | 'write'> {
  const permissions = target.scope === 'repository' ? ['administration'] : orgPermissions
  const level = op.changes ? 'write' : 'read'
  return { ...Object.fromEntries(permissions.map((p) => [p, level])), metadata: 'read' }
}

/** Checks that the credentials can work for this target, before any request. */
export function checkCredentials(s: CommonSettings): void {
  const { target } = s
  if (s.app) {
    if (target.scope === 'enterprise') {
      throw new InputError(
        'app-id',
        'GitHub Apps cannot manage enterprise runners (the enterprise runner endpoints accept only classic personal access tokens); ' +
          'pass a classic token with manage_runners:enterprise as token instead',
      )
    }
    return
  }
  if (!s.token) {
    throw new InputError(
      'token',
      'no token: pass a personal access token, or app-id and private-key, with runner permissions',
    )
  }
  if (target.scope === 'enterprise') {
    const kind = s.token.startsWith('github_pat_')
      ? 'a fine-grained token'
      : s.token.startsWith('ghs_')
        ? 'an installation token'
        : undefined
    if (kind) {
      throw new InputError(
        'token',
        `${kind} cannot manage enterprise runners (the enterprise runner endpoints accept only classic personal access tokens with manage_runners:enterprise)`,
      )
    }
  }
}

interface Installation {
  id: number
}

/** The token the operation uses: the input as given, or a GitHub App installation token. */
export async function obtainToken(
  s: CommonSettings,
  op: Operation,
  clientOptions: Partial<ClientOptions> = {},
  orgPermissions: readonly string[] = [op.orgPermission],
): Promise<Credentials> {
  const { target } = s
  if (!s.app) {
    if (s.token === undefined) throw new InputError('token', 'no token')
    return { token: s.token, source: 'token', revoke: () => Promise.resolve() }
  }
  const { appId, privateKey } = s.app
  // Loaded only here: App signing (and its JWT and OAuth code) is not parsed by steps that use a token.
  const { createAppAuth } = await import('@octokit/auth-app')
  const appAuth = createAppAuth({ appId, privateKey })
  const { token: jwt } = await appAuth({ type: 'app' })
  core.setSecret(jwt)
  // An operation on the App's own account (its installations) uses the JWT itself (ten minutes' life).
  if (op.reach === 'account') return { token: jwt, source: 'app', revoke: () => Promise.resolve() }
  const { client } = createClient({ ...clientOptions, token: jwt, apiUrl: s.apiUrl })
  const api = new Api(client, {
    looksLikeWorkflowToken: false,
    app: true,
    operation: `${op.name} (GitHub App authentication)`,
  })
  const installationId = s.app.installationId ?? (await findInstallation(api, target, appId))
  const permissions = appPermissions(op, target, orgPermissions)
  let token: string
  try {
    token = (
      await api.requestUnscoped<{ token: string }>(
        target,
        'POST /app/installations/{installation_id}/access_tokens',
        {
          installation_id: installationId,
          permissions,
        },
      )
    ).token
  } catch (e) {
    throw e instanceof ApiError && e.status === 422 ? notGranted(appId, target, permissions, e) : e
  }
  if (typeof token !== 'string' || token === '')
    throw new ActionError(`GitHub App ${appId}: the server minted no installation token.`)
  core.setSecret(token)
  core.debug(
    `GitHub App ${appId}: installation ${installationId} token minted for ${JSON.stringify(permissions)}`,
  )
  return { token, source: 'app', revoke: () => revokeToken(s.apiUrl, target, token, clientOptions) }
}

function notGranted(
  appId: string,
  target: Target,
  permissions: Record<string, string>,
  e: ApiError,
): ActionError {
  const asked = Object.entries(permissions).filter(([p]) => p !== 'metadata')
  const level = asked[0]![1]
  return new ActionError(
    `GitHub App ${appId}'s installation on ${describeTarget(target)} does not grant ${asked.map(([p, l]) => `${p}: ${l}`).join(' and ')} (GitHub: ${e.githubMessage ?? e.status}). ` +
      `Add ${asked.map(([p]) => `"${permissionName(p)}"`).join(' and ')} (${level === 'write' ? 'Read and write' : 'Read-only'}) in the App's settings, then approve the change in the installation.`,
    422,
  )
}

/** Revokes an installation token (`DELETE /installation/token`): it would stay valid for an hour otherwise. */
async function revokeToken(apiUrl: string, target: Target, token: string, options: Partial<ClientOptions>) {
  // Its own client: the step's may have been cancelled, and the revocation should still go out.
  const { client } = createClient({ ...options, signal: undefined, retries: 1, token, apiUrl })
  await new Api(client).requestUnscoped(target, 'DELETE /installation/token')
}

async function findInstallation(api: Api, target: Target, appId: string): Promise<number> {
  const [route, params] =
    target.scope === 'repository'
      ? ['GET /repos/{owner}/{repo}/installation', { owner: target.owner, repo: target.repo }]
      : target.scope === 'organization'
        ? ['GET /orgs/{org}/installation', { org: target.org }]
        : ['', {}]
  if (!route) throw new InputError('app-id', 'GitHub Apps cannot manage enterprise runners')
  try {
    return (await api.requestUnscoped<Installation>(target, route, params)).id
  } catch (e) {
    if ((e as { status?: number }).status === 404) {
      throw new ActionError(
        `GitHub App ${appId} is not installed on ${describeTarget(target)}: install it there (with the runner permissions), or set installation-id.`,
        404,
      )
    }
    throw e
  }
}
