/** What an operation returns: its outputs, secrets to mask, the job summary, and a partial failure. */
export type Cell = string | number | boolean

export interface SummaryTable {
  header: string[]
  rows: Cell[][]
}

export interface SummarySection {
  heading: string
  /** Paragraphs (markdown-safe text). */
  text?: string[]
  table?: SummaryTable
  /** Shown unfolded even when long (failures, say). Default: folded past FOLD_ROWS rows. */
  open?: boolean
}

/** The job summary: a heading, the counts (`text`), a table, then any further sections in order. */
export interface Summary {
  heading: string
  /** Paragraphs (markdown-safe text: the outputs module escapes nothing else). */
  text?: string[]
  table?: SummaryTable
  sections?: SummarySection[]
}

export interface OperationResult {
  /** The `result` output: the operation's main result. */
  result: unknown
  /** Other outputs by their action.yml names; non-strings are written as JSON. */
  outputs: Record<string, unknown>
  /** Values to mask before anything is written. */
  secrets?: string[]
  summary?: Summary
  /** Shown as workflow warnings (annotations). */
  warnings?: string[]
  /** Shown as workflow error annotations (one per failed item). */
  errors?: string[]
  /**
   * The job summary's last line: requests made, 304s, and the primary rate limit used and left
   * (src/transport/rate-budget.ts). Set by the entry, not by operations.
   */
  budget?: string
  /** The operation did part of its work: outputs are written, then the step fails with this. */
  failure?: string
}
