/**
 * The action's entry: read and check the inputs, pick the operation, authenticate, run it,
 * write outputs and the job summary. The one try/catch that turns any failure into a
 * `setFailed` message a user can act on.
 */
import * as core from '@actions/core'
import { Api } from './github/api.js'
import { beforeDeadline } from './transport/clock.js'
import { checkCredentials, obtainToken } from './github/auth.js'
import { createClient, type ClientOptions } from './transport/client.js'
import { errorMessage, InputError } from './errors.js'
import { saveRunningLedgers } from './ledger/ledger-session.js'
import { closest } from './inputs/closest.js'
import { COMMON_INPUTS, inputsFromEnv, readCommon, type CommonSettings } from './inputs/common.js'
import type { InputValues } from './inputs/read.js'
import type { Operation, PreparedRun, StepContext } from './registry/define.js'
import { ALL_INPUTS, findOperation } from './registry/registry.js'
import type { OperationResult } from './registry/operation-result.js'
import { publish, renderSummary, type ResultOrigin } from './publish/outputs.js'
import { withFailureFirst } from './publish/job-summary.js'
import { logText } from './publish/printable.js'
import { checkScope } from './registry/scope-check.js'
import { scopeKey } from './github/target.js'
import { budgetLine, type RequestBudget } from './transport/rate-budget.js'

export interface RunOptions {
  /** The step's inputs (default: the INPUT_* variables of `env`). */
  inputs?: InputValues
  env?: NodeJS.ProcessEnv
  /** Overrides for the client (tests shrink waits). */
  client?: Partial<ClientOptions>
}

export interface Prepared {
  common: CommonSettings
  op: Operation
  run: PreparedRun
  /** Inputs that are set but that this operation does not read. */
  ignored: string[]
  /** Warnings about the inputs (unread, or unknown to a read-only operation). */
  warnings: string[]
}

/**
 * Inputs that action.yml does not declare (a misspelling such as `dryrun`): an operation that
 * changes or deletes something fails before any request; a read-only one warns.
 */
function checkUnknownInputs(values: InputValues, op: Operation): string[] {
  const unknown = Object.keys(values).filter((name) => !ALL_INPUTS.includes(name))
  const described = unknown.map((name) => {
    const meant = closest(name, ALL_INPUTS)
    return `'${name}'${meant ? ` (did you mean '${meant}'?)` : ''}`
  })
  if (unknown.length === 0) return []
  const what = `${described.join(', ')} ${unknown.length > 1 ? 'are not inputs' : 'is not an input'} of this action`
  if (op.changes) {
    throw new InputError(
      unknown[0]!,
      `${what}; ${op.name} changes things, so it does not run with an input it does not know`,
    )
  }
  return [`${what}; ${unknown.length > 1 ? 'they were' : 'it was'} ignored.`]
}

/** Inputs that narrow or guard a change: a safety its user counts on. */
const GUARDS = new Set([
  'dry-run',
  'exclude',
  'max-deletions',
  'max-runners',
  'grace-period',
  'offline-for',
  'name-pattern',
  'has-labels',
  'status',
  'busy',
  'runner-id',
  'runner-name',
])

/**
 * Inputs that are set but that the operation does not read: a warning, and never validated.
 * But a guard (`dry-run: true`, `exclude`, a cap, a selection) set on an operation that
 * changes something and does not read it would not do what it says: that is an input error.
 */
function unreadInputs(values: InputValues, op: Operation): string[] {
  const reads = new Set<string>([...COMMON_INPUTS, ...op.inputNames])
  const unread = Object.keys(values).filter(
    (name) => ALL_INPUTS.includes(name) && !reads.has(name) && values[name]!.trim() !== '',
  )
  const guard = unread.find(
    (name) => GUARDS.has(name) && !(name === 'dry-run' && /^false$/i.test(values[name]!.trim())),
  )
  if (op.changes && guard !== undefined) {
    throw new InputError(
      guard,
      guard === 'dry-run'
        ? `${op.name} has no dry run: it would change things for real. Remove dry-run, or use an operation that reads it.`
        : `${op.name} does not read ${guard}, so it would not narrow or guard what the step changes. Remove it, or use an operation that reads it.`,
    )
  }
  return unread
}

