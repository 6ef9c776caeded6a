/** The runner as outputs show it, and the API's runner and label types. Pure. */
import type { components } from '@octokit/openapi-types'

export type ApiRunner = components['schemas']['runner']
export type ApiLabel = components['schemas']['runner-label']

/**
 * The runner object in outputs: `{"id","name","os","status","busy","ephemeral","labels":[names],
 * "version","runner_group_id"}`; `version` is null until the runner has connected once.
 */
export interface RunnerOutput {
  id: number
  name: string
  os: string
  status: string
  busy: boolean
  ephemeral: boolean
  labels: string[]
  version: string | null
  runner_group_id: number | null
  /** With a ledger: when it first saw the runner, and since when it has seen it offline (null: online). */
  first_seen?: string | null
  offline_since?: string | null
}

/** Whether an answer is a runner as the API describes it (the fields decisions are made on). */
export function isApiRunner(x: unknown): x is ApiRunner {
  const r = x as Partial<ApiRunner> | null
  return (
    typeof r === 'object' &&
    r !== null &&
    Number.isSafeInteger(r.id) &&
    typeof r.name === 'string' &&
    typeof r.status === 'string' &&
    typeof r.busy === 'boolean' &&
    Array.isArray(r.labels) &&
    r.labels.every((l) => typeof (l as Partial<ApiLabel> | null)?.name === 'string')
  )
}

export function shapeRunner(r: ApiRunner): RunnerOutput {
  return {
    id: r.id,
    name: r.name,
    os: r.os,
    status: r.status,
    busy: r.busy,
    ephemeral: r.ephemeral ?? false,
    labels: labelNames(r.labels),
    version: r.version ?? null,
    runner_group_id: r.runner_group_id ?? null,
  }
}

/** A runner as bulk outputs name it (`deleted`, `skipped`, `failed`...). */
export interface NamedRunner {
  id: number
  name: string
}
export interface Skipped extends NamedRunner {
  reason: string
}
export interface Failed extends NamedRunner {
  error: string
}

export const named = (r: { id: number; name: string }): NamedRunner => ({ id: r.id, name: r.name })

export function labelNames(labels: readonly ApiLabel[]): string[] {
  return labels.map((l) => l.name)
}

/** Whether a runner, group, label or hosted runner is named `name`, as GitHub compares names (case-insensitively). */
export function sameName(name: string): (r: { name: string }) => boolean {
  const want = name.toLowerCase()
  return (r) => r.name.toLowerCase() === want
}
