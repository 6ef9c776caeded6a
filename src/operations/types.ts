import type { Api } from '../api.js'
import type { Settings } from '../settings.js'
import type { Scope, Target } from '../target.js'

export type Cell = string | number | boolean
export interface Summary {
  heading: string
  /** Paragraphs (markdown-safe text: the outputs module escapes nothing else). */
  text?: string[]
  table?: { header: string[]; rows: Cell[][] }
}

export interface OperationResult {
  /** The `result` output: the operation's main result. */
  result: unknown
  /** Other outputs by their interface.md names; non-strings are written as JSON. */
  outputs: Record<string, unknown>
  /** Values to mask before anything is written. */
  secrets?: string[]
  summary?: Summary
  /** Shown as workflow warnings (annotations). */
  warnings?: string[]
  /** Shown as workflow error annotations (one per failed item). */
  errors?: string[]
  /** The operation did part of its work: outputs are written, then the step fails with this. */
  failure?: string
}

export interface Operation {
  /** One line for docs and errors. */
  description: string
  scopes: readonly Scope[]
  /** Operation-specific input checks; throws InputError. Runs before any request. */
  validate?: (settings: Settings, target: Target) => void
  run: (client: Api, target: Target, settings: Settings) => Promise<OperationResult>
}
