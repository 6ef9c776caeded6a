/** GitHub-hosted (larger) runners: list, get, create, update, delete. */
import { ApiError, type Api } from '../github/api.js'
import { NO_RETRY } from '../transport/client.js'
import { ActionError, InputError } from '../errors.js'
import { optionalFlag, optionalWhole, required, text } from '../inputs/read.js'
import { sameName } from '../decisions/runner-shape.js'
import { definedFields } from '../github/request-body.js'
import { describeTarget, ORG_AND_ENTERPRISE, type Target } from '../github/target.js'
import { defineOperation } from '../registry/define.js'
import { resolveRunnerGroupId } from '../github/group-lookup.js'
import {
  CUSTOM_IMAGES_PERMISSION,
  HOSTED_PERMISSION,
  checkHostedRunnerName,
  checkImage,
  checkSize,
  checkVersionSource,
  HOSTED,
  HOSTED_RUNNER,
  hostedRunner,
  imageSource,
  sourceOf,
  type HostedRunner,
} from '../github/hosted-lookup.js'
import { createOnce } from '../github/lost-answer.js'
import { deleteItem, fetchOne, itemRequest, resolveId } from '../github/id-or-name.js'
import { hostedRunnersTable } from '../publish/tables.js'
import type { OperationResult } from '../registry/operation-result.js'
import { summaryText } from '../publish/printable.js'

const FAMILY = 'GitHub-hosted runners'

function runnerResult(
  runner: HostedRunner,
  heading: string,
  text: string[],
  warnings?: string[],
): OperationResult {
  return {
    result: runner,
    outputs: { 'hosted-runner': runner, 'hosted-runner-id': String(runner.id) },
    summary: hostedRunnersTable(heading, [runner], text),
    ...(warnings?.length ? { warnings } : {}),
  }
}

/** The inputs create and update share: what a hosted runner is made of. */
const shape = {
  image: text('image'),
  imageSource,
  imageVersion: text('image-version'),
  size: text('size'),
  runnerGroup: text('runner-group'),
  maximumRunners: optionalWhole('maximum-runners', { min: 1, max: 100_000 }),
  enableStaticIp: optionalFlag('enable-static-ip'),
}

const newName = text('hosted-runner-name', (v, input) => checkHostedRunnerName(v, input))
const imageGen = optionalFlag('image-gen')

/** image-version alone deploys another version of the runner's own image: it must be a custom image that has it. */
async function checkRunnerImageVersion(api: Api, target: Target, id: number, version: string): Promise<void> {
  const { data: runner } = await itemRequest<HostedRunner>(api, target, HOSTED_RUNNER, 'GET', id)
  const image = runner.image_details
  if (image?.source !== 'custom')
    throw new InputError(
      'image-version',
      `hosted runner ${runner.name} runs ${image ? `the ${image.source} image ${image.id}` : 'no known image'}; only custom images have versions`,
    )
  await checkImage(api, target, 'custom', image.id, version)
}

interface NewHostedRunner {
  name: string
  image: string
  imageSource: 'github' | 'partner' | 'custom' | undefined
  imageVersion: string | undefined
  size: string
  runnerGroup: string | undefined
  maximumRunners: number | undefined
  enableStaticIp: boolean | undefined
  imageGen: boolean | undefined
}

