/** Runner groups of organizations and enterprises: the groups, their runners, who may use them. */
import { ActionError } from '../errors.js'
import type { Scope } from '../target.js'
import type { Operation } from './types.js'

const ORG_AND_ENTERPRISE: readonly Scope[] = ['organization', 'enterprise']

// Being written: each of these becomes a real operation before this lands.
function pending(name: string): Operation {
  return {
    description: name,
    scopes: ORG_AND_ENTERPRISE,
    run: () => Promise.reject(new ActionError(`${name} is not built yet`)),
  }
}

export const listRunnerGroups = pending('list-runner-groups')
export const getRunnerGroup = pending('get-runner-group')
export const createRunnerGroup = pending('create-runner-group')
export const updateRunnerGroup = pending('update-runner-group')
export const deleteRunnerGroup = pending('delete-runner-group')
export const listRunnerGroupRunners = pending('list-runner-group-runners')
export const setRunnerGroupRunners = pending('set-runner-group-runners')
export const addRunnerGroupRunner = pending('add-runner-group-runner')
export const removeRunnerGroupRunner = pending('remove-runner-group-runner')
export const listRunnerGroupAccess = pending('list-runner-group-access')
export const setRunnerGroupAccess = pending('set-runner-group-access')
export const addRunnerGroupAccess = pending('add-runner-group-access')
export const removeRunnerGroupAccess = pending('remove-runner-group-access')
export const listRunnerGroupHostedRunners = pending('list-runner-group-hosted-runners')
