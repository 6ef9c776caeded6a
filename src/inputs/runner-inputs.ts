/**
 * Inputs that name runners and labels: `runner-id` / `runner-name` (one runner), `runner-name`
 * as a new runner's name, and `labels`. Checked against what GitHub accepts, before any request.
 */
import { InputError } from '../errors.js'
import { DEFAULT_IDLE_FOR } from '../decisions/idle-watch.js'
import { given, list, parseList, reader, text, whole, type InputReader } from './read.js'

/** One runner, by id or by name (GitHub compares names case-insensitively). */
export type RunnerRef = { id: number; name?: undefined } | { name: string; id?: undefined }

const MAX_LABELS = 100
/** GitHub refuses runner names longer than this. */
export const MAX_RUNNER_NAME = 64
/** Characters GitHub's runner service refuses in a runner name (plus control characters). */
const RUNNER_NAME_FORBIDDEN = /["/\\[\]:;|=,+*?<>@]/
const MAX_LABEL = 256
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

function parseRunnerId(value: string, input = 'runner-id'): number {
  if (!/^[1-9]\d*$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InputError(input, `'${value}' is not a runner id (a positive whole number)`)
  }
  return Number(value)
}

export function checkRunnerName(name: string, input = 'runner-name'): string {
  if (name.length > MAX_RUNNER_NAME) {
    throw new InputError(
      input,
      `'${name}' is ${name.length} characters long; GitHub allows at most ${MAX_RUNNER_NAME}`,
    )
  }
  if (RUNNER_NAME_FORBIDDEN.test(name) || CONTROL.test(name)) {
    throw new InputError(
      input,
      `'${name}' contains characters GitHub does not accept in a runner name (" / \\ [ ] : ; | = , + * ? < > @ or control characters)`,
    )
  }
  return name
}

export function checkLabels(labels: string[], input = 'labels'): string[] {
  if (labels.length > MAX_LABELS) {
    throw new InputError(input, `${labels.length} labels given; a runner can have at most ${MAX_LABELS}`)
  }
  for (const l of labels) {
    if (l.length > MAX_LABEL)
      throw new InputError(input, `label '${l.slice(0, 40)}…' is longer than ${MAX_LABEL} characters`)
    if (CONTROL.test(l)) throw new InputError(input, `label '${l}' contains control characters`)
    if (l === '.' || l === '..') throw new InputError(input, `'${l}' is not a label name`)
  }
  return labels
}

/** `runner-id` or `runner-name` (not both); `undefined` when neither is set. */
export const optionalRunner: InputReader<RunnerRef | undefined> = {
  names: ['runner-id', 'runner-name'],
  read: (values) => {
    const id = given(values, 'runner-id')
    const name = given(values, 'runner-name')
    if (id !== undefined && name !== undefined)
      throw new InputError('runner-id', 'set runner-id or runner-name, not both')
    if (id !== undefined) return { id: parseRunnerId(id) }
    if (name !== undefined) return { name: checkRunnerName(name) }
    return undefined
  },
}

/** `runner-id` or `runner-name`: exactly one. */
export const runner: InputReader<RunnerRef> = {
  names: optionalRunner.names,
  read: (values, ctx) => {
    const ref = optionalRunner.read(values, ctx)
    if (ref === undefined)
      throw new InputError('runner-id', `${ctx.operation} needs runner-id or runner-name`)
    return ref
  },
}

/** A name for a new runner (`runner-name`), checked as GitHub checks it. */
export const newRunnerName = text('runner-name', (v, input) => checkRunnerName(v, input))

/** `labels`: label names (at most 100, each at most 256 characters); `undefined` when not set. */
export const labels = list('labels', checkLabels)

/** `labels`, required: at least one. */
export const requiredLabels = reader('labels', (v, ctx) => {
  const names = v === undefined ? [] : checkLabels(parseList(v))
  if (names.length === 0) throw new InputError('labels', `${ctx.operation} needs at least one label`)
  return names
})

/**
 * `idle-for` (prune-runners, drain-runners): seconds an online runner must have been seen idle,
 * at two looks that far apart, before it is deleted (src/decisions/idle-watch.ts); 0 for none.
 */
export const idleFor = whole('idle-for', { min: 0, max: 3600 }, DEFAULT_IDLE_FOR)
