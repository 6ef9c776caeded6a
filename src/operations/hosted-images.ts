/** Images for GitHub-hosted runners: the curated lists, custom image definitions and their versions. */
import { isNotFound, type Api } from '../github/api.js'
import { ActionError } from '../errors.js'
import { describeTarget, ORG_AND_ENTERPRISE, type Target } from '../github/target.js'
import { defineOperation } from '../registry/define.js'
import {
  CUSTOM_IMAGES_PERMISSION,
  HOSTED_PERMISSION,
  CUSTOM_IMAGE,
  curatedImages,
  customImage,
  customImageVersions,
  exactImageVersion,
  imageSource,
  sourceOf,
  type CustomImage,
  type CustomImageVersion,
} from '../github/hosted-lookup.js'
import { deleteItem, fetchOne, resolveId } from '../github/id-or-name.js'
import type { Summary } from '../registry/operation-result.js'

const FAMILY = 'GitHub-hosted runners'

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

/** `METHOD` on one version of custom image `id`; a 404 names both. */
async function versionRequest<T>(
  api: Api,
  target: Target,
  method: string,
  id: number,
  s: { customImage: string; version: string },
): Promise<T> {
  try {
    const { data } = await api.request<T>(target, `${method} ${CUSTOM_IMAGE.path}/versions/{version}`, {
      image_definition_id: id,
      version: s.version,
    })
    return data
  } catch (e) {
    if (!isNotFound(e)) throw e
    throw new ActionError(
      `No version ${s.version} of custom image ${s.customImage} (id ${id}) in ${describeTarget(target)}, or no such image ` +
        '(list-custom-image-versions lists its versions).',
      404,
    )
  }
}

const oneVersion = { customImage, version: exactImageVersion }

export const hostedImageOperations = [
  defineOperation({
    name: 'list-hosted-runner-images',
    family: FAMILY,
    description:
      'List the images hosted runners can use, from image-source: github (default), partner or custom.',
    scopes: ORG_AND_ENTERPRISE,
    orgPermission: HOSTED_PERMISSION,
    orgPermissionsFor: (s) => [
      sourceOf(s.imageSource) === 'custom' ? CUSTOM_IMAGES_PERMISSION : HOSTED_PERMISSION,
    ],
    changes: false,
    inputs: { imageSource },
    outputs: ['images'],
    run: async (api, target, s) => {
      const source = sourceOf(s.imageSource)
      const custom = source === 'custom'
      const images = custom ? await CUSTOM_IMAGE.list(api, target) : await curatedImages(api, target, source)
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
  }),

  defineOperation({
    name: 'get-custom-image',
    family: FAMILY,
    description: 'Get a custom image definition by id or name.',
    scopes: ORG_AND_ENTERPRISE,
    orgPermission: CUSTOM_IMAGES_PERMISSION,
    changes: false,
    inputs: { customImage },
    outputs: ['image'],
    run: async (api, target, s) => {
      const image = await fetchOne(api, target, CUSTOM_IMAGE, s.customImage)
      return { result: image, outputs: { image }, summary: imageSummary(`Custom image ${image.name}`, image) }
    },
  }),

  defineOperation({
    name: 'delete-custom-image',
    family: FAMILY,
    description: 'Delete a custom image definition and all its versions.',
    scopes: ORG_AND_ENTERPRISE,
    orgPermission: CUSTOM_IMAGES_PERMISSION,
    changes: true,
    inputs: { customImage },
    outputs: ['image'],
    run: async (api, target, s) => {
      const image = await fetchOne(api, target, CUSTOM_IMAGE, s.customImage)
      const { outcome } = await deleteItem(api, target, CUSTOM_IMAGE.path, { [CUSTOM_IMAGE.param]: image.id })
      return {
        result: image,
        outputs: { image },
        summary: imageSummary('Custom image deleted', image, [
          outcome === 'deleted'
            ? `Deleted custom image **${image.name}** (id ${image.id}) and its ${image.versions_count} versions from ${describeTarget(target)}.`
            : `Custom image **${image.name}** (id ${image.id}) was already gone from ${describeTarget(target)}.`,
        ]),
      }
    },
  }),

  defineOperation({
    name: 'list-custom-image-versions',
    family: FAMILY,
    description: 'List the versions of a custom image.',
    scopes: ORG_AND_ENTERPRISE,
    orgPermission: CUSTOM_IMAGES_PERMISSION,
    changes: false,
    inputs: { customImage },
    outputs: ['image-versions'],
    run: async (api, target, s) => {
      const id = await resolveId(api, target, CUSTOM_IMAGE, s.customImage)
      const versions = await customImageVersions(api, target, id)
      return {
        result: versions,
        outputs: { 'image-versions': versions },
        summary: versionsSummary(`Versions of custom image ${s.customImage} (id ${id})`, versions),
      }
    },
  }),

  defineOperation({
    name: 'get-custom-image-version',
    family: FAMILY,
    description: 'Get one version of a custom image.',
    scopes: ORG_AND_ENTERPRISE,
    orgPermission: CUSTOM_IMAGES_PERMISSION,
    changes: false,
    inputs: oneVersion,
    outputs: ['image-version'],
    run: async (api, target, s) => {
      const id = await resolveId(api, target, CUSTOM_IMAGE, s.customImage)
      const data = await versionRequest<CustomImageVersion>(api, target, 'GET', id, s)
      return {
        result: data,
        outputs: { 'image-version': data },
        summary: versionsSummary(`Custom image ${s.customImage} (id ${id}), version ${data.version}`, [data]),
      }
    },
  }),

  defineOperation({
    name: 'delete-custom-image-version',
    family: FAMILY,
    description: 'Delete one version of a custom image.',
    scopes: ORG_AND_ENTERPRISE,
    orgPermission: CUSTOM_IMAGES_PERMISSION,
    changes: true,
    inputs: oneVersion,
    outputs: ['image-version'],
    run: async (api, target, s) => {
      const id = await resolveId(api, target, CUSTOM_IMAGE, s.customImage)
      const data = await versionRequest<CustomImageVersion>(api, target, 'GET', id, s)
      const { outcome } = await deleteItem(api, target, `${CUSTOM_IMAGE.path}/versions/{version}`, {
        [CUSTOM_IMAGE.param]: id,
        version: s.version,
      })
      return {
        result: data,
        outputs: { 'image-version': data },
        summary: versionsSummary(
          'Custom image version deleted',
          [data],
          [
            `${outcome === 'deleted' ? 'Deleted' : 'Already gone:'} version ${data.version} of custom image ${s.customImage} (id ${id}) in ${describeTarget(target)}.`,
          ],
        ),
      }
    },
  }),
]
