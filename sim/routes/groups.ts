/**
 * Self-hosted runner groups of organizations and enterprises: CRUD, the runners in a group, and
 * which repositories (organization groups) or organizations (enterprise groups) may use it.
 *
 * Errors: an unknown id in the path answers 404, an unknown id in a body 422 (runners,
 * repositories, organizations, network configurations).
 */
import { ApiError, notFound, validationFailed } from '../http.js'
import { DEFAULT_GROUP_ID, type Org, type Repo } from '../state.js'
import type { SimRunnerGroup } from '../types.js'
import { minimalRepoJson, orgSimpleJson } from './accounts.js'
import type { Handler, RouteContext } from './context.js'
import { runnerJson } from './runners.js'

const isEnterprise = (ctx: RouteContext) => ctx.owner.startsWith('enterprise:')

function groupUrl(ctx: RouteContext, id: number): string {
  const base = isEnterprise(ctx) ? `enterprises/${ctx.ownerName}` : `orgs/${ctx.ownerName}`
  return `${ctx.apiRoot}/${base}/actions/runner-groups/${id}`
}

export function groupJson(ctx: RouteContext, g: SimRunnerGroup) {
  const url = groupUrl(ctx, g.id)
  const common = {
    id: g.id,
    name: g.name,
    visibility: g.visibility,
    default: g.default,
    runners_url: `${url}/runners`,
    hosted_runners_url: `${url}/hosted-runners`,
    ...(g.network_configuration_id !== undefined
      ? { network_configuration_id: g.network_configuration_id }
      : {}),
    allows_public_repositories: g.allows_public_repositories,
    restricted_to_workflows: g.restricted_to_workflows,
    selected_workflows: [...g.selected_workflows],
    workflow_restrictions_read_only: g.workflow_restrictions_read_only,
  }
  if (isEnterprise(ctx)) {
    return {
      ...common,
      ...(g.visibility === 'selected' ? { selected_organizations_url: `${url}/organizations` } : {}),
    }
  }
  return {
    ...common,
    ...(g.visibility === 'selected' ? { selected_repositories_url: `${url}/repositories` } : {}),
    inherited: false,
  }
}

function pathGroup(ctx: RouteContext): SimRunnerGroup {
  const g = ctx.state.group(ctx.owner, ctx.int('runner_group_id'))
  if (!g) throw notFound()
  return g
}

export const listGroups: Handler = (ctx) => {
  let groups = ctx.state.runnerGroups(ctx.owner)
  if (ctx.query.visible_to_repository !== undefined) {
    const repo = ctx.state.repo(ctx.ownerName, ctx.query.visible_to_repository)
    if (!repo) throw notFound()
    groups = groups.filter((g) => g.visibility !== 'selected' || g.selected_repository_ids.includes(repo.id))
  }
  if (ctx.query.visible_to_organization !== undefined) {
    const org = ctx.state.org(ctx.query.visible_to_organization)
    if (!org || org.enterprise?.toLowerCase() !== ctx.ownerName.toLowerCase()) throw notFound()
    groups = groups.filter((g) => g.visibility !== 'selected' || g.selected_organization_ids.includes(org.id))
  }
  return {
    status: 200,
    body: { total_count: groups.length, runner_groups: ctx.page(groups).map((g) => groupJson(ctx, g)) },
  }
}

export const getGroup: Handler = (ctx) => ({ status: 200, body: groupJson(ctx, pathGroup(ctx)) })

interface GroupBody {
  name?: string
  visibility?: SimRunnerGroup['visibility']
  selected_repository_ids?: number[]
  selected_organization_ids?: number[]
  runners?: number[]
  allows_public_repositories?: boolean
  restricted_to_workflows?: boolean
  selected_workflows?: string[]
  network_configuration_id?: string | null
}

