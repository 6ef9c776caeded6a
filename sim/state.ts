/**
 * The simulator's world: enterprises, organizations and repositories with their self-hosted
 * runner settings, self-hosted runners and runner groups, runner version deprecations; and, in
 * their own stores, credentials (`apps`: tokens, GitHub Apps, installations) and GitHub-hosted
 * compute (`compute`: hosted runners, custom images, network settings and configurations).
 * No HTTP here.
 *
 * Owners are looked up case-insensitively, as GitHub does. Every organization and enterprise has
 * runner group 1, "Default"; other group ids are unique across the simulator. Runners are indexed
 * by owner and kept in id order, so that listing a fleet of tens of thousands page by page costs
 * a slice per page, not a sort.
 */
import { Users } from './users.js'
import { AppRegistry } from './app-registry.js'
import { OS_LABEL, READ_ONLY_LABELS, RUNNER_VERSION } from './catalog.js'
import { HostedCompute } from './hosted-compute.js'
import { DEFAULT_GROUP_ID, Ids } from './ids.js'
import { RunnerJobs } from './jobs.js'
import type {
  InstallationOwner,
  OwnerKey,
  SimRunner,
  SimRunnerGroup,
  SimRunnerInput,
  SimRunnerLabel,
  SimRunnerVersionDeprecation,
  SimSelfHostedRunnersSettings,
} from './types.js'

export { DEFAULT_GROUP_ID } from './ids.js'
export type { App, Installation } from './app-registry.js'
export { installationCovers } from './app-registry.js'

export interface Enterprise {
  id: number
  slug: string
  /** `PUT /enterprises/{enterprise}/actions/permissions/self-hosted-runners`. */
  disable_self_hosted_runners_for_all_orgs: boolean
}

export interface Org {
  id: number
  login: string
  enterprise?: string
  selfHostedRunners: SimSelfHostedRunnersSettings
}

export interface Repo {
  id: number
  owner: string
  name: string
  fullName: string
}

/** Lower-cased owner key: the identity of an owner inside the state. */
type OwnerId = string

/** An owner's runners: by id, and (built when first needed, kept up to date) in id order. */
interface RunnerIndex {
  byId: Map<number, SimRunner>
  sorted: SimRunner[] | undefined
}

export class SimState {
  private readonly ids = new Ids()
  private readonly enterprises = new Map<string, Enterprise>()
  private readonly orgs = new Map<string, Org>()
  private readonly repos = new Map<string, Repo>()
  private readonly runnerById = new Map<number, { runner: SimRunner; owner: OwnerId }>()
  private readonly runnersByOwner = new Map<OwnerId, RunnerIndex>()
  private readonly groups = new Map<OwnerId, SimRunnerGroup[]>()
  private readonly labelIds = new Map<string, number>()
  private readonly deprecations = new Map<string, SimRunnerVersionDeprecation | null>()
  readonly users = new Users(this.ids)
  readonly apps = new AppRegistry(this.ids, (owner) => this.resolveInstallationOwner(owner))
  readonly compute = new HostedCompute(this.ids, (owner) => this.requireOwner(owner))
  readonly issuedSecrets: string[] = []
  /** Jobs on runners, whose `busy` shows late (sim/jobs.ts). */
  readonly jobs: RunnerJobs

  constructor(now: () => number = Date.now) {
    this.jobs = new RunnerJobs(now)
    READ_ONLY_LABELS.forEach((name, i) => this.labelIds.set(name.toLowerCase(), i + 1))
  }

  // ---- accounts -------------------------------------------------------------------------------

  addEnterprise(slug: string): Enterprise {
    const existing = this.enterprises.get(slug.toLowerCase())
    if (existing) return existing
    const e: Enterprise = {
      id: this.ids.take('enterprise', undefined, () => false),
      slug,
      disable_self_hosted_runners_for_all_orgs: false,
    }
    this.enterprises.set(slug.toLowerCase(), e)
    this.groups.set(`enterprise:${slug.toLowerCase()}`, [defaultGroup()])
    return e
  }

  addOrg(login: string, opts: { enterprise?: string } = {}): Org {
    if (opts.enterprise) this.addEnterprise(opts.enterprise)
    const existing = this.orgs.get(login.toLowerCase())
    if (existing) {
      if (opts.enterprise) existing.enterprise = opts.enterprise
      return existing
    }
    const org: Org = {
      id: this.ids.take('org', undefined, () => false),
      login,
      ...(opts.enterprise ? { enterprise: opts.enterprise } : {}),
      selfHostedRunners: { enabled_repositories: 'all', selected_repository_ids: [] },
    }
    this.orgs.set(login.toLowerCase(), org)
    this.groups.set(`org:${login.toLowerCase()}`, [defaultGroup()])
    return org
  }

  addRepo(fullName: string): Repo {
    const [owner, name, ...rest] = fullName.split('/')
    if (!owner || !name || rest.length > 0) throw new Error(`addRepo: '${fullName}' is not owner/name`)
    const existing = this.repos.get(fullName.toLowerCase())
    if (existing) return existing
    const org = this.addOrg(owner)
    const id = this.ids.take('repo', undefined, () => false)
    const repo = { id, owner: org.login, name, fullName: `${org.login}/${name}` }
    this.repos.set(fullName.toLowerCase(), repo)
    return repo
  }

