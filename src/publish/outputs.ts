/**
 * Writes an operation's outputs and job summary. Secrets are registered with `setSecret`
 * before anything is written; outputs are strings (JSON for structured values).
 *
 * GitHub's limits: one output at most 1 MB, all outputs of a run at most 50 MB; a step
 * summary at most 1 MiB. So:
 * - the complete result goes to a JSON file under RUNNER_TEMP, never cut; its path is the
 *   `result-file` output;
 * - no output over MAX_OUTPUT_BYTES, and the step's outputs within MAX_STEP_OUTPUT_BYTES
 *   together: an output (`result` too) that does not fit is left out with a warning naming
 *   `result-file` (smaller outputs first, so that counts and ids stay);
 * - the summary is measured in bytes and kept to half the limit (src/publish/job-summary.ts).
 */
import type * as coreModule from '@actions/core'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { errorMessage } from '../errors.js'
import { renderSummary, withFailureFirst } from './job-summary.js'
import type { OperationResult } from '../registry/operation-result.js'
import { logText } from './printable.js'

export { FOLD_ROWS, MAX_SUMMARY_BYTES, MAX_SUMMARY_ROWS, renderSummary } from './job-summary.js'

type Core = Pick<typeof coreModule, 'setSecret' | 'setOutput' | 'warning' | 'error' | 'info' | 'summary'>

/** Error annotations shown one by one; GitHub shows 10 a step. */
const MAX_ERROR_ANNOTATIONS = 9

/** GitHub's limit for one output is 1 MB; this stays just under it. */
export const MAX_OUTPUT_BYTES = 1_000_000
/** All outputs of one step together. */
export const MAX_STEP_OUTPUT_BYTES = 1024 * 1024
/** What one output costs in GITHUB_OUTPUT besides its name and value: `name<<delimiter` lines. */
const OUTPUT_OVERHEAD = 110

