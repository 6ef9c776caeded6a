/**
 * Runner groups of organizations and enterprises: the groups themselves, the runners in a
 * group, and who may use it (repositories of an organization, organizations of an enterprise).
 * A group is named by `runner-group` (id or name); repositories, organizations and runners may
 * be given by name and are resolved to the ids the API wants.
 */
import type { components } from '@octokit/openapi-types'
import { ApiError, type Api } from '../api.js'
import { NO_RETRY } from '../client.js'
import { ActionError, InputError } from '../errors.js'
import { sameName, shapeRunner, type ApiRunner } from '../runners.js'
import type { Settings } from '../settings.js'
import { describeTarget, type Scope, type Target } from '../target.js'
import { createOnce } from './create-once.js'
import { listRunnerGroups as fetchRunnerGroups, RUNNER_GROUP, type ApiRunnerGroup } from './group-ref.js'
import { fetchOne, idsOf, resolveId } from './refs.js'
import { findRunnerByName, runnerNotFound } from './runner-ref.js'
import { hostedRunnersTable, type HostedRunner } from './hosted.js'
import { runnersTable } from './runners.js'
import type { Operation, OperationResult } from './types.js'

const ORG_AND_ENTERPRISE: readonly Scope[] = ['organization', 'enterprise']
const GROUP = '/actions/runner-groups/{runner_group_id}'

type MinimalRepository = components['schemas']['minimal-repository']
type OrganizationSimple = components['schemas']['organization-simple']

// ---- input checks (before any request) ----

function requireGroup(s: Settings): void {
  if (s.runnerGroup === undefined)
    throw new InputError('runner-group', `${s.operation} needs runner-group (an id or a name)`)
}

/** Repositories belong to organization groups, organizations to enterprise groups. */
function checkAccessInputs(s: Settings, target: Target): void {
  if (target.scope === 'organization' && s.organizations !== undefined) {
    throw new InputError(
      'organizations',
      "an organization's runner group is shared with repositories: use repositories",
    )
  }
  if (target.scope === 'enterprise' && s.repositories !== undefined) {
    throw new InputError(
      'repositories',
      "an enterprise's runner group is shared with organizations: use organizations",
    )
  }
  if (target.scope === 'organization') {
    for (const ref of s.repositories ?? []) {
      const owner = ref.includes('/') ? ref.split('/')[0] : target.org
      if (
        !/^([1-9]\d*|[A-Za-z0-9-]+\/[A-Za-z0-9._-]+|[A-Za-z0-9._-]+)$/.test(ref) ||
        owner!.toLowerCase() !== target.org.toLowerCase()
      ) {
        throw new InputError(
          'repositories',
          `'${ref}' is not a repository of organization ${target.org} (owner/repo, a name or an id)`,
        )
      }
    }
  }
  if (target.scope === 'enterprise' && s.visibility === 'private') {
    throw new InputError(
      'visibility',
      "an enterprise's runner group is visible to all or selected organizations, not private",
    )
  }
}

/** Who may use a group: an organization's repositories, or an enterprise's organizations. */
interface AccessKind {
  /** The input, the output and the route segment share this name. */
  noun: 'repositories' | 'organizations'
  header: string
  bodyField: 'selected_repository_ids' | 'selected_organization_ids'
  itemRoute: 'repositories/{repository_id}' | 'organizations/{org_id}'
  itemParam: 'repository_id' | 'org_id'
  /** The entry written to outputs, and how the summary names it. */
  entry: (item: unknown) => { output: Record<string, unknown>; id: number; label: string }
}

