/**
 * What each label change does to one runner, written once for every path that uses it (one
 * runner, a selection, a drain): the labels it leaves, and the one request that makes it so.
 */
import { isNotFound, type Api } from './api.js'
import { NO_RETRY, type DECIDED_BY_LOOK } from '../transport/client.js'
import { ActionError } from '../errors.js'
import { summaryText } from '../publish/printable.js'
import { labelNames, type ApiLabel } from '../decisions/runner-shape.js'
import type { Target } from './target.js'
import { sendAgainOnLostAnswer } from './lost-answer.js'

export const LABELS = '/actions/runners/{runner_id}/labels'

export interface LabelList {
  total_count: number
  labels: ApiLabel[]
}

export type LabelChangeName = 'add-labels' | 'set-labels' | 'remove-label' | 'remove-all-labels'

export interface LabelChange {
  /** The labels a runner carrying `current` has after the change (what a dry run reports). */
  after(current: readonly ApiLabel[], names: readonly string[]): string[]
  /** The change needs the runner's current labels to build its request. */
  needsCurrent: boolean
  /**
   * The request that makes the change: one POST, PUT or DELETE of the whole set, or (`each`)
   * one DELETE per label, so that labels someone else adds meanwhile are never written over.
   */
  request(
    names: readonly string[],
    current: readonly ApiLabel[],
  ): { method: 'POST' | 'PUT' | 'DELETE'; labels?: string[] } | { each: string[] }
  /** What the summary says was done. */
  did(names: readonly string[]): string
}

const has = (list: readonly string[], name: string) =>
  list.some((n) => n.toLowerCase() === name.toLowerCase())
const readOnly = (current: readonly ApiLabel[]) => labelNames(current.filter((l) => l.type === 'read-only'))
const custom = (current: readonly ApiLabel[]) => labelNames(current.filter((l) => l.type !== 'read-only'))
/** `list` and then the `extra` names it does not have yet. */
const union = (list: readonly string[], extra: readonly string[]) => [
  ...list,
  ...extra.filter((n, i) => !has(list, n) && !has(extra.slice(0, i), n)),
]

export const LABEL_CHANGES: Record<LabelChangeName, LabelChange> = {
  'add-labels': {
    after: (current, names) => union(labelNames(current), names),
    needsCurrent: false,
    request: (names) => ({ method: 'POST', labels: [...names] }),
    did: (names) => `Added ${summaryText(names.join(', '))}.`,
  },
  'set-labels': {
    after: (current, names) => union(readOnly(current), names),
    needsCurrent: false,
    request: (names) => ({ method: 'PUT', labels: [...names] }),
    did: (names) => `Set custom labels to ${summaryText(names.join(', '))}.`,
  },
  // One DELETE per label the look found: never a PUT of the set, which would wipe a label added
  // between the look and the write.
  'remove-label': {
    after: (current, names) => labelNames(current).filter((n) => !has(names, n)),
    needsCurrent: true,
    request: (names, current) => ({ each: custom(current).filter((n) => has(names, n)) }),
    did: (names) => `Removed ${summaryText(names.join(', '))} where present.`,
  },
  'remove-all-labels': {
    after: (current) => readOnly(current),
    needsCurrent: false,
    request: () => ({ method: 'DELETE' }),
    did: () => 'Removed every custom label.',
  },
}

/** The read-only labels (set by the runner itself) among `names` on a runner: GitHub does not remove them. */
function readOnlyAmong(current: readonly ApiLabel[], names: readonly string[]): string[] {
  return readOnly(current).filter((n) => has(names, n))
}

/** Refuses a removal of labels the runner itself set, before anything is changed. */
export function refuseReadOnly(
  change: LabelChange,
  current: readonly ApiLabel[],
  names: string[],
  who: string,
): void {
  if (change !== LABEL_CHANGES['remove-label']) return
  const readOnly = readOnlyAmong(current, names)
  if (readOnly.length > 0) {
    throw new ActionError(
      `Label${readOnly.length > 1 ? 's' : ''} ${readOnly.map((l) => `'${l}'`).join(', ')} of ${who} ` +
        `${readOnly.length > 1 ? 'are' : 'is'} read-only (set by the runner itself) and cannot be removed; nothing was removed.`,
      422,
    )
  }
}

/** The labels among `names` that the runner carries as custom labels (what a removal takes away). */
export function customAmong(current: readonly ApiLabel[], names: readonly string[] | undefined): string[] {
  return custom(current).filter((n) => names === undefined || has(names, n))
}

export async function currentLabels(api: Api, target: Target, runnerId: number): Promise<ApiLabel[]> {
  return (await api.request<LabelList>(target, `GET ${LABELS}`, { runner_id: runnerId })).data.labels
}

/**
 * Sends the change's request(s) for runner `id`; GitHub answers with the labels after it. A
 * 404 to one label's DELETE means the label is absent (someone removed it meanwhile), unless
 * the runner itself is gone: then the 404 of the look at its labels stands.
 */
export async function applyLabelChange(
  api: Api,
  target: Target,
  id: number,
  change: LabelChange,
  names: readonly string[],
  current: readonly ApiLabel[],
  options: typeof NO_RETRY | typeof DECIDED_BY_LOOK = NO_RETRY,
): Promise<ApiLabel[]> {
  const request = change.request(names, current)
  if (!('each' in request)) {
    const { method, labels } = request
    const params = { runner_id: id, ...(labels === undefined ? {} : { labels }) }
    const send = () => api.request<LabelList>(target, `${method} ${LABELS}`, params, options)
    return (await sendAgainOnLostAnswer(send)).data.labels
  }
  let after: readonly ApiLabel[] = current
  for (const name of request.each) {
    const send = () =>
      api.request<LabelList>(target, `DELETE ${LABELS}/{name}`, { runner_id: id, name }, options)
    try {
      after = (await sendAgainOnLostAnswer(send)).data.labels
    } catch (e) {
      if (!isNotFound(e)) throw e
      after = await currentLabels(api, target, id)
    }
  }
  return [...after]
}
