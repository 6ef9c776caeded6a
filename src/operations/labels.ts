/** Runner labels: list, add, set, remove one or more, remove all custom labels. */
import type { Api } from '../api.js'
import { ActionError } from '../errors.js'
import { requiredLabels, runner, type RunnerRef } from '../inputs/runner-inputs.js'
import type { InputReader } from '../inputs/read.js'
import { labelNames, sameName, type ApiLabel } from '../runner-shape.js'
import { describeTarget, SCOPES, type Target } from '../target.js'
import { defineOperation } from './define.js'
import { asRunnerNotFound, resolveRunnerId } from './runner-lookup.js'
import type { OperationResult } from './types.js'

interface LabelList {
  total_count: number
  labels: ApiLabel[]
}

const LABELS = '/actions/runners/{runner_id}/labels'

function labelsResult(target: Target, runnerId: number, list: ApiLabel[], did: string): OperationResult {
  const names = labelNames(list)
  return {
    result: names,
    outputs: { labels: names, 'runner-id': String(runnerId) },
    summary: {
      heading: `Labels of runner ${runnerId}`,
      text: [
        `${did} Runner ${runnerId} in ${describeTarget(target)} now has: ${names.map((n) => `\`${n}\``).join(', ') || 'no labels'}.`,
      ],
    },
  }
}

type Change<L> = (
  api: Api,
  target: Target,
  runnerId: number,
  labels: L,
) => Promise<{ labels: ApiLabel[]; did: string }>

/** A label operation on one runner: resolves the runner, runs `change`, maps 404 to "no such runner". */
function labelOperation<L>(name: string, description: string, labelInput: InputReader<L>, change: Change<L>) {
  return defineOperation({
    name,
    family: 'Labels',
    description,
    scopes: SCOPES,
    changes: name !== 'list-labels',
    inputs: { runner, labels: labelInput },
    outputs: ['labels', 'runner-id'],
    run: async (api, target, s: { runner: RunnerRef; labels: L }) => {
      const runnerId = await resolveRunnerId(api, target, s.runner)
      try {
        const done = await change(api, target, runnerId, s.labels)
        return labelsResult(target, runnerId, done.labels, done.did)
      } catch (e) {
        throw asRunnerNotFound(e, target, runnerId)
      }
    },
  })
}

/** No `labels` input. */
const none: InputReader<undefined> = { names: [], read: () => undefined }

async function currentLabels(api: Api, target: Target, runnerId: number): Promise<ApiLabel[]> {
  return (await api.request<LabelList>(target, `GET ${LABELS}`, { runner_id: runnerId })).data.labels
}

/** Removes `wanted` labels one by one; every label is checked before the first DELETE, so a refusal changes nothing. */
async function removeLabels(api: Api, target: Target, id: number, wanted: string[]) {
  let current = await currentLabels(api, target, id)
  const present = (name: string) => current.find(sameName(name))
  const readOnly = wanted.map(present).filter((l) => l?.type === 'read-only')
  if (readOnly.length > 0) {
    throw new ActionError(
      `Label${readOnly.length > 1 ? 's' : ''} ${readOnly.map((l) => `'${l!.name}'`).join(', ')} of runner ${id} ` +
        `${readOnly.length > 1 ? 'are' : 'is'} read-only (set by the runner itself) and cannot be removed; nothing was removed.`,
      422,
    )
  }
  const removed: string[] = []
  for (const name of wanted) {
    const label = present(name)
    if (!label) continue
    const { data } = await api.request<LabelList>(target, `DELETE ${LABELS}/{name}`, {
      runner_id: id,
      name: label.name,
    })
    current = data.labels
    removed.push(label.name)
  }
  const absent = wanted.filter((w) => !removed.some((r) => r.toLowerCase() === w.toLowerCase()))
  const did = [
    removed.length ? `Removed ${removed.join(', ')}.` : '',
    absent.length ? `Not present: ${absent.join(', ')}.` : '',
  ]
  return { labels: current, did: did.filter(Boolean).join(' ') }
}

export const labelOperations = [
  labelOperation('list-labels', 'List the labels of a runner.', none, async (api, target, id) => ({
    labels: await currentLabels(api, target, id),
    did: '',
  })),

  labelOperation(
    'add-labels',
    'Add custom labels to a runner.',
    requiredLabels,
    async (api, target, id, names) => {
      const { data } = await api.request<LabelList>(target, `POST ${LABELS}`, {
        runner_id: id,
        labels: names,
      })
      return { labels: data.labels, did: `Added ${names.join(', ')}.` }
    },
  ),

  // An empty labels input is an error, not "remove them all": an unset secret or variable reads as empty.
  labelOperation(
    'set-labels',
    "Replace a runner's custom labels (labels required; remove-all-labels clears them).",
    requiredLabels,
    async (api, target, id, names) => {
      const { data } = await api.request<LabelList>(target, `PUT ${LABELS}`, { runner_id: id, labels: names })
      return { labels: data.labels, did: `Set custom labels to ${names.join(', ')}.` }
    },
  ),

  labelOperation(
    'remove-label',
    'Remove custom labels from a runner (one it does not carry is not an error).',
    requiredLabels,
    removeLabels,
  ),

  labelOperation(
    'remove-all-labels',
    'Remove every custom label of a runner.',
    none,
    async (api, target, id) => {
      const { data } = await api.request<LabelList>(target, `DELETE ${LABELS}`, { runner_id: id })
      return { labels: data.labels, did: 'Removed every custom label.' }
    },
  ),
]
