/**
 * GitHub-hosted (larger) runners of organizations and enterprises: the runners themselves,
 * the images they can use (GitHub-owned, partner, custom with versions), machine sizes,
 * platforms and static public IP limits.
 *
 * Like GitHub, a bad name, image, size or group in a body answers 422 Validation Failed.
 */
import { GITHUB_IMAGES, MACHINE_SIZES, PARTNER_IMAGES, PLATFORMS, PUBLIC_IP_LIMIT } from '../catalog.js'
import { notFound, validationFailed } from '../http.js'
import type { SimCustomImage, SimHostedRunner } from '../types.js'
import type { Handler, RouteContext } from './context.js'

const NAME = /^[A-Za-z0-9._-]{1,64}$/

type Source = SimHostedRunner['image']['source']

/** What an image resolves to: the `image_details` of a runner using it, and its platform. */
interface ResolvedImage {
  details: { id: string; size_gb: number; display_name: string; source: Source; version?: string }
  platform: string
}

function resolveImage(ctx: RouteContext, image: SimHostedRunner['image']): ResolvedImage | undefined {
  if (image.source === 'custom') {
    const custom = ctx.state.compute.customImagesOf(ctx.owner).find((c) => String(c.id) === image.id)
    const version = image.version
      ? custom?.versions.find((v) => v.version === image.version)
      : custom && latest(custom)
    if (!custom || !version) return undefined
    return {
      details: {
        id: image.id,
        size_gb: version.size_gb,
        display_name: custom.name,
        source: 'custom',
        version: version.version,
      },
      platform: custom.platform,
    }
  }
  const curated = (image.source === 'partner' ? PARTNER_IMAGES : GITHUB_IMAGES).find((i) => i.id === image.id)
  if (!curated) return undefined
  return {
    details: {
      id: curated.id,
      size_gb: curated.size_gb,
      display_name: curated.display_name,
      source: curated.source,
    },
    platform: curated.platform,
  }
}

export function hostedRunnerJson(ctx: RouteContext, h: SimHostedRunner, status = h.status) {
  const image = resolveImage(ctx, h.image)
  const size = MACHINE_SIZES.find((s) => s.id === h.size)
  return {
    id: h.id,
    name: h.name,
    runner_group_id: h.runner_group_id,
    image_details: image?.details ?? null,
    machine_size_details: size ?? { id: h.size, cpu_cores: 0, memory_gb: 0, storage_gb: 0 },
    status,
    platform: image?.platform ?? 'linux-x64',
    maximum_runners: h.maximum_runners,
    public_ip_enabled: h.public_ip_enabled,
    public_ips: h.public_ip_enabled
      ? [{ enabled: true, prefix: `20.80.${(h.id >> 8) & 255}.${(h.id * 2) & 255}`, length: 31 }]
      : [],
    last_active_on: h.last_active_on,
    image_gen: h.image_gen,
  }
}

function pathRunner(ctx: RouteContext): SimHostedRunner {
  const h = ctx.state.compute.hostedRunner(ctx.owner, ctx.int('hosted_runner_id'))
  if (!h) throw notFound()
  return h
}

export const listHostedRunners: Handler = (ctx) => {
  const all = ctx.state.compute.hostedRunners(ctx.owner)
  return {
    status: 200,
    body: { total_count: all.length, runners: ctx.page(all).map((h) => hostedRunnerJson(ctx, h)) },
  }
}

export const listGroupHostedRunners: Handler = (ctx) => {
  const group = ctx.state.group(ctx.owner, ctx.int('runner_group_id'))
  if (!group) throw notFound()
  const all = ctx.state.compute.hostedRunners(ctx.owner).filter((h) => h.runner_group_id === group.id)
  return {
    status: 200,
    body: { total_count: all.length, runners: ctx.page(all).map((h) => hostedRunnerJson(ctx, h)) },
  }
}

export const getHostedRunner: Handler = (ctx) => ({
  status: 200,
  body: hostedRunnerJson(ctx, pathRunner(ctx)),
})

