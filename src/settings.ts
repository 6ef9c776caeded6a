/**
 * The one place that reads the action's inputs. Everything else works from the typed
 * `Settings` object built here, so input checks happen once, before any request.
 *
 * Conventions: an empty input means "not set" (`undefined`); lists split on commas and
 * newlines with blanks dropped; enums and numbers are checked with a message that names the
 * input and what it allows. Per-operation requirements (this operation needs a runner...)
 * are checked by the operation table's `validate`, still before any request.
 */
import { InputError } from './errors.js'
import { OPERATION_NAMES, type OperationName } from './operation-names.js'

/** Reads one raw input by its action.yml name; '' when unset. */
export type InputSource = (name: string) => string

export type RunnerStatusFilter = 'online' | 'offline' | 'any'
export type BusyFilter = 'true' | 'false' | 'any'
export type WaitFor = 'online' | 'idle' | 'busy' | 'offline' | 'absent'

export interface TargetInputs {
  repository?: string
  organization?: string
  enterprise?: string
}

export interface Settings {
  operation: OperationName
  target: TargetInputs
  token?: string
  /** app-id + private-key (+ installation-id): authenticate as a GitHub App instead of `token`. */
  app?: { appId: string; privateKey: string; installationId?: number }
  apiUrl: string
  /** The workflow's own repository (GITHUB_REPOSITORY), used when no scope input is set. */
  defaultRepository?: string
  /** GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT, for names unique to the run. */
  run: { id?: string; attempt?: string }

  runnerId?: number
  runnerName?: string
  /** `labels` as a list; `labelsSet` tells "empty" from "not given" (set-labels with '' clears). */
  labels: string[]
  labelsSet: boolean
  runnerGroup?: string
  workFolder?: string

  status?: RunnerStatusFilter
  busy?: BusyFilter
  namePatterns: string[]
  exclude: string[]
  maxDeletions: number
  dryRun: boolean
  gracePeriod: number

  waitFor: WaitFor
  timeout: number
  pollInterval: number

  os?: string
  architecture?: string

  // Runner groups
  /** create-runner-group: the name; update-runner-group: the new name. */
  runnerGroupName?: string
  visibility?: 'all' | 'selected' | 'private'
  /** Repositories (`owner/repo`, a name in the organization, or an id); `undefined` when not given. */
  repositories?: string[]
  /** Organizations (logins or ids); `undefined` when not given. */
  organizations?: string[]
  /** Runners (ids or names); `undefined` when not given. */
  runners?: string[]
  allowsPublicRepositories?: boolean
  restrictedToWorkflows?: boolean
  selectedWorkflows?: string[]
  networkConfigurationId?: string

  // GitHub-hosted runners
  /** A hosted runner by id or name. */
  hostedRunner?: string
  /** create-hosted-runner: the name; update-hosted-runner: the new name. */
  hostedRunnerName?: string
  image?: string
  imageSource?: 'github' | 'partner' | 'custom'
  imageVersion?: string
  size?: string
  maximumRunners?: number
  enableStaticIp?: boolean
  imageGen?: boolean
  /** A custom image definition by id or name. */
  customImage?: string
}

