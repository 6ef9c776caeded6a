/** Self-hosted runners: list, inspect, delete, and the runner application downloads. */
import type { components } from '@octokit/openapi-types'
import { InputError } from '../errors.js'
import { text } from '../inputs/read.js'
import { runner } from '../inputs/runner-inputs.js'
import { selectionInputs } from '../inputs/selection-inputs.js'
import { selectRunners } from '../decisions/runner-filter.js'
import { shapeRunner } from '../decisions/runner-shape.js'
import { describeTarget, SCOPES } from '../github/target.js'
import { defineOperation } from '../registry/define.js'
import {
  deleteRunnerById,
  findRunnerByName,
  lookUpRunner,
  listRunners,
  runnerNotFound,
} from '../github/runner-lookup.js'
import { runnersTable } from '../publish/tables.js'
import { summaryText } from '../publish/printable.js'

const FAMILY = 'Self-hosted runners'

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

/** An alias table's value for an input (case-insensitive); unknown is an input error. */
function aliased(name: string, aliases: Record<string, string>, what: string) {
  return text(name, (v) => {
    const hit = aliases[v.toLowerCase()]
    if (hit === undefined) throw new InputError(name, `'${v}' is not ${what}`)
    return hit
  })
}

export const runnerOperations = [
  defineOperation({
    name: 'list-runners',
    family: FAMILY,
    description: 'List self-hosted runners (every page), optionally narrowed by a selection.',
    scopes: SCOPES,
    changes: false,
    inputs: { selection: selectionInputs({ labelsSelect: true }) },
    outputs: ['runners', 'count'],
    run: async (api, target, s) => {
      const all = await listRunners(api, target)
      const runners = selectRunners(all, s.selection).map(shapeRunner)
      return {
        result: runners,
        outputs: { runners, count: String(runners.length) },
        summary: runnersTable(`Self-hosted runners of ${describeTarget(target)}`, runners, [
          `${runners.length} of ${all.length} runners match.`,
        ]),
      }
    },
  }),

  defineOperation({
    name: 'get-runner',
    family: FAMILY,
    description: 'Get one runner by runner-id or runner-name.',
    scopes: SCOPES,
    changes: false,
    inputs: { runner },
    outputs: ['runner', 'runner-id', 'status', 'busy'],
    run: async (api, target, s) => {
      const found = await lookUpRunner(api, target, s.runner)
      if (!found) throw runnerNotFound(target, s.runner)
      const r = shapeRunner(found)
      return {
        result: r,
        outputs: { runner: r, 'runner-id': String(r.id), status: r.status, busy: String(r.busy) },
        summary: runnersTable(`Runner ${r.name}`, [r]),
      }
    },
  }),

  defineOperation({
    name: 'delete-runner',
    family: FAMILY,
    description: 'Delete a runner. One already gone succeeds with deleted=false; a busy one fails.',
    scopes: SCOPES,
    changes: true,
    inputs: { runner },
    outputs: ['runner-id', 'deleted'],
    run: async (api, target, { runner: ref }) => {
      // By name: a name no runner carries any more means the runner is already gone.
      const id = ref.id ?? (await findRunnerByName(api, target, ref.name))?.id
      const what =
        ref.name === undefined ? `Runner ${id}` : `Runner ${ref.name}${id !== undefined ? ` (id ${id})` : ''}`
      const shown = summaryText(what)
      const deleted = id !== undefined && (await deleteRunnerById(api, target, id, what)) === 'deleted'
      return {
        result: { id: id ?? null, name: ref.name ?? null, deleted },
        outputs: { 'runner-id': id === undefined ? '' : String(id), deleted: String(deleted) },
        summary: {
          heading: 'Delete runner',
          text: [
            deleted
              ? `${shown} was deleted from ${describeTarget(target)}.`
              : `${shown} was already gone from ${describeTarget(target)}; nothing deleted.`,
          ],
        },
      }
    },
  }),

  defineOperation({
    name: 'list-downloads',
    family: FAMILY,
    description: 'List the runner application downloads, optionally for one os and architecture.',
    scopes: SCOPES,
    changes: false,
    inputs: {
      os: aliased('os', OS_ALIASES, 'an OS the runner is built for: linux, osx (macos) or win (windows)'),
      architecture: aliased(
        'architecture',
        ARCH_ALIASES,
        'an architecture the runner is built for: x64, arm or arm64',
      ),
    },
    outputs: ['downloads', 'download-url', 'filename', 'sha256'],
    run: async (api, target, { os, architecture: arch }) => {
      const { data } = await api.request<RunnerApplication[]>(target, 'GET /actions/runners/downloads')
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
  }),
]
