/**
 * Settings and versions: the end-of-life schedule of a runner version (every scope), and who
 * may use self-hosted runners. An organization's policy says which of its repositories may use
 * repository-level self-hosted runners (`enabled_repositories`: all, selected with a list of
 * repositories, none); an enterprise may disable them for all its organizations.
 */
import { ApiError, isNotFound, type Api } from '../github/api.js'
import { ActionError, errorMessage, InputError } from '../errors.js'
import {
  choice,
  given,
  optionalFlag,
  parseGivenList,
  required,
  text,
  type InputReader,
} from '../inputs/read.js'
import { describeTarget, ORG_AND_ENTERPRISE, SCOPES, type Target } from '../github/target.js'
import { defineOperation, type Operation } from '../registry/define.js'
import {
  checkRepositoryRefs,
  repositoryEntry,
  repositoryIds,
  type RepositoryEntry,
} from '../github/repository-refs.js'
import type { OperationResult, Summary } from '../registry/operation-result.js'
import { changeItems, withFailures } from '../github/bulk-change.js'
import { versionEol } from '../github/version-eol.js'
import { summaryText } from '../publish/printable.js'

const FAMILY = 'Settings and versions'
const SETTINGS = '/actions/permissions/self-hosted-runners'
const SELECTED = `${SETTINGS}/repositories`
/** An organization's self-hosted runner policy is an "Administration" setting of the organization. */
const SETTINGS_PERMISSION = 'organization_administration'

// ---- runner version end of life ---------------------------------------------------------------

/** `runner-version`: MAJOR.MINOR.PATCH as the runner reports it (a leading `v`, as in release tags, is dropped). */
const runnerVersion = required(
  text('runner-version', (v, input) => {
    const m = /^v?(\d{1,6}\.\d{1,6}\.\d{1,6})$/.exec(v)
    if (!m) throw new InputError(input, `'${v}' is not a runner version (MAJOR.MINOR.PATCH, e.g. 2.330.0)`)
    return m[1]!
  }),
  ' (MAJOR.MINOR.PATCH, e.g. 2.330.0: the version list-runners shows)',
)

function when(date: string | null, now: number): string {
  if (date === null) return 'not set'
  return `${date}${Date.parse(date) <= now ? ' (passed)' : ''}`
}

async function runnerVersionDeprecation(api: Api, target: Target, version: string): Promise<OperationResult> {
  const data = await versionEol(api, target, version)
  if (!data) {
    throw new ActionError(
      `GitHub has no end-of-life schedule for runner version ${version} in ${describeTarget(target)} (404): it does not know the version` +
        `${target.scope === 'repository' ? '' : `, or the token cannot see the ${target.scope}`}.`,
      404,
    )
  }
  const registration = data.registration_deprecates_at
  const runtime = data.runtime_deprecates_at
  const now = Date.now()
  return {
    result: {
      runner_version: data.runner_version,
      registration_deprecates_at: registration,
      runtime_deprecates_at: runtime,
    },
    outputs: {
      'runner-version': data.runner_version,
      'registration-deprecates-at': registration ?? '',
      'runtime-deprecates-at': runtime ?? '',
    },
    summary: {
      heading: `Runner ${data.runner_version}: end of life`,
      text:
        registration === null && runtime === null
          ? [`GitHub has set no end-of-life dates for runner version ${summaryText(data.runner_version)}.`]
          : undefined,
      table: {
        header: ['What ends', 'When'],
        rows: [
          ['Registering new runners of this version', when(registration, now)],
          ['Jobs sent to runners of this version', when(runtime, now)],
        ],
      },
    },
  }
}

// ---- self-hosted runner settings --------------------------------------------------------------

const POLICIES = ['all', 'selected', 'none'] as const
type Policy = (typeof POLICIES)[number]

const policyChoice = choice('enabled-repositories', POLICIES)
const disableFlag = optionalFlag('disable-for-all-organizations')

/** `repositories` of the target organization (owner/repo, names or ids), checked; an error at any other scope. */
const repositories: InputReader<string[] | undefined> = {
  names: ['repositories'],
  read: (values, { target, operation }) => {
    const raw = given(values, 'repositories')
    if (raw === undefined) return undefined
    if (target.scope !== 'organization')
      throw new InputError('repositories', `${operation} takes repositories at organization scope only`)
    const refs = parseGivenList('repositories', raw)
    checkRepositoryRefs(refs, target.org, 'repositories')
    return refs
  },
}

type SettingsChange =
  | { scope: 'organization'; policy: Policy; repositories: string[] | undefined }
  | { scope: 'enterprise'; disable: boolean }

/**
 * What set-self-hosted-runners-settings changes: an organization's `enabled-repositories`
 * (`repositories` alone means selected), or an enterprise's `disable-for-all-organizations`.
 * The other scope's inputs are errors.
 */
