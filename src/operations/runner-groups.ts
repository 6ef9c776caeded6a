/**
 * Runner groups of organizations and enterprises: list, get, create, update, delete. A group
 * is named by `runner-group` (id or name).
 */
import { isNotFound, type Api } from '../github/api.js'
import { NO_RETRY } from '../transport/client.js'
import { ActionError, InputError } from '../errors.js'
import {
  choice,
  given,
  list,
  optionalFlag,
  parseGivenList,
  reader,
  required,
  text,
  type InputReader,
} from '../inputs/read.js'
import { sameName } from '../decisions/runner-shape.js'
import { definedFields } from '../github/request-body.js'
import {
  describeTarget,
  isLogin,
  isRepositoryName,
  ORG_AND_ENTERPRISE,
  type Target,
} from '../github/target.js'
import { defineOperation } from '../registry/define.js'
import { accessIds, accessKind, accessList } from './group-access.js'
import { runnerGroup, RUNNER_GROUP, type ApiRunnerGroup } from '../github/group-lookup.js'
import { runnerIds } from './group-members.js'
import { createNamed } from '../github/lost-answer.js'
import { groupNetwork, isNone, resolveNetworkId } from '../github/network-lookup.js'
import { deleteItem, fetchOne } from '../github/id-or-name.js'
import { groupsTable } from '../publish/tables.js'
import type { OperationResult } from '../registry/operation-result.js'
import { summaryText } from '../publish/printable.js'

const FAMILY = 'Runner groups'
const GROUP = RUNNER_GROUP.path

const visibilityChoice = choice('visibility', ['all', 'selected', 'private'] as const)

/**
 * `selected-workflows`: the list; `none` alone clears it on an update (`[]`) and is the same as
 * not set on a create (an empty input cannot be told from an unset one).
 */
function workflows(update: boolean) {
  return reader('selected-workflows', (v) => {
    if (v === undefined) return undefined
    const items = parseGivenList('selected-workflows', v)
    if (!items.some(isNone)) return items
    if (items.length > 1)
      throw new InputError('selected-workflows', 'none clears the list: it cannot come with workflows')
    return update ? [] : undefined
  })
}

/** The group fields create and update send when set, in the API's names (`network_configuration_id` may still be a name). */
function groupFields(update: boolean) {
  const network = groupNetwork(update)
  const selected = workflows(update)
  return {
    names: [
      'visibility',
      'allows-public-repositories',
      'restricted-to-workflows',
      'selected-workflows',
      'network-configuration-id',
    ],
    read: (values, ctx) => {
      const visibility = visibilityChoice.read(values, ctx)
      if (ctx.target.scope === 'enterprise' && visibility === 'private') {
        throw new InputError(
          'visibility',
          "an enterprise's runner group is visible to all or selected organizations, not private",
        )
      }
      return definedFields({
        visibility,
        allows_public_repositories: optionalFlag('allows-public-repositories').read(values, ctx),
        restricted_to_workflows: optionalFlag('restricted-to-workflows').read(values, ctx),
        selected_workflows: selected.read(values, ctx),
        network_configuration_id: network.read(values, ctx),
      })
    },
  } satisfies InputReader<Record<string, unknown>>
}

type GroupFields = ReturnType<ReturnType<typeof groupFields>['read']>

/** The fields to send: a network configuration given by name becomes its id. */
async function withNetworkId(api: Api, target: Target, fields: GroupFields): Promise<GroupFields> {
  const ref = fields.network_configuration_id
  if (typeof ref !== 'string') return fields
  return { ...fields, network_configuration_id: await resolveNetworkId(api, target, ref) }
}

/** `visible-to-repository` (organization: a repository name or owner/repo) or `visible-to-organization` (enterprise: a login). */
const visibleTo: InputReader<Record<string, string>> = {
  names: ['visible-to-repository', 'visible-to-organization'],
  read: (values, { target }): Record<string, string> => {
    const repo = given(values, 'visible-to-repository')
    const org = given(values, 'visible-to-organization')
    if (target.scope === 'enterprise') {
      if (repo !== undefined)
        throw new InputError(
          'visible-to-repository',
          "filters an organization's groups; an enterprise's take visible-to-organization",
        )
      if (org === undefined) return {}
      if (!isLogin(org))
        throw new InputError('visible-to-organization', `'${org}' is not an organization login`)
      return { visible_to_organization: org }
    }
    if (org !== undefined)
      throw new InputError(
        'visible-to-organization',
        "filters an enterprise's groups; an organization's take visible-to-repository",
      )
    if (repo === undefined || target.scope !== 'organization') return {}
    const [owner, name, ...rest] = repo.includes('/') ? repo.split('/') : [target.org, repo]
    if (rest.length > 0 || !isRepositoryName(name ?? '') || owner?.toLowerCase() !== target.org.toLowerCase())
      throw new InputError(
        'visible-to-repository',
        `'${repo}' is not a repository of organization ${target.org} (a name or owner/repo)`,
      )
    return { visible_to_repository: name! }
  },
}

function groupResult(heading: string, target: Target, group: ApiRunnerGroup, note?: string): OperationResult {
  return {
    result: group,
    outputs: { 'runner-group': group, 'runner-group-id': String(group.id) },
    summary: {
      heading,
      text: [
        `Runner group **${summaryText(group.name)}** (id ${group.id}) of ${describeTarget(target)}.${note ? ` ${note}` : ''}`,
      ],
      table: groupsTable([group]),
    },
  }
}

interface NewGroup {
  name: string
  fields: GroupFields
  access: string[] | undefined
  runners: string[] | undefined
}

