/** Every operation the action runs, as workflows name it in the `operation` input. */
export const OPERATION_NAMES = [
  'create-registration-token',
  'create-remove-token',
  'create-jit-config',
  'list-runners',
  'get-runner',
  'delete-runner',
  'prune-runners',
  'wait-for-runner',
  'list-downloads',
  'list-labels',
  'add-labels',
  'set-labels',
  'remove-label',
  'remove-all-labels',
] as const

export type OperationName = (typeof OPERATION_NAMES)[number]