const settingsChange: InputReader<SettingsChange> = {
  names: ['enabled-repositories', 'repositories', 'disable-for-all-organizations'],
  read: (values, ctx) => {
    const policy = policyChoice.read(values, ctx)
    // `none` is the explicit empty list; an empty value is never one (an unset variable reads as empty).
    const none = given(values, 'repositories')?.toLowerCase() === 'none'
    const refs = none ? [] : repositories.read(values, ctx)
    const disable = disableFlag.read(values, ctx)
    if (ctx.target.scope === 'enterprise') {
      if (policy !== undefined)
        throw new InputError(
          'enabled-repositories',
          'is an organization setting; an enterprise sets disable-for-all-organizations (true or false)',
        )
      if (disable === undefined)
        throw new InputError(
          'disable-for-all-organizations',
          `${ctx.operation} needs disable-for-all-organizations (true or false) at enterprise scope`,
        )
      return { scope: 'enterprise', disable }
    }
    if (disable !== undefined)
      throw new InputError(
        'disable-for-all-organizations',
        'is an enterprise setting; an organization sets enabled-repositories (all, selected, none)',
      )
    if (policy === undefined && refs === undefined)
      throw new InputError(
        'enabled-repositories',
        `${ctx.operation} needs enabled-repositories (all, selected or none; selected with repositories) at organization scope`,
      )
    if (policy === 'selected' && refs === undefined)
      throw new InputError(
        'repositories',
        'enabled-repositories: selected needs repositories (owner/repo, repository names or ids), ' +
          "or 'none' for no repository; an empty value (an unset variable) never empties the list",
      )
    if (policy !== undefined && policy !== 'selected' && refs !== undefined)
      throw new InputError(
        'repositories',
        `only enabled-repositories: selected takes a list of repositories (it is ${policy})`,
      )
    return { scope: 'organization', policy: policy ?? 'selected', repositories: refs }
  },
}

const requiredRepositories = required(repositories, ' (owner/repo, repository names or ids)')

interface OrgSettings {
  enabled_repositories: Policy
}

function repositoriesTable(repos: RepositoryEntry[]): NonNullable<Summary['table']> {
  return { header: ['Repository', 'ID'], rows: repos.map((r) => [r.full_name, r.id]) }
}

async function selectedRepositories(api: Api, target: Target): Promise<RepositoryEntry[]> {
  return (await api.list<RepositoryEntry>(target, `GET ${SELECTED}`)).map(repositoryEntry)
}

/** The settings as outputs: an organization's policy (and its repositories when selected), or an enterprise's switch. */
async function readSettings(api: Api, target: Target, did?: string): Promise<OperationResult> {
  const where = describeTarget(target)
  const lead = did ? [did] : []
  if (target.scope === 'enterprise') {
    const { data } = await api.request<{ disable_self_hosted_runners_for_all_orgs: boolean }>(
      target,
      `GET ${SETTINGS}`,
    )
    const disabled = data.disable_self_hosted_runners_for_all_orgs
    return {
      result: { disable_self_hosted_runners_for_all_orgs: disabled },
      outputs: { 'disable-for-all-organizations': String(disabled) },
      summary: {
        heading: `Self-hosted runners of ${where}`,
        text: [
          ...lead,
          disabled
            ? 'Repository-level self-hosted runners are disabled for all its organizations.'
            : 'Each organization decides which of its repositories may use repository-level self-hosted runners.',
        ],
      },
    }
  }
  const { data } = await api.request<OrgSettings>(target, `GET ${SETTINGS}`)
  const policy = data.enabled_repositories
  const repos = policy === 'selected' ? await selectedRepositories(api, target) : undefined
  const says = {
    all: 'all its repositories',
    selected: `${repos?.length ?? 0} selected repositories`,
    none: 'no repository',
  }
  return {
    result: { enabled_repositories: policy, ...(repos ? { repositories: repos } : {}) },
    outputs: { 'enabled-repositories': policy, ...(repos ? { repositories: repos } : {}) },
    summary: {
      heading: `Self-hosted runners of ${where}`,
      text: [...lead, `Repository-level self-hosted runners are enabled for ${says[policy]}.`],
      ...(repos ? { table: repositoriesTable(repos) } : {}),
    },
  }
}

/** A 409 from an organization's settings: its enterprise decides, or the policy is not `selected`. */
function conflict(e: unknown, target: Target): unknown {
  if (!(e instanceof ApiError) || e.status !== 409) return e
  return new ActionError(
    `${e.message} An enterprise that disables self-hosted runners for all its organizations fixes this setting ` +
      `(an enterprise owner can change that with set-self-hosted-runners-settings, enterprise and disable-for-all-organizations: false); ` +
      `repositories are added or removed only while ${describeTarget(target)} has enabled-repositories: selected.`,
    409,
  )
}

