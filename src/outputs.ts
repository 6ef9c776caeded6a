/**
 * Writes an operation's outputs and job summary. Secrets are registered with `setSecret`
 * before anything is written; outputs are strings (JSON for structured values); the summary
 * is size-guarded (GitHub refuses step summaries over 1 MiB).
 */
import type * as coreModule from '@actions/core'
import type { Cell, OperationResult, Summary } from './operations/types.js'

type Core = Pick<typeof coreModule, 'setSecret' | 'setOutput' | 'warning' | 'error' | 'info' | 'summary'>

/** Rows shown in a summary table; a larger list says how many more there are. */
export const MAX_SUMMARY_ROWS = 500
const MAX_SUMMARY_CHARS = 900_000

function toOutput(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

export async function publish(
  core: Core,
  r: OperationResult,
  secrets: readonly string[] = [],
): Promise<void> {
  for (const s of [...secrets, ...(r.secrets ?? [])]) if (s) core.setSecret(s)
  for (const [name, value] of Object.entries(r.outputs)) core.setOutput(name, toOutput(value))
  core.setOutput('result', toOutput(r.result ?? null))
  for (const w of r.warnings ?? []) core.warning(w)
  for (const e of r.errors ?? []) core.error(e)
  if (r.summary) {
    const md = renderSummary(r.summary)
    core.info(md.replace(/<[^>]+>/g, ''))
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(md, true).write()
  }
}

function escapeCell(c: Cell): string {
  return String(c)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ')
}

/** Markdown for the job summary: a heading, paragraphs and a table of at most MAX_SUMMARY_ROWS rows. */
export function renderSummary(s: Summary): string {
  const out = [`### ${s.heading}`, '']
  for (const t of s.text ?? []) out.push(t, '')
  if (s.table) {
    const { header, rows } = s.table
    if (rows.length === 0) out.push('_None._', '')
    else {
      out.push(`| ${header.map(escapeCell).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`)
      let size = out.join('\n').length
      let shown = 0
      for (const row of rows.slice(0, MAX_SUMMARY_ROWS)) {
        const line = `| ${row.map(escapeCell).join(' | ')} |`
        if (size + line.length > MAX_SUMMARY_CHARS) break
        out.push(line)
        size += line.length + 1
        shown++
      }
      out.push('')
      if (shown < rows.length)
        out.push(`_…and ${rows.length - shown} more (the full list is in the outputs)._`, '')
    }
  }
  return out.join('\n')
}
