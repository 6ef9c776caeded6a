/**
 * `runner-group`: a runner group named by id or by name. A name is resolved with one listing
 * of the target's groups; the default group is id 1.
 */
import type { components } from '@octokit/openapi-types'
import type { Api } from './api.js'
import { InputError } from '../errors.js'
import { reader, required, text } from '../inputs/read.js'
import type { Target } from './target.js'
import { asId, pick, type Kind } from './id-or-name.js'

export type ApiRunnerGroup = components['schemas']['runner-groups-org']

/**
 * Every organization and enterprise has a default runner group, "Default", with id 1 (the id
 * GitHub's own tooling, such as actions-runner-controller, uses for it); repositories have no
 * groups and their runners belong to it too.
 */
const DEFAULT_GROUP_ID = 1

function isDefault(ref: string | undefined): boolean {
  return ref === undefined || ref.toLowerCase() === 'default' || asId(ref) === DEFAULT_GROUP_ID
}

export const RUNNER_GROUP: Kind<ApiRunnerGroup> = {
  what: 'runner group',
  input: 'runner-group',
  list: (api, target) => api.list<ApiRunnerGroup>(target, 'GET /actions/runner-groups'),
  path: '/actions/runner-groups/{runner_group_id}',
  param: 'runner_group_id',
}

/** `runner-group` (id or name), required. */
export const runnerGroup = required(text('runner-group'), ' (an id or a name)')

/**
 * `runner-group` for a new runner (default: the default group). At repository scope only the
 * default group may be named: repositories have no groups.
 */
export const groupForNewRunner = reader('runner-group', (ref, ctx) => {
  if (ctx.target.scope === 'repository' && !isDefault(ref)) {
    throw new InputError(
      'runner-group',
      'repositories have no runner groups; leave it empty, or use an organization or enterprise',
    )
  }
  return ref
})

/** The group's id: the default group (no ref, or "default") and numeric refs need no request; a name is looked up. */
export async function resolveRunnerGroupId(
  api: Api,
  target: Target,
  ref: string | undefined,
): Promise<number> {
  if (target.scope === 'repository' || ref === undefined || isDefault(ref)) return DEFAULT_GROUP_ID
  return asId(ref) ?? pick(RUNNER_GROUP, target, await RUNNER_GROUP.list(api, target), ref).id
}
