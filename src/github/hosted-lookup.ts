/**
 * GitHub-hosted runners and custom images named by id or name, and the checks a create or an
 * update makes before sending: the image exists in its source (a custom image's version too),
 * the machine size is offered.
 */
import type { components } from '@octokit/openapi-types'
import type { Api } from './api.js'
import { InputError } from '../errors.js'
import { choice, required, text } from '../inputs/read.js'
import { describeTarget, type Target } from './target.js'
import { few, itemRequest, pick, type Kind } from './id-or-name.js'

export type HostedRunner = components['schemas']['actions-hosted-runner']
export type CuratedImage = components['schemas']['actions-hosted-runner-curated-image']
export type CustomImage = components['schemas']['actions-hosted-runner-custom-image']
export type CustomImageVersion = components['schemas']['actions-hosted-runner-custom-image-version']
export type MachineSpec = components['schemas']['actions-hosted-runner-machine-spec']

export const HOSTED = '/actions/hosted-runners'
/** GitHub-hosted runners of an organization need its "Administration" permission (not "Self-hosted runners"). */
export const HOSTED_PERMISSION = 'organization_administration'
/** Custom images need "Hosted runner custom images" (GitHub's permissions data); a runner made from one needs both. */
export const CUSTOM_IMAGES_PERMISSION = 'organization_runner_custom_images'
const IMAGES = `${HOSTED}/images`

export const HOSTED_RUNNER: Kind<HostedRunner> = {
  what: 'hosted runner',
  input: 'hosted-runner',
  list: (api, target) => api.list<HostedRunner>(target, `GET ${HOSTED}`),
  path: `${HOSTED}/{hosted_runner_id}`,
  param: 'hosted_runner_id',
}

export const CUSTOM_IMAGE: Kind<CustomImage> = {
  what: 'custom image',
  input: 'custom-image',
  // Not paginated: one request returns them all.
  list: async (api, target) =>
    (await api.request<{ images: CustomImage[] }>(target, `GET ${IMAGES}/custom`)).data.images,
  path: `${IMAGES}/custom/{image_definition_id}`,
  param: 'image_definition_id',
}

// ---- inputs -----------------------------------------------------------------------------------

const IMAGE_SOURCES = ['github', 'partner', 'custom'] as const
export type ImageSource = (typeof IMAGE_SOURCES)[number]
/** `image-source` as given; `sourceOf` gives the source it means. */
export const imageSource = choice('image-source', IMAGE_SOURCES)
/** An image is GitHub-owned unless `image-source` says otherwise. */
export const sourceOf = (given: ImageSource | undefined): ImageSource => given ?? 'github'

export const hostedRunner = required(text('hosted-runner'), ' (the hosted runner, by id or name)')
export const customImage = required(text('custom-image'), ' (the custom image definition, by id or name)')

/** A GitHub-hosted runner's name: 1 to 64 of a-z A-Z 0-9 . - _ (what GitHub accepts). */
export function checkHostedRunnerName(name: string, input: string): string {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) {
    throw new InputError(
      input,
      `'${name}' is not a hosted runner name: 1 to 64 characters of a-z, A-Z, 0-9, '.', '-' and '_'`,
    )
  }
  return name
}

/** GitHub's custom image versions: MAJOR.MINOR.PATCH (the route refuses anything else). */
const VERSION = /^\d+\.\d+\.\d+$/

/** `image-version` of a custom image version route: MAJOR.MINOR.PATCH. */
export const exactImageVersion = required(
  text('image-version', (v, input) => {
    if (!VERSION.test(v))
      throw new InputError(input, `'${v}' is not an image version (MAJOR.MINOR.PATCH, e.g. 1.0.0)`)
    return v
  }),
  ' (e.g. 1.0.0; list-custom-image-versions lists them)',
)

/** image-version deploys a custom image's version: with another source it means nothing. */
export function checkVersionSource(version: string | undefined, source: ImageSource | undefined): void {
  if (version !== undefined && source !== undefined && source !== 'custom') {
    throw new InputError(
      'image-version',
      `only custom images have versions; set image-source: custom, or leave image-version empty for a ${source} image`,
    )
  }
}

// ---- checks against what GitHub offers ---------------------------------------------------------

export async function curatedImages(
  api: Api,
  target: Target,
  source: 'github' | 'partner',
): Promise<CuratedImage[]> {
  const path = `GET ${IMAGES}/${source === 'github' ? 'github-owned' : 'partner'}`
  return (await api.request<{ images: CuratedImage[] }>(target, path)).data.images
}

export async function customImageVersions(
  api: Api,
  target: Target,
  id: number,
): Promise<CustomImageVersion[]> {
  const versions = { ...CUSTOM_IMAGE, path: `${CUSTOM_IMAGE.path}/versions` }
  return (await itemRequest<{ image_versions: CustomImageVersion[] }>(api, target, versions, 'GET', id)).data
    .image_versions
}

/**
 * The image id to send for `ref` from `source`, checked against that source's list (a custom
 * image may be named by name; its version, when given, must exist). Throws what is available.
 */
export async function checkImage(
  api: Api,
  target: Target,
  source: ImageSource,
  ref: string,
  version: string | undefined,
): Promise<string> {
  if (source === 'custom') {
    const image = pick(CUSTOM_IMAGE, target, await CUSTOM_IMAGE.list(api, target), ref, 'image')
    if (version !== undefined && version.toLowerCase() !== 'latest') {
      const versions = await customImageVersions(api, target, image.id)
      if (!versions.some((v) => v.version === version)) {
        throw new InputError(
          'image-version',
          `custom image ${image.name} (id ${image.id}) has no version '${version}'; it has: ${few(versions.map((v) => v.version))}`,
        )
      }
    }
    return String(image.id)
  }
  const images = await curatedImages(api, target, source)
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

export async function machineSizes(api: Api, target: Target): Promise<MachineSpec[]> {
  return (await api.request<{ machine_specs: MachineSpec[] }>(target, `GET ${HOSTED}/machine-sizes`)).data
    .machine_specs
}

/** The machine size id to send for `ref`, checked against the machine sizes GitHub offers. */
export async function checkSize(api: Api, target: Target, ref: string): Promise<string> {
  const sizes = await machineSizes(api, target)
  const hit = sizes.find((m) => m.id.toLowerCase() === ref.toLowerCase())
  if (!hit) {
    throw new InputError(
      'size',
      `'${ref}' is not a machine size in ${describeTarget(target)}; available: ${few(sizes.map((m) => m.id))}`,
    )
  }
  return hit.id
}