const ACCESS: Record<'organization' | 'enterprise', AccessKind> = {
  organization: {
    noun: 'repositories',
    header: 'Repository',
    bodyField: 'selected_repository_ids',
    itemRoute: 'repositories/{repository_id}',
    itemParam: 'repository_id',
    entry: (item) => {
      const r = item as MinimalRepository
      const id = Number(r.id)
      return { output: { id, name: r.name, full_name: r.full_name }, id, label: r.full_name }
    },
  },
  enterprise: {
    noun: 'organizations',
    header: 'Organization',
    bodyField: 'selected_organization_ids',
    itemRoute: 'organizations/{org_id}',
    itemParam: 'org_id',
    entry: (item) => {
      const o = item as OrganizationSimple
      return { output: { id: o.id, login: o.login }, id: o.id, label: o.login }
    },
  },
}

function accessKind(target: Target): AccessKind {
  if (target.scope === 'repository') throw new Error('repositories have no runner groups')
  return ACCESS[target.scope]
}

function accessList(s: Settings, target: Target): string[] | undefined {
  return s[accessKind(target).noun]
}

function accessInput(target: Target): 'repositories' | 'organizations' {
  return accessKind(target).noun
}

function requireAccess(s: Settings, target: Target): void {
  requireGroup(s)
  checkAccessInputs(s, target)
  if (accessList(s, target) === undefined) {
    throw new InputError(accessInput(target), `${s.operation} needs ${accessInput(target)} (names or ids)`)
  }
}

function requireRunners(s: Settings): void {
  requireGroup(s)
  if (s.runners === undefined && s.runnerId === undefined && s.runnerName === undefined) {
    throw new InputError('runners', `${s.operation} needs runners, runner-id or runner-name`)
  }
}

// ---- resolving names to ids ----

/** The group named by `runner-group`: by id with one GET, by name with one listing. */
function findGroup(client: Api, target: Target, ref: string): Promise<ApiRunnerGroup> {
  return fetchOne(client, target, RUNNER_GROUP, ref)
}

/** The group's id; a numeric ref needs no request. */
function groupId(client: Api, target: Target, ref: string): Promise<number> {
  return resolveId(client, target, RUNNER_GROUP, ref)
}

/** The id a lookup route answers with; a 404 says what was not found. */
async function lookUpId(
  client: Api,
  target: Target,
  route: string,
  params: Record<string, string>,
  what: string,
) {
  try {
    return (await client.lookup<{ id: number }>(target, route, params)).id
  } catch (e) {
    if (e instanceof ApiError && e.status === 404)
      throw new ActionError(`${what} was not found (or the token cannot see it).`, 404)
    throw e
  }
}

/** Runner ids for `runners` (ids or names) or runner-id / runner-name. */
async function runnerIds(client: Api, target: Target, s: Settings): Promise<number[]> {
  const refs = s.runners ?? (s.runnerId !== undefined ? [String(s.runnerId)] : [s.runnerName!])
  return idsOf(refs, async (name) => {
    const r = await findRunnerByName(client, target, name)
    if (!r) throw runnerNotFound(target, { name })
    return r.id
  })
}

/** Repository ids: `owner/repo` or a name in the organization (checked by checkAccessInputs), or an id. */
function repositoryIds(
  client: Api,
  target: Target & { scope: 'organization' },
  refs: string[],
): Promise<number[]> {
  return idsOf(refs, (ref) => {
    const [owner, repo] = ref.includes('/') ? (ref.split('/', 2) as [string, string]) : [target.org, ref]
    return lookUpId(
      client,
      target,
      'GET /repos/{owner}/{repo}',
      { owner, repo },
      `Repository ${owner}/${repo}`,
    )
  })
}

/** Organization ids: logins or ids. */
function organizationIds(client: Api, target: Target, refs: string[]): Promise<number[]> {
  return idsOf(refs, (org) => lookUpId(client, target, 'GET /orgs/{org}', { org }, `Organization ${org}`))
}

async function accessIds(client: Api, target: Target, s: Settings): Promise<number[]> {
  return target.scope === 'organization'
    ? repositoryIds(client, target, s.repositories ?? [])
    : organizationIds(client, target, s.organizations ?? [])
}

// ---- results ----

