/**
 * The dispatch table: one entry per operation. Adding an operation is one entry here, one
 * function in its family's module, and its name in operation-names.ts.
 */
import type { OperationName } from '../operation-names.js'
import * as groups from './groups.js'
import * as hosted from './hosted.js'
import { addLabels, listLabels, removeAllLabels, removeLabel, setLabels } from './labels.js'
import { pruneRunners } from './prune.js'
import { deleteRunner, getRunner, listDownloads, listRunners } from './runners.js'
import { createJitConfig, createRegistrationToken, createRemoveToken } from './tokens.js'
import type { Operation } from './types.js'
import { waitForRunner } from './wait.js'

export const operations: Record<OperationName, Operation> = {
  'create-registration-token': createRegistrationToken,
  'create-remove-token': createRemoveToken,
  'create-jit-config': createJitConfig,
  'list-runners': listRunners,
  'get-runner': getRunner,
  'delete-runner': deleteRunner,
  'prune-runners': pruneRunners,
  'wait-for-runner': waitForRunner,
  'list-downloads': listDownloads,
  'list-labels': listLabels,
  'add-labels': addLabels,
  'set-labels': setLabels,
  'remove-label': removeLabel,
  'remove-all-labels': removeAllLabels,
  'list-runner-groups': groups.listRunnerGroups,
  'get-runner-group': groups.getRunnerGroup,
  'create-runner-group': groups.createRunnerGroup,
  'update-runner-group': groups.updateRunnerGroup,
  'delete-runner-group': groups.deleteRunnerGroup,
  'list-runner-group-runners': groups.listRunnerGroupRunners,
  'set-runner-group-runners': groups.setRunnerGroupRunners,
  'add-runner-group-runner': groups.addRunnerGroupRunner,
  'remove-runner-group-runner': groups.removeRunnerGroupRunner,
  'list-runner-group-access': groups.listRunnerGroupAccess,
  'set-runner-group-access': groups.setRunnerGroupAccess,
  'add-runner-group-access': groups.addRunnerGroupAccess,
  'remove-runner-group-access': groups.removeRunnerGroupAccess,
  'list-runner-group-hosted-runners': groups.listRunnerGroupHostedRunners,
  'list-hosted-runners': hosted.listHostedRunners,
  'get-hosted-runner': hosted.getHostedRunner,
  'create-hosted-runner': hosted.createHostedRunner,
  'update-hosted-runner': hosted.updateHostedRunner,
  'delete-hosted-runner': hosted.deleteHostedRunner,
  'list-hosted-runner-images': hosted.listHostedRunnerImages,
  'get-custom-image': hosted.getCustomImage,
  'delete-custom-image': hosted.deleteCustomImage,
  'list-custom-image-versions': hosted.listCustomImageVersions,
  'get-custom-image-version': hosted.getCustomImageVersion,
  'delete-custom-image-version': hosted.deleteCustomImageVersion,
  'get-hosted-runner-limits': hosted.getHostedRunnerLimits,
  'list-hosted-runner-machine-sizes': hosted.listHostedRunnerMachineSizes,
  'list-hosted-runner-platforms': hosted.listHostedRunnerPlatforms,
}

export function operation(name: OperationName): Operation {
  const op = operations[name]
  if (!op) throw new Error(`No operation '${name}'`)
  return op
}
