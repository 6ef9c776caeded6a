/** Self-hosted runners: list, inspect, delete, and the runner application downloads. */
import type { components } from '@octokit/openapi-types'
import { ApiError, type Api } from '../api.js'
import { NO_RETRY } from '../client.js'
import { ActionError, InputError } from '../errors.js'
import { isLostAnswer } from './create-once.js'
import { runnerFilter, shapeRunner, type ApiRunner, type RunnerOutput } from '../runners.js'
import type { Settings } from '../settings.js'
import { describeTarget, SCOPES, type Target } from '../target.js'
import { confirmTargetAnswers, findRunnerByName, requireRunnerRef, runnerNotFound } from './runner-ref.js'
import type { Operation, Summary } from './types.js'

export function runnersTable(heading: string, runners: RunnerOutput[], text?: string[]): Summary {
  return {
    heading,
    text,
    table: {
      header: ['Name', 'ID', 'Status', 'Busy', 'OS', 'Labels'],
      rows: runners.map((r) => [r.name, r.id, r.status, r.busy ? 'yes' : 'no', r.os, r.labels.join(', ')]),
    },
  }
}

export const listRunners: Operation = {
  description:
    'List self-hosted runners (every page), optionally filtered by status, busy, name globs and labels.',
  scopes: SCOPES,
  run: async (client, target, s) => {
    const all = await client.list<ApiRunner>(target, 'GET /actions/runners')
    const keep = runnerFilter({
      status: s.status ?? 'any',
      busy: s.busy ?? 'any',
      namePatterns: s.namePatterns,
      labels: s.labels,
    })
    const runners = all.filter(keep).map(shapeRunner)
    return {
      result: runners,
      outputs: { runners, count: String(runners.length) },
      summary: runnersTable(`Self-hosted runners of ${describeTarget(target)}`, runners, [
        `${runners.length} of ${all.length} runners match.`,
      ]),
    }
  },
}

/** The runner named by runner-id or runner-name; absent: undefined. */
async function lookUpRunner(client: Api, target: Target, s: Settings): Promise<ApiRunner | undefined> {
  if (s.runnerName !== undefined) return findRunnerByName(client, target, s.runnerName)
  try {
    return (
      await client.request<ApiRunner>(target, 'GET /actions/runners/{runner_id}', { runner_id: s.runnerId })
    ).data
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return undefined
    throw e
  }
}

export const getRunner: Operation = {
  description: 'Get one runner by runner-id or runner-name.',
  scopes: SCOPES,
  validate: requireRunnerRef,
  run: async (client, target, s) => {
    const found = await lookUpRunner(client, target, s)
    if (!found) throw runnerNotFound(target, { id: s.runnerId, name: s.runnerName })
    const runner = shapeRunner(found)
    return {
      result: runner,
      outputs: { runner, 'runner-id': String(runner.id), status: runner.status, busy: String(runner.busy) },
      summary: runnersTable(`Runner ${runner.name}`, [runner]),
    }
  },
}

/** How often a DELETE whose answer was lost (5xx, network) is sent in all. */
const DELETE_ATTEMPTS = 3

/**
 * Deletes a runner: true when this step deleted it, false when it was already gone. Sent
 * without the client's automatic retry, so that a 404 after a lost answer is known to be this
 * step's own deletion, not "already gone".
 */
async function deleteById(client: Api, target: Target, id: number, what: string): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.request(target, 'DELETE /actions/runners/{runner_id}', { runner_id: id }, NO_RETRY)
      return true
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      if (e.status === 422) {
        throw new ActionError(
          `${what} is running a job; GitHub does not delete a busy runner. ` +
            'Wait until it is idle (wait-for-runner with wait-for: idle) and delete it then.',
          422,
        )
      }
      if (e.status === 404) {
        if (attempt > 1) return true // an earlier attempt deleted it; its answer was lost
        await confirmTargetAnswers(client, target)
        return false
      }
      if (!isLostAnswer(e) || attempt >= DELETE_ATTEMPTS) throw e
    }
  }
}