export const MAX_LABELS = 100
/** GitHub refuses runner names longer than this. */
export const MAX_RUNNER_NAME = 64
/** Characters GitHub's runner service refuses in a runner name (plus control characters). */
const RUNNER_NAME_FORBIDDEN = /["/\\[\]:;|=,+*?<>@]/
const MAX_LABEL = 256

export function parseList(raw: string): string[] {
  return raw
    .split(/[\n,]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}

/** A list input, or `undefined` when it is not given at all ('' is "not given"). */
function optionalList(raw: string): string[] | undefined {
  return raw.trim() === '' ? undefined : parseList(raw)
}

function optionalInteger(input: string, raw: string, min: number, max?: number): number | undefined {
  return raw.trim() === '' ? undefined : parseInteger(input, raw, 0, min, max)
}

function optionalBoolean(input: string, raw: string): boolean | undefined {
  return raw.trim() === '' ? undefined : parseBoolean(input, raw, false)
}

/** A GitHub-hosted runner's name: 1 to 64 of a-z A-Z 0-9 . - _ (what GitHub accepts). */
export function checkHostedRunnerName(
  name: string | undefined,
  input = 'hosted-runner-name',
): string | undefined {
  if (name === undefined) return undefined
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) {
    throw new InputError(
      input,
      `'${name}' is not a hosted runner name: 1 to 64 characters of a-z, A-Z, 0-9, '.', '-' and '_'`,
    )
  }
  return name
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

function optional(raw: string): string | undefined {
  const v = raw.trim()
  return v === '' ? undefined : v
}

function oneOf<T extends string>(input: string, raw: string, allowed: readonly T[]): T | undefined {
  const v = optional(raw)
  if (v === undefined) return undefined
  const hit = allowed.find((a) => a === v.toLowerCase())
  if (!hit) throw new InputError(input, `'${v}' is not one of ${allowed.join(', ')}`)
  return hit
}

/** A whole number within [min, max]; '' gives `fallback`. */
export function parseInteger(
  input: string,
  raw: string,
  fallback: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
) {
  const v = optional(raw)
  if (v === undefined) return fallback
  if (!/^\d+$/.test(v)) throw new InputError(input, `'${v}' is not a whole number`)
  const n = Number(v)
  if (n < min || n > max) throw new InputError(input, `${n} is outside ${min} to ${max}`)
  return n
}

/** YAML 1.2 core-schema booleans, as core.getBooleanInput reads them; '' gives `fallback`. */
export function parseBoolean(input: string, raw: string, fallback: boolean): boolean {
  const v = optional(raw)
  if (v === undefined) return fallback
  if (['true', 'True', 'TRUE'].includes(v)) return true
  if (['false', 'False', 'FALSE'].includes(v)) return false
  throw new InputError(input, `'${v}' is not a boolean (true or false)`)
}

export function parseRunnerId(raw: string, input = 'runner-id'): number | undefined {
  const v = optional(raw)
  if (v === undefined) return undefined
  if (!/^[1-9]\d*$/.test(v) || !Number.isSafeInteger(Number(v))) {
    throw new InputError(input, `'${v}' is not a runner id (a positive whole number)`)
  }
  return Number(v)
}

export function checkRunnerName(name: string, input = 'runner-name'): string {
  if (name.length > MAX_RUNNER_NAME) {
    throw new InputError(
      input,
      `'${name}' is ${name.length} characters long; GitHub allows at most ${MAX_RUNNER_NAME}`,
    )
  }
  // eslint-disable-next-line no-control-regex
  if (RUNNER_NAME_FORBIDDEN.test(name) || /[\u0000-\u001f\u007f]/.test(name)) {
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
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(l))
      throw new InputError(input, `label '${l}' contains control characters`)
  }
  return labels
}

function checkOperation(raw: string): OperationName {
  const v = optional(raw)
  if (v === undefined) throw new InputError('operation', `required; one of: ${OPERATION_NAMES.join(', ')}`)
  const op = OPERATION_NAMES.find((o) => o === v.toLowerCase())
  if (!op)
    throw new InputError(
      'operation',
      `'${v}' is not an operation; valid operations: ${OPERATION_NAMES.join(', ')}`,
    )
  return op
}

/** The private key as PEM; `\n` escapes (a key pasted into a one-line secret) become newlines. */
export function normalizePrivateKey(raw: string): string {
  const key = raw.includes('\\n') && !raw.includes('\n') ? raw.replace(/\\n/g, '\n') : raw
  const trimmed = key.trim()
  if (!/^-----BEGIN (RSA )?PRIVATE KEY-----\n[\s\S]+\n-----END (RSA )?PRIVATE KEY-----$/.test(trimmed)) {
    throw new InputError(
      'private-key',
      'not a PEM private key (-----BEGIN RSA PRIVATE KEY----- ... as GitHub downloads it)',
    )
  }
  return `${trimmed}\n`
}

function readApp(input: InputSource): Settings['app'] {
  const appId = optional(input('app-id'))
  const key = optional(input('private-key'))
  const installation = optional(input('installation-id'))
  if (appId === undefined) {
    if (key !== undefined)
      throw new InputError('app-id', 'private-key is set: set app-id too (the GitHub App’s id or client id)')
    if (installation !== undefined)
      throw new InputError('app-id', 'installation-id is set: set app-id and private-key too')
    return undefined
  }
  if (!/^(\d+|Iv[0-9A-Za-z.]+)$/.test(appId))
    throw new InputError('app-id', `'${appId}' is not a GitHub App id or client id`)
  if (key === undefined)
    throw new InputError('private-key', 'app-id is set: pass the App’s private key (a PEM, from a secret)')
  return {
    appId,
    privateKey: normalizePrivateKey(input('private-key')),
    installationId: optionalInteger('installation-id', installation ?? '', 1),
  }
}

export function readSettings(input: InputSource, env: NodeJS.ProcessEnv = process.env): Settings {
  const operation = checkOperation(input('operation'))
  const runnerName = optional(input('runner-name'))
  const labelsRaw = input('labels')
  const labels = checkLabels(parseList(labelsRaw))
  const apiUrl = optional(input('api-url')) ?? env.GITHUB_API_URL ?? 'https://api.github.com'
  if (!/^https?:\/\/[^/\s]+/i.test(apiUrl)) {
    throw new InputError(
      'api-url',
      `'${apiUrl}' is not an http(s) URL (e.g. https://api.github.com, https://HOST/api/v3)`,
    )
  }
  return {
    operation,
    target: {
      repository: optional(input('repository')),
      organization: optional(input('organization')),
      enterprise: optional(input('enterprise')),
    },
    token: optional(input('token')),
    app: readApp(input),
    apiUrl: apiUrl.replace(/\/+$/, ''),
    defaultRepository: optional(env.GITHUB_REPOSITORY ?? ''),
    run: { id: optional(env.GITHUB_RUN_ID ?? ''), attempt: optional(env.GITHUB_RUN_ATTEMPT ?? '') },

    runnerId: parseRunnerId(input('runner-id')),
    runnerName: runnerName === undefined ? undefined : checkRunnerName(runnerName),
    labels,
    labelsSet: labelsRaw.trim() !== '',
    runnerGroup: optional(input('runner-group')),
    workFolder: optional(input('work-folder')),

    status: oneOf('status', input('status'), ['online', 'offline', 'any'] as const),
    busy: oneOf('busy', input('busy'), ['true', 'false', 'any'] as const),
    namePatterns: parseGlobList('name-pattern', input('name-pattern')),
    exclude: parseGlobList('exclude', input('exclude')),
    maxDeletions: parseInteger('max-deletions', input('max-deletions'), 100, 1, 100_000),
    dryRun: parseBoolean('dry-run', input('dry-run'), false),
    gracePeriod: parseInteger('grace-period', input('grace-period'), 0, 0, 3600),

    waitFor:
      oneOf('wait-for', input('wait-for'), ['online', 'idle', 'busy', 'offline', 'absent'] as const) ??
      'online',
    timeout: parseInteger('timeout', input('timeout'), 300, 1, 6 * 3600),
    pollInterval: parseInteger('poll-interval', input('poll-interval'), 10, 1, 3600),

    os: optional(input('os'))?.toLowerCase(),
    architecture: optional(input('architecture'))?.toLowerCase(),

    runnerGroupName: optional(input('runner-group-name')),
    visibility: oneOf('visibility', input('visibility'), ['all', 'selected', 'private'] as const),
    repositories: optionalList(input('repositories')),
    organizations: optionalList(input('organizations')),
    runners: optionalList(input('runners')),
    allowsPublicRepositories: optionalBoolean(
      'allows-public-repositories',
      input('allows-public-repositories'),
    ),
    restrictedToWorkflows: optionalBoolean('restricted-to-workflows', input('restricted-to-workflows')),
    selectedWorkflows: optionalList(input('selected-workflows')),
    networkConfigurationId: optional(input('network-configuration-id')),

    hostedRunner: optional(input('hosted-runner')),
    hostedRunnerName: checkHostedRunnerName(optional(input('hosted-runner-name'))),
    image: optional(input('image')),
    imageSource: oneOf('image-source', input('image-source'), ['github', 'partner', 'custom'] as const),
    imageVersion: optional(input('image-version')),
    size: optional(input('size')),
    maximumRunners: optionalInteger('maximum-runners', input('maximum-runners'), 1, 100_000),
    enableStaticIp: optionalBoolean('enable-static-ip', input('enable-static-ip')),
    imageGen: optionalBoolean('image-gen', input('image-gen')),
    customImage: optional(input('custom-image')),
  }
}
