/** Runner labels: list, add, set, remove one or more, remove all custom labels. */
import type { Api } from '../api.js'
import { ActionError, InputError } from '../errors.js'
import { labelNames, sameName, type ApiLabel } from '../runners.js'
import type { Settings } from '../settings.js'
import { describeTarget, SCOPES, type Target } from '../target.js'
import { asRunnerNotFound, requireRunnerRef, resolveRunnerId } from './runner-ref.js'
import type { Operation, OperationResult } from './types.js'

interface LabelList {
  total_count: number
  labels: ApiLabel[]
}

function requireLabels(s: Settings): void {
  requireRunnerRef(s)
  if (s.labels.length === 0) throw new InputError('labels', `${s.operation} needs at least one label`)
}

function labelsResult(target: Target, runnerId: number, labels: ApiLabel[], did: string): OperationResult {
  const names = labelNames(labels)
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

/** A label operation on one runner: resolves the runner, runs `change`, maps 404 to "no such runner". */
function labelOperation(
  description: string,
  validate: (s: Settings) => void,
  change: (
    client: Api,
    target: Target,
    runnerId: number,
    s: Settings,
  ) => Promise<{ labels: ApiLabel[]; did: string }>,
): Operation {
  return {
    description,
    scopes: SCOPES,
    validate,
    run: async (client, target, s) => {
      const runnerId = await resolveRunnerId(client, target, s)
      try {
        const { labels, did } = await change(client, target, runnerId, s)
        return labelsResult(target, runnerId, labels, did)
      } catch (e) {
        throw asRunnerNotFound(e, target, runnerId)
      }
    },
  }
}

const LABELS = '/actions/runners/{runner_id}/labels'

async function currentLabels(client: Api, target: Target, runnerId: number): Promise<ApiLabel[]> {
  return (await client.request<LabelList>(target, `GET ${LABELS}`, { runner_id: runnerId })).data.labels
}

export const listLabels = labelOperation(
  'List the labels of a runner.',
  requireRunnerRef,
  async (client, target, id) => ({
    labels: await currentLabels(client, target, id),
    did: '',
  }),
)

export const addLabels = labelOperation(
  'Add custom labels to a runner.',
  requireLabels,
  async (client, target, id, s) => {
    const { data } = await client.request<LabelList>(target, `POST ${LABELS}`, {
      runner_id: id,
      labels: s.labels,
    })
    return { labels: data.labels, did: `Added ${s.labels.join(', ')}.` }
  },
)

export const setLabels = labelOperation(
  "Replace a runner's custom labels (an empty list removes them all).",
  requireRunnerRef,
  async (client, target, id, s) => {
    const { data } = await client.request<LabelList>(target, `PUT ${LABELS}`, {
      runner_id: id,
      labels: s.labels,
    })
    return {
      labels: data.labels,
      did: s.labels.length ? `Set custom labels to ${s.labels.join(', ')}.` : 'Removed every custom label.',
    }
  },
)

export const removeLabel = labelOperation(
  'Remove custom labels from a runner (one it does not carry is not an error).',
  requireLabels,
  async (client, target, id, s) => {
    let labels = await currentLabels(client, target, id)
    const present = (wanted: string) => labels.find(sameName(wanted))
    // Every label is checked before the first DELETE: a refusal changes nothing.
    const readOnly = s.labels.map(present).filter((l) => l?.type === 'read-only')
    if (readOnly.length > 0) {
      throw new ActionError(
        `Label${readOnly.length > 1 ? 's' : ''} ${readOnly.map((l) => `'${l!.name}'`).join(', ')} of runner ${id} ` +
          `${readOnly.length > 1 ? 'are' : 'is'} read-only (set by the runner itself) and cannot be removed; nothing was removed.`,
        422,
      )
    }
    const removed: string[] = []
    for (const wanted of s.labels) {
      const label = present(wanted)
      if (!label) continue
      const { data } = await client.request<LabelList>(target, `DELETE ${LABELS}/{name}`, {
        runner_id: id,
        name: label.name,
      })
      labels = data.labels
      removed.push(label.name)
    }
    const absent = s.labels.filter((w) => !removed.some((r) => r.toLowerCase() === w.toLowerCase()))
    const did = [
      removed.length ? `Removed ${removed.join(', ')}.` : '',
      absent.length ? `Not present: ${absent.join(', ')}.` : '',
    ]
    return { labels, did: did.filter(Boolean).join(' ') }
  },
)

export const removeAllLabels = labelOperation(
  'Remove every custom label of a runner.',
  requireRunnerRef,
  async (client, target, id) => {
    const { data } = await client.request<LabelList>(target, `DELETE ${LABELS}`, { runner_id: id })
    return { labels: data.labels, did: 'Removed every custom label.' }
  },
)