function groupResult(heading: string, target: Target, group: ApiRunnerGroup, note?: string): OperationResult {
  return {
    result: group,
    outputs: { 'runner-group': group, 'runner-group-id': String(group.id) },
    summary: {
      heading,
      text: [
        `Runner group **${group.name}** (id ${group.id}) of ${describeTarget(target)}.${note ? ` ${note}` : ''}`,
      ],
      table: groupsTable([group]),
    },
  }
}

function groupsTable(groups: ApiRunnerGroup[]) {
  return {
    header: ['Name', 'ID', 'Visibility', 'Default', 'Public repositories', 'Restricted to workflows'],
    rows: groups.map((g) => [
      g.name,
      g.id,
      g.visibility,
      g.default ? 'yes' : 'no',
      g.allows_public_repositories ? 'yes' : 'no',
      g.restricted_to_workflows ? (g.selected_workflows ?? []).join(', ') || 'yes' : 'no',
    ]),
  }
}

async function groupRunners(
  client: Api,
  target: Target,
  id: number,
  heading: string,
  did?: string,
): Promise<OperationResult> {
  const runners = (await client.list<ApiRunner>(target, `GET ${GROUP}/runners`, { runner_group_id: id })).map(
    shapeRunner,
  )
  return {
    result: runners,
    outputs: { runners, count: String(runners.length), 'runner-group-id': String(id) },
    summary: runnersTable(heading, runners, [
      `${did ? `${did} ` : ''}Runner group ${id} has ${runners.length} runners.`,
    ]),
  }
}

async function groupAccess(client: Api, target: Target, id: number, did?: string): Promise<OperationResult> {
  const kind = accessKind(target)
  const items = await client.list<unknown>(target, `GET ${GROUP}/${kind.noun}`, { runner_group_id: id })
  const entries = items.map(kind.entry)
  const list = entries.map((e) => e.output)
  return {
    result: list,
    outputs: { [kind.noun]: list, 'runner-group-id': String(id) },
    summary: {
      heading: `${kind.header === 'Repository' ? 'Repositories' : 'Organizations'} that may use runner group ${id}`,
      text: [`${did ? `${did} ` : ''}Runner group ${id} is shared with ${list.length} ${kind.noun}.`],
      table: { header: [kind.header, 'ID'], rows: entries.map((e) => [e.label, e.id]) },
    },
  }
}

/** The group fields of create/update that are set, in the API's names. */
function groupFields(s: Settings): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    visibility: s.visibility,
    allows_public_repositories: s.allowsPublicRepositories,
    restricted_to_workflows: s.restrictedToWorkflows,
    selected_workflows: s.selectedWorkflows,
    network_configuration_id: s.networkConfigurationId,
  }
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined))
}

// ---- operations ----

export const listRunnerGroups: Operation = {
  description: 'List the runner groups of an organization or enterprise.',
  scopes: ORG_AND_ENTERPRISE,
  run: async (client, target) => {
    const groups = await fetchRunnerGroups(client, target)
    return {
      result: groups,
      outputs: { 'runner-groups': groups },
      summary: { heading: `Runner groups of ${describeTarget(target)}`, table: groupsTable(groups) },
    }
  },
}

export const getRunnerGroup: Operation = {
  description: 'Get a runner group by id or name.',
  scopes: ORG_AND_ENTERPRISE,
  validate: requireGroup,
  run: async (client, target, s) =>
    groupResult('Runner group', target, await findGroup(client, target, s.runnerGroup!)),
}

