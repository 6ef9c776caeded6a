/**
 * The selection input group: `status`, `busy`, `name-pattern`, `has-labels` (and `labels` where
 * it means the same), `exclude`, `offline-for`, and the `ledger` it is measured by. Any
 * operation that acts on many runners declares it; the runners it picks are decided by
 * `runnerMatcher` (src/decisions/runner-filter.ts). The operation framework opens the ledger.
 */
import { InputError } from '../errors.js'
import { workspacePath } from '../ledger/ledger-file.js'
import type { BusyFilter, Selection, StatusFilter } from '../decisions/runner-filter.js'
import { positiveForm } from './negation-advice.js'
import {
  choice,
  given,
  parseList,
  whole,
  type InputReader,
  type InputValues,
  type ReadContext,
} from './read.js'
import { checkLabels, optionalRunner, type RunnerRef } from './runner-inputs.js'

export interface SelectionInput extends Selection {
  /** At least one of name-pattern, has-labels (labels), status, busy, offline-for was given. */
  narrowed: boolean
  /** The `ledger` file (absolute path), when given. */
  ledger: string | undefined
}

const DURATION_UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }

/** A duration (`90m`, `36h`, `14d`, `3600s` or seconds) in seconds: at least 1 second, at most 10 years. */
export function parseDuration(input: string, value: string): number {
  const m = /^(\d+)\s*([smhd]?)$/i.exec(value)
  if (!m)
    throw new InputError(
      input,
      `'${value}' is not a duration: write seconds, or a number with m, h or d (90m, 36h, 14d)`,
    )
  const seconds = Number(m[1]) * DURATION_UNITS[m[2]!.toLowerCase()]!
  if (seconds < 1 || seconds > 3650 * 86_400)
    throw new InputError(input, `'${value}' is outside 1 second to 3650 days`)
  return seconds
}

/** `offline-for` and `ledger`: the first needs the second. */
function readLedgerInputs(values: InputValues, ctx: ReadContext) {
  const path = given(values, 'ledger')
  const offlineFor = given(values, 'offline-for')
  if (offlineFor !== undefined && path === undefined) {
    throw new InputError(
      'offline-for',
      'needs ledger: only the ledger knows since when a runner has been offline (GitHub says only whether it is offline now)',
    )
  }
  return {
    ledger: path === undefined ? undefined : workspacePath(path, ctx.env),
    offlineFor: offlineFor === undefined ? undefined : { seconds: parseDuration('offline-for', offlineFor) },
  }
}

/**
 * A list of globs: like parseList, but a comma inside braces belongs to the glob
 * (`build-{1,2}` is one pattern). Unbalanced braces are an input error.
 */
export function parseGlobList(input: string, raw: string): string[] {
  const globs: string[] = []
  for (const line of raw.split('\n')) {
    let depth = 0
    let current = ''
    for (const ch of line) {
      if (ch === '{') depth++
      if (ch === '}') depth--
      if (depth < 0) break
      if (ch === ',' && depth === 0) {
        globs.push(current)
        current = ''
      } else current += ch
    }
    if (depth !== 0) throw new InputError(input, `'${line.trim()}' has unbalanced braces`)
    globs.push(current)
  }
  return globs.map((g) => g.trim()).filter((g) => g.length > 0)
}

/**
 * A glob list of the selection (of runner names, or of `what` else). Nothing in it may negate: name patterns add up, so a negated
 * entry (`!ci-prod-*`), a negated extglob (`!(…)`) or a negated character class (`[!p]`,
 * `[^p]`) would select every runner it does not match; names to leave out go in `exclude`, as
 * they are. Invisible characters (a zero-width space pasted with a name) are refused too: such a
 * pattern would match nothing and protect nothing.
 */
