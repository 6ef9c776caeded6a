/**
 * Self-hosted runners at repository, organization and enterprise scope: listing, lookup,
 * deletion, downloads, version deprecations, registration/remove tokens, JIT configs and labels.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { OLDEST_SUPPORTED_RUNNER, OS_LABEL, READ_ONLY_LABELS, runnerDownloads } from '../catalog.js'
import { ApiError, notFound, runnerToken, validationFailed } from '../http.js'
import { DEFAULT_GROUP_ID, type SimState } from '../state.js'
import type { SimRunner, SimRunnerLabel } from '../types.js'
import type { Handler, RouteContext } from './context.js'

const MAX_CUSTOM_LABELS = 100
/** The default end-of-life dates of versions older than OLDEST_SUPPORTED_RUNNER. */
const DEFAULT_REGISTRATION_END = '2026-08-01T00:00:00Z'
const DEFAULT_RUNTIME_END = '2026-09-01T00:00:00Z'

/** A runner as the API shows it: `busy` as GitHub answers it now (a new job's shows late). */
export function runnerJson(state: SimState, r: SimRunner) {
  return {
    id: r.id,
    name: r.name,
    os: r.os,
    status: r.status,
    busy: state.jobs.apiBusy(r),
    ephemeral: r.ephemeral,
    labels: r.labels.map((l) => ({ id: l.id, name: l.name, type: l.type })),
    runner_group_id: r.runner_group_id,
    version: r.version,
  }
}

const labelsJson = (labels: SimRunnerLabel[]) => ({
  total_count: labels.length,
  labels: labels.map((l) => ({ id: l.id, name: l.name, type: l.type })),
})

function ownedRunner(ctx: RouteContext): SimRunner {
  const runner = ctx.state.ownedRunner(ctx.owner, ctx.int('runner_id'))
  if (!runner) throw notFound()
  return runner
}

export const listRunners: Handler = (ctx) => {
  const name = ctx.query.name?.toLowerCase()
  const all = ctx.state.runners(ctx.owner).filter((r) => name === undefined || r.name.toLowerCase() === name)
  return {
    status: 200,
    body: { total_count: all.length, runners: ctx.page(all).map((r) => runnerJson(ctx.state, r)) },
  }
}

export const getRunner: Handler = (ctx) => ({ status: 200, body: runnerJson(ctx.state, ownedRunner(ctx)) })

export const deleteRunner: Handler = (ctx) => {
  const runner = ownedRunner(ctx)
  if (ctx.state.jobs.apiBusy(runner))
    throw new ApiError(422, `Bad request - Runner "${runner.name}" is still running a job"`)
  // GitHub does not know of a job whose busy flag has not shown yet: the DELETE kills it.
  ctx.state.jobs.deleted(runner)
  ctx.state.deleteRunner(runner.id)
  return { status: 204 }
}

export const listDownloads: Handler = () => ({ status: 200, body: runnerDownloads() })

/**
 * The end-of-life dates of a runner version: what `setRunnerVersionDeprecation` set for it, else
 * the default schedule for versions older than OLDEST_SUPPORTED_RUNNER and none for newer ones.
 * Not a version (`x.y.z`): 404.
 */
export const getVersionDeprecation: Handler = (ctx) => {
  const version = ctx.params.version ?? ''
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version)
  if (!m) throw notFound()
  const seeded = ctx.state.runnerVersionDeprecation(version)
  const old = compareVersions([Number(m[1]), Number(m[2]), Number(m[3])], [...OLDEST_SUPPORTED_RUNNER]) < 0
  const dates =
    seeded !== undefined
      ? (seeded ?? { registration_deprecates_at: null, runtime_deprecates_at: null })
      : {
          registration_deprecates_at: old ? DEFAULT_REGISTRATION_END : null,
          runtime_deprecates_at: old ? DEFAULT_RUNTIME_END : null,
        }
  return { status: 200, body: { runner_version: version, ...dates } }
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

/** Registration and remove tokens: 29 base32 characters, valid for an hour. */
export const createRunnerToken: Handler = (ctx) => {
  const token = runnerToken()
  ctx.state.issuedSecrets.push(token)
  return { status: 201, body: { token, expires_at: new Date(Date.now() + 3_600_000).toISOString() } }
}

interface JitBody {
  name: string
  runner_group_id: number
  labels: string[]
  work_folder?: string
}

