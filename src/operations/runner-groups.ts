/**
 * Runner groups of organizations and enterprises: list, get, create, update, delete. A group
 * is named by `runner-group` (id or name).
 */
import { ApiError, type Api } from '../api.js'
import { NO_RETRY } from '../client.js'
import { ActionError, InputError } from '../errors.js'
import { choice, list, optionalFlag, required, text, type InputReader } from '../inputs/read.js'
import { sameName } from '../runner-shape.js'
import { definedFields } from '../request-body.js'
import { describeTarget, ORG_AND_ENTERPRISE, type Target } from '../target.js'
import { defineOperation } from './define.js'
import { accessIds, accessKind, accessList } from './group-access.js'
import { runnerGroup, RUNNER_GROUP, type ApiRunnerGroup } from './group-lookup.js'
import { runnerIds } from './group-members.js'
import { createOnce } from './lost-answer.js'
import { deleteItem, fetchOne } from './refs.js'
import { groupsTable } from './tables.js'
import type { OperationResult } from './types.js'

const FAMILY = 'Runner groups'
const GROUP = RUNNER_GROUP.path

const visibilityChoice = choice('visibility', ['all', 'selected', 'private'] as const)

/** The group fields create and update send when set, in the API's names. */
const groupFields = {
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
      selected_workflows: list('selected-workflows').read(values, ctx),
      network_configuration_id: text('network-configuration-id').read(values, ctx),
    })
  },
} satisfies InputReader<Record<string, unknown>>

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

interface NewGroup {
  name: string
  fields: ReturnType<typeof groupFields.read>
  access: string[] | undefined
  runners: string[] | undefined
}

async function createRunnerGroup(api: Api, target: Target, s: NewGroup): Promise<OperationResult> {
  const body: Record<string, unknown> = { name: s.name, ...s.fields }
  if (s.access !== undefined) {
    body.visibility = 'selected'
    body[accessKind(target).bodyField] = await accessIds(api, target, s.access)
  }
  if (s.runners !== undefined) body.runners = await runnerIds(api, target, s.runners)
  const listed = async () => (await RUNNER_GROUP.list(api, target)).find(sameName(s.name))
  try {
    const { created, recovered } = await createOnce(
      async () =>
        (await api.request<ApiRunnerGroup>(target, 'POST /actions/runner-groups', body, NO_RETRY)).data,
      listed,
    )
    const note = recovered
      ? 'GitHub’s answer to the create request was lost; the group was found afterwards.'
      : undefined
    return groupResult('Runner group created', target, created, note)
  } catch (e) {
    if (e instanceof ApiError && e.status === 422 && (await listed())) {
      throw new ActionError(
        `A runner group named '${s.name}' already exists in ${describeTarget(target)}.`,
        422,
      )
    }
    throw e
  }
}

export const runnerGroupOperations = [
  defineOperation({
    name: 'list-runner-groups',
    family: FAMILY,
    description: 'List the runner groups of an organization or enterprise.',
    scopes: ORG_AND_ENTERPRISE,
    changes: false,
    inputs: {},
    outputs: ['runner-groups'],
    run: async (api, target) => {
      const groups = await RUNNER_GROUP.list(api, target)
      return {
        result: groups,
        outputs: { 'runner-groups': groups },
        summary: { heading: `Runner groups of ${describeTarget(target)}`, table: groupsTable(groups) },
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
      fields: groupFields,
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
    inputs: { runnerGroup, newName: text('runner-group-name'), fields: groupFields },
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
        ...s.fields,
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
            `Runner group **${group.name}** (id ${group.id}) ${outcome === 'deleted' ? 'was deleted from' : 'was already gone from'} ${describeTarget(target)}.`,
          ],
        },
      }
    },
  }),
]