export const createGroup: Handler = (ctx) => {
  const body = ctx.body as GroupBody & { name: string } // checked against the operation's schema
  assertNameFree(ctx, body.name)
  if (typeof body.network_configuration_id === 'string') bodyNetwork(ctx, body.network_configuration_id)
  const runners = (body.runners ?? []).map((id) => bodyRunner(ctx, id))
  const group = ctx.state.addRunnerGroup(ctx.owner, {
    name: body.name,
    visibility: body.visibility ?? 'all',
    selected_repository_ids: (body.selected_repository_ids ?? []).map((id) => bodyRepo(ctx, id).id),
    selected_organization_ids: (body.selected_organization_ids ?? []).map((id) => bodyOrg(ctx, id).id),
    allows_public_repositories: body.allows_public_repositories ?? false,
    restricted_to_workflows: body.restricted_to_workflows ?? false,
    selected_workflows: body.selected_workflows ?? [],
    ...(typeof body.network_configuration_id === 'string'
      ? { network_configuration_id: body.network_configuration_id }
      : {}),
  })
  for (const r of runners) r.runner_group_id = group.id
  return { status: 201, body: groupJson(ctx, group) }
}

export const updateGroup: Handler = (ctx) => {
  const g = pathGroup(ctx)
  const body = ctx.body as GroupBody
  if (body.name !== undefined && body.name.toLowerCase() !== g.name.toLowerCase())
    assertNameFree(ctx, body.name)
  if (typeof body.network_configuration_id === 'string') bodyNetwork(ctx, body.network_configuration_id)
  if (body.name !== undefined) g.name = body.name
  if (body.visibility !== undefined) g.visibility = body.visibility
  if (body.allows_public_repositories !== undefined)
    g.allows_public_repositories = body.allows_public_repositories
  if (body.restricted_to_workflows !== undefined) g.restricted_to_workflows = body.restricted_to_workflows
  if (body.selected_workflows !== undefined) g.selected_workflows = [...body.selected_workflows]
  if (body.network_configuration_id === null) delete g.network_configuration_id
  else if (body.network_configuration_id !== undefined)
    g.network_configuration_id = body.network_configuration_id
  return { status: 200, body: groupJson(ctx, g) }
}

export const deleteGroup: Handler = (ctx) => {
  const g = pathGroup(ctx)
  if (g.default) throw new ApiError(422, 'The default runner group cannot be deleted.')
  ctx.state.deleteGroup(ctx.owner, g.id)
  return { status: 204 }
}

// ---- runners in a group -------------------------------------------------------------------------

export const listGroupRunners: Handler = (ctx) => {
  const g = pathGroup(ctx)
  const runners = ctx.state.runners(ctx.owner).filter((r) => r.runner_group_id === g.id)
  return {
    status: 200,
    body: { total_count: runners.length, runners: ctx.page(runners).map((r) => runnerJson(ctx.state, r)) },
  }
}

/** Puts exactly these runners in the group; runners it had before and not listed go back to Default. */
export const setGroupRunners: Handler = (ctx) => {
  const g = pathGroup(ctx)
  const { runners } = ctx.body as { runners: number[] }
  const wanted = runners.map((id) => bodyRunner(ctx, id))
  for (const r of ctx.state.runners(ctx.owner))
    if (r.runner_group_id === g.id) r.runner_group_id = DEFAULT_GROUP_ID
  for (const r of wanted) r.runner_group_id = g.id
  return { status: 204 }
}

export const addGroupRunner: Handler = (ctx) => {
  const g = pathGroup(ctx)
  const runner = ctx.state.ownedRunner(ctx.owner, ctx.int('runner_id'))
  if (!runner) throw notFound()
  runner.runner_group_id = g.id
  return { status: 204 }
}

/** Moves the runner back to the Default group. */
export const removeGroupRunner: Handler = (ctx) => {
  const g = pathGroup(ctx)
  const runner = ctx.state.ownedRunner(ctx.owner, ctx.int('runner_id'))
  if (!runner || runner.runner_group_id !== g.id) throw notFound()
  runner.runner_group_id = DEFAULT_GROUP_ID
  return { status: 204 }
}

// ---- repository access (organization groups) ----------------------------------------------------

export const listGroupRepos: Handler = (ctx) => {
  const g = pathGroup(ctx)
  const repos = g.selected_repository_ids
    .map((id) => ctx.state.repoById(id))
    .filter((r): r is Repo => r !== undefined)
  return {
    status: 200,
    body: { total_count: repos.length, repositories: ctx.page(repos).map((r) => minimalRepoJson(ctx, r)) },
  }
}

