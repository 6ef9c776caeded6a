/** Every operation the action runs, as workflows name it in the `operation` input. */
export const OPERATION_NAMES = [
  // tokens and just-in-time runners
  'create-registration-token',
  'create-remove-token',
  'create-jit-config',
  // self-hosted runners
  'list-runners',
  'get-runner',
  'delete-runner',
  'prune-runners',
  'wait-for-runner',
  'list-downloads',
  // labels
  'list-labels',
  'add-labels',
  'set-labels',
  'remove-label',
  'remove-all-labels',
  // runner groups
  'list-runner-groups',
  'get-runner-group',
  'create-runner-group',
  'update-runner-group',
  'delete-runner-group',
  'list-runner-group-runners',
  'set-runner-group-runners',
  'add-runner-group-runner',
  'remove-runner-group-runner',
  'list-runner-group-access',
  'set-runner-group-access',
  'add-runner-group-access',
  'remove-runner-group-access',
  'list-runner-group-hosted-runners',
  // GitHub-hosted runners
  'list-hosted-runners',
  'get-hosted-runner',
  'create-hosted-runner',
  'update-hosted-runner',
  'delete-hosted-runner',
  'list-hosted-runner-images',
  'get-custom-image',
  'delete-custom-image',
  'list-custom-image-versions',
  'get-custom-image-version',
  'delete-custom-image-version',
  'get-hosted-runner-limits',
  'list-hosted-runner-machine-sizes',
  'list-hosted-runner-platforms',
] as const

export type OperationName = (typeof OPERATION_NAMES)[number]
