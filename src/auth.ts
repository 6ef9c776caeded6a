/**
 * Credentials: a token as given, or a GitHub App installation token minted for the target.
 * The App's JWT is signed by @octokit/auth-app; the installation is found for the target's
 * repository or organization when no installation-id is given. Every credential is masked
 * the moment it exists.
 */
import * as core from '@actions/core'
import { createAppAuth } from '@octokit/auth-app'
import { Api } from './api.js'
import { createClient, type ClientOptions } from './client.js'
import { ActionError, InputError } from './errors.js'
import type { CommonSettings } from './inputs/common.js'
import { describeTarget, type Target } from './target.js'

export interface Credentials {
  token: string
  /** Where the token came from: the `token` input, or minted for a GitHub App. */
  source: 'token' | 'app'
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
  operation: string,
  clientOptions: Partial<ClientOptions> = {},
): Promise<Credentials> {
  const { target } = s
  if (!s.app) {
    if (s.token === undefined) throw new InputError('token', 'no token')
    return { token: s.token, source: 'token' }
  }
  const { appId, privateKey } = s.app
  const appAuth = createAppAuth({ appId, privateKey })
  const { token: jwt } = await appAuth({ type: 'app' })
  core.setSecret(jwt)
  const { client } = createClient({ ...clientOptions, token: jwt, apiUrl: s.apiUrl })
  const api = new Api(client, {
    looksLikeWorkflowToken: false,
    app: true,
    operation: `${operation} (GitHub App authentication)`,
  })
  const installationId = s.app.installationId ?? (await findInstallation(api, target, appId))
  const { token } = await api.lookup<{ token: string }>(
    target,
    'POST /app/installations/{installation_id}/access_tokens',
    {
      installation_id: installationId,
    },
  )
  core.setSecret(token)
  core.debug(`GitHub App ${appId}: installation ${installationId} token minted`)
  return { token, source: 'app' }
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
    return (await api.lookup<Installation>(target, route, params)).id
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