async function createHostedRunner(api: Api, target: Target, s: NewHostedRunner): Promise<OperationResult> {
  const source = sourceOf(s.imageSource)
  const image = await checkImage(api, target, source, s.image, s.imageVersion)
  const size = await checkSize(api, target, s.size)
  const groupId = await resolveRunnerGroupId(api, target, s.runnerGroup)
  const body = {
    name: s.name,
    image: { id: image, source, ...definedFields({ version: s.imageVersion }) },
    size,
    runner_group_id: groupId,
    ...definedFields({
      maximum_runners: s.maximumRunners,
      enable_static_ip: s.enableStaticIp,
      image_gen: s.imageGen,
    }),
  }
  try {
    const { created, recovered } = await createOnce(
      async () => (await api.request<HostedRunner>(target, `POST ${HOSTED}`, body, NO_RETRY)).data,
      // The answer was lost: a runner with that name now is ours only if it is what we asked for.
      async (lost) => {
        const existing = (await HOSTED_RUNNER.list(api, target)).find(sameName(s.name))
        if (
          existing &&
          (existing.machine_size_details.id !== size || (existing.runner_group_id ?? groupId) !== groupId)
        ) {
          throw new ActionError(
            `GitHub did not answer the request to create '${s.name}' (${lost.status}), and a hosted runner with that name now exists ` +
              `(id ${existing.id}) with another size or group than asked: check it with get-hosted-runner before running the step again.`,
            lost.status,
          )
        }
        return existing
      },
    )
    const warnings = recovered
      ? [
          `GitHub did not answer the create request, but hosted runner '${s.name}' (id ${created.id}) now exists ` +
            'with the size and group asked for: it is reported as created, not created twice.',
        ]
      : []
    return runnerResult(
      created,
      'Hosted runner created',
      [
        `Created **${created.name}** (id ${created.id}) in ${describeTarget(target)}; GitHub provisions it in the background (status ${created.status}).`,
        ...warnings.map((w) => `⚠️ ${w}`),
      ],
      warnings,
    )
  } catch (e) {
    if (e instanceof ApiError && e.status === 422) {
      throw new ActionError(
        `${e.message} The image and size were checked; the usual causes left are a name already taken in ` +
          `${describeTarget(target)} (list-hosted-runners), a runner group that does not exist, or the static IP limit (get-hosted-runner-limits).`,
        422,
      )
    }
    throw e
  }
}

/** A hosted runner made from a custom image needs the custom images permission besides Administration. */
const withCustomImages = (custom: boolean) =>
  custom ? [HOSTED_PERMISSION, CUSTOM_IMAGES_PERMISSION] : [HOSTED_PERMISSION]

