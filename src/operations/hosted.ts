/** GitHub-hosted (larger) runners, their images, limits, machine sizes and platforms. */
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

export const listHostedRunners = pending('list-hosted-runners')
export const getHostedRunner = pending('get-hosted-runner')
export const createHostedRunner = pending('create-hosted-runner')
export const updateHostedRunner = pending('update-hosted-runner')
export const deleteHostedRunner = pending('delete-hosted-runner')
export const listHostedRunnerImages = pending('list-hosted-runner-images')
export const getCustomImage = pending('get-custom-image')
export const deleteCustomImage = pending('delete-custom-image')
export const listCustomImageVersions = pending('list-custom-image-versions')
export const getCustomImageVersion = pending('get-custom-image-version')
export const deleteCustomImageVersion = pending('delete-custom-image-version')
export const getHostedRunnerLimits = pending('get-hosted-runner-limits')
export const listHostedRunnerMachineSizes = pending('list-hosted-runner-machine-sizes')
export const listHostedRunnerPlatforms = pending('list-hosted-runner-platforms')