interface CreateBody {
  name: string
  image: { id?: string; source?: Source; version?: string | null }
  size: string
  runner_group_id: number
  maximum_runners?: number
  enable_static_ip?: boolean
  image_gen?: boolean
}

export const createHostedRunner: Handler = (ctx) => {
  const body = ctx.body as CreateBody // checked against the operation's schema
  checkName(ctx, body.name)
  if (!body.image.id) throw validationFailed('image.id is required')
  const image = {
    id: body.image.id,
    source: body.image.source ?? 'github',
    version: body.image.version ?? null,
  }
  checkImage(ctx, image)
  checkSize(body.size)
  checkGroup(ctx, body.runner_group_id)
  if (body.enable_static_ip) checkPublicIpRoom(ctx)
  const h = ctx.state.compute.addHostedRunner(ctx.owner, {
    name: body.name,
    image,
    size: body.size,
    runner_group_id: body.runner_group_id,
    maximum_runners: body.maximum_runners ?? (ctx.owner.startsWith('enterprise:') ? 50 : 10),
    public_ip_enabled: body.enable_static_ip ?? false,
    image_gen: body.image_gen ?? false,
    status: 'Ready',
  })
  // The pool is provisioning when the create call answers; later reads find it ready.
  return { status: 201, body: hostedRunnerJson(ctx, h, 'Provisioning') }
}

interface UpdateBody {
  name?: string
  runner_group_id?: number
  maximum_runners?: number
  enable_static_ip?: boolean
  size?: string
  image_source?: Source
  image_id?: string
  image_version?: string | null
  image_gen?: boolean
}

export const updateHostedRunner: Handler = (ctx) => {
  const h = pathRunner(ctx)
  const body = ctx.body as UpdateBody
  if (body.name !== undefined && body.name.toLowerCase() !== h.name.toLowerCase()) checkName(ctx, body.name)
  if (body.size !== undefined) checkSize(body.size)
  if (body.runner_group_id !== undefined) checkGroup(ctx, body.runner_group_id)
  if (body.enable_static_ip && !h.public_ip_enabled) checkPublicIpRoom(ctx)
  let image = h.image
  if (body.image_id !== undefined || body.image_source !== undefined || body.image_version !== undefined) {
    image = {
      id: body.image_id ?? h.image.id,
      source: body.image_source ?? h.image.source,
      version: body.image_version === undefined ? (h.image.version ?? null) : body.image_version,
    }
    checkImage(ctx, image)
  }
  if (body.name !== undefined) h.name = body.name
  if (body.size !== undefined) h.size = body.size
  if (body.runner_group_id !== undefined) h.runner_group_id = body.runner_group_id
  if (body.maximum_runners !== undefined) h.maximum_runners = body.maximum_runners
  if (body.enable_static_ip !== undefined) h.public_ip_enabled = body.enable_static_ip
  if (body.image_gen !== undefined) h.image_gen = body.image_gen
  h.image = image
  return { status: 200, body: hostedRunnerJson(ctx, h) }
}

/** 202: the pool is being deleted; it is gone from later listings. */
export const deleteHostedRunner: Handler = (ctx) => {
  const h = pathRunner(ctx)
  const body = hostedRunnerJson(ctx, h, 'Deleting')
  ctx.state.compute.deleteHostedRunner(ctx.owner, h.id)
  return { status: 202, body }
}

// ---- catalog ------------------------------------------------------------------------------------

export const listGithubImages: Handler = () => ({
  status: 200,
  body: { total_count: GITHUB_IMAGES.length, images: GITHUB_IMAGES },
})

export const listPartnerImages: Handler = () => ({
  status: 200,
  body: { total_count: PARTNER_IMAGES.length, images: PARTNER_IMAGES },
})

export const listMachineSizes: Handler = () => ({
  status: 200,
  body: { total_count: MACHINE_SIZES.length, machine_specs: MACHINE_SIZES },
})

export const listPlatforms: Handler = () => ({
  status: 200,
  body: { total_count: PLATFORMS.length, platforms: PLATFORMS },
})