export const createRunnerGroup: Operation = {
  description:
    'Create a runner group, optionally shared with selected repositories or organizations and holding runners.',
  scopes: ORG_AND_ENTERPRISE,
  validate: (s, target) => {
    if (s.runnerGroupName === undefined)
      throw new InputError('runner-group-name', 'create-runner-group needs the new group’s name')
    checkAccessInputs(s, target)
    if (accessList(s, target) !== undefined && s.visibility !== undefined && s.visibility !== 'selected') {
      throw new InputError(
        accessInput(target),
        `only a group with visibility selected is shared with chosen ${accessInput(target)}`,
      )
    }
  },
  run: async (client, target, s) => {
    const name = s.runnerGroupName!
    const access = accessList(s, target)
    const body: Record<string, unknown> = { name, ...groupFields(s) }
    if (access !== undefined) {
      body.visibility = 'selected'
      body[accessKind(target).bodyField] = await accessIds(client, target, s)
    }
    if (s.runners !== undefined) body.runners = await runnerIds(client, target, s)
    try {
      const { created, recovered } = await createOnce(
        async () =>
          (await client.request<ApiRunnerGroup>(target, 'POST /actions/runner-groups', body, NO_RETRY)).data,
        async () => (await fetchRunnerGroups(client, target)).find(sameName(name)),
      )
      const note = recovered
        ? 'GitHub’s answer to the create request was lost; the group was found afterwards.'
        : undefined
      return groupResult('Runner group created', target, created, note)
    } catch (e) {
      if (
        e instanceof ApiError &&
        e.status === 422 &&
        (await fetchRunnerGroups(client, target)).some(sameName(name))
      ) {
        throw new ActionError(
          `A runner group named '${name}' already exists in ${describeTarget(target)}.`,
          422,
        )
      }
      throw e
    }
  },
}

export const updateRunnerGroup: Operation = {
  description:
    'Change a runner group: its name, visibility, public-repository and workflow restrictions, network.',
  scopes: ORG_AND_ENTERPRISE,
  validate: (s, target) => {
    requireGroup(s)
    checkAccessInputs(s, target)
    if (s.runnerGroupName === undefined && Object.keys(groupFields(s)).length === 0) {
      throw new InputError(
        'runner-group-name',
        'update-runner-group needs something to change: runner-group-name, visibility, allows-public-repositories, restricted-to-workflows, selected-workflows or network-configuration-id',
      )
    }
  },
  run: async (client, target, s) => {
    const current = await findGroup(client, target, s.runnerGroup!)
    // An organization's PATCH requires the name: send the current one when it does not change.
    const body = { name: s.runnerGroupName ?? current.name, ...groupFields(s) }
    const { data } = await client.request<ApiRunnerGroup>(target, `PATCH ${GROUP}`, {
      runner_group_id: current.id,
      ...body,
    })
    return groupResult('Runner group updated', target, data)
  },
}

export const deleteRunnerGroup: Operation = {
  description: 'Delete a runner group (its runners move to the default group).',
  scopes: ORG_AND_ENTERPRISE,
  validate: requireGroup,
  run: async (client, target, s) => {
    const group = await findGroup(client, target, s.runnerGroup!)
    if (group.default)
      throw new ActionError(
        `Runner group ${group.name} is the default group; GitHub does not delete it.`,
        422,
      )
    await client.request(target, `DELETE ${GROUP}`, { runner_group_id: group.id })
    return {
      result: { id: group.id, name: group.name, deleted: true },
      outputs: { 'runner-group-id': String(group.id) },
      summary: {
        heading: 'Runner group deleted',
        text: [`Runner group **${group.name}** (id ${group.id}) was deleted from ${describeTarget(target)}.`],
      },
    }
  },
}

export const listRunnerGroupRunners: Operation = {
  description: 'List the self-hosted runners in a runner group.',
  scopes: ORG_AND_ENTERPRISE,
  validate: requireGroup,
  run: async (client, target, s) => {
    const id = await groupId(client, target, s.runnerGroup!)
    return groupRunners(client, target, id, `Runners in group ${id}`)
  },
}

