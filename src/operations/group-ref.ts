/**
 * `runner-group`: a runner group named by id or by name. A name is resolved with one listing
 * of the target's groups; so is the default group when none is named.
 */
import type { components } from '@octokit/openapi-types'
import type { Api } from '../api.js'
import { ActionError, InputError } from '../errors.js'
import { describeTarget, type Target } from '../target.js'
import { asId } from './refs.js'

export type ApiRunnerGroup = components['schemas']['runner-groups-org']

/** Repositories have no runner groups: their runners all belong to the default group, id 1. */
export const REPOSITORY_DEFAULT_GROUP_ID = 1

export async function listRunnerGroups(client: Api, target: Target): Promise<ApiRunnerGroup[]> {
  return client.list<ApiRunnerGroup>(target, 'GET /actions/runner-groups')
}

/** The group's id: a numeric ref as given, a name looked up, or (no ref) the default group. */
export async function resolveRunnerGroupId(
  client: Api,
  target: Target,
  ref: string | undefined,
): Promise<number> {
  if (target.scope === 'repository') {
    if (ref !== undefined && asId(ref) !== REPOSITORY_DEFAULT_GROUP_ID && ref.toLowerCase() !== 'default') {
      throw new InputError(
        'runner-group',
        'repositories have no runner groups; leave it empty, or use an organization or enterprise',
      )
    }
    return REPOSITORY_DEFAULT_GROUP_ID
  }
  const id = ref === undefined ? undefined : asId(ref)
  if (id !== undefined) return id
  const groups = await listRunnerGroups(client, target)
  const hit =
    ref === undefined
      ? groups.find((g) => g.default)
      : groups.find((g) => g.name.toLowerCase() === ref.toLowerCase())
  if (!hit) {
    const names = groups.map((g) => g.name).join(', ') || 'none'
    throw new ActionError(
      ref === undefined
        ? `${describeTarget(target)} has no default runner group (groups: ${names}); set runner-group.`
        : `No runner group named '${ref}' in ${describeTarget(target)} (groups: ${names}).`,
      404,
    )
  }
  return hit.id
}