/** Every input check: nothing here sends a request. */
export function prepare(values: InputValues, env: NodeJS.ProcessEnv): Prepared {
  const op = findOperation(values.operation)
  const unknown = checkUnknownInputs(values, op)
  const common = readCommon(values, env)
  const { target } = common
  checkScope(op, common)
  const ignored = unreadInputs(values, op)
  const run = op.prepare(values, { operation: op.name, target, explicitScope: common.explicitScope, env })
  if (op.reach !== 'files') checkCredentials(common)
  const warnings = [
    ...unknown,
    ...ignored.map((name) => `Input '${name}' is not used by operation ${op.name}; it was ignored.`),
  ]
  return { common, op, run, ignored, warnings }
}

const NO_REQUESTS = AbortSignal.abort(new InputError('operation', 'this operation sends no request'))

/** Where a result came from, for its result file: operations that act on a scope name it. */
export function resultOrigin(p: Prepared): ResultOrigin | undefined {
  return p.op.reach === 'scope' ? { operation: p.op.name, scope: scopeKey(p.common.target) } : undefined
}

/** The operation's request budget, once its client exists: the summary's last line, also when the step fails. */
let stepBudget: RequestBudget | undefined
const budgetNow = (): string | undefined => (stepBudget ? budgetLine(stepBudget.figures()) : undefined)

/**
 * The budget line of a step that failed or was cancelled before its summary: the summary is that
 * line. A step whose inputs failed (`noRequest`) sent none, and says so.
 */
async function publishBudgetAlone(noRequest = false): Promise<void> {
  const line =
    budgetNow() ?? (noRequest ? budgetLine({ requests: 0, notModified: 0, charged: 0 }) : undefined)
  if (!line) return
  core.info(line)
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(`_${line}_`, true).write()
}

/** The minted App token's revocation while an operation runs: a cancelled step revokes it too. */
let revokeOnCancel: (() => Promise<void>) | undefined

/** How long a cancelled step waits for its App token's revocation before it exits. */
const REVOKE_ON_CANCEL_MS = 3000

export async function execute(
  p: Prepared,
  clientOptions: Partial<ClientOptions> = {},
  step: Partial<StepContext> = {},
): Promise<OperationResult> {
  const options = { requestTimeout: p.common.requestTimeout, ...clientOptions, signal: step.signal }
  // Files only: a client that refuses every request, so that none can go out.
  if (p.op.reach === 'files') return runWith(p, 'none', 'token', { ...options, signal: NO_REQUESTS }, step)
  const credentials = await obtainToken(p.common, p.op, options, p.run.orgPermissions)
  revokeOnCancel = () => credentials.revoke()
  try {
    return await runWith(p, credentials.token, credentials.source, options, step)
  } finally {
    revokeOnCancel = undefined
    await credentials
      .revoke()
      .catch((e: unknown) =>
        (clientOptions.log ?? core).warning(`Could not revoke the GitHub App token: ${errorMessage(e)}`),
      )
  }
}

async function runWith(
  p: Prepared,
  token: string,
  source: 'token' | 'app',
  options: Partial<ClientOptions>,
  step: Partial<StepContext>,
): Promise<OperationResult> {
  const { client, budget } = createClient({ ...options, token, apiUrl: p.common.apiUrl })
  stepBudget = budget
  const api = new Api(client, {
    looksLikeWorkflowToken: source === 'token' && token.startsWith('ghs_'),
    app: source === 'app',
    operation: p.op.name,
    orgPermission: p.run.orgPermissions.join(','),
  })
  const log = options.log ?? core
  log.debug(`${p.op.name} at ${p.common.target.scope} via ${p.common.apiUrl}`)
  const stepLog = step.log ?? { info: (m: string) => core.info(m), warning: (m: string) => log.warning(m) }
  const result = await p.run(api, {
    signal: new AbortController().signal,
    checkpoint: () => undefined,
    ...step,
    // Every line an operation logs carries GitHub text: never a workflow command.
    log: { info: (m) => stepLog.info(logText(m)), warning: (m) => stepLog.warning(logText(m)) },
  })
  return { ...result, budget: budgetLine(budget.figures()) }
}

/** Fails the step on an error: the reason in the log (never a workflow command) and in the job summary. */
async function fail(message: string): Promise<void> {
  core.setFailed(logText(message))
  if (process.env.GITHUB_STEP_SUMMARY)
    await core.summary.addRaw(renderSummary(withFailureFirst(undefined, message)), true).write()
}