export const setGroupRepos: Handler = (ctx) => {
  const g = pathGroup(ctx)
  const { selected_repository_ids: ids } = ctx.body as { selected_repository_ids: number[] }
  g.selected_repository_ids = unique(ids.map((id) => bodyRepo(ctx, id).id))
  return { status: 204 }
}

export const addGroupRepo: Handler = (ctx) => {
  const g = pathGroup(ctx)
  const repo = ctx.state.repoById(ctx.int('repository_id'))
  if (!repo || repo.owner.toLowerCase() !== ctx.ownerName.toLowerCase()) throw notFound()
  g.selected_repository_ids = unique([...g.selected_repository_ids, repo.id])
  return { status: 204 }
}

export const removeGroupRepo: Handler = (ctx) => {
  const g = pathGroup(ctx)
  const id = ctx.int('repository_id')
  if (!g.selected_repository_ids.includes(id)) throw notFound()
  g.selected_repository_ids = g.selected_repository_ids.filter((x) => x !== id)
  return { status: 204 }
}

// ---- organization access (enterprise groups) ----------------------------------------------------

export const listGroupOrgs: Handler = (ctx) => {
  const g = pathGroup(ctx)
  const orgs = g.selected_organization_ids
    .map((id) => ctx.state.orgById(id))
    .filter((o): o is Org => o !== undefined)
  return {
    status: 200,
    body: { total_count: orgs.length, organizations: ctx.page(orgs).map((o) => orgSimpleJson(ctx, o)) },
  }
}

export const setGroupOrgs: Handler = (ctx) => {
  const g = pathGroup(ctx)
  const { selected_organization_ids: ids } = ctx.body as { selected_organization_ids: number[] }
  g.selected_organization_ids = unique(ids.map((id) => bodyOrg(ctx, id).id))
  return { status: 204 }
}

export const addGroupOrg: Handler = (ctx) => {
  const g = pathGroup(ctx)
  const org = ctx.state.orgById(ctx.int('org_id'))
  if (!org || org.enterprise?.toLowerCase() !== ctx.ownerName.toLowerCase()) throw notFound()
  g.selected_organization_ids = unique([...g.selected_organization_ids, org.id])
  return { status: 204 }
}

export const removeGroupOrg: Handler = (ctx) => {
  const g = pathGroup(ctx)
  const id = ctx.int('org_id')
  if (!g.selected_organization_ids.includes(id)) throw notFound()
  g.selected_organization_ids = g.selected_organization_ids.filter((x) => x !== id)
  return { status: 204 }
}

// ---- helpers ------------------------------------------------------------------------------------

function assertNameFree(ctx: RouteContext, name: string): void {
  if (ctx.state.runnerGroups(ctx.owner).some((g) => g.name.toLowerCase() === name.toLowerCase())) {
    throw validationFailed(`A runner group named "${name}" already exists`)
  }
}

/** A network configuration of the group's owner: GitHub refuses an unknown one. */
function bodyNetwork(ctx: RouteContext, id: string): void {
  if (!ctx.state.compute.networkConfiguration(ctx.owner, id))
    throw validationFailed(`Network configuration ${id} does not exist in ${ctx.ownerName}`)
}

function bodyRunner(ctx: RouteContext, id: number) {
  const r = ctx.state.ownedRunner(ctx.owner, id)
  if (!r) throw validationFailed(`Runner ${id} does not exist`)
  return r
}

function bodyRepo(ctx: RouteContext, id: number): Repo {
  const repo = ctx.state.repoById(id)
  if (!repo || repo.owner.toLowerCase() !== ctx.ownerName.toLowerCase()) {
    throw validationFailed(`Repository ${id} does not exist in ${ctx.ownerName}`)
  }
  return repo
}

function bodyOrg(ctx: RouteContext, id: number): Org {
  const org = ctx.state.orgById(id)
  if (!org || org.enterprise?.toLowerCase() !== ctx.ownerName.toLowerCase()) {
    throw validationFailed(`Organization ${id} does not belong to ${ctx.ownerName}`)
  }
  return org
}

const unique = (ids: number[]) => [...new Set(ids)]
