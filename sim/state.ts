/**
 * The simulator's world: enterprises, organizations, repositories, tokens, GitHub Apps and their
 * installations, self-hosted runners, runner groups, GitHub-hosted runners and custom images.
 * No HTTP here.
 *
 * Owners are looked up case-insensitively, as GitHub does. Ids come from separate ranges per
 * kind (runners from 1001, organizations from 100001, ...) so that a test mixing up two kinds of
 * id fails instead of passing by accident. Every organization and enterprise has runner group 1,
 * "Default"; other group ids are unique across the simulator.
 */
import { createPublicKey, type KeyObject } from 'node:crypto'
import { OS_LABEL, READ_ONLY_LABELS, RUNNER_VERSION } from './catalog.js'
import type {
  OwnerKey,
  SimCustomImage,
  SimHostedRunner,
  SimRunner,
  SimRunnerGroup,
  SimRunnerInput,
  SimRunnerLabel,
  TokenGrant,
} from './types.js'

export interface Enterprise {
  id: number
  slug: string
}

export interface Org {
  id: number
  login: string
  enterprise?: string
}

export interface Repo {
  id: number
  owner: string
  name: string
  fullName: string
}

export interface App {
  id: number
  /** Like `Iv1.000000000000303a`: derived from the id, accepted as `iss` too. */
  clientId: string
  slug: string
  publicKey: KeyObject
}

export interface Installation {
  id: number
  appId: number
  /** `org:X` or `repo:X/Y`, spelt as created. */
  owner: OwnerKey
  permissions: Record<string, string>
}

export const DEFAULT_GROUP_ID = 1

/** Lower-cased owner key: the identity of an owner inside the state. */
type OwnerId = string

type IdKind =
  'enterprise' | 'org' | 'repo' | 'runner' | 'group' | 'hosted' | 'image' | 'label' | 'installation'

export class SimState {
  private readonly enterprises = new Map<string, Enterprise>()
  private readonly orgs = new Map<string, Org>()
  private readonly repos = new Map<string, Repo>()
  private readonly runnerById = new Map<number, { runner: SimRunner; owner: OwnerId }>()
  private readonly groups = new Map<OwnerId, SimRunnerGroup[]>()
  private readonly hosted = new Map<OwnerId, SimHostedRunner[]>()
  private readonly customImages = new Map<OwnerId, SimCustomImage[]>()
  private readonly tokens = new Map<string, TokenGrant>()
  private readonly apps = new Map<number, App>()
  private readonly installations = new Map<number, Installation>()
  private readonly labelIds = new Map<string, number>()
  private readonly next: Record<IdKind, number> = {
    enterprise: 7001,
    org: 100001,
    repo: 500001,
    runner: 1001,
    group: 2,
    hosted: 301,
    image: 11,
    label: 101,
    installation: 40001,
  }
  readonly issuedSecrets: string[] = []

  constructor() {
    READ_ONLY_LABELS.forEach((name, i) => this.labelIds.set(name.toLowerCase(), i + 1))
  }

  // ---- accounts -------------------------------------------------------------------------------