function toOutput(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

const outputBytes = (name: string, value: string) =>
  Buffer.byteLength(name) + Buffer.byteLength(value) + OUTPUT_OVERHEAD

function size(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`
}

/** Which step wrote a result: named in its result file, so that merge-reports can tell files apart. */
export interface ResultOrigin {
  operation: string
  /** `organization:login`, `repository:owner/repo` or `enterprise:slug` (src/github/target.ts `scopeKey`). */
  scope: string
}

/**
 * The result file's text: the result as the `result` output has it; a result that is a JSON
 * object gains `operation` and `scope` as its first keys (when it has no such keys of its own),
 * so that existing readers of its other keys keep working. Lists and plain values stay as they are.
 */
export function resultFileJson(result: unknown, origin: ResultOrigin | undefined): string {
  const value = result ?? null
  const plainObject = typeof value === 'object' && value !== null && !Array.isArray(value)
  if (!origin || !plainObject || 'operation' in value || 'scope' in value) return toOutput(value)
  return JSON.stringify({ operation: origin.operation, scope: origin.scope, ...value })
}

/** Writes the complete result to a new file under RUNNER_TEMP (or the system's temp folder). */
export function writeResultFile(json: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = mkdtempSync(join(env.RUNNER_TEMP || tmpdir(), 'runner-manager-'))
  const file = join(dir, 'result.json')
  writeFileSync(file, json, { mode: 0o600 })
  return file
}

/**
 * The result JSON for `result-file`: each secret (a token, a JIT configuration) is `***` there;
 * the masked outputs hold them. A secret is replaced in its JSON spelling, so the file stays JSON.
 */
export function redactSecrets(json: string, secrets: readonly string[]): string {
  let out = json
  for (const secret of secrets) {
    if (secret.length < 4) continue
    out = out.split(JSON.stringify(secret).slice(1, -1)).join('***')
  }
  return out
}

export interface Plan {
  /** Outputs to set, in the order given. */
  set: [string, string][]
  /** Outputs left out, with why. */
  leftOut: { name: string; bytes: number; why: string }[]
}

/**
 * Which outputs fit: each at most MAX_OUTPUT_BYTES, all within `budget` bytes. Smaller ones
 * are kept first; at equal size the earlier one.
 */
export function planOutputs(outputs: [string, string][], budget = MAX_STEP_OUTPUT_BYTES): Plan {
  const bySize = outputs
    .map(([name, value], i) => ({
      name,
      i,
      bytes: outputBytes(name, value),
      value: Buffer.byteLength(value),
    }))
    .sort((a, b) => a.bytes - b.bytes || a.i - b.i)
  const keep = new Set<number>()
  const leftOut: Plan['leftOut'] = []
  let used = 0
  for (const o of bySize) {
    if (o.value > MAX_OUTPUT_BYTES) {
      leftOut.push({
        name: o.name,
        bytes: o.value,
        why: "it is larger than GitHub's limit of 1 MB for one output",
      })
    } else if (used + o.bytes > budget) {
      leftOut.push({ name: o.name, bytes: o.value, why: "the step's outputs would pass 1 MiB together" })
    } else {
      keep.add(o.i)
      used += o.bytes
    }
  }
  return {
    set: outputs.filter((_, i) => keep.has(i)),
    leftOut: leftOut.sort((a, b) => a.name.localeCompare(b.name)),
  }
}

export async function publish(
  core: Core,
  r: OperationResult,
  secrets: readonly string[] = [],
  origin?: ResultOrigin,
): Promise<void> {
  for (const s of [...secrets, ...(r.secrets ?? [])]) if (s) core.setSecret(s)
  // An output that is the result itself (a list's `runners`, say) is serialized once.
  const serialized = new Map<unknown, string>()
  const json = (value: unknown): string => {
    if (typeof value !== 'object' || value === null) return toOutput(value)
    let text = serialized.get(value)
    if (text === undefined) serialized.set(value, (text = toOutput(value)))
    return text
  }
  const result = json(r.result ?? null)
  let file: string | undefined
  try {
    const json = origin ? resultFileJson(r.result, origin) : result
    file = writeResultFile(redactSecrets(json, [...secrets, ...(r.secrets ?? [])]))
    core.setOutput('result-file', file)
  } catch (e) {
    core.warning(`Could not write the result file: ${errorMessage(e)}`)
  }
  const outputs: [string, string][] = [
    ...Object.entries(r.outputs).map(([name, value]): [string, string] => [name, json(value)]),
    ['result', result],
  ]
  // `result` is always set: when the result does not fit, it names the file that holds it.
  const standIn = JSON.stringify({ left_out: 'too large for an output', result_file: file ?? null })
  const reserved = outputBytes('result', standIn) + (file ? outputBytes('result-file', file) : 0)
  const plan = planOutputs(outputs, MAX_STEP_OUTPUT_BYTES - reserved)
  for (const [name, value] of plan.set) core.setOutput(name, value)
  if (plan.leftOut.some((o) => o.name === 'result')) core.setOutput('result', standIn)
  for (const o of plan.leftOut) {
    core.warning(
      `Output '${o.name}' (${size(o.bytes)}) is left out: ${o.why}. ` +
        (file
          ? `The complete result is in the file named by the result-file output (${file}).`
          : 'The result file could not be written either.'),
    )
  }
  for (const w of r.warnings ?? []) core.warning(logText(w))
  // GitHub shows at most 10 error annotations a step: name the first few, count the rest.
  const errors = r.errors ?? []
  for (const e of errors.slice(0, MAX_ERROR_ANNOTATIONS)) core.error(logText(e))
  if (errors.length > MAX_ERROR_ANNOTATIONS)
    core.error(
      `…and ${errors.length - MAX_ERROR_ANNOTATIONS} more errors; the outputs and the job summary list them all.`,
    )
  const summary = r.failure ? withFailureFirst(r.summary, r.failure) : r.summary
  // The budget line comes last, whatever the operation's summary holds.
  const parts = [summary ? renderSummary(summary) : '', r.budget ? `_${r.budget}_` : ''].filter(Boolean)
  if (parts.length) await writeSummary(core, parts.join('\n\n'))
}

/** The job summary: written to GITHUB_STEP_SUMMARY, and its text (without the HTML tags) to the log. */
export async function writeSummary(core: Core, md: string): Promise<void> {
  core.info(logText(md.replace(/<[^>]+>/g, '')))
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(md, true).write()
}