export const hostedRunnerOperations = [
  defineOperation({
    name: 'list-hosted-runners',
    family: FAMILY,
    description: 'List the GitHub-hosted runners (every page).',
    scopes: ORG_AND_ENTERPRISE,
    orgPermission: HOSTED_PERMISSION,
    changes: false,
    inputs: {},
    outputs: ['hosted-runners', 'count'],
    run: async (api, target) => {
      const runners = await HOSTED_RUNNER.list(api, target)
      return {
        result: runners,
        outputs: { 'hosted-runners': runners, count: String(runners.length) },
        summary: hostedRunnersTable(`GitHub-hosted runners of ${describeTarget(target)}`, runners, [
          `${runners.length} hosted runners.`,
        ]),
      }
    },
  }),

  defineOperation({
    name: 'get-hosted-runner',
    family: FAMILY,
    description: 'Get one GitHub-hosted runner by id or name.',
    scopes: ORG_AND_ENTERPRISE,
    orgPermission: HOSTED_PERMISSION,
    changes: false,
    inputs: { hostedRunner },
    outputs: ['hosted-runner', 'hosted-runner-id'],
    run: async (api, target, s) => {
      const runner = await fetchOne(api, target, HOSTED_RUNNER, s.hostedRunner)
      return runnerResult(runner, `Hosted runner ${runner.name}`, [])
    },
  }),

  defineOperation({
    name: 'create-hosted-runner',
    family: FAMILY,
    description: 'Create a GitHub-hosted runner (image and size checked first).',
    scopes: ORG_AND_ENTERPRISE,
    orgPermission: HOSTED_PERMISSION,
    orgPermissionsFor: (s) => withCustomImages(sourceOf(s.imageSource) === 'custom'),
    changes: true,
    inputs: {
      ...shape,
      name: required(newName, ' (1 to 64 of a-z, A-Z, 0-9, ., - and _)'),
      image: required(shape.image, ' (list-hosted-runner-images lists them)'),
      size: required(shape.size, ' (list-hosted-runner-machine-sizes lists them)'),
      imageGen,
    },
    outputs: ['hosted-runner', 'hosted-runner-id'],
    check: (s) => checkVersionSource(s.imageVersion, sourceOf(s.imageSource)),
    run: createHostedRunner,
  }),

  defineOperation({
    name: 'update-hosted-runner',
    family: FAMILY,
    description:
      "Change a GitHub-hosted runner's name, image or image version, size, group, maximum runners, static IP or image generation.",
    scopes: ORG_AND_ENTERPRISE,
    orgPermission: HOSTED_PERMISSION,
    // A custom image, or a new version of the runner's own image (only custom images have versions).
    orgPermissionsFor: (s) =>
      withCustomImages(
        s.image !== undefined ? sourceOf(s.imageSource) === 'custom' : s.imageVersion !== undefined,
      ),
    changes: true,
    inputs: { hostedRunner, newName, ...shape, imageGen },
    outputs: ['hosted-runner', 'hosted-runner-id'],
    check: (s) => {
      const changes = [
        s.newName,
        s.image,
        s.imageVersion,
        s.size,
        s.runnerGroup,
        s.maximumRunners,
        s.enableStaticIp,
        s.imageGen,
      ]
      if (changes.every((c) => c === undefined)) {
        throw new InputError(
          'hosted-runner',
          'update-hosted-runner has nothing to change: set any of hosted-runner-name (the new name), image, image-version, size, runner-group, maximum-runners, enable-static-ip, image-gen',
        )
      }
      if (s.imageSource !== undefined && s.image === undefined) {
        throw new InputError(
          'image-source',
          'update-hosted-runner changes the image source together with image: set image too',
        )
      }
      checkVersionSource(s.imageVersion, s.image !== undefined ? sourceOf(s.imageSource) : undefined)
    },
    run: async (api, target, s) => {
      const id = await resolveId(api, target, HOSTED_RUNNER, s.hostedRunner)
      // A new version of the image the runner has: checked against that image's versions, as on create.
      if (s.image === undefined && s.imageVersion !== undefined)
        await checkRunnerImageVersion(api, target, id, s.imageVersion)
      const source = sourceOf(s.imageSource)
      const body = definedFields({
        name: s.newName,
        image_id:
          s.image !== undefined ? await checkImage(api, target, source, s.image, s.imageVersion) : undefined,
        image_source: s.image !== undefined ? source : undefined,
        image_version: s.imageVersion,
        size: s.size !== undefined ? await checkSize(api, target, s.size) : undefined,
        runner_group_id:
          s.runnerGroup !== undefined ? await resolveRunnerGroupId(api, target, s.runnerGroup) : undefined,
        maximum_runners: s.maximumRunners,
        enable_static_ip: s.enableStaticIp,
        image_gen: s.imageGen,
      })
      const { data } = await itemRequest<HostedRunner>(api, target, HOSTED_RUNNER, 'PATCH', id, body)
      return runnerResult(data, `Hosted runner ${data.name} updated`, [
        `Changed ${Object.keys(body).join(', ')} of hosted runner **${summaryText(data.name)}** (id ${data.id}) in ${describeTarget(target)}.`,
      ])
    },
  }),

  defineOperation({
    name: 'delete-hosted-runner',
    family: FAMILY,
    description: 'Delete a GitHub-hosted runner (GitHub deletes it asynchronously).',
    scopes: ORG_AND_ENTERPRISE,
    orgPermission: HOSTED_PERMISSION,
    changes: true,
    inputs: { hostedRunner },
    outputs: ['hosted-runner-id'],
    run: async (api, target, s) => {
      const found = await fetchOne(api, target, HOSTED_RUNNER, s.hostedRunner)
      const { outcome, answer } = await deleteItem<HostedRunner>(api, target, HOSTED_RUNNER.path, {
        hosted_runner_id: found.id,
      })
      const runner = answer?.data ?? found
      return {
        result: runner,
        outputs: { 'hosted-runner-id': String(runner.id) },
        summary: {
          heading: 'Delete hosted runner',
          text: [
            outcome === 'deleted'
              ? `GitHub accepted the deletion of hosted runner **${summaryText(runner.name)}** (id ${runner.id}) in ${describeTarget(target)}` +
                `${answer ? ` (${answer.status})` : ''}. It deletes the runner asynchronously: the runner shows as Deleting until it is gone.`
              : `Hosted runner **${summaryText(runner.name)}** (id ${runner.id}) was already gone from ${describeTarget(target)}.`,
          ],
        },
      }
    },
  }),
]