export const deleteRunner: Operation = {
  description: 'Delete a runner. One already gone succeeds with deleted=false; a busy one fails.',
  scopes: SCOPES,
  validate: requireRunnerRef,
  run: async (client, target, s) => {
    // By name: a name no runner carries any more means the runner is already gone.
    const id = s.runnerId ?? (await findRunnerByName(client, target, s.runnerName!))?.id
    const what =
      s.runnerName === undefined
        ? `Runner ${id}`
        : `Runner ${s.runnerName}${id !== undefined ? ` (id ${id})` : ''}`
    const deleted = id === undefined ? false : await deleteById(client, target, id, what)
    return {
      result: { id: id ?? null, name: s.runnerName ?? null, deleted },
      outputs: { 'runner-id': id === undefined ? '' : String(id), deleted: String(deleted) },
      summary: {
        heading: 'Delete runner',
        text: [
          deleted
            ? `${what} was deleted from ${describeTarget(target)}.`
            : `${what} was already gone from ${describeTarget(target)}; nothing deleted.`,
        ],
      },
    }
  },
}

type RunnerApplication = components['schemas']['runner-application']
/** The values GitHub uses, and common other spellings of them. */
const OS_ALIASES: Record<string, string> = {
  linux: 'linux',
  osx: 'osx',
  win: 'win',
  macos: 'osx',
  darwin: 'osx',
  mac: 'osx',
  windows: 'win',
  win32: 'win',
}
const ARCH_ALIASES: Record<string, string> = {
  x64: 'x64',
  arm: 'arm',
  arm64: 'arm64',
  amd64: 'x64',
  x86_64: 'x64',
  aarch64: 'arm64',
  arm32: 'arm',
}

function checkDownloadFilters(s: Settings): void {
  if (s.os !== undefined && !(s.os in OS_ALIASES)) {
    throw new InputError(
      'os',
      `'${s.os}' is not an OS the runner is built for: linux, osx (macos) or win (windows)`,
    )
  }
  if (s.architecture !== undefined && !(s.architecture in ARCH_ALIASES)) {
    throw new InputError(
      'architecture',
      `'${s.architecture}' is not an architecture the runner is built for: x64, arm or arm64`,
    )
  }
}

export const listDownloads: Operation = {
  description: 'List the runner application downloads, optionally for one os and architecture.',
  scopes: SCOPES,
  validate: checkDownloadFilters,
  run: async (client, target, s) => {
    const { data } = await client.request<RunnerApplication[]>(target, 'GET /actions/runners/downloads')
    const os = s.os === undefined ? undefined : OS_ALIASES[s.os]
    const arch = s.architecture === undefined ? undefined : ARCH_ALIASES[s.architecture]
    const picked = data.filter(
      (d) =>
        (os === undefined || d.os.toLowerCase() === os) &&
        (arch === undefined || d.architecture.toLowerCase() === arch),
    )
    if (picked.length === 0 && (os !== undefined || arch !== undefined)) {
      const offered = [...new Set(data.map((d) => `${d.os}/${d.architecture}`))].join(', ')
      throw new InputError(
        os !== undefined ? 'os' : 'architecture',
        `no runner download for ${os ?? '*'}/${arch ?? '*'}; GitHub offers ${offered}`,
      )
    }
    // temp_download_token is a credential: it is left out of every output.
    const downloads = picked.map((d) => ({
      os: d.os,
      architecture: d.architecture,
      download_url: d.download_url,
      filename: d.filename,
      sha256_checksum: d.sha256_checksum ?? null,
    }))
    const one = downloads.length === 1 ? downloads[0]! : undefined
    return {
      result: downloads,
      outputs: {
        downloads,
        ...(one
          ? { 'download-url': one.download_url, filename: one.filename, sha256: one.sha256_checksum ?? '' }
          : {}),
      },
      summary: {
        heading: 'Runner application downloads',
        table: {
          header: ['OS', 'Architecture', 'File', 'SHA-256'],
          rows: downloads.map((d) => [d.os, d.architecture, d.filename, d.sha256_checksum ?? '']),
        },
      },
    }
  },
}
