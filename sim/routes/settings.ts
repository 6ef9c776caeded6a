/**
 * Self-hosted runner settings. An organization says which of its repositories may use
 * repository-level self-hosted runners (`enabled_repositories`: `all`, `selected` with a list,
 * `none`); an enterprise may disable them for all its organizations.
 *
 * While the enterprise has them disabled, an organization's setting cannot change (409). The
 * selected list is kept whatever the policy but changes only under `selected`: replacing it
 * otherwise is a 422, adding or removing one repository a 409. Repository ids must be the
 * organization's: 404 in the path, 422 in a body.
 */
import { ApiError, invalidFields, notFound } from '../http.js'
import type { Org, Repo } from '../state.js'
import type { SimSelfHostedRunnersSettings } from '../types.js'
import { repositoryJson } from './accounts.js'
import type { Handler, RouteContext } from './context.js'

function ownerOrg(ctx: RouteContext): Org {
  const org = ctx.state.org(ctx.ownerName)
  if (!org) throw new Error(`organization ${ctx.ownerName} is missing`)
  return org
}

/** 409 when the organization's enterprise has disabled self-hosted runners for all organizations. */
function assertNotEnforced(ctx: RouteContext, org: Org): void {
  const enterprise = org.enterprise === undefined ? undefined : ctx.state.enterprise(org.enterprise)
  if (enterprise?.disable_self_hosted_runners_for_all_orgs) {
    throw new ApiError(
      409,
      `Self-hosted runners are disabled for all organizations by the enterprise ${enterprise.slug}; the setting cannot be changed here.`,
    )
  }
}

function assertSelected(org: Org): void {
  if (org.selfHostedRunners.enabled_repositories !== 'selected') {
    throw new ApiError(
      409,
      `Repositories can be added or removed only while enabled_repositories is "selected" (it is "${org.selfHostedRunners.enabled_repositories}").`,
    )
  }
}

export const getOrgSettings: Handler = (ctx) => {
  const s = ownerOrg(ctx).selfHostedRunners
  return {
    status: 200,
    body: {
      enabled_repositories: s.enabled_repositories,
      ...(s.enabled_repositories === 'selected'
        ? {
            selected_repositories_url: `${ctx.apiRoot}/orgs/${ctx.ownerName}/actions/permissions/self-hosted-runners/repositories`,
          }
        : {}),
    },
  }
}

export const setOrgSettings: Handler = (ctx) => {
  const org = ownerOrg(ctx)
  const { enabled_repositories } = ctx.body as {
    enabled_repositories: SimSelfHostedRunnersSettings['enabled_repositories']
  }
  assertNotEnforced(ctx, org)
  org.selfHostedRunners.enabled_repositories = enabled_repositories
  return { status: 204 }
}

export const listSelectedRepos: Handler = (ctx) => {
  const repos = ownerOrg(ctx)
    .selfHostedRunners.selected_repository_ids.map((id) => ctx.state.repoById(id))
    .filter((r): r is Repo => r !== undefined)
  return {
    status: 200,
    body: { total_count: repos.length, repositories: ctx.page(repos).map((r) => repositoryJson(ctx, r)) },
  }
}

export const setSelectedRepos: Handler = (ctx) => {
  const org = ownerOrg(ctx)
  const { selected_repository_ids: ids } = ctx.body as { selected_repository_ids: number[] }
  const field = (code: string, message: string) =>
    invalidFields({ resource: 'SelfHostedRunnersSettings', field: 'selected_repository_ids', code, message })
  if (org.selfHostedRunners.enabled_repositories !== 'selected')
    throw field('unprocessable', 'enabled_repositories must be "selected" to set the selected repositories')
  for (const id of ids) {
    if (!isOrgRepo(ctx, org, id)) throw field('invalid', `Repository ${id} does not exist in ${org.login}`)
  }
  org.selfHostedRunners.selected_repository_ids = [...new Set(ids)]
  return { status: 204 }
}

/** Adds or removes one repository of the selected list (the policy must be `selected`). */
function changeSelectedRepo(change: (ids: number[], id: number) => number[]): Handler {
  return (ctx) => {
    const org = ownerOrg(ctx)
    const id = ctx.int('repository_id')
    if (!isOrgRepo(ctx, org, id)) throw notFound()
    assertNotEnforced(ctx, org)
    assertSelected(org)
    const s = org.selfHostedRunners
    s.selected_repository_ids = change(s.selected_repository_ids, id)
    return { status: 204 }
  }
}

export const enableSelectedRepo = changeSelectedRepo((ids, id) => (ids.includes(id) ? ids : [...ids, id]))
export const disableSelectedRepo = changeSelectedRepo((ids, id) => ids.filter((x) => x !== id))

export const getEnterpriseSettings: Handler = (ctx) => {
  const e = ctx.state.enterprise(ctx.ownerName)
  if (!e) throw new Error(`enterprise ${ctx.ownerName} is missing`)
  return {
    status: 200,
    body: { disable_self_hosted_runners_for_all_orgs: e.disable_self_hosted_runners_for_all_orgs },
  }
}

export const setEnterpriseSettings: Handler = (ctx) => {
  const e = ctx.state.enterprise(ctx.ownerName)
  if (!e) throw new Error(`enterprise ${ctx.ownerName} is missing`)
  const body = ctx.body as { disable_self_hosted_runners_for_all_orgs: boolean }
  e.disable_self_hosted_runners_for_all_orgs = body.disable_self_hosted_runners_for_all_orgs
  return { status: 204 }
}

function isOrgRepo(ctx: RouteContext, org: Org, id: number): boolean {
  return ctx.state.repoById(id)?.owner.toLowerCase() === org.login.toLowerCase()
}
