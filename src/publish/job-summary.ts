/**
 * The job summary as markdown, measured in UTF-8 bytes and kept well under GitHub's 1 MiB
 * step-summary limit (the runner drops a summary near it without a word): the heading and
 * counts first, then each table in the order given (so failures and skips can come before
 * successes). A table longer than FOLD_ROWS rows is folded in `<details>` (unless `open`); one
 * that does not fit its share of the budget is cut, with a line saying how many rows are left
 * out and that the full list is in `result-file`.
 */
import type { Cell, Summary, SummarySection } from '../registry/operation-result.js'
import { summaryText } from './printable.js'

/** Rows shown in one table at most; a larger list says how many more there are. */
export const MAX_SUMMARY_ROWS = 500
/** Tables longer than this are folded in `<details>`. */
export const FOLD_ROWS = 25
/** The summary's budget: half of GitHub's 1 MiB step-summary limit. */
export const MAX_SUMMARY_BYTES = 512 * 1024
/** A cell longer than this (an error message, say) is shortened. */
const MAX_CELL_CHARS = 500

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8') + 1 // and its newline

/** A cell: GitHub text shown as it is (src/publish/printable.ts), shortened past MAX_CELL_CHARS. */
function escapeCell(c: Cell): string {
  const s = String(c)
  return summaryText(s.length > MAX_CELL_CHARS ? `${s.slice(0, MAX_CELL_CHARS - 1)}…` : s)
}

const row = (cells: Cell[]): string => `| ${cells.map(escapeCell).join(' | ')} |`

type Part = Partial<SummarySection>

/** Lines of one section within `budget` bytes. */
function renderSection(s: Part, budget: number): string[] {
  const out: string[] = []
  let used = 0
  const add = (...lines: string[]) => {
    for (const line of lines) {
      out.push(line)
      used += bytes(line)
    }
  }
  if (s.heading) add(`#### ${summaryText(s.heading)}`, '')
  for (const t of s.text ?? []) if (used + bytes(t) < budget) add(t, '')
  if (!s.table) return out
  const { header, rows } = s.table
  if (rows.length === 0) {
    add('_None._', '')
    return out
  }
  const fold = rows.length > FOLD_ROWS
  if (fold) add(`<details${s.open ? ' open' : ''}><summary>${rows.length} rows</summary>`, '')
  add(row(header), `| ${header.map(() => '---').join(' | ')} |`)
  // Room kept for the closing lines and the note on rows left out.
  const reserve = 400
  let shown = 0
  for (const r of rows.slice(0, MAX_SUMMARY_ROWS)) {
    const line = row(r)
    if (used + bytes(line) + reserve > budget) break
    add(line)
    shown++
  }
  add('')
  if (shown < rows.length)
    add(
      `_…and ${rows.length - shown} more (left out of this summary; the full list is in the file named by the \`result-file\` output)._`,
      '',
    )
  if (fold) add('</details>', '')
  return out
}

/** The failure as the summary shows it: its first line, at most this long. */
const MAX_FAILURE_CHARS = 2000

/**
 * The summary with the reason the step failed as its first paragraph (escaped, cut to
 * MAX_FAILURE_CHARS), whatever else it holds: a summary that would be too large keeps it. An
 * operation's own `⛔ <failure>` paragraph is not repeated.
 */
export function withFailureFirst(
  s: Summary | undefined,
  failure: string,
  heading = 'The step failed',
): Summary {
  const cut = failure.length > MAX_FAILURE_CHARS ? `${failure.slice(0, MAX_FAILURE_CHARS - 1)}…` : failure
  const text = (s?.text ?? []).filter((t) => t !== `⛔ ${failure}`)
  return { ...(s ?? { heading }), text: [`⛔ ${summaryText(cut)}`, ...text] }
}

/** Markdown for the job summary, at most `maxBytes` bytes in UTF-8. */
export function renderSummary(s: Summary, maxBytes = MAX_SUMMARY_BYTES): string {
  const head = renderSection({ text: s.text }, maxBytes / 4)
  const out = [`### ${summaryText(s.heading)}`, '', ...head]
  let used = out.reduce((n, l) => n + bytes(l), 0)
  const sections: Part[] = [...(s.table ? [{ table: s.table }] : []), ...(s.sections ?? [])]
  // Each section gets an equal share of what is left; what one does not use goes to the next.
  for (const [i, section] of sections.entries()) {
    const lines = renderSection(section, Math.floor((maxBytes - used) / (sections.length - i)))
    out.push(...lines)
    used += lines.reduce((n, l) => n + bytes(l), 0)
  }
  return out.join('\n')
}
