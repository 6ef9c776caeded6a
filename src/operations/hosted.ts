/** GitHub-hosted (larger) runners, their images, limits, machine sizes and platforms. */
import type { components } from '@octokit/openapi-types'
import { ApiError, type Api } from '../api.js'
import { NO_RETRY } from '../client.js'
import { ActionError, InputError } from '../errors.js'
import { sameName } from '../runners.js'
import type { Settings } from '../settings.js'
import { describeTarget, type Scope, type Target } from '../target.js'
import { createOnce } from './create-once.js'
import { resolveRunnerGroupId } from './group-ref.js'
import { few, fetchOne, itemRequest, pick, resolveId, type Kind } from './refs.js'
import type { Operation, OperationResult, Summary } from './types.js'

export type HostedRunner = components['schemas']['actions-hosted-runner']
type CuratedImage = components['schemas']['actions-hosted-runner-curated-image']
type CustomImage = components['schemas']['actions-hosted-runner-custom-image']
type CustomImageVersion = components['schemas']['actions-hosted-runner-custom-image-version']
type Limits = components['schemas']['actions-hosted-runner-limits']
type MachineSpec = components['schemas']['actions-hosted-runner-machine-spec']
type ImageSource = NonNullable<Settings['imageSource']>

const ORG_AND_ENTERPRISE: readonly Scope[] = ['organization', 'enterprise']
const HOSTED = '/actions/hosted-runners'
const IMAGES = `${HOSTED}/images`
/** GitHub's custom image versions: MAJOR.MINOR.PATCH (the route refuses anything else). */
const VERSION = /^\d+\.\d+\.\d+$/

// ---- id or name -------------------------------------------------------------------------------

const RUNNER: Kind<HostedRunner> = {
  what: 'hosted runner',
  input: 'hosted-runner',
  list: (client, target) => client.list<HostedRunner>(target, `GET ${HOSTED}`),
  path: `${HOSTED}/{hosted_runner_id}`,
  param: 'hosted_runner_id',
}

const CUSTOM_IMAGE: Kind<CustomImage> = {
  what: 'custom image',
  input: 'custom-image',
  // Not paginated: one request returns them all.
  list: async (client, target) =>
    (await client.request<{ images: CustomImage[] }>(target, `GET ${IMAGES}/custom`)).data.images,
  path: `${IMAGES}/custom/{image_definition_id}`,
  param: 'image_definition_id',
}

// ---- input checks -----------------------------------------------------------------------------

function requireInput(s: Settings, input: string, value: unknown, hint: string): void {
  if (value === undefined) throw new InputError(input, `${s.operation} needs ${input}${hint}`)
}

const requireHostedRunner = (s: Settings) =>
  requireInput(s, 'hosted-runner', s.hostedRunner, ' (the hosted runner, by id or name)')
const requireCustomImage = (s: Settings) =>
  requireInput(s, 'custom-image', s.customImage, ' (the custom image definition, by id or name)')

function requireCustomImageVersion(s: Settings): void {
  requireCustomImage(s)
  requireInput(s, 'image-version', s.imageVersion, ' (e.g. 1.0.0; list-custom-image-versions lists them)')
  if (!VERSION.test(s.imageVersion!)) {
    throw new InputError(
      'image-version',
      `'${s.imageVersion}' is not an image version (MAJOR.MINOR.PATCH, e.g. 1.0.0)`,
    )
  }
}

/** image-version deploys a custom image's version: with another source it means nothing. */
function checkVersionSource(s: Settings, source: ImageSource | undefined): void {
  if (s.imageVersion !== undefined && source !== undefined && source !== 'custom') {
    throw new InputError(
      'image-version',
      `only custom images have versions; set image-source: custom, or leave image-version empty for a ${source} image`,
    )
  }
}

// ---- images and sizes -------------------------------------------------------------------------

async function curatedImages(
  client: Api,
  target: Target,
  source: 'github' | 'partner',
): Promise<CuratedImage[]> {
  const path = `GET ${IMAGES}/${source === 'github' ? 'github-owned' : 'partner'}`
  return (await client.request<{ images: CuratedImage[] }>(target, path)).data.images
}

async function customImageVersions(client: Api, target: Target, id: number): Promise<CustomImageVersion[]> {
  const versions = { ...CUSTOM_IMAGE, path: `${CUSTOM_IMAGE.path}/versions` }
  return (await itemRequest<{ image_versions: CustomImageVersion[] }>(client, target, versions, 'GET', id))
    .data.image_versions
}

