/**
 * Text from GitHub (runner names, labels, group names, error messages) printed by a step: in
 * the log it must never become a workflow command, in the job summary never a link, an image
 * or HTML. Pure.
 *
 * - `logText`: the runner reads a line that starts with `::` as a command (`::warning::`,
 *   `::add-mask::`, `::stop-commands::`) and `##[` anywhere in a line as a legacy one
 *   (`##[error]`, `##[group]`). Every `::` and `##[` gets a zero-width space (U+200B) between
 *   its characters, and control characters other than the newline are shown as `\uXXXX`, so
 *   no line of the text, after any newline, is a command.
 * - `summaryText`: markdown that shows the text as it is: HTML is escaped (`&lt;img`), the
 *   characters that make links, images, emphasis, code, math and table cells are escaped with
 *   a backslash, autolinks (`https://`, `www.`) are broken, and newlines become spaces (one
 *   paragraph, one table cell).
 */
import type { Cell } from '../registry/operation-result.js'

const ZERO_WIDTH_SPACE = '\u200b'

const controlChar = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`

/** Text for the log (a message, a line, or several lines): no workflow command in any line. */
export function logText(text: string): string {
  return (
    text
      .replace(/\r\n/g, '\n')
      // eslint-disable-next-line no-control-regex -- control characters are what this shows visibly
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f\u0085\u2028\u2029]/g, controlChar)
      .replace(/:(?=:)/g, `:${ZERO_WIDTH_SPACE}`)
      .replace(/#(?=#\[)/g, `#${ZERO_WIDTH_SPACE}`)
  )
}

/** Text for the job summary (a table cell, or a name within a paragraph): shown, never rendered. */
export function summaryText(value: Cell): string {
  return (
    String(value)
      .replace(/[\r\n\u0085\u2028\u2029]+/g, ' ')
      // eslint-disable-next-line no-control-regex -- control characters are what this shows visibly
      .replace(/[\u0000-\u001f\u007f]/g, controlChar)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[\\`*_~[\]|$]/g, '\\$&')
      .replace(/:\/\//g, ':\\/\\/')
      .replace(/(www)\./gi, '$1\\.')
  )
}