  enterprise(slug: string): Enterprise | undefined {
    return this.enterprises.get(slug.toLowerCase())
  }

  org(login: string): Org | undefined {
    return this.orgs.get(login.toLowerCase())
  }

  orgById(id: number): Org | undefined {
    return [...this.orgs.values()].find((o) => o.id === id)
  }

  orgsOf(enterpriseSlug: string): Org[] {
    return [...this.orgs.values()].filter((o) => o.enterprise?.toLowerCase() === enterpriseSlug.toLowerCase())
  }

  repo(owner: string, name: string): Repo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase())
  }

  repoById(id: number): Repo | undefined {
    return [...this.repos.values()].find((r) => r.id === id)
  }

  reposOf(orgLogin: string): Repo[] {
    return [...this.repos.values()].filter((r) => r.owner.toLowerCase() === orgLogin.toLowerCase())
  }

  /** The owner's identity (its lower-cased key) if it exists, else undefined. */
  ownerId(owner: OwnerKey): OwnerId | undefined {
    return this.resolveOwner(owner)?.toLowerCase()
  }

  /** `owner` spelt as it was created, if it exists. */
  /** Where an App may be installed, spelt as created: an owner of runners, or a user account. */
  resolveInstallationOwner(owner: InstallationOwner): InstallationOwner | undefined {
    if (!owner.startsWith('user:')) return this.resolveOwner(owner as OwnerKey)
    const user = this.users.get(owner.slice('user:'.length))
    return user && `user:${user.login}`
  }

  resolveOwner(owner: OwnerKey): OwnerKey | undefined {
    const [kind, name] = splitOwner(owner)
    if (kind === 'enterprise') {
      const e = this.enterprise(name)
      return e && `enterprise:${e.slug}`
    }
    if (kind === 'org') {
      const o = this.org(name)
      return o && `org:${o.login}`
    }
    const r = this.repos.get(name.toLowerCase())
    return r && `repo:${r.owner}/${r.name}`
  }

  private requireOwner(owner: OwnerKey): OwnerId {
    const id = this.ownerId(owner)
    if (!id) throw new Error(`unknown owner ${owner}: add it first (addEnterprise/addOrg/addRepo)`)
    return id
  }

  // ---- labels ---------------------------------------------------------------------------------

  /** A label with its id; names matching a read-only label take its canonical spelling when read-only. */
  label(name: string, type: SimRunnerLabel['type']): SimRunnerLabel {
    const canonical =
      type === 'read-only'
        ? (READ_ONLY_LABELS.find((l) => l.toLowerCase() === name.toLowerCase()) ?? name)
        : name
    const key = canonical.toLowerCase()
    let id = this.labelIds.get(key)
    if (id === undefined) {
      id = this.ids.take('label', undefined, () => false)
      this.labelIds.set(key, id)
    }
    return { id, name: canonical, type }
  }

  // ---- self-hosted runners --------------------------------------------------------------------

  addRunner(owner: OwnerKey, input: SimRunnerInput): SimRunner {
    const ownerId = this.requireOwner(owner)
    const os = input.os ?? 'linux'
    const osLabel = OS_LABEL[os.toLowerCase()]
    const labels: SimRunnerLabel[] = []
    const push = (name: string, type: SimRunnerLabel['type']) => {
      if (!labels.some((l) => l.name.toLowerCase() === name.toLowerCase()))
        labels.push(this.label(name, type))
    }
    for (const name of ['self-hosted', ...(osLabel ? [osLabel] : []), input.arch ?? 'X64'])
      push(name, 'read-only')
    for (const l of input.labels ?? []) {
      if (typeof l === 'string') push(l, 'custom')
      else push(l.name, l.type ?? 'custom')
    }
    const groupId = input.runner_group_id ?? DEFAULT_GROUP_ID
    if (!owner.startsWith('repo:') && !this.group(owner, groupId))
      throw new Error(`addRunner: ${owner} has no runner group ${groupId}`)
    const runner: SimRunner = {
      id: this.ids.take('runner', input.id, (id) => this.runnerById.has(id)),
      name: input.name,
      os,
      status: input.status ?? 'online',
      busy: input.busy ?? false,
      ephemeral: input.ephemeral ?? false,
      labels,
      runner_group_id: groupId,
      version: input.version === undefined ? RUNNER_VERSION : input.version,
    }
    this.runnerById.set(runner.id, { runner, owner: ownerId })
    const index = this.runnerIndex(ownerId)
    index.byId.set(runner.id, runner)
    const last = index.sorted?.at(-1)
    if (index.sorted && (!last || last.id < runner.id)) index.sorted.push(runner)
    else index.sorted = undefined
    return runner
  }

  runner(id: number): SimRunner | undefined {
    return this.runnerById.get(id)?.runner
  }

  /** The runner if it belongs to `owner`. */
  ownedRunner(owner: OwnerKey, id: number): SimRunner | undefined {
    return this.runnersByOwner.get(owner.toLowerCase())?.byId.get(id)
  }

  /** The owner's runners in id order: the live list, not to be changed by the caller. */
  runnerList(owner: OwnerKey): readonly SimRunner[] {
    const index = this.runnersByOwner.get(owner.toLowerCase())
    if (!index) return []
    index.sorted ??= [...index.byId.values()].sort((a, b) => a.id - b.id)
    return index.sorted
  }

  /** A copy of the owner's runners in id order. */
  runners(owner: OwnerKey): SimRunner[] {
    return [...this.runnerList(owner)]
  }

  deleteRunner(id: number): void {
    const entry = this.runnerById.get(id)
    if (!entry) return
    this.runnerById.delete(id)
    const index = this.runnerIndex(entry.owner)
    index.byId.delete(id)
    if (index.sorted) {
      const i = lowerBound(index.sorted, id)
      if (index.sorted[i]?.id === id) index.sorted.splice(i, 1)
    }
  }

  private runnerIndex(owner: OwnerId): RunnerIndex {
    let index = this.runnersByOwner.get(owner)
    if (!index) {
      index = { byId: new Map(), sorted: [] }
      this.runnersByOwner.set(owner, index)
    }
    return index
  }

  // ---- runner version deprecations ------------------------------------------------------------

  /** Sets the end-of-life dates of a runner version; `null`: no schedule. Replaces the default rule. */
  setRunnerVersionDeprecation(version: string, d: Partial<SimRunnerVersionDeprecation> | null): void {
    this.deprecations.set(
      version,
      d && {
        registration_deprecates_at: d.registration_deprecates_at ?? null,
        runtime_deprecates_at: d.runtime_deprecates_at ?? null,
      },
    )
  }

  /** What was set for `version`: a schedule, `null` (none), or undefined (nothing set). */
  runnerVersionDeprecation(version: string): SimRunnerVersionDeprecation | null | undefined {
    return this.deprecations.get(version)
  }

  // ---- runner groups --------------------------------------------------------------------------

  addRunnerGroup(owner: OwnerKey, g: Partial<SimRunnerGroup> & { name: string }): SimRunnerGroup {
    if (owner.startsWith('repo:')) throw new Error('addRunnerGroup: repositories have no runner groups')
    const list = this.groupList(owner)
    const group: SimRunnerGroup = {
      ...defaultGroup(),
      visibility: 'all',
      selected_workflows: [],
      selected_repository_ids: [],
      selected_organization_ids: [],
      ...g,
      default: false,
      id: this.ids.take('group', g.id, (id) => this.groupIdTaken(id)),
    }
    list.push(group)
    return group
  }

  runnerGroups(owner: OwnerKey): SimRunnerGroup[] {
    return this.groups.get(owner.toLowerCase()) ?? []
  }

  group(owner: OwnerKey, id: number): SimRunnerGroup | undefined {
    return this.runnerGroups(owner).find((g) => g.id === id)
  }

  /** Deletes a group; its runners and hosted runners move to the Default group. */
  deleteGroup(owner: OwnerKey, id: number): void {
    const list = this.groupList(owner)
    const i = list.findIndex((g) => g.id === id)
    if (i < 0) return
    list.splice(i, 1)
    for (const r of this.runnerList(owner)) if (r.runner_group_id === id) r.runner_group_id = DEFAULT_GROUP_ID
    for (const h of this.compute.hostedRunners(owner))
      if (h.runner_group_id === id) h.runner_group_id = DEFAULT_GROUP_ID
  }

  private groupList(owner: OwnerKey): SimRunnerGroup[] {
    const list = this.groups.get(this.requireOwner(owner))
    if (!list) throw new Error(`${owner} has no runner groups`)
    return list
  }

  private groupIdTaken(id: number): boolean {
    return [...this.groups.values()].some((list) => list.some((g) => g.id === id))
  }
}

export function splitOwner(owner: OwnerKey): [kind: 'repo' | 'org' | 'enterprise', name: string] {
  const i = owner.indexOf(':')
  const kind = owner.slice(0, i)
  if (kind !== 'repo' && kind !== 'org' && kind !== 'enterprise') throw new Error(`bad owner key ${owner}`)
  return [kind, owner.slice(i + 1)]
}

/** The first index of `sorted` (by id) whose id is not below `id`. */
function lowerBound(sorted: readonly SimRunner[], id: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((sorted[mid]?.id ?? Infinity) < id) lo = mid + 1
    else hi = mid
  }
  return lo
}

function defaultGroup(): SimRunnerGroup {
  return {
    id: DEFAULT_GROUP_ID,
    name: 'Default',
    visibility: 'all',
    default: true,
    allows_public_repositories: false,
    restricted_to_workflows: false,
    selected_workflows: [],
    workflow_restrictions_read_only: false,
    selected_repository_ids: [],
    selected_organization_ids: [],
  }
}