export function selectionGlobs(
  input: 'name-pattern' | 'exclude',
  raw: string | undefined,
  what = 'runner',
): string[] {
  const globs = parseGlobList(input, raw ?? '')
  for (const g of globs) {
    if (/^!|!\(|\[[!^]/.test(g)) {
      const plain = g.replace(/^!+/, '')
      const positive = positiveForm(plain)
      throw new InputError(
        input,
        input === 'exclude'
          ? `'${g}' negates: exclude lists the names never selected, as they are (write ${plain} without '!' or '^').`
          : positive && plain === g
            ? `'${g}' negates: patterns add up, so it would select every ${what} it does not match. ` +
              `Write it positively: name-pattern: ${positive.namePattern} with exclude: ${positive.exclude.join(', ')}.`
            : `'${g}' negates: patterns add up, so it would select every ${what} it does not match. Put the names to leave out (${plain}) in exclude instead.`,
      )
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f\u00a0\u200b-\u200f\u2028-\u202f\u2060\ufeff]/.test(g))
      throw new InputError(
        input,
        `'${g}' contains an invisible or control character; write the names as they are`,
      )
  }
  return globs
}

/** Bulk work never falls back to the workflow's own repository: a forgotten `organization` must not act on the wrong runners. */
export function requireExplicitScope(ctx: ReadContext): void {
  if (!ctx.explicitScope) {
    throw new InputError(
      'repository',
      `${ctx.operation} needs repository, organization or enterprise set explicitly; it never acts on the workflow's own repository by default`,
    )
  }
}

const status = choice<StatusFilter>('status', ['online', 'offline', 'any'])
const busy = choice<BusyFilter>('busy', ['true', 'false', 'any'])

export interface SelectionOptions {
  /** `status` when not given (default `any`). */
  status?: StatusFilter
  /** `labels` selects too, like `has-labels` (list-runners, prune-runners). */
  labelsSelect?: boolean
}

export function selectionInputs(options: SelectionOptions = {}): InputReader<SelectionInput> {
  const labelInputs = options.labelsSelect ? ['has-labels', 'labels'] : ['has-labels']
  return {
    names: ['status', 'busy', 'name-pattern', ...labelInputs, 'exclude', 'offline-for', 'ledger'],
    read: (values, ctx) => {
      const hasLabels = labelInputs.flatMap((input) =>
        checkLabels(parseList(given(values, input) ?? ''), input),
      )
      const s = status.read(values, ctx)
      const b = busy.read(values, ctx)
      const namePatterns = selectionGlobs('name-pattern', given(values, 'name-pattern'))
      const { ledger, offlineFor } = readLedgerInputs(values, ctx)
      if (offlineFor && s === 'online')
        throw new InputError(
          'offline-for',
          'selects offline runners only, and status: online none of them: drop one of the two',
        )
      return {
        status: s ?? options.status ?? 'any',
        busy: b ?? 'any',
        namePatterns,
        hasLabels,
        exclude: selectionGlobs('exclude', given(values, 'exclude')),
        offlineFor,
        ledger,
        narrowed:
          s !== undefined ||
          b !== undefined ||
          namePatterns.length > 0 ||
          hasLabels.length > 0 ||
          offlineFor !== undefined,
      }
    },
  }
}

/** `max-runners`: the most runners one bulk change may touch (default 100). */
export const maxRunners = whole('max-runners', { min: 1, max: 100_000 }, 100)

/** Which runners a change acts on: one runner by id or name, or every runner a selection picks. */
export type RunnerChoice =
  { runner: RunnerRef; selection?: undefined } | { runner?: undefined; selection: SelectionInput }

/**
 * `runner-id` / `runner-name`, or a selection (which needs an explicit scope). A bulk change
 * never means "every runner": no runner and no selection is an input error, and so is both.
 */
export const runnerOrSelection: InputReader<RunnerChoice> = (() => {
  const selection = selectionInputs()
  return {
    names: [...optionalRunner.names, ...selection.names],
    read: (values, ctx) => {
      const runner = optionalRunner.read(values, ctx)
      const sel = selection.read(values, ctx)
      const selecting = sel.narrowed || sel.exclude.length > 0
      if (runner && selecting)
        throw new InputError(
          runner.id !== undefined ? 'runner-id' : 'runner-name',
          'set one runner or a selection, not both',
        )
      if (runner) return { runner }
      if (!sel.narrowed) {
        throw new InputError(
          'name-pattern',
          `${ctx.operation} needs runner-id, runner-name or a selection: at least one of name-pattern, has-labels, status, busy, offline-for (a change never means every runner by default)`,
        )
      }
      requireExplicitScope(ctx)
      return { selection: sel }
    },
  }
})()

/** The selection a bulk operation requires (with an explicit scope): never every runner by default. */
export const requiredSelection: InputReader<SelectionInput> = (() => {
  const selection = selectionInputs()
  return {
    names: selection.names,
    read: (values, ctx) => {
      const sel = selection.read(values, ctx)
      if (!sel.narrowed) {
        throw new InputError(
          'name-pattern',
          `${ctx.operation} needs a selection: at least one of name-pattern, has-labels, status, busy, offline-for (it never acts on every runner by default)`,
        )
      }
      requireExplicitScope(ctx)
      return sel
    },
  }
})()
