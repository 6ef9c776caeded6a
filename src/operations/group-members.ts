/** The runners in a runner group: self-hosted runners (list, set, add, remove) and GitHub-hosted ones (list). */
import type { Api } from '../github/api.js'
import { InputError } from '../errors.js'
import { list, required, type InputReader } from '../inputs/read.js'
import { optionalRunner } from '../inputs/runner-inputs.js'
import { shapeRunner } from '../decisions/runner-shape.js'
import { ORG_AND_ENTERPRISE, type Target } from '../github/target.js'
import { defineOperation, type Operation } from '../registry/define.js'
import { resolveRunnerGroupId, runnerGroup, RUNNER_GROUP } from '../github/group-lookup.js'
import type { HostedRunner } from '../github/hosted-lookup.js'
import { idsOf } from '../github/id-or-name.js'
import { listRunners, resolveRunnerId } from '../github/runner-lookup.js'
import { hostedRunnersTable, runnersTable } from '../publish/tables.js'
import type { OperationResult } from '../registry/operation-result.js'
import { changeItems, withFailures } from '../github/bulk-change.js'

const FAMILY = 'Runner groups'
const GROUP = RUNNER_GROUP.path

/** `runners`: runner ids or names; `undefined` when not given. */
const runners = list('runners')

/** `runners`, or `runner-id` / `runner-name` for one: at least one runner, as refs (ids or names). */
const someRunners: InputReader<string[]> = {
  names: ['runners', ...optionalRunner.names],
  read: (values, ctx) => {
    const many = runners.read(values, ctx)
    const one = optionalRunner.read(values, ctx)
    if (many !== undefined) return many
    if (one !== undefined) return [one.id !== undefined ? String(one.id) : one.name]
    throw new InputError('runners', `${ctx.operation} needs runners, runner-id or runner-name`)
  },
}

/** Runner ids for refs: ids as given, names looked up (unknown: an error). */
export function runnerIds(api: Api, target: Target, refs: string[]): Promise<number[]> {
  return idsOf(refs, (name) => resolveRunnerId(api, target, { name }))
}

async function groupRunners(api: Api, target: Target, id: number, did?: string): Promise<OperationResult> {
  const found = await listRunners(api, target, `GET ${GROUP}/runners`, { runner_group_id: id })
  const shaped = found.map(shapeRunner)
  return {
    result: shaped,
    outputs: { runners: shaped, count: String(shaped.length), 'runner-group-id': String(id) },
    summary: runnersTable(`Runners in group ${id}`, shaped, [
      `${did ? `${did} ` : ''}Runner group ${id} has ${shaped.length} runners.`,
    ]),
  }
}

function memberOperation(kind: 'add' | 'remove'): Operation {
  return defineOperation({
    name: `${kind}-runner-group-runner`,
    family: FAMILY,
    description:
      kind === 'add'
        ? 'Add runners to a runner group.'
        : 'Remove runners from a runner group (to the default group).',
    scopes: ORG_AND_ENTERPRISE,
    changes: true,
    inputs: { runnerGroup, runners: someRunners },
    outputs: ['runners', 'count', 'runner-group-id', 'failed'],
    run: async (api, target, s) => {
      const id = await resolveRunnerGroupId(api, target, s.runnerGroup)
      const ids = await runnerIds(api, target, s.runners)
      const changed = await changeItems(
        api,
        ids,
        (runnerId, i) => `${s.runners[i]}${String(runnerId) === s.runners[i] ? '' : ` (id ${runnerId})`}`,
        async (runnerId) => {
          await api.request(target, `${kind === 'add' ? 'PUT' : 'DELETE'} ${GROUP}/runners/{runner_id}`, {
            runner_group_id: id,
            runner_id: runnerId,
          })
        },
      )
      const did = `${kind === 'add' ? 'Added' : 'Removed'}: ${changed.done.join(', ') || 'none'}.`
      return withFailures(await groupRunners(api, target, id, did), changed)
    },
  })
}

export const groupMemberOperations = [
  defineOperation({
    name: 'list-runner-group-runners',
    family: FAMILY,
    description: 'List the self-hosted runners in a runner group.',
    scopes: ORG_AND_ENTERPRISE,
    changes: false,
    inputs: { runnerGroup },
    outputs: ['runners', 'count', 'runner-group-id'],
    run: async (api, target, s) =>
      groupRunners(api, target, await resolveRunnerGroupId(api, target, s.runnerGroup)),
  }),

  defineOperation({
    name: 'set-runner-group-runners',
    family: FAMILY,
    description: 'Replace the runners in a runner group.',
    scopes: ORG_AND_ENTERPRISE,
    changes: true,
    inputs: { runnerGroup, runners: required(runners, ' (ids or names)') },
    outputs: ['runners', 'count', 'runner-group-id'],
    run: async (api, target, s) => {
      const id = await resolveRunnerGroupId(api, target, s.runnerGroup)
      const ids = await runnerIds(api, target, s.runners)
      await api.request(target, `PUT ${GROUP}/runners`, { runner_group_id: id, runners: ids })
      return groupRunners(api, target, id, `Set ${ids.length} runners.`)
    },
  }),

  memberOperation('add'),
  memberOperation('remove'),

  defineOperation({
    name: 'list-runner-group-hosted-runners',
    family: FAMILY,
    description: 'List the GitHub-hosted runners in an organization’s runner group.',
    scopes: ['organization'],
    changes: false,
    inputs: { runnerGroup },
    outputs: ['hosted-runners', 'count', 'runner-group-id'],
    run: async (api, target, s) => {
      const id = await resolveRunnerGroupId(api, target, s.runnerGroup)
      const hosted = await api.list<HostedRunner>(target, `GET ${GROUP}/hosted-runners`, {
        runner_group_id: id,
      })
      return {
        result: hosted,
        outputs: { 'hosted-runners': hosted, count: String(hosted.length), 'runner-group-id': String(id) },
        summary: hostedRunnersTable(`GitHub-hosted runners in group ${id}`, hosted),
      }
    },
  }),
]
