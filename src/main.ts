/**
 * The action's entry: read and check the inputs, pick the operation, authenticate, run it,
 * write outputs and the job summary. The one try/catch that turns any failure into a
 * `setFailed` message a user can act on.
 */
import * as core from '@actions/core'
import { Api } from './api.js'
import { checkCredentials, obtainToken } from './auth.js'
import { createClient, type ClientOptions } from './client.js'
import { errorMessage, InputError } from './errors.js'
import { COMMON_INPUTS, inputsFromEnv, readCommon, type CommonSettings } from './inputs/common.js'
import type { InputValues } from './inputs/read.js'
import type { Operation, PreparedRun, StepContext } from './operations/define.js'
import { findOperation } from './operations/registry.js'
import type { OperationResult } from './operations/types.js'
import { publish } from './outputs.js'

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
}

/** Every input check: nothing here sends a request. */
export function prepare(values: InputValues, env: NodeJS.ProcessEnv): Prepared {
  const op = findOperation(values.operation)
  const common = readCommon(values, env)
  const { target } = common
  if (!op.scopes.includes(target.scope)) {
    throw new InputError(
      target.scope,
      `operation ${op.name} is not available for a ${target.scope}; it works at: ${op.scopes.join(', ')}`,
    )
  }
  const run = op.prepare(values, { operation: op.name, target, explicitScope: common.explicitScope, env })
  checkCredentials(common)
  const reads = new Set<string>([...COMMON_INPUTS, ...op.inputNames])
  const ignored = Object.keys(values).filter((name) => !reads.has(name) && values[name]!.trim() !== '')
  return { common, op, run, ignored }
}

export async function execute(
  p: Prepared,
  clientOptions: Partial<ClientOptions> = {},
): Promise<OperationResult> {
  const { token, source } = await obtainToken(p.common, p.op.name, clientOptions)
  const { client } = createClient({ ...clientOptions, token, apiUrl: p.common.apiUrl })
  const api = new Api(client, {
    looksLikeWorkflowToken: source === 'token' && token.startsWith('ghs_'),
    app: source === 'app',
    operation: p.op.name,
  })
  const log = clientOptions.log ?? core
  log.debug(`${p.op.name} at ${p.common.target.scope} via ${p.common.apiUrl}`)
  const step: StepContext = { log: { info: (m) => core.info(m), warning: (m) => log.warning(m) } }
  return p.run(api, step)
}

export async function run(options: RunOptions = {}): Promise<void> {
  try {
    const env = options.env ?? process.env
    const values = options.inputs ?? inputsFromEnv(env)
    // Mask what the workflow passed before anything could print it.
    for (const name of ['token', 'private-key']) {
      const value = (values[name] ?? '').trim()
      if (value) core.setSecret(value)
    }
    // The runner masks log lines one by one: mask each line of a PEM key on its own too.
    for (const line of (values['private-key'] ?? '').split(/\\n|\n/)) {
      if (line.trim().length >= 16 && !line.startsWith('-----')) core.setSecret(line.trim())
    }
    const prepared = prepare(values, env)
    for (const name of prepared.ignored) {
      core.warning(`Input '${name}' is not used by operation ${prepared.op.name}; it was ignored.`)
    }
    const result = await execute(prepared, options.client)
    await publish(core, result)
    if (result.failure) core.setFailed(result.failure)
  } catch (e) {
    core.setFailed(errorMessage(e))
  }
}
