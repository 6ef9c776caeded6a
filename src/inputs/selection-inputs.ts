/**
 * The selection input group: `status`, `busy`, `name-pattern`, `has-labels` (and `labels` where
 * it means the same) and `exclude`. Any operation that acts on many runners declares it; the
 * runners it picks are decided by `runnerMatcher` (src/runner-filter.ts).
 */
import { InputError } from '../errors.js'
import type { BusyFilter, Selection, StatusFilter } from '../runner-filter.js'
import { choice, given, parseList, type InputReader, type ReadContext } from './read.js'
import { checkLabels } from './runner-inputs.js'

export interface SelectionInput extends Selection {
  /** At least one of name-pattern, has-labels (labels), status, busy was given. */
  narrowed: boolean
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
 * A glob list of the selection. An entry starting with '!' is refused: name patterns add up,
 * so a negated one would select every runner it does not match; names to leave out go in
 * `exclude`, as they are.
 */
function selectionGlobs(input: 'name-pattern' | 'exclude', raw: string | undefined): string[] {
  const globs = parseGlobList(input, raw ?? '')
  const negated = globs.find((g) => g.startsWith('!'))
  if (negated !== undefined) {
    const plain = negated.replace(/^!+/, '')
    throw new InputError(
      input,
      input === 'name-pattern'
        ? `'${negated}' starts with '!': patterns add up, so it would select every runner it does not match. Put ${plain} in exclude instead.`
        : `'${negated}' starts with '!': exclude lists the names never selected, as they are. Write ${plain} without '!'.`,
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
    names: ['status', 'busy', 'name-pattern', ...labelInputs, 'exclude'],
    read: (values, ctx) => {
      const hasLabels = labelInputs.flatMap((input) =>
        checkLabels(parseList(given(values, input) ?? ''), input),
      )
      const s = status.read(values, ctx)
      const b = busy.read(values, ctx)
      const namePatterns = selectionGlobs('name-pattern', given(values, 'name-pattern'))
      return {
        status: s ?? options.status ?? 'any',
        busy: b ?? 'any',
        namePatterns,
        hasLabels,
        exclude: selectionGlobs('exclude', given(values, 'exclude')),
        narrowed: s !== undefined || b !== undefined || namePatterns.length > 0 || hasLabels.length > 0,
      }
    },
  }
}