/**
 * The image id to send for `ref` from `source`, checked against that source's list (a custom
 * image may be named by name; its version, when given, must exist). Throws what is available.
 */
async function checkImage(
  client: Api,
  target: Target,
  source: ImageSource,
  ref: string,
  version: string | undefined,
): Promise<string> {
  if (source === 'custom') {
    const image = pick(CUSTOM_IMAGE, target, await CUSTOM_IMAGE.list(client, target), ref, 'image')
    if (version !== undefined && version.toLowerCase() !== 'latest') {
      const versions = await customImageVersions(client, target, image.id)
      if (!versions.some((v) => v.version === version)) {
        throw new InputError(
          'image-version',
          `custom image ${image.name} (id ${image.id}) has no version '${version}'; it has: ${few(versions.map((v) => v.version))}`,
        )
      }
    }
    return String(image.id)
  }
  const images = await curatedImages(client, target, source)
  const hit = images.find((i) => i.id.toLowerCase() === ref.toLowerCase())
  if (!hit) {
    throw new InputError(
      'image',
      `'${ref}' is not a ${source} image in ${describeTarget(target)}; available: ${few(images.map((i) => i.id))}` +
        ` (list-hosted-runner-images with image-source: ${source} lists them all${source === 'github' ? '; partner and custom images need image-source' : ''})`,
    )
  }
  return hit.id
}

async function machineSizes(client: Api, target: Target): Promise<MachineSpec[]> {
  return (await client.request<{ machine_specs: MachineSpec[] }>(target, `GET ${HOSTED}/machine-sizes`)).data
    .machine_specs
}

/** The machine size id to send for `ref`, checked against the machine sizes GitHub offers. */
async function checkSize(client: Api, target: Target, ref: string): Promise<string> {
  const sizes = await machineSizes(client, target)
  const hit = sizes.find((m) => m.id.toLowerCase() === ref.toLowerCase())
  if (!hit) {
    throw new InputError(
      'size',
      `'${ref}' is not a machine size in ${describeTarget(target)}; available: ${few(sizes.map((m) => m.id))}`,
    )
  }
  return hit.id
}

// ---- results ----------------------------------------------------------------------------------

function imageCell(r: HostedRunner): string {
  const i = r.image_details
  return i ? `${i.id} (${i.source}${i.version ? ` ${i.version}` : ''})` : ''
}

/** A summary table of hosted runners. */
export function hostedRunnersTable(heading: string, runners: HostedRunner[], text?: string[]): Summary {
  return {
    heading,
    text,
    table: {
      header: ['Name', 'ID', 'Status', 'Platform', 'Image', 'Size', 'Group', 'Maximum runners', 'Static IP'],
      rows: runners.map((r) => [
        r.name,
        r.id,
        r.status,
        r.platform,
        imageCell(r),
        r.machine_size_details.id,
        r.runner_group_id ?? '',
        r.maximum_runners ?? '',
        r.public_ip_enabled ? 'yes' : 'no',
      ]),
    },
  }
}

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

/** A list operation whose answer needs no input: `{total_count, <key>: [...]}` in one request. */
function catalogList<T>(
  description: string,
  path: string,
  key: string,
  output: string,
  summary: (items: T[], target: Target) => Summary,
): Operation {
  return {
    description,
    scopes: ORG_AND_ENTERPRISE,
    run: async (client, target) => {
      const { data } = await client.request<Record<string, T[]>>(target, `GET ${path}`)
      const items = data[key] ?? []
      return { result: items, outputs: { [output]: items }, summary: summary(items, target) }
    },
  }
}

// ---- hosted runners ---------------------------------------------------------------------------

export const listHostedRunners: Operation = {
  description: 'List the GitHub-hosted runners (every page).',
  scopes: ORG_AND_ENTERPRISE,
  run: async (client, target) => {
    const runners = await RUNNER.list(client, target)
    return {
      result: runners,
      outputs: { 'hosted-runners': runners, count: String(runners.length) },
      summary: hostedRunnersTable(`GitHub-hosted runners of ${describeTarget(target)}`, runners, [
        `${runners.length} hosted runners.`,
      ]),
    }
  },
}

export const getHostedRunner: Operation = {
  description: 'Get one GitHub-hosted runner by id or name.',
  scopes: ORG_AND_ENTERPRISE,
  validate: requireHostedRunner,
  run: async (client, target, s) => {
    const runner = await fetchOne(client, target, RUNNER, s.hostedRunner!)
    return runnerResult(runner, `Hosted runner ${runner.name}`, [])
  },
}

