/**
 * The dispatch table: one entry per operation. Adding an operation is one entry here, one
 * function in its family's module, and its name in operation-names.ts.
 */
import type { OperationName } from '../operation-names.js'
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
}

export function operation(name: OperationName): Operation {
  const op = operations[name]
  if (!op) throw new Error(`No operation '${name}'`)
  return op
}