async function createRunnerGroup(api: Api, target: Target, s: NewGroup): Promise<OperationResult> {
  const body: Record<string, unknown> = { name: s.name, ...(await withNetworkId(api, target, s.fields)) }
  if (s.access !== undefined) {
    body.visibility = 'selected'
    body[accessKind(target).bodyField] = await accessIds(api, target, s.access)
  }
  if (s.runners !== undefined) body.runners = await runnerIds(api, target, s.runners)
  const { created, note } = await createNamed(
    { what: 'runner group', name: s.name, where: describeTarget(target) },
    async () =>
      (await api.request<ApiRunnerGroup>(target, 'POST /actions/runner-groups', body, NO_RETRY)).data,
    async () => (await RUNNER_GROUP.list(api, target)).find(sameName(s.name)),
  )
  return groupResult('Runner group created', target, created, note)
}

export const runnerGroupOperations = [
  defineOperation({
    name: 'list-runner-groups',
    family: FAMILY,
    description: 'List the runner groups of an organization or enterprise.',
    scopes: ORG_AND_ENTERPRISE,
    changes: false,
    inputs: { filter: visibleTo },
    outputs: ['runner-groups'],
    run: async (api, target, s) => {
      const seen = Object.values(s.filter)[0]
      let groups: ApiRunnerGroup[]
      try {
        groups = await api.list<ApiRunnerGroup>(target, 'GET /actions/runner-groups', s.filter)
      } catch (e) {
        if (seen === undefined || !isNotFound(e)) throw e
        const what = target.scope === 'organization' ? 'repository' : 'organization'
        throw new ActionError(
          `No ${what} '${seen}' in ${describeTarget(target)}, or the token cannot see it (GitHub answered 404). Check the visible-to-${what} input.`,
          404,
        )
      }
      const heading = `Runner groups of ${describeTarget(target)}${seen !== undefined ? ` that ${seen} may use` : ''}`
      return {
        result: groups,
        outputs: { 'runner-groups': groups },
        summary: { heading, table: groupsTable(groups) },
      }
    },
  }),

  defineOperation({
    name: 'get-runner-group',
    family: FAMILY,
    description: 'Get a runner group by id or name.',
    scopes: ORG_AND_ENTERPRISE,
    changes: false,
    inputs: { runnerGroup },
    outputs: ['runner-group', 'runner-group-id'],
    run: async (api, target, s) =>
      groupResult('Runner group', target, await fetchOne(api, target, RUNNER_GROUP, s.runnerGroup)),
  }),

  defineOperation({
    name: 'create-runner-group',
    family: FAMILY,
    description:
      'Create a runner group, optionally shared with selected repositories or organizations and holding runners.',
    scopes: ORG_AND_ENTERPRISE,
    changes: true,
    inputs: {
      name: required(text('runner-group-name'), ' (the new group’s name)'),
      fields: groupFields(false),
      access: accessList,
      runners: list('runners'),
    },
    outputs: ['runner-group', 'runner-group-id'],
    check: (s, { target }) => {
      const visibility = s.fields.visibility
      if (s.access !== undefined && visibility !== undefined && visibility !== 'selected') {
        const noun = accessKind(target).noun
        throw new InputError(noun, `only a group with visibility selected is shared with chosen ${noun}`)
      }
    },
    run: createRunnerGroup,
  }),

  defineOperation({
    name: 'update-runner-group',
    family: FAMILY,
    description:
      'Change a runner group: its name, visibility, public-repository and workflow restrictions, network.',
    scopes: ORG_AND_ENTERPRISE,
    changes: true,
    inputs: { runnerGroup, newName: text('runner-group-name'), fields: groupFields(true) },
    outputs: ['runner-group', 'runner-group-id'],
    check: (s) => {
      if (s.newName === undefined && Object.keys(s.fields).length === 0) {
        throw new InputError(
          'runner-group-name',
          'update-runner-group needs something to change: runner-group-name, visibility, allows-public-repositories, restricted-to-workflows, selected-workflows or network-configuration-id',
        )
      }
    },
    run: async (api, target, s) => {
      const current = await fetchOne(api, target, RUNNER_GROUP, s.runnerGroup)
      // An organization's PATCH requires the name: send the current one when it does not change.
      const { data } = await api.request<ApiRunnerGroup>(target, `PATCH ${GROUP}`, {
        runner_group_id: current.id,
        name: s.newName ?? current.name,
        ...(await withNetworkId(api, target, s.fields)),
      })
      return groupResult('Runner group updated', target, data)
    },
  }),

  defineOperation({
    name: 'delete-runner-group',
    family: FAMILY,
    description: 'Delete a runner group (its runners move to the default group).',
    scopes: ORG_AND_ENTERPRISE,
    changes: true,
    inputs: { runnerGroup },
    outputs: ['runner-group-id'],
    run: async (api, target, s) => {
      const group = await fetchOne(api, target, RUNNER_GROUP, s.runnerGroup)
      if (group.default)
        throw new ActionError(
          `Runner group ${group.name} is the default group; GitHub does not delete it.`,
          422,
        )
      const { outcome } = await deleteItem(api, target, GROUP, { runner_group_id: group.id })
      return {
        result: { id: group.id, name: group.name, deleted: outcome === 'deleted' },
        outputs: { 'runner-group-id': String(group.id) },
        summary: {
          heading: 'Runner group deleted',
          text: [
            `Runner group **${summaryText(group.name)}** (id ${group.id}) ${outcome === 'deleted' ? 'was deleted from' : 'was already gone from'} ${describeTarget(target)}.`,
          ],
        },
      }
    },
  }),
]