export const createHostedRunner: Operation = {
  description: 'Create a GitHub-hosted runner (image and size checked first).',
  scopes: ORG_AND_ENTERPRISE,
  validate: (s) => {
    requireInput(s, 'hosted-runner-name', s.hostedRunnerName, ' (1 to 64 of a-z, A-Z, 0-9, ., - and _)')
    requireInput(s, 'image', s.image, ' (list-hosted-runner-images lists them)')
    requireInput(s, 'size', s.size, ' (list-hosted-runner-machine-sizes lists them)')
    checkVersionSource(s, s.imageSource ?? 'github')
  },
  run: async (client, target, s) => {
    const name = s.hostedRunnerName!
    const source = s.imageSource ?? 'github'
    const image = await checkImage(client, target, source, s.image!, s.imageVersion)
    const size = await checkSize(client, target, s.size!)
    const groupId = await resolveRunnerGroupId(client, target, s.runnerGroup)
    const body = {
      name,
      image: { id: image, source, ...(s.imageVersion !== undefined ? { version: s.imageVersion } : {}) },
      size,
      runner_group_id: groupId,
      ...(s.maximumRunners !== undefined ? { maximum_runners: s.maximumRunners } : {}),
      ...(s.enableStaticIp !== undefined ? { enable_static_ip: s.enableStaticIp } : {}),
      ...(s.imageGen !== undefined ? { image_gen: s.imageGen } : {}),
    }
    const created = (r: HostedRunner, warnings?: string[]) =>
      runnerResult(
        r,
        'Hosted runner created',
        [
          `Created **${r.name}** (id ${r.id}) in ${describeTarget(target)}; GitHub provisions it in the background (status ${r.status}).`,
          ...(warnings ?? []).map((w) => `⚠️ ${w}`),
        ],
        warnings,
      )
    try {
      const { created: runner, recovered } = await createOnce(
        async () => (await client.request<HostedRunner>(target, `POST ${HOSTED}`, body, NO_RETRY)).data,
        // The answer was lost: a runner with that name now is ours only if it is what we asked for.
        async (lost) => {
          const existing = (await RUNNER.list(client, target)).find(sameName(name))
          if (
            existing &&
            (existing.machine_size_details.id !== size || (existing.runner_group_id ?? groupId) !== groupId)
          ) {
            throw new ActionError(
              `GitHub did not answer the request to create '${name}' (${lost.status}), and a hosted runner with that name now exists ` +
                `(id ${existing.id}) with another size or group than asked: check it with get-hosted-runner before running the step again.`,
              lost.status,
            )
          }
          return existing
        },
      )
      const warning =
        `GitHub did not answer the create request, but hosted runner '${name}' (id ${runner.id}) now exists ` +
        'with the size and group asked for: it is reported as created, not created twice.'
      return created(runner, recovered ? [warning] : undefined)
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
  },
}

export const updateHostedRunner: Operation = {
  description: "Change a GitHub-hosted runner's name, image, size, group, maximum runners or static IP.",
  scopes: ORG_AND_ENTERPRISE,
  validate: (s) => {
    requireHostedRunner(s)
    const changes = [
      s.hostedRunnerName,
      s.image,
      s.imageVersion,
      s.size,
      s.runnerGroup,
      s.maximumRunners,
      s.enableStaticIp,
    ]
    if (changes.every((c) => c === undefined)) {
      throw new InputError(
        'hosted-runner',
        'update-hosted-runner has nothing to change: set any of hosted-runner-name (the new name), image, image-version, size, runner-group, maximum-runners, enable-static-ip',
      )
    }
    if (s.imageSource !== undefined && s.image === undefined) {
      throw new InputError(
        'image-source',
        'update-hosted-runner changes the image source together with image: set image too',
      )
    }
    checkVersionSource(s, s.image !== undefined ? (s.imageSource ?? 'github') : undefined)
  },
  run: async (client, target, s) => {
    const id = await resolveId(client, target, RUNNER, s.hostedRunner!)
    const source = s.imageSource ?? 'github'
    const body = {
      ...(s.hostedRunnerName !== undefined ? { name: s.hostedRunnerName } : {}),
      ...(s.image !== undefined
        ? {
            image_id: await checkImage(client, target, source, s.image, s.imageVersion),
            image_source: source,
          }
        : {}),
      ...(s.imageVersion !== undefined ? { image_version: s.imageVersion } : {}),
      ...(s.size !== undefined ? { size: await checkSize(client, target, s.size) } : {}),
      ...(s.runnerGroup !== undefined
        ? { runner_group_id: await resolveRunnerGroupId(client, target, s.runnerGroup) }
        : {}),
      ...(s.maximumRunners !== undefined ? { maximum_runners: s.maximumRunners } : {}),
      ...(s.enableStaticIp !== undefined ? { enable_static_ip: s.enableStaticIp } : {}),
    }
    const { data } = await itemRequest<HostedRunner>(client, target, RUNNER, 'PATCH', id, body)
    const changed = Object.keys(body).join(', ')
    return runnerResult(data, `Hosted runner ${data.name} updated`, [
      `Changed ${changed} of hosted runner **${data.name}** (id ${data.id}) in ${describeTarget(target)}.`,
    ])
  },
}

export const deleteHostedRunner: Operation = {
  description: 'Delete a GitHub-hosted runner (GitHub deletes it asynchronously).',
  scopes: ORG_AND_ENTERPRISE,
  validate: requireHostedRunner,
  run: async (client, target, s) => {
    const id = await resolveId(client, target, RUNNER, s.hostedRunner!)
    const { status, data } = await itemRequest<HostedRunner>(client, target, RUNNER, 'DELETE', id)
    return {
      result: data,
      outputs: { 'hosted-runner-id': String(id) },
      summary: {
        heading: 'Delete hosted runner',
        text: [
          `GitHub accepted the deletion of hosted runner **${data.name}** (id ${id}) in ${describeTarget(target)} (${status}). ` +
            'It deletes the runner asynchronously: the runner shows as Deleting until it is gone.',
        ],
      },
    }
  },
}

// ---- images -----------------------------------------------------------------------------------

export const listHostedRunnerImages: Operation = {
  description:
    'List the images hosted runners can use, from image-source: github (default), partner or custom.',
  scopes: ORG_AND_ENTERPRISE,
  run: async (client, target, s) => {
    const source = s.imageSource ?? 'github'
    const custom = source === 'custom'
    const images = custom
      ? await CUSTOM_IMAGE.list(client, target)
      : await curatedImages(client, target, source)
    return {
      result: images,
      outputs: { images },
      summary: {
        heading: `${source === 'github' ? 'GitHub-owned' : custom ? 'Custom' : 'Partner'} images in ${describeTarget(target)}`,
        table: {
          header: ['ID', 'Name', 'Platform', custom ? 'Latest version (versions)' : 'Size (GB)'],
          rows: images.map((i) =>
            'display_name' in i
              ? [i.id, i.display_name, i.platform, i.size_gb]
              : [i.id, i.name, i.platform, `${i.latest_version} (${i.versions_count})`],
          ),
        },
      },
    }
  },
}

function imageSummary(heading: string, image: CustomImage, text: string[] = []): Summary {
  return {
    heading,
    text,
    table: {
      header: ['Name', 'ID', 'Platform', 'State', 'Latest version', 'Versions', 'Size (GB)'],
      rows: [
        [
          image.name,
          image.id,
          image.platform,
          image.state,
          image.latest_version,
          image.versions_count,
          image.total_versions_size,
        ],
      ],
    },
  }
}

export const getCustomImage: Operation = {
  description: 'Get a custom image definition by id or name.',
  scopes: ORG_AND_ENTERPRISE,
  validate: requireCustomImage,
  run: async (client, target, s) => {
    const image = await fetchOne(client, target, CUSTOM_IMAGE, s.customImage!)
    return { result: image, outputs: { image }, summary: imageSummary(`Custom image ${image.name}`, image) }
  },
}

export const deleteCustomImage: Operation = {
  description: 'Delete a custom image definition and all its versions.',
  scopes: ORG_AND_ENTERPRISE,
  validate: requireCustomImage,
  run: async (client, target, s) => {
    const image = await fetchOne(client, target, CUSTOM_IMAGE, s.customImage!)
    await itemRequest(client, target, CUSTOM_IMAGE, 'DELETE', image.id)
    return {
      result: image,
      outputs: { image },
      summary: imageSummary('Custom image deleted', image, [
        `Deleted custom image **${image.name}** (id ${image.id}) and its ${image.versions_count} versions from ${describeTarget(target)}.`,
      ]),
    }
  },
}

function versionsSummary(heading: string, versions: CustomImageVersion[], text: string[] = []): Summary {
  return {
    heading,
    text,
    table: {
      header: ['Version', 'State', 'Size (GB)', 'Created', 'Details'],
      rows: versions.map((v) => [v.version, v.state, v.size_gb, v.created_on, v.state_details]),
    },
  }
}

export const listCustomImageVersions: Operation = {
  description: 'List the versions of a custom image.',
  scopes: ORG_AND_ENTERPRISE,
  validate: requireCustomImage,
  run: async (client, target, s) => {
    const id = await resolveId(client, target, CUSTOM_IMAGE, s.customImage!)
    const versions = await customImageVersions(client, target, id)
    return {
      result: versions,
      outputs: { 'image-versions': versions },
      summary: versionsSummary(`Versions of custom image ${s.customImage} (id ${id})`, versions),
    }
  },
}

/** `METHOD` on version image-version of custom image `id`; a 404 names both. */
async function versionRequest<T>(
  client: Api,
  target: Target,
  method: string,
  id: number,
  s: Settings,
): Promise<T> {
  try {
    const { data } = await client.request<T>(target, `${method} ${CUSTOM_IMAGE.path}/versions/{version}`, {
      image_definition_id: id,
      version: s.imageVersion,
    })
    return data
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 404)) throw e
    throw new ActionError(
      `No version ${s.imageVersion} of custom image ${s.customImage} (id ${id}) in ${describeTarget(target)}, or no such image ` +
        '(list-custom-image-versions lists its versions).',
      404,
    )
  }
}

