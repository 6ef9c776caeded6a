/**
 * Public types of the GitHub REST API simulator. Field names of the `Sim*` state objects follow
 * the API's own objects so that tests read like the API documentation.
 */
import type { Fault } from './fault-types.js'

/** Who owns a runner, a runner group or a hosted runner. */
export type OwnerKey = `repo:${string}/${string}` | `org:${string}` | `enterprise:${string}`

/** Where a GitHub App is installed: an owner of runners, or a user account (`user:login`), which has none. */
export type InstallationOwner = OwnerKey | `user:${string}`

export interface SimOptions {
  /** `''` (github.com, the default) or `'/api/v3'` (GHES). Requests outside it get 404. */
  basePath?: string
  /** Added before every response (default 0). */
  latencyMs?: number
  /** Requests per token per hour (default 5000). */
  primaryLimit?: number
  /**
   * The simulator's time, in ms (default Date.now): of the rate-limit windows, and of jobs whose
   * `busy` shows late. A test that fakes the action's clock passes it here, so that the windows
   * roll and jobs show while the action waits.
   */
  now?: () => number
  /** Secondary (abuse) limits; off by default. `true` uses the defaults below. */
  secondaryLimits?: boolean | SecondaryLimitOptions
  /** Registered as a fully privileged classic PAT. */
  defaultToken?: string
  /** TCP port to listen on (default 0: any free port). */
  port?: number
  /**
   * `scheme://host[:port]` the answers name in `Link` headers and `*_url` fields instead of the
   * one the client called, as a simulator behind a TLS-terminating proxy would (e.g.
   * `https://ghes.example.com`).
   */
  publicOrigin?: string
  /**
   * Act as GitHub Enterprise Server of this version (e.g. `3.9.4`): every response carries
   * `x-github-enterprise-version`, and the operations that version lacks answer 404, as
   * openapi/ghes-availability.json has it (JIT configs before 3.10, self-hosted runner settings
   * before 3.19; GitHub-hosted runners, network configurations and runner version deprecations
   * on every version). Independent of `basePath`.
   */
  ghesVersion?: string
}

export interface SecondaryLimitOptions {
  /** Points one token may spend on one endpoint (method + route template) per window (default 900). */
  pointsPerWindow?: number
  /** Length of the rolling window (default 60000). */
  windowMs?: number
  /** Requests of one token in flight at once (default 100). */
  maxConcurrent?: number
  /** Status of the rejection (default 403). */
  status?: 403 | 429
  /** Send `retry-after` with the rejection (default true). */
  sendRetryAfter?: boolean
}

/** A job killed by the DELETE of the runner that ran it. */
export interface LostJob {
  runnerId: number
  runnerName: string
  /** Simulator times (`now`). */
  startedAt: number
  deletedAt: number
}

export interface SimRunnerLabel {
  id: number
  name: string
  type: 'read-only' | 'custom'
}

export interface SimRunner {
  id: number
  name: string
  /** `linux`, `macos`, `windows`, or `unknown` for a JIT runner that never connected. */
  os: string
  status: 'online' | 'offline'
  busy: boolean
  ephemeral: boolean
  labels: SimRunnerLabel[]
  runner_group_id: number
  /** Runner software version; `null` until the runner has connected once. */
  version: string | null
}

/** What `addRunner` takes: labels may be plain strings (custom labels) or label objects. */
export type SimRunnerInput = Partial<Omit<SimRunner, 'labels'>> & {
  name: string
  labels?: (string | (Partial<SimRunnerLabel> & { name: string }))[]
  /** Architecture read-only label (default `X64`). */
  arch?: 'X64' | 'ARM64' | 'ARM'
}

/** What `addRunners` repeats: a function of the index (from 1), or one runner with a name prefix. */
export type RunnersTemplate =
  | ((i: number) => SimRunnerInput)
  | (Omit<SimRunnerInput, 'name' | 'id'> & {
      /** Runner `i` is named `${namePrefix}-${i}`, zero-padded to the width of the count (default `runner`). */
      namePrefix?: string
    })

