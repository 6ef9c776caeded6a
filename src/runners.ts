/**
 * Pure functions about runners: the shape written to outputs, the list filters, name
 * patterns. No HTTP here; these are tested on their own.
 */
import type { components } from '@octokit/openapi-types'
import picomatch from 'picomatch'
import type { BusyFilter, RunnerStatusFilter } from './settings.js'

export type ApiRunner = components['schemas']['runner']
export type ApiLabel = components['schemas']['runner-label']

/** The runner object in outputs: `{"id","name","os","status","busy","ephemeral","labels":[names]}`. */
export interface RunnerOutput {
  id: number
  name: string
  os: string
  status: string
  busy: boolean
  ephemeral: boolean
  labels: string[]
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
  }
}

export function labelNames(labels: readonly ApiLabel[]): string[] {
  return labels.map((l) => l.name)
}

export interface RunnerFilter {
  status: RunnerStatusFilter
  busy: BusyFilter
  /** Globs on the runner name; the runner must match one (empty: any name). */
  namePatterns: readonly string[]
  /** The runner must carry every one of these labels (case-insensitive, as GitHub treats labels). */
  labels: readonly string[]
}

/** A name matcher for a glob list: case-insensitive, as GitHub treats runner names. */
export function globMatcher(patterns: readonly string[]): (name: string) => boolean {
  if (patterns.length === 0) return () => false
  const m = picomatch([...patterns], { nocase: true, dot: true })
  return (name) => m(name)
}

export function runnerFilter(f: RunnerFilter): (r: ApiRunner) => boolean {
  const nameOk = f.namePatterns.length === 0 ? () => true : globMatcher(f.namePatterns)
  const wanted = f.labels.map((l) => l.toLowerCase())
  return (r) => {
    if (f.status !== 'any' && r.status !== f.status) return false
    if (f.busy !== 'any' && r.busy !== (f.busy === 'true')) return false
    if (!nameOk(r.name)) return false
    const has = new Set(r.labels.map((l) => l.name.toLowerCase()))
    return wanted.every((l) => has.has(l))
  }
}

/** Whether a runner, group, label or hosted runner is named `name`, as GitHub compares names (case-insensitively). */
export function sameName(name: string): (r: { name: string }) => boolean {
  const want = name.toLowerCase()
  return (r) => r.name.toLowerCase() === want
}
