/**
 * Registration and remove tokens, and just-in-time runner configurations: what a later step
 * needs to start (or remove) a runner on a VM or in a container.
 */
import { randomBytes } from 'node:crypto'
import type { components } from '@octokit/openapi-types'
import { ApiError } from '../api.js'
import { NO_RETRY } from '../client.js'
import { ActionError, InputError } from '../errors.js'
import { shapeRunner, type ApiRunner } from '../runners.js'
import { MAX_RUNNER_NAME, type Settings } from '../settings.js'
import { describeTarget, SCOPES, type Target } from '../target.js'
import { createOnce } from './create-once.js'
import { checkRepositoryGroup, resolveRunnerGroupId } from './group-ref.js'
import { runnersNamed } from './runner-ref.js'
import type { Operation, OperationResult } from './types.js'

type AuthenticationToken = components['schemas']['authentication-token']

function tokenOperation(kind: 'registration' | 'remove'): Operation {
  return {
    description: `Create a ${kind} token (valid for one hour) for config.sh${kind === 'remove' ? ' remove' : ''}.`,
    scopes: SCOPES,
    run: async (client, target) => {
      const { data } = await client.request<AuthenticationToken>(
        target,
        `POST /actions/runners/${kind}-token`,
      )
      return {
        result: { token: data.token, expires_at: data.expires_at },
        outputs: { token: data.token, 'expires-at': data.expires_at },
        secrets: [data.token],
        summary: {
          heading: `${kind === 'registration' ? 'Registration' : 'Remove'} token`,
          text: [
            `Created for ${describeTarget(target)}; expires at ${data.expires_at}. The token is in the \`token\` output (masked).`,
          ],
        },
      }
    },
  }
}

export const createRegistrationToken = tokenOperation('registration')
export const createRemoveToken = tokenOperation('remove')

/** A runner name unique to this run: `jit-<run id>-<attempt>-<random>`, within GitHub's 64 characters. */
export function generateRunnerName(run: Settings['run']): string {
  const parts = [run.id, run.attempt].filter((p): p is string => p !== undefined && /^\d+$/.test(p))
  return ['jit', ...parts, randomBytes(4).toString('hex')].join('-').slice(0, MAX_RUNNER_NAME)
}

interface JitConfig {
  runner: ApiRunner
  encoded_jit_config: string
}

export const createJitConfig: Operation = {
  description: 'Register a just-in-time runner and return its encoded configuration (run.sh --jitconfig).',
  scopes: SCOPES,
  validate: (s, target) => {
    checkRepositoryGroup(s, target)
    if (s.labels.length === 0) {
      throw new InputError(
        'labels',
        'create-jit-config needs at least one label (for example: self-hosted,linux,x64)',
      )
    }
  },
  run: async (client, target, s) => {
    const groupId = await resolveRunnerGroupId(client, target, s.runnerGroup)
    const generated = s.runnerName === undefined
    let name = s.runnerName ?? generateRunnerName(s.run)
    const warnings: string[] = []
    let resent = false
    try {
      const { created } = await createOnce(
        async () =>
          (
            await client.request<JitConfig>(
              target,
              'POST /actions/runners/generate-jitconfig',
              { name, runner_group_id: groupId, labels: s.labels, work_folder: s.workFolder ?? '_work' },
              NO_RETRY,
            )
          ).data,
        // The answer was lost: if GitHub registered the name, its configuration is gone with it.
        async (lost) => {
          resent = true
          const orphan = (await runnersNamed(client, target, name))[0]
          if (!orphan) return undefined
          if (!generated) {
            throw new ActionError(
              `GitHub did not answer the request to register '${name}' (${lost.status}), and a runner with that name now exists ` +
                `(id ${orphan.id}), most likely registered by that request; its JIT configuration was lost. ` +
                `Delete runner ${orphan.id} (delete-runner) and run the step again, or use another runner-name.`,
              lost.status,
            )
          }
          warnings.push(
            `The answer to registering '${name}' was lost, but GitHub registered it (runner id ${orphan.id}); its configuration ` +
              'cannot be recovered, so it will stay offline until removed (prune-runners removes such leftovers). Registered a new name instead.',
          )
          name = generateRunnerName(s.run)
          return undefined
        },
      )
      return jitResult(target, created, warnings)
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 409)) throw e
      throw new ActionError(
        resent
          ? `Runner name '${name}' is taken, but this step's earlier attempt may have registered it before its answer was lost. ` +
              'No JIT configuration was received, so no runner is reported.'
          : `A runner named '${name}' already exists in ${describeTarget(target)} (GitHub answered 409). ` +
              'Choose another runner-name, leave it empty to generate a unique one, or remove the old runner with delete-runner.',
        409,
      )
    }
  },
}

function jitResult(target: Target, data: JitConfig, warnings: string[]): OperationResult {
  const runner = shapeRunner(data.runner)
  return {
    result: { runner, encoded_jit_config: data.encoded_jit_config },
    outputs: {
      'encoded-jit-config': data.encoded_jit_config,
      'runner-id': String(runner.id),
      'runner-name': runner.name,
    },
    secrets: [data.encoded_jit_config],
    summary: {
      heading: 'Just-in-time runner registered',
      text: [
        `Runner **${runner.name}** (id ${runner.id}) in ${describeTarget(target)}, labels: ${runner.labels.join(', ')}. ` +
          'Start it with `./run.sh --jitconfig` and the `encoded-jit-config` output (masked).',
        ...warnings.map((w) => `⚠️ ${w}`),
      ],
    },
    warnings,
  }
}