export interface SimRunnerGroup {
  id: number
  name: string
  /** Organization groups: `all`, `selected` or `private`; enterprise groups: `all` or `selected`. */
  visibility: 'all' | 'selected' | 'private'
  default: boolean
  allows_public_repositories: boolean
  restricted_to_workflows: boolean
  selected_workflows: string[]
  workflow_restrictions_read_only: boolean
  network_configuration_id?: string
  /** Organization groups with `selected` visibility: the repositories that may use the group. */
  selected_repository_ids: number[]
  /** Enterprise groups with `selected` visibility: the organizations that may use the group. */
  selected_organization_ids: number[]
}

export interface SimHostedRunner {
  id: number
  name: string
  runner_group_id: number
  image: { id: string; source: 'github' | 'partner' | 'custom'; version?: string | null }
  /** A machine size id, e.g. `4-core`. */
  size: string
  maximum_runners: number
  public_ip_enabled: boolean
  image_gen: boolean
  status: 'Ready' | 'Provisioning' | 'Shutdown' | 'Deleting' | 'Stuck'
  last_active_on: string | null
}

export interface SimCustomImage {
  id: number
  name: string
  platform: string
  state: string
  versions: { version: string; state: string; size_gb: number; created_on: string; state_details: string }[]
}

/** A hosted compute network settings resource (an Azure subnet registered with GitHub). */
export interface SimNetworkSettings {
  /** Opaque, like `220F78DACB92BBFBC5E6F22DE1CCF52309D`. */
  id: string
  name: string
  subnet_id: string
  region: string
}

/** A hosted compute network configuration: network settings that GitHub-hosted runners of a group use. */
export interface SimNetworkConfiguration {
  /** Opaque, like `934E208B3EE0BD60CF5F752C426BFB53562`. */
  id: string
  name: string
  compute_service: 'none' | 'actions' | 'codespaces'
  /** Exactly one network settings id. */
  network_settings_ids: string[]
  /** None or one network settings id. */
  failover_network_settings_ids: string[]
  failover_network_enabled: boolean
  created_on: string
}

/** Organization setting: which repositories may use repository-level self-hosted runners. */
export interface SimSelfHostedRunnersSettings {
  enabled_repositories: 'all' | 'selected' | 'none'
  /** With `selected`: the repositories that may. */
  selected_repository_ids: number[]
}

/** What an organization (`enabled_repositories`) or an enterprise says about self-hosted runners. */
export type SelfHostedRunnersSettings =
  SimSelfHostedRunnersSettings | { disable_self_hosted_runners_for_all_orgs: boolean }

/** End-of-life dates of a runner version (ISO 8601; null: none set). */
export interface SimRunnerVersionDeprecation {
  registration_deprecates_at: string | null
  runtime_deprecates_at: string | null
}

export interface TokenGrant {
  /** `github-token` is the workflow's GITHUB_TOKEN: it can never manage runners. */
  kind: 'classic' | 'fine-grained' | 'github-token' | 'installation'
  /** Classic tokens: their OAuth scopes. */
  scopes?: string[]
  /** `github-token` only: the workflow's repository (`owner/name`); the token may read it (`GET /repos/{owner}/{repo}`). */
  repository?: string
  login?: string
  /**
   * `installation` only: the installation the token was minted for. The token then works only on
   * what the installation covers and with its permissions; without it, anywhere.
   */
  installation?: SimInstallationAccess
}

/** What an installation token may reach. */
export interface SimInstallationAccess {
  id: number
  /** `org:X` (the organization and its repositories), `repo:X/Y` (that repository only) or `user:X`. */
  owner: InstallationOwner
  /** Permission name → `read`/`write`, as in the API's `app-permissions`. */
  permissions: Record<string, string>
  /**
   * Set when the token was limited to some repositories (`repositories`/`repository_ids` when
   * minted): their full names, lower-cased. Other repositories of the installation answer 404.
   */
  repositories?: string[]
}