/**
 * How long a cancelled step waits for the operation to stop (its reads are abandoned at once; a
 * write already sent runs to its answer) before it writes what was done: within the 7.5 s the
 * runner allows between SIGINT and SIGTERM.
 */
const SETTLE_ON_CANCEL_MS = 5000

/**
 * A cancelled job (the runner sends SIGINT, then SIGTERM) stops bulk work before its next
 * change; once the operation has stopped (writes in flight answered, at most
 * SETTLE_ON_CANCEL_MS), it writes the outputs and summary of what was done and the ledger of
 * what it saw, then fails the step.
 * Returns the report's promise (it ends the process), for the main flow to wait on.
 */
function onCancel(
  cancel: AbortController,
  partial: () => OperationResult | undefined,
  publishing: () => Promise<void> | undefined,
  running: () => Promise<unknown> | undefined,
): () => Promise<void> {
  let report: Promise<void> | undefined
  const handler = (signal: NodeJS.Signals) => {
    if (report) return
    cancel.abort()
    saveRunningLedgers((m) => core.warning(m))
    const stopped = beforeDeadline(
      Promise.resolve(running()).catch(() => undefined),
      Date.now() + SETTLE_ON_CANCEL_MS,
    ).catch(() => undefined)
    const written = stopped.then(() => {
      const done = partial()
      const budget = budgetNow()
      return (
        publishing() ??
        (done
          ? publish(core, { ...done, ...(budget ? { budget } : {}) })
          : publish(core, { result: null, outputs: {} }).then(() => publishBudgetAlone()))
      )
    })
    const revoked = revokeOnCancel
      ? beforeDeadline(revokeOnCancel(), Date.now() + REVOKE_ON_CANCEL_MS).catch(() => undefined)
      : Promise.resolve()
    report = Promise.allSettled([written, revoked]).then(() => {
      // Again: what the operation saw while the outputs were written.
      saveRunningLedgers((m) => core.warning(m))
      core.setFailed(`The step was cancelled (${signal}); its outputs and summary show what was done before.`)
      process.exit(1)
    })
  }
  process.once('SIGTERM', handler)
  process.once('SIGINT', handler)
  return () => report ?? Promise.resolve()
}

export async function run(options: RunOptions = {}): Promise<void> {
  stepBudget = undefined
  const cancel = new AbortController()
  let partial: (() => OperationResult) | undefined
  let publishing: Promise<void> | undefined
  let running: Promise<OperationResult> | undefined
  let prepared: Prepared | undefined
  const cancelled = onCancel(
    cancel,
    () => partial?.(),
    () => publishing,
    () => running,
  )
  try {
    const env = options.env ?? process.env
    const values = options.inputs ?? inputsFromEnv(env)
    // Mask what the workflow passed before anything could print it.
    for (const name of ['token', 'private-key']) {
      const value = (values[name] ?? '').trim()
      if (value) core.setSecret(value)
    }
    // The runner masks log lines one by one: mask each line of a PEM key (or a pasted token) on its own too.
    for (const line of `${values['private-key'] ?? ''}\n${values.token ?? ''}`.split(/\\n|\r?\n/)) {
      if (line.trim().length >= 16 && !line.startsWith('-----')) core.setSecret(line.trim())
    }
    prepared = prepare(values, env)
    for (const warning of prepared.warnings) core.warning(logText(warning))
    running = execute(prepared, options.client, {
      signal: cancel.signal,
      checkpoint: (p) => (partial = p),
    })
    const result = await running
    if (cancel.signal.aborted) return await cancelled() // the cancellation handler reports
    publishing = publish(core, result, [], resultOrigin(prepared))
    await publishing
    if (result.failure) core.setFailed(logText(result.failure))
  } catch (e) {
    if (cancel.signal.aborted) return await cancelled()
    if (e instanceof InputError && e.logDetail) core.info(logText(e.logDetail))
    await fail(errorMessage(e)).catch(() => core.setFailed(logText(errorMessage(e))))
    // Inputs are read before any request: a step that failed on them sent none.
    await publishBudgetAlone(prepared === undefined).catch(() => undefined)
  }
}