export const getCustomImageVersion: Operation = {
  description: 'Get one version of a custom image.',
  scopes: ORG_AND_ENTERPRISE,
  validate: requireCustomImageVersion,
  run: async (client, target, s) => {
    const id = await resolveId(client, target, CUSTOM_IMAGE, s.customImage!)
    const data = await versionRequest<CustomImageVersion>(client, target, 'GET', id, s)
    return {
      result: data,
      outputs: { 'image-version': data },
      summary: versionsSummary(`Custom image ${s.customImage} (id ${id}), version ${data.version}`, [data]),
    }
  },
}

export const deleteCustomImageVersion: Operation = {
  description: 'Delete one version of a custom image.',
  scopes: ORG_AND_ENTERPRISE,
  validate: requireCustomImageVersion,
  run: async (client, target, s) => {
    const id = await resolveId(client, target, CUSTOM_IMAGE, s.customImage!)
    const data = await versionRequest<CustomImageVersion>(client, target, 'GET', id, s)
    await versionRequest(client, target, 'DELETE', id, s)
    return {
      result: data,
      outputs: { 'image-version': data },
      summary: versionsSummary(
        'Custom image version deleted',
        [data],
        [
          `Deleted version ${data.version} of custom image ${s.customImage} (id ${id}) in ${describeTarget(target)}.`,
        ],
      ),
    }
  },
}