export const generateJitConfig: Handler = (ctx) => {
  const body = ctx.body as JitBody // checked against the operation's schema
  const taken = ctx.state.runners(ctx.owner).some((r) => r.name.toLowerCase() === body.name.toLowerCase())
  if (taken) throw new ApiError(409, `Already exists - A runner with the name ${body.name} already exists.`)
  const groupExists = ctx.owner.startsWith('repo:')
    ? body.runner_group_id === DEFAULT_GROUP_ID
    : ctx.state.group(ctx.owner, body.runner_group_id) !== undefined
  if (!groupExists) throw notFound()
  const readOnly = (l: string) => READ_ONLY_LABELS.some((r) => r.toLowerCase() === l.toLowerCase())
  const osLabel = body.labels.find((l) =>
    Object.values(OS_LABEL).some((o) => o.toLowerCase() === l.toLowerCase()),
  )
  const os =
    Object.entries(OS_LABEL).find(([, label]) => label.toLowerCase() === osLabel?.toLowerCase())?.[0] ??
    'unknown'
  const runner = ctx.state.addRunner(ctx.owner, {
    name: body.name,
    os,
    status: 'offline',
    busy: false,
    ephemeral: true,
    version: null,
    runner_group_id: body.runner_group_id,
  })
  // A JIT runner carries `self-hosted` and the labels it was given, not the OS/arch defaults.
  const labels = [ctx.state.label('self-hosted', 'read-only')]
  for (const name of body.labels) {
    if (!labels.some((l) => l.name.toLowerCase() === name.toLowerCase())) {
      labels.push(ctx.state.label(name, readOnly(name) ? 'read-only' : 'custom'))
    }
  }
  runner.labels = labels
  const encoded = encodeJitConfig(ctx, runner, body.work_folder ?? '_work')
  ctx.state.issuedSecrets.push(encoded)
  return { status: 201, body: { runner: runnerJson(ctx.state, runner), encoded_jit_config: encoded } }
}

/** Base64 of the files the runner would write: `.runner`, `.credentials` and `.credentials_rsaparams`, all fake. */
function encodeJitConfig(ctx: RouteContext, runner: SimRunner, workFolder: string): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64')
  const rand = (n: number) => randomBytes(n).toString('base64')
  const files = {
    '.runner': b64({
      AgentId: String(runner.id),
      AgentName: runner.name,
      PoolId: String(runner.runner_group_id),
      PoolName: 'Default',
      DisableUpdate: 'False',
      Ephemeral: 'True',
      ServerUrl: `https://pipelines.actions.githubusercontent.com/${randomBytes(24).toString('base64url')}`,
      GitHubUrl: `https://github.com/${ctx.owner.slice(ctx.owner.indexOf(':') + 1)}`,
      WorkFolder: workFolder,
      UseV2Flow: 'True',
    }),
    '.credentials': b64({
      Scheme: 'OAuth',
      Data: {
        ClientId: randomUUID(),
        AuthorizationUrl: 'https://vstoken.actions.githubusercontent.com/_apis/oauth2/token/' + randomUUID(),
        RequireFipsCryptography: 'True',
      },
    }),
    '.credentials_rsaparams': b64({
      d: rand(256),
      dp: rand(128),
      dq: rand(128),
      exponent: 'AQAB',
      inverseQ: rand(128),
      modulus: rand(256),
      p: rand(128),
      q: rand(128),
    }),
  }
  return Buffer.from(JSON.stringify(files)).toString('base64')
}

// ---- labels -------------------------------------------------------------------------------------

export const listLabels: Handler = (ctx) => ({ status: 200, body: labelsJson(ownedRunner(ctx).labels) })

export const addLabels: Handler = (ctx) => {
  const runner = ownedRunner(ctx)
  const { labels } = ctx.body as { labels: string[] }
  setCustomLabels(ctx, runner, [
    ...runner.labels.filter((l) => l.type === 'custom').map((l) => l.name),
    ...labels,
  ])
  return { status: 200, body: labelsJson(runner.labels) }
}

export const setLabels: Handler = (ctx) => {
  const runner = ownedRunner(ctx)
  const { labels } = ctx.body as { labels: string[] }
  setCustomLabels(ctx, runner, labels)
  return { status: 200, body: labelsJson(runner.labels) }
}

export const removeAllLabels: Handler = (ctx) => {
  const runner = ownedRunner(ctx)
  runner.labels = runner.labels.filter((l) => l.type === 'read-only')
  return { status: 200, body: labelsJson(runner.labels) }
}

export const removeLabel: Handler = (ctx) => {
  const runner = ownedRunner(ctx)
  const name = (ctx.params.name ?? '').toLowerCase()
  const label = runner.labels.find((l) => l.name.toLowerCase() === name)
  if (!label) throw notFound()
  if (label.type === 'read-only')
    throw validationFailed(`Label "${label.name}" is read-only and cannot be removed`)
  runner.labels = runner.labels.filter((l) => l !== label)
  return { status: 200, body: labelsJson(runner.labels) }
}

/** Replaces the custom labels, dropping case-insensitive duplicates (read-only labels included). */
function setCustomLabels(ctx: RouteContext, runner: SimRunner, names: string[]): void {
  const labels = runner.labels.filter((l) => l.type === 'read-only')
  for (const name of names) {
    if (!labels.some((l) => l.name.toLowerCase() === name.toLowerCase()))
      labels.push(ctx.state.label(name, 'custom'))
  }
  const custom = labels.filter((l) => l.type === 'custom').length
  if (custom > MAX_CUSTOM_LABELS) {
    throw validationFailed(
      `A runner can have at most ${MAX_CUSTOM_LABELS} custom labels; this request would give it ${custom}`,
    )
  }
  runner.labels = labels
}
