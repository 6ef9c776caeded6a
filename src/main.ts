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
import { COMMON_INPUTS, OPERATION_INPUTS } from './operation-names.js'
import { operation } from './operations/index.js'
import type { Operation, OperationResult } from './operations/types.js'
import { publish } from './outputs.js'
import { readSettings, type InputSource, type Settings } from './settings.js'
import { resolveTarget, type Target } from './target.js'

export interface RunOptions {
  input?: InputSource
  env?: NodeJS.ProcessEnv
  /** Overrides for the client (tests shrink waits). */
  client?: Partial<ClientOptions>
}

export interface Prepared {
  settings: Settings
  target: Target
  op: Operation
  /** Inputs that are set but that this operation does not read. */
  ignored: string[]
}

/** Every input check: nothing here sends a request. */
export function prepare(input: InputSource, env: NodeJS.ProcessEnv): Prepared {
  const read: string[] = []
  const settings = readSettings((name) => {
    read.push(name)
    return input(name)
  }, env)
  const target = resolveTarget(settings.target, settings.defaultRepository)
  const op = operation(settings.operation)
  if (!op.scopes.includes(target.scope)) {
    throw new InputError(
      target.scope,
      `operation ${settings.operation} is not available for a ${target.scope}; it works at: ${op.scopes.join(', ')}`,
    )
  }
  op.validate?.(settings, target)
  checkCredentials(settings, target)
  const uses = new Set<string>([...COMMON_INPUTS, ...OPERATION_INPUTS[settings.operation]])
  const ignored = read.filter((name) => !uses.has(name) && input(name).trim() !== '')
  return { settings, target, op, ignored }
}

export async function execute(
  p: Prepared,
  clientOptions: Partial<ClientOptions> = {},
): Promise<OperationResult> {
  const { token, source } = await obtainToken(p.settings, p.target, clientOptions)
  const { client } = createClient({ ...clientOptions, token, apiUrl: p.settings.apiUrl })
  const api = new Api(client, {
    looksLikeWorkflowToken: source === 'token' && token.startsWith('ghs_'),
    app: source === 'app',
    operation: p.settings.operation,
  })
  const log = clientOptions.log ?? core
  log.debug(`${p.settings.operation} at ${p.target.scope} via ${p.settings.apiUrl}`)
  return p.op.run(api, p.target, p.settings)
}

export async function run(options: RunOptions = {}): Promise<void> {
  try {
    const input = options.input ?? ((name: string) => core.getInput(name))
    // Mask what the workflow passed before anything could print it.
    for (const name of ['token', 'private-key']) {
      const value = input(name).trim()
      if (value) core.setSecret(value)
    }
    // The runner masks log lines one by one: mask each line of a PEM key on its own too.
    for (const line of input('private-key').split(/\\n|\n/)) {
      if (line.trim().length >= 16 && !line.startsWith('-----')) core.setSecret(line.trim())
    }
    const prepared = prepare(input, options.env ?? process.env)
    for (const name of prepared.ignored) {
      core.warning(`Input '${name}' is not used by operation ${prepared.settings.operation}; it was ignored.`)
    }
    const result = await execute(prepared, options.client)
    await publish(core, result)
    if (result.failure) core.setFailed(result.failure)
  } catch (e) {
    core.setFailed(errorMessage(e))
  }
}
