/**
 * A negating name pattern written positively, for the input error that refuses it: the
 * `name-pattern` and `exclude` that select the same runners without a negation. Pure.
 *
 * `pre[!set]post` matches the names of `pre?post` that `pre[set]post` does not match; with
 * several negated classes, a name must miss each of them (one exclude entry per class, the other
 * classes `?`). `pre!(x)post` matches the names of `pre*post` that `pre@(x)post` does not.
 */

/** A negated character class (`[!…]`, `[^…]`) or a negated extglob (`!(…)`, no nesting). */
const NEGATION = /\[[!^]((?:\\.|[^\]\\])+)\]|!\(([^()]*)\)/g

export interface PositiveForm {
  namePattern: string
  exclude: string[]
}

/** `[a]` → `a`, `@(prod)` → `prod`: a one-choice class or group is its text (when that is plain). */
function simplify(glob: string): string {
  return glob
    .replace(/\[([^\]\\*?[{}()!^|@+-])\]/g, '$1')
    .replace(/@\(([^()|*?[\]{}!]*)\)/g, '$1')
    .replace(/\*{2,}/g, '*')
}

/** The positive form of `glob`, or undefined when it has no negated class or extglob. */
export function positiveForm(glob: string): PositiveForm | undefined {
  const negations = [...glob.matchAll(NEGATION)]
  if (negations.length === 0) return undefined
  const spell = (keep: number | undefined) => {
    let out = ''
    let at = 0
    for (const [i, m] of negations.entries()) {
      const [whole, set, group] = m
      out += glob.slice(at, m.index)
      if (set !== undefined) out += i === keep ? `[${set}]` : '?'
      else out += i === keep ? `@(${group})` : '*'
      at = m.index + whole.length
    }
    return simplify(out + glob.slice(at))
  }
  const all = spell(undefined)
  // `?*` is any name at all: runner names are never empty.
  return { namePattern: all === '?*' ? '*' : all, exclude: negations.map((_, i) => spell(i)) }
}
