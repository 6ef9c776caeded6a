/**
 * `runner-group`: a runner group named by id or by name. A name is resolved with one listing
 * of the target's groups; so is the default group when none is named.
 */
import type { components } from '@octokit/openapi-types'
import type { Api } from '../api.js'
import { ActionError, InputError } from '../errors.js'
import type { Settings } from '../settings.js'
import { describeTarget, type Target } from '../target.js'
import { asId, few, pick, type Kind } from './refs.js'

export type ApiRunnerGroup = components['schemas']['runner-groups-org']

/** Repositories have no runner groups: their runners all belong to the default group, id 1. */
export const REPOSITORY_DEFAULT_GROUP_ID = 1

export async function listRunnerGroups(client: Api, target: Target): Promise<ApiRunnerGroup[]> {
  return client.list<ApiRunnerGroup>(target, 'GET /actions/runner-groups')
}

export const RUNNER_GROUP: Kind<ApiRunnerGroup> = {
  what: 'runner group',
  input: 'runner-group',
  list: listRunnerGroups,
  path: '/actions/runner-groups/{runner_group_id}',
  param: 'runner_group_id',
}

/** At repository scope, `runner-group` may only name the default group (before any request). */
export function checkRepositoryGroup(s: Settings, target: Target): void {
  const ref = s.runnerGroup
  if (target.scope !== 'repository' || ref === undefined) return
  if (asId(ref) !== REPOSITORY_DEFAULT_GROUP_ID && ref.toLowerCase() !== 'default') {
    throw new InputError(
      'runner-group',
      'repositories have no runner groups; leave it empty, or use an organization or enterprise',
    )
  }
}

/** The group's id: a numeric ref as given, a name looked up, or (no ref) the default group. */
export async function resolveRunnerGroupId(
  client: Api,
  target: Target,
  ref: string | undefined,
): Promise<number> {
  if (target.scope === 'repository') return REPOSITORY_DEFAULT_GROUP_ID
  const id = ref === undefined ? undefined : asId(ref)
  if (id !== undefined) return id
  const groups = await listRunnerGroups(client, target)
  if (ref !== undefined) return pick(RUNNER_GROUP, target, groups, ref).id
  const fallback = groups.find((g) => g.default)
  if (!fallback) {
    throw new ActionError(
      `${describeTarget(target)} has no default runner group (groups: ${few(groups.map((g) => g.name))}); set runner-group.`,
      404,
    )
  }
  return fallback.id
}
