/**
 * The registry: every operation the action runs, one object each (see define.ts), grouped by
 * family in the family modules. Operation names, the inputs each reads, action.yml's operation
 * list, the README's operation index and the tables of docs/ all come from here.
 */
import { InputError } from '../errors.js'
import { closest } from '../inputs/closest.js'
import { COMMON_INPUTS } from '../inputs/common.js'
import { FAMILIES, type Operation } from './define.js'
import { drainOperation } from '../operations/drain.js'
import { reportOperation } from '../operations/report.js'
import { groupAccessOperations } from '../operations/group-access.js'
import { groupMemberOperations } from '../operations/group-members.js'
import { hostedCatalogOperations } from '../operations/hosted-catalog.js'
import { hostedImageOperations } from '../operations/hosted-images.js'
import { hostedRunnerOperations } from '../operations/hosted-runners.js'
import { labelOperations } from '../operations/labels.js'
import { mergeReportsOperation } from '../operations/merge-reports.js'
import { networkingOperations } from '../operations/networking.js'
import { listOrganizationsOperation } from '../operations/organizations.js'
import { pruneOperation } from '../operations/prune.js'
import { runnerGroupOperations } from '../operations/runner-groups.js'
import { runnerOperations } from '../operations/runners.js'
import { runnerSettingsOperations } from '../operations/runner-settings.js'
import { tokenOperations } from '../operations/tokens.js'
import { waitOperation } from '../operations/wait.js'

export const OPERATIONS: readonly Operation[] = [
  ...tokenOperations,
  ...runnerOperations,
  pruneOperation,
  waitOperation,
  ...labelOperations,
  drainOperation,
  reportOperation,
  ...runnerGroupOperations,
  ...groupMemberOperations,
  ...groupAccessOperations,
  ...runnerSettingsOperations,
  ...networkingOperations,
  ...hostedRunnerOperations,
  ...hostedImageOperations,
  ...hostedCatalogOperations,
  listOrganizationsOperation,
  mergeReportsOperation,
].sort((a, b) => FAMILIES.indexOf(a.family) - FAMILIES.indexOf(b.family))

export const OPERATION_NAMES: readonly string[] = OPERATIONS.map((o) => o.name)

/** Every input the action declares: the common ones, then each operation's. */
export const ALL_INPUTS: readonly string[] = [
  ...new Set([...COMMON_INPUTS, ...OPERATIONS.flatMap((o) => o.inputNames)]),
]

/**
 * The operation `raw` names (case-insensitive); anything else is a short input error that
 * suggests the closest name, with the valid names for the log.
 */
export function findOperation(raw: string | undefined): Operation {
  const wanted = (raw ?? '').trim().toLowerCase()
  const valid = `Valid operations:\n${OPERATION_NAMES.map((n) => `  ${n}`).join('\n')}`
  if (wanted === '') throw new InputError('operation', 'required; the log lists the valid operations', valid)
  const op = OPERATIONS.find((o) => o.name === wanted)
  if (op) return op
  const meant = closest(wanted, OPERATION_NAMES)
  throw new InputError(
    'operation',
    `'${raw?.trim()}' is not an operation${meant ? ` (did you mean '${meant}'?)` : ''}; the log lists the valid operations`,
    valid,
  )
}
