/**
 * Registration and remove tokens, and just-in-time runner configurations: what a later step
 * needs to start (or remove) a runner on a VM or in a container.
 */
import { randomBytes } from 'node:crypto'
import type { components } from '@octokit/openapi-types'
import { ApiError, type Api } from '../github/api.js'
import { NO_RETRY } from '../transport/client.js'
import { ActionError } from '../errors.js'
import { text, type InputReader } from '../inputs/read.js'
import { MAX_RUNNER_NAME, newRunnerName, requiredLabels } from '../inputs/runner-inputs.js'
import { isApiRunner, shapeRunner, type ApiRunner } from '../decisions/runner-shape.js'
import { describeTarget, SCOPES, type Target } from '../github/target.js'
import { defineOperation, type Operation } from '../registry/define.js'
import { groupForNewRunner, resolveRunnerGroupId } from '../github/group-lookup.js'
import { createOnce } from '../github/lost-answer.js'
import { runnersNamed } from '../github/runner-lookup.js'
import type { OperationResult } from '../registry/operation-result.js'
import { summaryText } from '../publish/printable.js'

type AuthenticationToken = components['schemas']['authentication-token']
const FAMILY = 'Tokens and just-in-time runners'

function tokenOperation(kind: 'registration' | 'remove'): Operation {
  return defineOperation({
    name: `create-${kind}-token`,
    family: FAMILY,
    description: `Create a ${kind} token (valid for one hour) for config.sh${kind === 'remove' ? ' remove' : ''}.`,
    scopes: SCOPES,
    changes: true,
    inputs: {},
    outputs: ['token', 'expires-at'],
    run: async (api, target) => {
      const route = `POST /actions/runners/${kind}-token`
      const { data } = await api.request<AuthenticationToken>(target, route)
      api.expectShape(
        typeof data.token === 'string' && data.token !== '' && typeof data.expires_at === 'string',
        route,
        `a ${kind} token`,
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
  })
}

interface WorkflowRun {
  id?: string
  attempt?: string
}

/** GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT, for names unique to the run (no input). */
const workflowRun: InputReader<WorkflowRun> = {
  names: [],
  read: (_, ctx) => ({ id: ctx.env.GITHUB_RUN_ID, attempt: ctx.env.GITHUB_RUN_ATTEMPT }),
}

/** A runner name unique to this run: `jit-<run id>-<attempt>-<random>`, within GitHub's 64 characters. */
function generateRunnerName(run: WorkflowRun): string {
  const parts = [run.id, run.attempt].filter((p): p is string => p !== undefined && /^\d+$/.test(p))
  return ['jit', ...parts, randomBytes(4).toString('hex')].join('-').slice(0, MAX_RUNNER_NAME)
}

interface JitConfig {
  runner: ApiRunner
  encoded_jit_config: string
}

interface JitSettings {
  runnerName: string | undefined
  labels: string[]
  runnerGroup: string | undefined
  workFolder: string | undefined
  run: WorkflowRun
}

async function createJitConfig(api: Api, target: Target, s: JitSettings): Promise<OperationResult> {
  const groupId = await resolveRunnerGroupId(api, target, s.runnerGroup)
  const generated = s.runnerName === undefined
  let name = s.runnerName ?? generateRunnerName(s.run)
  const warnings: string[] = []
  let resent = false
  try {
    const { created } = await createOnce(
      async () =>
        (
          await api.request<JitConfig>(
            target,
            'POST /actions/runners/generate-jitconfig',
            { name, runner_group_id: groupId, labels: s.labels, work_folder: s.workFolder ?? '_work' },
            NO_RETRY,
          )
        ).data,
      // The answer was lost: if GitHub registered the name, its configuration is gone with it.
      async (lost) => {
        resent = true
        const orphan = (await runnersNamed(api, target, name))[0]
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
    api.expectShape(
      typeof created.encoded_jit_config === 'string' &&
        created.encoded_jit_config !== '' &&
        isApiRunner(created.runner),
      'POST /actions/runners/generate-jitconfig',
      'a JIT configuration with its runner',
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
        `Runner **${summaryText(runner.name)}** (id ${runner.id}) in ${describeTarget(target)}, labels: ${summaryText(runner.labels.join(', '))}. ` +
          'Start it with `./run.sh --jitconfig` and the `encoded-jit-config` output (masked).',
        ...warnings.map((w) => `⚠️ ${summaryText(w)}`),
      ],
    },
    warnings,
  }
}

export const tokenOperations: Operation[] = [
  tokenOperation('registration'),
  tokenOperation('remove'),
  defineOperation({
    name: 'create-jit-config',
    family: FAMILY,
    description: 'Register a just-in-time runner and return its encoded configuration (run.sh --jitconfig).',
    scopes: SCOPES,
    changes: true,
    inputs: {
      runnerName: newRunnerName,
      labels: requiredLabels,
      runnerGroup: groupForNewRunner,
      workFolder: text('work-folder'),
      run: workflowRun,
    },
    outputs: ['encoded-jit-config', 'runner-id', 'runner-name'],
    run: createJitConfig,
  }),
]