export interface RecordedRequestStart {
  method: string
  /** Without basePath and without query. */
  path: string
  query: Record<string, string>
  body: unknown
  /** The `Host` header the client sent (`127.0.0.1:PORT`, or `localhost:PORT` after following an `other-host` link). */
  host: string
  /** The token (or a GitHub App's JWT) sent, without its `token `/`Bearer ` prefix. */
  auth?: string
  /** `Date.now()` when the request arrived. */
  at: number
  /** The matched OpenAPI operation, if any. */
  operationId?: string
  /** Path parameters of the matched operation, decoded. */
  params: Record<string, string>
}

export interface RecordedRequest extends Omit<RecordedRequestStart, 'params'> {
  /** Status sent (or, with a `network: 'after'` fault, the status that was lost; 0 when no response was computed). */
  status: number
  /** The `If-None-Match` sent: a conditional GET (answered 304 when it named the current ETag). */
  ifNoneMatch?: string
  /** Set when an injected fault answered, cut, held or altered this request. */
  fault?: 'status' | 'network-before' | 'network-after' | 'hang' | 'link' | 'rate-limit'
}

export type { Fault, FaultTarget, LinkTarget } from './fault-types.js'

export interface SimStats {
  secondaryLimitHits: number
  primaryLimitHits: number
  maxInFlight: number
}

