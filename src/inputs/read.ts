/**
 * Input readers: how an operation declares the inputs it reads. A reader names the action.yml
 * inputs it reads and turns their text into a typed value, or throws an InputError naming the
 * input and what it allows. Readers run before any request, and only the readers of the
 * operation being run: an input another operation reads is never validated here.
 *
 * Conventions: an empty input is "not set" (`undefined`, or the reader's default); lists split
 * on commas and newlines with blanks dropped; booleans are YAML 1.2 core booleans, as
 * `core.getBooleanInput` reads them; choices are case-insensitive and listed in the error.
 */
import { InputError } from '../errors.js'
import type { Target } from '../github/target.js'

/** The step's inputs by their action.yml names, as the runner passed them (`INPUT_*`). */
export type InputValues = Readonly<Record<string, string>>

/** What a reader may look at besides the inputs: the operation, its target, the environment. */
export interface ReadContext {
  operation: string
  target: Target
  /** repository, organization or enterprise was given (not the workflow's own repository by default). */
  explicitScope: boolean
  env: NodeJS.ProcessEnv
}

export interface InputReader<T> {
  /** The action.yml inputs this reader reads. */
  readonly names: readonly string[]
  read(values: InputValues, ctx: ReadContext): T
}

/** An input's trimmed value; '' (not set) is `undefined`. */
export function given(values: InputValues, name: string): string | undefined {
  const v = (values[name] ?? '').trim()
  return v === '' ? undefined : v
}

/** A reader of one input: `parse` gets its trimmed value (`undefined` when not set). */
export function reader<T>(
  name: string,
  parse: (value: string | undefined, ctx: ReadContext) => T,
): InputReader<T> {
  return { names: [name], read: (values, ctx) => parse(given(values, name), ctx) }
}

export function parseList(raw: string): string[] {
  return raw
    .split(/[\n,]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}

/** A whole number within [min, max]. */
export function parseWhole(input: string, value: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(value)) throw new InputError(input, `'${value}' is not a whole number`)
  const n = Number(value)
  if (n < min || n > max) throw new InputError(input, `${n} is outside ${min} to ${max}`)
  return n
}

/** YAML 1.2 core-schema booleans, as core.getBooleanInput reads them. */
function parseBoolean(input: string, value: string): boolean {
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  throw new InputError(input, `'${value}' is not a boolean (true or false)`)
}

/** Free text; `check` may refuse or normalise it. */
export function text(name: string, check?: (value: string, input: string) => string) {
  return reader(name, (v) => (v === undefined ? undefined : check ? check(v, name) : v))
}

/**
 * A list (commas and newlines); `undefined` when the input is not set. A value that names
 * nothing (`,` or blanks) is an input error, never "the empty list": setting a list to empty
 * would clear what the list replaces.
 */
export function list(name: string, check?: (items: string[], input: string) => string[]) {
  return reader(name, (v) => {
    if (v === undefined) return undefined
    const items = parseGivenList(name, v)
    return check ? check(items, name) : items
  })
}

/** A list input that is set: at least one item, or an input error. */
export function parseGivenList(name: string, value: string): string[] {
  const items = parseList(value)
  if (items.length === 0)
    throw new InputError(name, `'${value}' names nothing; leave ${name} empty to leave it unset`)
  return items
}

export function flag(name: string, fallback: boolean): InputReader<boolean> {
  return reader(name, (v) => (v === undefined ? fallback : parseBoolean(name, v)))
}

export function optionalFlag(name: string): InputReader<boolean | undefined> {
  return reader(name, (v) => (v === undefined ? undefined : parseBoolean(name, v)))
}

export function whole(name: string, range: { min: number; max: number }, fallback: number) {
  return reader(name, (v) => (v === undefined ? fallback : parseWhole(name, v, range.min, range.max)))
}

export function optionalWhole(name: string, range: { min: number; max: number }) {
  return reader(name, (v) => (v === undefined ? undefined : parseWhole(name, v, range.min, range.max)))
}

/** One of `allowed` (case-insensitive); `undefined` when not set. */
export function choice<T extends string>(name: string, allowed: readonly T[]): InputReader<T | undefined> {
  return reader(name, (v) => {
    if (v === undefined) return undefined
    const hit = allowed.find((a) => a === v.toLowerCase())
    if (!hit) throw new InputError(name, `'${v}' is not one of ${allowed.join(', ')}`)
    return hit
  })
}

/** `r`'s value, or `fallback` when the input is not set. */
export function withDefault<T>(r: InputReader<T | undefined>, fallback: T): InputReader<T> {
  return { names: r.names, read: (values, ctx) => r.read(values, ctx) ?? fallback }
}

/** `r`'s value; not set is an input error saying what the operation needs (`hint` says what to give). */
export function required<T>(r: InputReader<T | undefined>, hint = ''): InputReader<T> {
  const name = r.names[0]!
  return {
    names: r.names,
    read: (values, ctx) => {
      const v = r.read(values, ctx)
      if (v === undefined) throw new InputError(name, `${ctx.operation} needs ${name}${hint}`)
      return v
    },
  }
}
