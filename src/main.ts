/**
 * The action's entry: read and check the inputs, pick the operation, authenticate, run it,
 * write outputs and the job summary. The one try/catch that turns any failure into a
 * `setFailed` message a user can act on.
 */
import * as core from '@actions/core'
import { Api } from './api.js'
import { createClient, type ClientOptions } from './client.js'
import { errorMessage, InputError } from './errors.js'
import { operation } from './operations/index.js'
import { publish } from './outputs.js'
import { readSettings, type InputSource, type Settings } from './settings.js'
import { resolveTarget } from './target.js'

export interface RunOptions {
  input?: InputSource
  env?: NodeJS.ProcessEnv
  /** Overrides for the client (tests shrink waits). */
  client?: Partial<ClientOptions>
}

export async function run(options: RunOptions = {}): Promise<void> {
  const env = options.env ?? process.env
  let settings: Settings | undefined
  try {
    settings = readSettings(options.input ?? ((name) => core.getInput(name)), env)
    if (settings.token) core.setSecret(settings.token)
    const target = resolveTarget(settings.target, settings.defaultRepository)
    const op = operation(settings.operation)
    if (!op.scopes.includes(target.scope)) {
      throw new InputError(
        target.scope,
        `operation ${settings.operation} is not available for a ${target.scope}; it works at: ${op.scopes.join(', ')}`,
      )
    }
    op.validate?.(settings, target)
    if (!settings.token) {
      throw new InputError(
        'token',
        'no token: pass a personal access token, or app-id and private-key, with runner permissions',
      )
    }
    const { client } = createClient({ token: settings.token, apiUrl: settings.apiUrl, ...options.client })
    const api = new Api(client, { looksLikeWorkflowToken: settings.token.startsWith('ghs_') })
    core.debug(`${settings.operation} at ${target.scope} via ${settings.apiUrl}`)
    const result = await op.run(api, target, settings)
    await publish(core, result)
    if (result.failure) core.setFailed(result.failure)
  } catch (e) {
    core.setFailed(errorMessage(e))
  }
}