  addEnterprise(slug: string): Enterprise {
    const existing = this.enterprises.get(slug.toLowerCase())
    if (existing) return existing
    const e = { id: this.next.enterprise++, slug }
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
      id: this.next.org++,
      login,
      ...(opts.enterprise ? { enterprise: opts.enterprise } : {}),
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
    const repo = { id: this.next.repo++, owner: org.login, name, fullName: `${org.login}/${name}` }
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

  // ---- tokens ---------------------------------------------------------------------------------

  addToken(token: string, grant: TokenGrant): void {
    this.tokens.set(token, grant)
  }

  token(token: string): TokenGrant | undefined {
    return this.tokens.get(token)
  }

  // ---- GitHub Apps ----------------------------------------------------------------------------

  addApp(appId: number, publicKeyPem: string): App {
    if (!Number.isInteger(appId) || appId <= 0) throw new Error(`addApp: ${appId} is not an App id`)
    const publicKey = createPublicKey(publicKeyPem)
    if (publicKey.asymmetricKeyType !== 'rsa') throw new Error('addApp: GitHub App keys are RSA keys')
    const existing = this.apps.get(appId)
    if (existing) {
      existing.publicKey = publicKey
      return existing
    }
    const app: App = {
      id: appId,
      clientId: `Iv1.${appId.toString(16).padStart(16, '0')}`,
      slug: `sim-app-${appId}`,
      publicKey,
    }
    this.apps.set(appId, app)
    return app
  }

  app(appId: number): App | undefined {
    return this.apps.get(appId)
  }

  /** The App a JWT's `iss` names: its id (number or digits) or its client id. */
  appByIssuer(iss: number | string): App | undefined {
    if (typeof iss === 'number' || /^\d+$/.test(iss)) return this.apps.get(Number(iss))
    return [...this.apps.values()].find((a) => a.clientId === iss)
  }

  addInstallation(
    appId: number,
    owner: OwnerKey,
    opts: { permissions?: Record<string, string> } = {},
  ): Installation {
    if (!this.apps.has(appId)) throw new Error(`addInstallation: no App ${appId} (addApp first)`)
    const [kind] = splitOwner(owner)
    if (kind === 'enterprise')
      throw new Error('addInstallation: install on an organization or a repository, not an enterprise')
    this.requireOwner(owner)
    const canonical = this.resolveOwner(owner) ?? owner
    const clash = [...this.installations.values()].find(
      (i) =>
        i.appId === appId &&
        (installationCovers(i.owner, canonical) || installationCovers(canonical, i.owner)),
    )
    if (clash) throw new Error(`addInstallation: App ${appId} is already installed on ${clash.owner}`)
    const installation: Installation = {
      id: this.takeId('installation', undefined, (id) => this.installations.has(id)),
      appId,
      owner: canonical,
      permissions: opts.permissions ?? {
        administration: 'write',
        ...(kind === 'org' ? { organization_self_hosted_runners: 'write' } : {}),
        metadata: 'read',
      },
    }
    this.installations.set(installation.id, installation)
    return installation
  }

  installation(id: number): Installation | undefined {
    return this.installations.get(id)
  }

  /** The installation of App `appId` that covers `owner`, if any. */
  installationCovering(appId: number, owner: OwnerKey): Installation | undefined {
    return [...this.installations.values()].find(
      (i) => i.appId === appId && installationCovers(i.owner, owner),
    )
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
      id = this.next.label++
      this.labelIds.set(key, id)
    }
    return { id, name: canonical, type }
  }

  // ---- self-hosted runners --------------------------------------------------------------------