export interface Simulator {
  /** e.g. `http://127.0.0.1:PORT` + basePath */
  url: string
  close(): Promise<void>
  addEnterprise(slug: string): void
  addOrg(login: string, opts?: { enterprise?: string }): { id: number }
  /** Creates the owner organization if missing. */
  addRepo(fullName: string): { id: number }
  addToken(token: string, grant: TokenGrant): void
  /**
   * Registers a GitHub App: JWTs with `iss` = `appId` must be RS256-signed by the key whose public
   * half is `publicKeyPem` (PKCS#1 or SPKI; a private key PEM works too). Again for the same id: replaces the key.
   */
  addApp(appId: number, publicKeyPem: string): void
  /**
   * A user account (its login), member of these organizations: `GET /user/orgs` with a token
   * whose `login` is this user lists them. Again for the same login: adds the organizations.
   */
  addUser(login: string, opts?: { organizations?: string[] }): { id: number }
  /**
   * Installs an App on an organization (`org:X`: the organization and its repositories), on one
   * repository (`repo:X/Y`) or on a user account (`user:X`, see addUser). Permissions default to the runner ones: `administration: write` and
   * `metadata: read`, plus `organization_self_hosted_runners: write` for an organization.
   */
  addInstallation(
    appId: number,
    owner: InstallationOwner,
    opts?: { permissions?: Record<string, string> },
  ): { id: number }
  /**
   * Tokens revoked with `DELETE /installation/token`, in order. A revoked token is unknown from
   * then on: any request with it gets 401 Bad credentials.
   */
  revokedTokens: readonly string[]
  addRunner(owner: OwnerKey, r: SimRunnerInput): SimRunner
  /**
   * Adds `count` runners made from `template` (default: online Linux X64 runners named
   * `runner-00001`...). Linear in `count`: 50,000 runners take well under a second.
   */
  addRunners(owner: OwnerKey, count: number, template?: RunnersTemplate): SimRunner[]
  /** The live runner object: tests may mutate it (status, busy). */
  runner(id: number): SimRunner | undefined
  /** A copy of the owner's runner list, in id order (the objects are the live ones). */
  runners(owner: OwnerKey): SimRunner[]
  /**
   * The runner's machine connects for the first time: it goes online and reports `version`
   * (default: the current runner version). JIT runners start offline with version null.
   */
  connectRunner(id: number, version?: string): SimRunner
  /** The runner de-registers itself (`config.sh remove`, an ephemeral runner's end): gone from every list. */
  removeRunner(id: number): void
  /**
   * A job is assigned to the runner now: it is busy at once, but the API answers `busy: false`
   * until `busyLagMs` have passed (GitHub's lag; default 0). A DELETE in that window succeeds
   * and kills the job (`lostJobs`).
   */
  startJob(id: number, busyLagMs?: number): void
  /** The runner's job ends: it is idle. */
  finishJob(id: number): void
  /** Jobs killed by a DELETE of their runner while they ran. */
  lostJobs: readonly LostJob[]
  /**
   * Lists that shift while they are paged: right before page `page` of `owner`'s runner list is
   * read (once), the runners `ids` de-register, so that the runners after them move up a page.
   */
  deregisterBeforePage(owner: OwnerKey, page: number, ids: number[]): void
  /**
   * Another actor adds custom labels to the runner (as its POST `.../labels` would), e.g. from an
   * `onRequest` hook between the action's look at the runner and its write.
   */
  addRunnerLabels(id: number, names: readonly string[]): SimRunner
  /**
   * The end-of-life dates `GET .../actions/runners/deprecations/{version}` answers for `version`
   * (a missing date is null); `null`: no schedule. Without it, versions older than 2.320.0 have a
   * default schedule and newer ones none.
   */
  setRunnerVersionDeprecation(version: string, d: Partial<SimRunnerVersionDeprecation> | null): void
  addRunnerGroup(owner: OwnerKey, g: Partial<SimRunnerGroup> & { name: string }): SimRunnerGroup
  runnerGroups(owner: OwnerKey): SimRunnerGroup[]
  /** An organization's `enabled_repositories` (with its selected repositories) or an enterprise's switch. */
  selfHostedRunnersSettings(owner: OwnerKey): SelfHostedRunnersSettings
  /** Sets them; an organization's selected repositories must be its own. */
  setSelfHostedRunnersSettings(
    owner: OwnerKey,
    s: Partial<SimSelfHostedRunnersSettings> | { disable_self_hosted_runners_for_all_orgs: boolean },
  ): void
  addHostedRunner(
    owner: OwnerKey,
    h: Partial<SimHostedRunner> & { name: string; image: SimHostedRunner['image'] },
  ): SimHostedRunner
  hostedRunners(owner: OwnerKey): SimHostedRunner[]
  addCustomImage(owner: OwnerKey, img: Partial<SimCustomImage> & { name: string }): SimCustomImage
  /** Registers a network settings resource of an organization or enterprise (an id is made up when not given). */
  addNetworkSettings(owner: OwnerKey, s: Partial<SimNetworkSettings> & { name: string }): SimNetworkSettings
  /**
   * Adds a network configuration: its network settings must exist, its name must be free in the
   * owner (case-insensitive). Defaults: compute service `none`, no failover.
   */
  addNetworkConfiguration(
    owner: OwnerKey,
    c: Partial<SimNetworkConfiguration> & { name: string },
  ): SimNetworkConfiguration
  /** The live list. */
  networkConfigurations(owner: OwnerKey): SimNetworkConfiguration[]
  /** Every registration/remove token, encoded_jit_config and installation token handed out. */
  issuedSecrets: string[]
  /** In the order the answers were decided. */
  requests: RecordedRequest[]
  /** OpenAPI violations: request side, and the simulator's own responses (prefixed `response:`). */
  violations: string[]
  stats: SimStats
  /** Queues a fault (see `faults` for ready-made ones); the returned function withdraws what is left of it. */
  inject(f: Fault): () => void
  /** Runs right before the handler of every request that passed auth, limits and validation. Returns an unsubscribe function. */
  onRequest(fn: (req: RecordedRequestStart) => void | Promise<void>): () => void
  /** Clears requests, violations, stats, pending faults and rate-limit counters (not the state). */
  reset(): void
}
