/**
 * An in-process fake of the GitHub REST API for self-hosted runners, runner groups and
 * GitHub-hosted runners (plus the organization and repository lookups that turn names into ids,
 * and the GitHub App calls that turn an App's JWT into an installation token), checked against
 * the vendored OpenAPI description. It can pose as a GitHub Enterprise Server version.
 *
 *   const sim = await startSimulator()
 *   sim.addOrg('octo-org')
 *   // ... point the client at sim.url with the token 'ghp_simulatortoken000000000000000000000'
 *   await sim.close()
 *
 *   sim.addApp(12345, publicKeyPem)
 *   sim.addInstallation(12345, 'org:octo-org')
 *   // ... or authenticate as the App (JWT signed with the private key) and mint a token
 *
 *   sim.inject(faults.outage(2, { retryAfter: 1 }, { method: 'GET' }))   // see faults.ts
 */
import { ALL_CLASSIC_SCOPES } from './auth.js'
import { isGhesVersion } from './ghes.js'
import { loadOpenApi } from './openapi.js'
import { SimServer } from './server.js'
import {
  addRunnerLabels,
  addRunners,
  connectRunner,
  deregisterBeforePage,
  existingRunner,
  selfHostedRunnersSettings,
  setSelfHostedRunnersSettings,
} from './setup.js'
import { SimState } from './state.js'
import type { SimOptions, Simulator } from './types.js'

export type * from './types.js'
export { faults, LOGIN_PAGE } from './faults.js'

export const DEFAULT_TOKEN = 'ghp_simulatortoken000000000000000000000'

export async function startSimulator(options: SimOptions = {}): Promise<Simulator> {
  const basePath = (options.basePath ?? '').replace(/\/+$/, '')
  if (basePath !== '' && !basePath.startsWith('/'))
    throw new Error(`basePath must start with '/': ${basePath}`)
  if (options.ghesVersion !== undefined && !isGhesVersion(options.ghesVersion))
    throw new Error(`ghesVersion must look like 3.9.4: ${options.ghesVersion}`)
  if (options.publicOrigin !== undefined && !/^https?:\/\/[^/?#]+$/.test(options.publicOrigin))
    throw new Error(`publicOrigin must be scheme://host[:port]: ${options.publicOrigin}`)
  const state = new SimState(options.now)
  state.apps.addToken(options.defaultToken ?? DEFAULT_TOKEN, {
    kind: 'classic',
    scopes: [...ALL_CLASSIC_SCOPES],
    login: 'sim-admin',
  })
  const server = new SimServer(state, loadOpenApi(), {
    basePath,
    latencyMs: options.latencyMs ?? 0,
    primaryLimit: options.primaryLimit ?? 5000,
    secondaryLimits:
      options.secondaryLimits === true
        ? {}
        : options.secondaryLimits === false
          ? undefined
          : options.secondaryLimits,
    ghesVersion: options.ghesVersion,
    publicOrigin: options.publicOrigin,
    now: options.now,
  })
  const port = await server.listen(options.port ?? 0)

  const { apps, compute } = state
  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    close: () => server.close(),
    addEnterprise: (slug) => void state.addEnterprise(slug),
    addOrg: (login, opts) => ({ id: state.addOrg(login, opts).id }),
    addRepo: (fullName) => ({ id: state.addRepo(fullName).id }),
    addUser: (login, opts) => ({ id: state.users.add(login, opts?.organizations).id }),
    addToken: (token, grant) => apps.addToken(token, grant),
    addApp: (appId, publicKeyPem) => void apps.addApp(appId, publicKeyPem),
    addInstallation: (appId, owner, opts) => ({ id: apps.addInstallation(appId, owner, opts).id }),
    revokedTokens: apps.revoked,
    addRunner: (owner, r) => state.addRunner(owner, r),
    addRunners: (owner, count, template) => addRunners(state, owner, count, template),
    runner: (id) => state.runner(id),
    runners: (owner) => state.runners(owner),
    connectRunner: (id, version) => connectRunner(state, id, version),
    removeRunner: (id) => state.deleteRunner(id),
    startJob: (id, busyLagMs) => state.jobs.start(existingRunner(state, id), busyLagMs),
    finishJob: (id) => state.jobs.finish(existingRunner(state, id)),
    lostJobs: state.jobs.lost,
    deregisterBeforePage: (owner, page, ids) =>
      void server.hooks.add(deregisterBeforePage(state, owner, page, ids)),
    addRunnerLabels: (id, names) => addRunnerLabels(state, id, names),
    setRunnerVersionDeprecation: (version, d) => state.setRunnerVersionDeprecation(version, d),
    addRunnerGroup: (owner, g) => state.addRunnerGroup(owner, g),
    runnerGroups: (owner) => state.runnerGroups(owner),
    selfHostedRunnersSettings: (owner) => selfHostedRunnersSettings(state, owner),
    setSelfHostedRunnersSettings: (owner, s) => setSelfHostedRunnersSettings(state, owner, s),
    addHostedRunner: (owner, h) => compute.addHostedRunner(owner, h),
    hostedRunners: (owner) => compute.hostedRunners(owner),
    addCustomImage: (owner, img) => compute.addCustomImage(owner, img),
    addNetworkSettings: (owner, s) => compute.addNetworkSettings(owner, s),
    addNetworkConfiguration: (owner, c) => compute.addNetworkConfiguration(owner, c),
    networkConfigurations: (owner) => compute.networkConfigurations(owner),
    issuedSecrets: state.issuedSecrets,
    requests: server.requests,
    violations: server.violations,
    stats: server.stats,
    inject: (f) => server.inject(f),
    onRequest: (fn) => {
      server.hooks.add(fn)
      return () => void server.hooks.delete(fn)
    },
    reset: () => server.reset(),
  }
}