// ---- limits, machine sizes, platforms ---------------------------------------------------------

export const getHostedRunnerLimits: Operation = {
  description: 'Get the limits on GitHub-hosted runners (static public IPs).',
  scopes: ORG_AND_ENTERPRISE,
  run: async (client, target) => {
    const { data: limits } = await client.request<Limits>(target, `GET ${HOSTED}/limits`)
    const ips = limits.public_ips
    return {
      result: limits,
      outputs: { limits },
      summary: {
        heading: `Hosted runner limits of ${describeTarget(target)}`,
        table: {
          header: ['Limit', 'In use', 'Maximum'],
          rows: [['Static public IPs', ips.current_usage, ips.maximum]],
        },
      },
    }
  },
}

export const listHostedRunnerMachineSizes = catalogList<MachineSpec>(
  'List the machine sizes hosted runners can have.',
  `${HOSTED}/machine-sizes`,
  'machine_specs',
  'machine-sizes',
  (sizes, target) => ({
    heading: `Hosted runner machine sizes in ${describeTarget(target)}`,
    table: {
      header: ['Size', 'CPU cores', 'Memory (GB)', 'Storage (GB)'],
      rows: sizes.map((m) => [m.id, m.cpu_cores, m.memory_gb, m.storage_gb]),
    },
  }),
)

export const listHostedRunnerPlatforms = catalogList<string>(
  'List the platforms hosted runners can run.',
  `${HOSTED}/platforms`,
  'platforms',
  'platforms',
  (platforms, target) => ({
    heading: `Hosted runner platforms in ${describeTarget(target)}`,
    table: { header: ['Platform'], rows: platforms.map((p) => [p]) },
  }),
)