export const getLimits: Handler = (ctx) => ({
  status: 200,
  body: { public_ips: { maximum: PUBLIC_IP_LIMIT, current_usage: publicIpsInUse(ctx) } },
})

// ---- custom images ------------------------------------------------------------------------------

function customImageJson(img: SimCustomImage) {
  return {
    id: img.id,
    platform: img.platform,
    total_versions_size: img.versions.reduce((sum, v) => sum + v.size_gb, 0),
    name: img.name,
    source: 'custom',
    versions_count: img.versions.length,
    latest_version: latest(img)?.version ?? '',
    state: img.state,
  }
}

function pathImage(ctx: RouteContext): SimCustomImage {
  const img = ctx.state.compute.customImagesOf(ctx.owner).find((c) => c.id === ctx.int('image_definition_id'))
  if (!img) throw notFound()
  return img
}

function pathVersion(ctx: RouteContext) {
  const img = pathImage(ctx)
  const v = img.versions.find((x) => x.version === ctx.params.version)
  if (!v) throw notFound()
  return { img, v }
}

export const listCustomImages: Handler = (ctx) => {
  const images = ctx.state.compute.customImagesOf(ctx.owner)
  return { status: 200, body: { total_count: images.length, images: images.map(customImageJson) } }
}

export const getCustomImage: Handler = (ctx) => ({ status: 200, body: customImageJson(pathImage(ctx)) })

export const deleteCustomImage: Handler = (ctx) => {
  ctx.state.compute.deleteCustomImage(ctx.owner, pathImage(ctx).id)
  return { status: 204 }
}

export const listCustomImageVersions: Handler = (ctx) => {
  const versions = [...pathImage(ctx).versions].sort((a, b) => compareSemver(b.version, a.version))
  return {
    status: 200,
    body: { total_count: versions.length, image_versions: versions.map((v) => ({ ...v })) },
  }
}

export const getCustomImageVersion: Handler = (ctx) => ({ status: 200, body: { ...pathVersion(ctx).v } })

export const deleteCustomImageVersion: Handler = (ctx) => {
  const { img, v } = pathVersion(ctx)
  img.versions = img.versions.filter((x) => x !== v)
  return { status: 204 }
}

// ---- checks -------------------------------------------------------------------------------------

function checkName(ctx: RouteContext, name: string): void {
  if (!NAME.test(name)) {
    throw validationFailed(
      "Name must be between 1 and 64 characters and may only contain upper and lowercase letters a-z, numbers 0-9, '.', '-', and '_'.",
    )
  }
  if (ctx.state.compute.hostedRunners(ctx.owner).some((h) => h.name.toLowerCase() === name.toLowerCase())) {
    throw validationFailed(`A hosted runner named "${name}" already exists`)
  }
}

function checkImage(ctx: RouteContext, image: SimHostedRunner['image']): void {
  if (!resolveImage(ctx, image)) {
    const version = image.version ? ` version ${image.version}` : ''
    throw validationFailed(`Image ${image.id}${version} is not a known ${image.source} image`)
  }
}

function checkSize(size: string): void {
  if (!MACHINE_SIZES.some((s) => s.id === size))
    throw validationFailed(`Size ${size} is not a known machine size`)
}

function checkGroup(ctx: RouteContext, id: number): void {
  if (!ctx.state.group(ctx.owner, id)) throw validationFailed(`Runner group ${id} does not exist`)
}

function checkPublicIpRoom(ctx: RouteContext): void {
  if (publicIpsInUse(ctx) >= PUBLIC_IP_LIMIT) {
    throw validationFailed(`The limit of ${PUBLIC_IP_LIMIT} static public IPs is reached`)
  }
}

const publicIpsInUse = (ctx: RouteContext) =>
  ctx.state.compute.hostedRunners(ctx.owner).filter((h) => h.public_ip_enabled).length

function latest(img: SimCustomImage) {
  return [...img.versions].sort((a, b) => compareSemver(b.version, a.version))[0]
}

function compareSemver(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}
