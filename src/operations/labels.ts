/**
 * Runner labels: list them, and add, set, remove some or remove all custom labels, on one
 * runner (`runner-id` / `runner-name`) or on every runner a selection picks (label-bulk.ts).
 */
import type { Api } from '../github/api.js'
import { flag, type InputReader } from '../inputs/read.js'
import { requiredLabels, runner, type RunnerRef } from '../inputs/runner-inputs.js'
import { maxRunners, runnerOrSelection, type RunnerChoice } from '../inputs/selection-inputs.js'
import { labelNames } from '../decisions/runner-shape.js'
import { describeTarget, SCOPES, type Target } from '../github/target.js'
import { defineOperation } from '../registry/define.js'
import { changeSelection } from './label-bulk.js'
import {
  applyLabelChange,
  currentLabels,
  LABEL_CHANGES,
  refuseReadOnly,
  type LabelChange,
  type LabelChangeName,
} from '../github/label-changes.js'
import { asRunnerNotFound, resolveRunnerId } from '../github/runner-lookup.js'
import type { OperationResult } from '../registry/operation-result.js'
import { summaryText } from '../publish/printable.js'

function labelsResult(target: Target, runnerId: number, names: string[], did: string): OperationResult {
  return {
    result: names,
    outputs: { labels: names, 'runner-id': String(runnerId) },
    summary: {
      heading: `Labels of runner ${runnerId}`,
      text: [
        `${did} Runner ${runnerId} in ${describeTarget(target)} ${did.startsWith('**Dry run**') ? 'would have' : 'now has'}: ` +
          `${names.map((n) => summaryText(n)).join(', ') || 'no labels'}.`,
      ],
    },
  }
}

interface ChangeSettings {
  which: RunnerChoice
  labels: string[]
  maxRunners: number
  dryRun: boolean
}

/** One runner: resolve it, look at its labels when the change needs them, change (or, dry, predict). */
async function changeOne(api: Api, target: Target, change: LabelChange, ref: RunnerRef, s: ChangeSettings) {
  const id = await resolveRunnerId(api, target, ref)
  try {
    const current = change.needsCurrent || s.dryRun ? await currentLabels(api, target, id) : []
    refuseReadOnly(change, current, s.labels, `runner ${id}`)
    if (s.dryRun)
      return labelsResult(target, id, change.after(current, s.labels), '**Dry run**: nothing was changed.')
    const after = await applyLabelChange(api, target, id, change, s.labels, current)
    return labelsResult(target, id, labelNames(after), change.did(s.labels))
  } catch (e) {
    throw asRunnerNotFound(e, target, id)
  }
}

const noLabels: InputReader<string[]> = { names: [], read: () => [] }

function labelOperation(name: LabelChangeName, description: string, labels: InputReader<string[]>) {
  const change = LABEL_CHANGES[name]
  return defineOperation({
    name,
    family: 'Labels',
    description,
    scopes: SCOPES,
    changes: true,
    inputs: { which: runnerOrSelection, labels, maxRunners, dryRun: flag('dry-run', false) },
    outputs: ['labels', 'runner-id', 'runners', 'count', 'failed', 'skipped'],
    run: (api, target, s, step) =>
      s.which.runner
        ? changeOne(api, target, change, s.which.runner, s)
        : changeSelection(api, target, step, { name, change, selection: s.which.selection, ...s }),
  })
}

export const labelOperations = [
  defineOperation({
    name: 'list-labels',
    family: 'Labels',
    description: 'List the labels of a runner.',
    scopes: SCOPES,
    changes: false,
    inputs: { runner },
    outputs: ['labels', 'runner-id'],
    run: async (api, target, s) => {
      const id = await resolveRunnerId(api, target, s.runner)
      try {
        return labelsResult(target, id, labelNames(await currentLabels(api, target, id)), '')
      } catch (e) {
        throw asRunnerNotFound(e, target, id)
      }
    },
  }),
  labelOperation(
    'add-labels',
    'Add custom labels to a runner, or to every runner a selection picks.',
    requiredLabels,
  ),
  labelOperation(
    'set-labels',
    "Replace the custom labels of a runner or a selection's runners (labels required; remove-all-labels clears them).",
    requiredLabels,
  ),
  labelOperation(
    'remove-label',
    'Remove custom labels from a runner or a selection (one a runner does not carry is not an error).',
    requiredLabels,
  ),
  labelOperation(
    'remove-all-labels',
    'Remove every custom label of a runner or of every runner a selection picks.',
    noLabels,
  ),
]
