/**
 * Who may use a runner group: the repositories of an organization's group, the organizations
 * of an enterprise's group. Given by name or id (`repositories` or `organizations`, depending
 * on the scope) and resolved to the ids the API wants.
 */
import type { components } from '@octokit/openapi-types'
import type { Api } from '../github/api.js'
import { InputError } from '../errors.js'
import { given, parseGivenList, type InputReader } from '../inputs/read.js'
import { isLogin, ORG_AND_ENTERPRISE, type Target } from '../github/target.js'
import { defineOperation, type Operation } from '../registry/define.js'
import { resolveRunnerGroupId, runnerGroup, RUNNER_GROUP } from '../github/group-lookup.js'
import { asId, idsOf, lookUpId } from '../github/id-or-name.js'
import { checkRepositoryRefs, repositoryEntry, repositoryIds } from '../github/repository-refs.js'
import type { OperationResult } from '../registry/operation-result.js'
import { changeItems, withFailures } from '../github/bulk-change.js'

type MinimalRepository = components['schemas']['minimal-repository']
type OrganizationSimple = components['schemas']['organization-simple']

const GROUP = RUNNER_GROUP.path

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
      const output = repositoryEntry(item as MinimalRepository)
      return { output, id: output.id, label: output.full_name }
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

export function accessKind(target: Target): AccessKind {
  if (target.scope === 'repository') throw new Error('repositories have no runner groups')
  return ACCESS[target.scope]
}

/** Organization refs of an enterprise's group: logins or ids. */
function checkOrganizationRefs(refs: string[]): void {
  const bad = refs.find((ref) => asId(ref) === undefined && !isLogin(ref))
  if (bad !== undefined) throw new InputError('organizations', `'${bad}' is not an organization login or id`)
}

/**
 * `repositories` (organization) or `organizations` (enterprise): who a group is shared with;
 * `undefined` when not given. The other input is an error at that scope.
 */
export const accessList: InputReader<string[] | undefined> = {
  names: ['repositories', 'organizations'],
  read: (values, { target }) => {
    const kind = accessKind(target)
    const other = kind.noun === 'repositories' ? 'organizations' : 'repositories'
    if (given(values, other) !== undefined) {
      throw new InputError(
        other,
        `an ${target.scope}'s runner group is shared with ${kind.noun}: use ${kind.noun}`,
      )
    }
    const raw = given(values, kind.noun)
    if (raw === undefined) return undefined
    // `none` is the explicit empty list, as in set-self-hosted-runners-settings; an empty value never is.
    if (raw.toLowerCase() === 'none') return []
    const refs = parseGivenList(kind.noun, raw)
    if (target.scope === 'organization') checkRepositoryRefs(refs, target.org, 'repositories')
    else checkOrganizationRefs(refs)
    return refs
  },
}

/** `accessList`, required. */
const requiredAccess: InputReader<string[]> = {
  names: accessList.names,
  read: (values, ctx) => {
    const refs = accessList.read(values, ctx)
    const noun = accessKind(ctx.target).noun
    if (refs === undefined) throw new InputError(noun, `${ctx.operation} needs ${noun} (names or ids)`)
    if (refs.length === 0 && !ctx.operation.startsWith('set-'))
      throw new InputError(
        noun,
        `${ctx.operation} needs ${noun} (names or ids); none is for set-runner-group-access`,
      )
    return refs
  },
}

/** Ids for repository refs (`owner/repo`, a name in the organization, or an id) or organization refs (logins or ids). */
export function accessIds(api: Api, target: Target, refs: string[]): Promise<number[]> {
  if (target.scope === 'organization') return repositoryIds(api, target, refs)
  return idsOf(refs, (org) => lookUpId(api, target, 'GET /orgs/{org}', { org }, `Organization ${org}`))
}

async function groupAccess(api: Api, target: Target, id: number, did?: string): Promise<OperationResult> {
  const kind = accessKind(target)
  const items = await api.list<unknown>(target, `GET ${GROUP}/${kind.noun}`, { runner_group_id: id })
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

function accessOperation(change: 'set' | 'add' | 'remove'): Operation {
  const verb = { set: 'Replace', add: 'Add to', remove: 'Remove from' }[change]
  return defineOperation({
    name: `${change}-runner-group-access`,
    family: 'Runner groups',
    description: `${verb} the repositories (organization) or organizations (enterprise) that may use a runner group.`,
    scopes: ORG_AND_ENTERPRISE,
    changes: true,
    inputs: { runnerGroup, refs: requiredAccess },
    outputs: ['repositories', 'organizations', 'runner-group-id', 'failed'],
    run: async (api, target, s) => {
      const kind = accessKind(target)
      const id = await resolveRunnerGroupId(api, target, s.runnerGroup)
      const ids = await accessIds(api, target, s.refs)
      if (change === 'set') {
        await api.request(target, `PUT ${GROUP}/${kind.noun}`, { runner_group_id: id, [kind.bodyField]: ids })
        return groupAccess(api, target, id, `Set ${s.refs.join(', ') || 'none'}.`)
      }
      const changed = await changeItems(
        api,
        ids,
        (_, i) => s.refs[i]!,
        async (one) => {
          await api.request(target, `${change === 'add' ? 'PUT' : 'DELETE'} ${GROUP}/${kind.itemRoute}`, {
            runner_group_id: id,
            [kind.itemParam]: one,
          })
        },
      )
      const did = `${change === 'add' ? 'Added' : 'Removed'}: ${changed.done.join(', ') || 'none'}.`
      return withFailures(await groupAccess(api, target, id, did), changed)
    },
  })
}

export const groupAccessOperations = [
  defineOperation({
    name: 'list-runner-group-access',
    family: 'Runner groups',
    description:
      'List the repositories (organization) or organizations (enterprise) that may use a runner group.',
    scopes: ORG_AND_ENTERPRISE,
    changes: false,
    inputs: { runnerGroup },
    outputs: ['repositories', 'organizations', 'runner-group-id'],
    run: async (api, target, s) =>
      groupAccess(api, target, await resolveRunnerGroupId(api, target, s.runnerGroup)),
  }),
  accessOperation('set'),
  accessOperation('add'),
  accessOperation('remove'),
]