  addRunner(owner: OwnerKey, input: SimRunnerInput): SimRunner {
    const ownerId = this.requireOwner(owner)
    const os = input.os ?? 'linux'
    const readOnly = [
      'self-hosted',
      ...(OS_LABEL[os.toLowerCase()] ? [OS_LABEL[os.toLowerCase()] ?? ''] : []),
      input.arch ?? 'X64',
    ]
    const labels: SimRunnerLabel[] = []
    const push = (name: string, type: SimRunnerLabel['type']) => {
      if (!labels.some((l) => l.name.toLowerCase() === name.toLowerCase()))
        labels.push(this.label(name, type))
    }
    for (const name of readOnly) push(name, 'read-only')
    for (const l of input.labels ?? []) {
      if (typeof l === 'string') push(l, 'custom')
      else push(l.name, l.type ?? 'custom')
    }
    const groupId = input.runner_group_id ?? DEFAULT_GROUP_ID
    if (!owner.startsWith('repo:') && !this.group(owner, groupId))
      throw new Error(`addRunner: ${owner} has no runner group ${groupId}`)
    const runner: SimRunner = {
      id: this.takeId('runner', input.id, (id) => this.runnerById.has(id)),
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
    return runner
  }

  runner(id: number): SimRunner | undefined {
    return this.runnerById.get(id)?.runner
  }

  /** The runner if it belongs to `owner`. */
  ownedRunner(owner: OwnerKey, id: number): SimRunner | undefined {
    const entry = this.runnerById.get(id)
    return entry && entry.owner === owner.toLowerCase() ? entry.runner : undefined
  }

  runners(owner: OwnerKey): SimRunner[] {
    const key = owner.toLowerCase()
    return [...this.runnerById.values()]
      .filter((e) => e.owner === key)
      .map((e) => e.runner)
      .sort((a, b) => a.id - b.id)
  }

  deleteRunner(id: number): void {
    this.runnerById.delete(id)
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
      id: this.takeId('group', g.id, (id) => this.groupIdTaken(id)),
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
    for (const r of this.runners(owner)) if (r.runner_group_id === id) r.runner_group_id = DEFAULT_GROUP_ID
    for (const h of this.hostedRunners(owner))
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

  // ---- GitHub-hosted runners and custom images -------------------------------------------------

  addHostedRunner(
    owner: OwnerKey,
    h: Partial<SimHostedRunner> & { name: string; image: SimHostedRunner['image'] },
  ): SimHostedRunner {
    const ownerId = this.requireOwner(owner)
    const runner: SimHostedRunner = {
      runner_group_id: DEFAULT_GROUP_ID,
      size: '4-core',
      maximum_runners: 10,
      public_ip_enabled: false,
      image_gen: false,
      status: 'Ready',
      last_active_on: null,
      ...h,
      id: this.takeId('hosted', h.id, (id) =>
        [...this.hosted.values()].some((l) => l.some((x) => x.id === id)),
      ),
    }
    const list = this.hosted.get(ownerId) ?? []
    list.push(runner)
    this.hosted.set(ownerId, list)
    return runner
  }

  hostedRunners(owner: OwnerKey): SimHostedRunner[] {
    return this.hosted.get(owner.toLowerCase()) ?? []
  }

  hostedRunner(owner: OwnerKey, id: number): SimHostedRunner | undefined {
    return this.hostedRunners(owner).find((h) => h.id === id)
  }

  deleteHostedRunner(owner: OwnerKey, id: number): void {
    const list = this.hostedRunners(owner)
    const i = list.findIndex((h) => h.id === id)
    if (i >= 0) list.splice(i, 1)
  }

  addCustomImage(owner: OwnerKey, img: Partial<SimCustomImage> & { name: string }): SimCustomImage {
    const ownerId = this.requireOwner(owner)
    const image: SimCustomImage = {
      platform: 'linux-x64',
      state: 'Ready',
      versions: [],
      ...img,
      id: this.takeId('image', img.id, (id) =>
        [...this.customImages.values()].some((l) => l.some((x) => x.id === id)),
      ),
    }
    const list = this.customImages.get(ownerId) ?? []
    list.push(image)
    this.customImages.set(ownerId, list)
    return image
  }

  customImagesOf(owner: OwnerKey): SimCustomImage[] {
    return this.customImages.get(owner.toLowerCase()) ?? []
  }

  deleteCustomImage(owner: OwnerKey, id: number): void {
    const list = this.customImagesOf(owner)
    const i = list.findIndex((x) => x.id === id)
    if (i >= 0) list.splice(i, 1)
  }

  // ---- ids ------------------------------------------------------------------------------------

  private takeId(kind: IdKind, wanted: number | undefined, taken: (id: number) => boolean): number {
    if (wanted !== undefined) {
      if (taken(wanted)) throw new Error(`${kind} id ${wanted} is already taken`)
      this.next[kind] = Math.max(this.next[kind], wanted + 1)
      return wanted
    }
    while (taken(this.next[kind])) this.next[kind]++
    return this.next[kind]++
  }
}

/** Whether an installation on `installed` (`org:X` or `repo:X/Y`) reaches `owner`. */
export function installationCovers(installed: OwnerKey, owner: OwnerKey): boolean {
  const a = installed.toLowerCase()
  const b = owner.toLowerCase()
  if (a === b) return true
  return a.startsWith('org:') && b.startsWith(`repo:${a.slice('org:'.length)}/`)
}

export function splitOwner(owner: OwnerKey): [kind: 'repo' | 'org' | 'enterprise', name: string] {
  const i = owner.indexOf(':')
  const kind = owner.slice(0, i)
  if (kind !== 'repo' && kind !== 'org' && kind !== 'enterprise') throw new Error(`bad owner key ${owner}`)
  return [kind, owner.slice(i + 1)]
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