async function setSettings(api: Api, target: Target, change: SettingsChange): Promise<OperationResult> {
  if (change.scope === 'enterprise') {
    await api.request(target, `PUT ${SETTINGS}`, { disable_self_hosted_runners_for_all_orgs: change.disable })
    return readSettings(api, target, `Set disable-for-all-organizations to ${change.disable}.`)
  }
  if (target.scope !== 'organization') throw new Error('an organization setting needs an organization')
  // Every name is resolved before anything changes.
  const ids = change.repositories ? await repositoryIds(api, target, change.repositories) : undefined
  const before = ids
    ? (await api.request<OrgSettings>(target, `GET ${SETTINGS}`)).data.enabled_repositories
    : undefined
  try {
    await api.request(target, `PUT ${SETTINGS}`, { enabled_repositories: change.policy })
  } catch (e) {
    throw conflict(e, target)
  }
  if (ids) {
    try {
      await api.request(target, `PUT ${SELECTED}`, { selected_repository_ids: ids })
    } catch (e) {
      // Half a change would leave `selected` with the old (or an empty) list: put the policy back.
      const restored =
        before !== undefined && before !== change.policy
          ? await api.request(target, `PUT ${SETTINGS}`, { enabled_repositories: before }).then(
              () => `enabled-repositories was put back to ${before}`,
              (r: unknown) =>
                `enabled-repositories could not be put back to ${before} (${errorMessage(r)}): check it`,
            )
          : 'enabled-repositories was already selected; its list is unchanged'
      throw new ActionError(
        `${errorMessage(conflict(e, target))} The repositories were not set; ${restored}.`,
        (e as { status?: number }).status,
      )
    }
  }
  const list = change.repositories ? ` (${change.repositories.join(', ') || 'no repository'})` : ''
  return readSettings(api, target, `Set enabled-repositories to ${change.policy}${list}.`)
}

function selectedRepositoryOperation(change: 'add' | 'remove'): Operation {
  return defineOperation({
    name: `${change}-self-hosted-runners-repositories`,
    family: FAMILY,
    description: `${change === 'add' ? 'Allow' : 'Stop'} repositories to use repository-level self-hosted runners (organization policy selected).`,
    scopes: ['organization'],
    orgPermission: SETTINGS_PERMISSION,
    changes: true,
    inputs: { refs: requiredRepositories },
    outputs: ['repositories', 'failed'],
    run: async (api, target, s) => {
      if (target.scope !== 'organization') throw new Error('organization only')
      const ids = await repositoryIds(api, target, s.refs)
      const { data } = await api.request<OrgSettings>(target, `GET ${SETTINGS}`)
      if (data.enabled_repositories !== 'selected') {
        throw new ActionError(
          `${describeTarget(target)} lets ${data.enabled_repositories === 'all' ? 'all' : 'no'} repositories use self-hosted runners ` +
            `(enabled-repositories: ${data.enabled_repositories}), so there is no list of selected repositories to change. ` +
            'Set enabled-repositories: selected first (set-self-hosted-runners-settings, with repositories to set the list at once).',
          409,
        )
      }
      const changed = await changeItems(
        api,
        ids,
        (_, i) => s.refs[i]!,
        async (id, i) => {
          try {
            await api.request(target, `${change === 'add' ? 'PUT' : 'DELETE'} ${SELECTED}/{repository_id}`, {
              repository_id: id,
            })
          } catch (e) {
            if (isNotFound(e))
              throw new ActionError(
                `Repository ${s.refs[i]} (id ${id}) is not a repository of ${describeTarget(target)}.`,
                404,
              )
            throw conflict(e, target)
          }
        },
      )
      const repos = await selectedRepositories(api, target)
      return withFailures(
        {
          result: repos,
          outputs: { repositories: repos },
          summary: {
            heading: `Repositories that may use self-hosted runners in ${describeTarget(target)}`,
            text: [
              `${change === 'add' ? 'Added' : 'Removed'}: ${changed.done.join(', ') || 'none'}; ${repos.length} repositories are selected.`,
            ],
            table: repositoriesTable(repos),
          },
        },
        changed,
      )
    },
  })
}

export const runnerSettingsOperations = [
  defineOperation({
    name: 'get-runner-version-deprecation',
    family: FAMILY,
    description:
      'Get the end-of-life dates of a runner version: when it can no longer register, and when it gets no more jobs.',
    scopes: SCOPES,
    changes: false,
    inputs: { version: runnerVersion },
    outputs: ['runner-version', 'registration-deprecates-at', 'runtime-deprecates-at'],
    run: (api, target, s) => runnerVersionDeprecation(api, target, s.version),
  }),

  defineOperation({
    name: 'get-self-hosted-runners-settings',
    family: FAMILY,
    description:
      'Get which repositories of an organization may use self-hosted runners, or whether an enterprise disables them for all organizations.',
    scopes: ORG_AND_ENTERPRISE,
    orgPermission: SETTINGS_PERMISSION,
    changes: false,
    inputs: {},
    outputs: ['enabled-repositories', 'repositories', 'disable-for-all-organizations'],
    run: (api, target) => readSettings(api, target),
  }),

  defineOperation({
    name: 'set-self-hosted-runners-settings',
    family: FAMILY,
    description:
      'Set which repositories of an organization may use self-hosted runners, or disable them for all organizations of an enterprise.',
    scopes: ORG_AND_ENTERPRISE,
    orgPermission: SETTINGS_PERMISSION,
    changes: true,
    inputs: { change: settingsChange },
    outputs: ['enabled-repositories', 'repositories', 'disable-for-all-organizations'],
    run: (api, target, s) => setSettings(api, target, s.change),
  }),

  selectedRepositoryOperation('add'),
  selectedRepositoryOperation('remove'),
]