export const setRunnerGroupRunners: Operation = {
  description: 'Replace the runners in a runner group.',
  scopes: ORG_AND_ENTERPRISE,
  validate: (s) => {
    requireGroup(s)
    if (s.runners === undefined)
      throw new InputError('runners', 'set-runner-group-runners needs runners (ids or names)')
  },
  run: async (client, target, s) => {
    const id = await groupId(client, target, s.runnerGroup!)
    const runners = await runnerIds(client, target, s)
    await client.request(target, `PUT ${GROUP}/runners`, { runner_group_id: id, runners })
    return groupRunners(client, target, id, `Runners in group ${id}`, `Set ${runners.length} runners.`)
  },
}

function memberOperation(kind: 'add' | 'remove'): Operation {
  return {
    description:
      kind === 'add'
        ? 'Add runners to a runner group.'
        : 'Remove runners from a runner group (to the default group).',
    scopes: ORG_AND_ENTERPRISE,
    validate: requireRunners,
    run: async (client, target, s) => {
      const id = await groupId(client, target, s.runnerGroup!)
      const runners = await runnerIds(client, target, s)
      for (const runnerId of runners) {
        await client.request(target, `${kind === 'add' ? 'PUT' : 'DELETE'} ${GROUP}/runners/{runner_id}`, {
          runner_group_id: id,
          runner_id: runnerId,
        })
      }
      const did = `${kind === 'add' ? 'Added' : 'Removed'} runner${runners.length > 1 ? 's' : ''} ${runners.join(', ')}.`
      return groupRunners(client, target, id, `Runners in group ${id}`, did)
    },
  }
}

export const addRunnerGroupRunner = memberOperation('add')
export const removeRunnerGroupRunner = memberOperation('remove')

export const listRunnerGroupAccess: Operation = {
  description:
    'List the repositories (organization) or organizations (enterprise) that may use a runner group.',
  scopes: ORG_AND_ENTERPRISE,
  validate: requireGroup,
  run: async (client, target, s) =>
    groupAccess(client, target, await groupId(client, target, s.runnerGroup!)),
}

function accessOperation(change: 'set' | 'add' | 'remove'): Operation {
  const verb = { set: 'Replace', add: 'Add to', remove: 'Remove from' }[change]
  return {
    description: `${verb} the repositories (organization) or organizations (enterprise) that may use a runner group.`,
    scopes: ORG_AND_ENTERPRISE,
    validate: requireAccess,
    run: async (client, target, s) => {
      const kind = accessKind(target)
      const id = await groupId(client, target, s.runnerGroup!)
      const ids = await accessIds(client, target, s)
      if (change === 'set') {
        await client.request(target, `PUT ${GROUP}/${kind.noun}`, {
          runner_group_id: id,
          [kind.bodyField]: ids,
        })
      } else {
        for (const one of ids) {
          await client.request(target, `${change === 'add' ? 'PUT' : 'DELETE'} ${GROUP}/${kind.itemRoute}`, {
            runner_group_id: id,
            [kind.itemParam]: one,
          })
        }
      }
      const did = `${{ set: 'Set', add: 'Added', remove: 'Removed' }[change]} ${accessList(s, target)!.join(', ')}.`
      return groupAccess(client, target, id, did)
    },
  }
}

export const setRunnerGroupAccess = accessOperation('set')
export const addRunnerGroupAccess = accessOperation('add')
export const removeRunnerGroupAccess = accessOperation('remove')

export const listRunnerGroupHostedRunners: Operation = {
  description: 'List the GitHub-hosted runners in an organization’s runner group.',
  scopes: ['organization'],
  validate: requireGroup,
  run: async (client, target, s) => {
    const id = await groupId(client, target, s.runnerGroup!)
    const hosted = await client.list<HostedRunner>(target, `GET ${GROUP}/hosted-runners`, {
      runner_group_id: id,
    })
    return {
      result: hosted,
      outputs: { 'hosted-runners': hosted, count: String(hosted.length), 'runner-group-id': String(id) },
      summary: hostedRunnersTable(`GitHub-hosted runners in group ${id}`, hosted),
    }
  },
}
