/**
 * What the action acts on (a repository, an organization or an enterprise) and the one place
 * where API routes for the three scopes are built. Operations name a route by its scope-free
 * tail, e.g. `GET /actions/runners/{runner_id}`, and `route()` puts the scope in front.
 */
import { InputError } from '../errors.js'

/** The scope inputs as given; '' is `undefined`. */
export interface TargetInputs {
  repository?: string | undefined
  organization?: string | undefined
  enterprise?: string | undefined
}

export type Scope = 'repository' | 'organization' | 'enterprise'
export const SCOPES: readonly Scope[] = ['repository', 'organization', 'enterprise']

export type Target =
  | { scope: 'repository'; owner: string; repo: string }
  | { scope: 'organization'; org: string }
  | { scope: 'enterprise'; enterprise: string }

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/
const SLUG = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,99})$/

/** A user or organization login, as GitHub allows them. */
export function isLogin(s: string): boolean {
  return LOGIN.test(s)
}

/** A repository name as GitHub allows them: letters, digits, '.', '-', '_', never '.' or '..'. */
export function isRepositoryName(s: string): boolean {
  return /^[A-Za-z0-9._-]{1,100}$/.test(s) && s !== '.' && s !== '..'
}

export function resolveTarget(inputs: TargetInputs, defaultRepository?: string): Target {
  const given = (['repository', 'organization', 'enterprise'] as const).filter((k) => inputs[k] !== undefined)
  if (given.length > 1) {
    throw new InputError(given.join(', '), 'set at most one of repository, organization and enterprise')
  }
  if (inputs.organization !== undefined) {
    if (!LOGIN.test(inputs.organization)) {
      throw new InputError('organization', `'${inputs.organization}' is not an organization login`)
    }
    return { scope: 'organization', org: inputs.organization }
  }
  if (inputs.enterprise !== undefined) {
    if (!SLUG.test(inputs.enterprise))
      throw new InputError('enterprise', `'${inputs.enterprise}' is not an enterprise slug`)
    return { scope: 'enterprise', enterprise: inputs.enterprise }
  }
  const full = inputs.repository ?? defaultRepository
  if (full === undefined) {
    throw new InputError(
      'repository',
      'none of repository, organization or enterprise is set, and GITHUB_REPOSITORY is empty',
    )
  }
  const [owner = '', repo = '', ...rest] = full.split('/')
  if (rest.length > 0 || !isLogin(owner) || !isRepositoryName(repo)) {
    throw new InputError('repository', `'${full}' is not a repository in the form owner/repo`)
  }
  return { scope: 'repository', owner, repo }
}

/** `GET /actions/runners` at this target: the full route template and its scope parameters. */
export function route(target: Target, endpoint: string): { route: string; params: Record<string, string> } {
  const [method, path] = endpoint.split(' ') as [string, string]
  switch (target.scope) {
    case 'repository':
      return {
        route: `${method} /repos/{owner}/{repo}${path}`,
        params: { owner: target.owner, repo: target.repo },
      }
    case 'organization':
      return { route: `${method} /orgs/{org}${path}`, params: { org: target.org } }
    case 'enterprise':
      return {
        route: `${method} /enterprises/{enterprise}${path}`,
        params: { enterprise: target.enterprise },
      }
  }
}

/**
 * The scope-free route of a hosted-compute networking path (`/network-configurations`,
 * `/network-settings/{network_settings_id}`): an organization keeps them under its settings
 * (`/orgs/{org}/settings/network-…`), an enterprise directly (`/enterprises/{enterprise}/network-…`).
 */
export function networkingPath(target: Target, path: string): string {
  return target.scope === 'organization' ? `/settings${path}` : path
}

/** "organization acme", "repository acme/app": how messages name the target. */
export function describeTarget(target: Target): string {
  switch (target.scope) {
    case 'repository':
      return `repository ${target.owner}/${target.repo}`
    case 'organization':
      return `organization ${target.org}`
    case 'enterprise':
      return `enterprise ${target.enterprise}`
  }
}

/**
 * The scope as result files (and ledgers) name it: `repository:owner/repo`,
 * `organization:login` or `enterprise:slug`.
 */
export function scopeKey(target: Target): string {
  switch (target.scope) {
    case 'repository':
      return `repository:${target.owner}/${target.repo}`
    case 'organization':
      return `organization:${target.org}`
    case 'enterprise':
      return `enterprise:${target.enterprise}`
  }
}

/** Runner groups, GitHub-hosted runners and their settings exist only here. */
export const ORG_AND_ENTERPRISE: readonly Scope[] = ['organization', 'enterprise']
