/**
 * The router tables: OpenAPI operationId → handler. Repository, organization and enterprise
 * variants of an endpoint share a handler; the scope arrives as `ctx.owner`. The GitHub App
 * operations, called with the App's JWT, and the installation token's operation on itself have
 * their own tables and contexts.
 */
import type { Operation } from '../openapi.js'
import type { SimState } from '../state.js'
import type { OwnerKey, TokenGrant } from '../types.js'
import * as a from './accounts.js'
import * as app from './apps.js'
import { type Handler, RouteContext, type RouteResult } from './context.js'
import * as g from './groups.js'
import * as h from './hosted.js'
import * as n from './network.js'
import * as r from './runners.js'
import * as set from './settings.js'

const scoped = (
  handler: Handler,
  ids: { repo?: string; org?: string; enterprise?: string },
): [string, Handler][] => Object.values(ids).map((id) => [id, handler])

export const routes: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  // name → id lookups
  ['repos/get', a.getRepo],
  ['orgs/get', a.getOrg],

  // self-hosted runners
  ...scoped(r.listRunners, {
    repo: 'actions/list-self-hosted-runners-for-repo',
    org: 'actions/list-self-hosted-runners-for-org',
    enterprise: 'enterprise-admin/list-self-hosted-runners-for-enterprise',
  }),
  ...scoped(r.getRunner, {
    repo: 'actions/get-self-hosted-runner-for-repo',
    org: 'actions/get-self-hosted-runner-for-org',
    enterprise: 'enterprise-admin/get-self-hosted-runner-for-enterprise',
  }),
  ...scoped(r.deleteRunner, {
    repo: 'actions/delete-self-hosted-runner-from-repo',
    org: 'actions/delete-self-hosted-runner-from-org',
    enterprise: 'enterprise-admin/delete-self-hosted-runner-from-enterprise',
  }),
  ...scoped(r.listDownloads, {
    repo: 'actions/list-runner-applications-for-repo',
    org: 'actions/list-runner-applications-for-org',
    enterprise: 'enterprise-admin/list-runner-applications-for-enterprise',
  }),
  ...scoped(r.getVersionDeprecation, {
    repo: 'actions/get-runner-version-deprecation-for-repo',
    org: 'actions/get-runner-version-deprecation-for-org',
    enterprise: 'enterprise-admin/get-runner-version-deprecation-for-enterprise',
  }),
  ...scoped(r.createRunnerToken, {
    repo: 'actions/create-registration-token-for-repo',
    org: 'actions/create-registration-token-for-org',
    enterprise: 'enterprise-admin/create-registration-token-for-enterprise',
  }),
  ...scoped(r.createRunnerToken, {
    repo: 'actions/create-remove-token-for-repo',
    org: 'actions/create-remove-token-for-org',
    enterprise: 'enterprise-admin/create-remove-token-for-enterprise',
  }),
  ...scoped(r.generateJitConfig, {
    repo: 'actions/generate-runner-jitconfig-for-repo',
    org: 'actions/generate-runner-jitconfig-for-org',
    enterprise: 'actions/generate-runner-jitconfig-for-enterprise',
  }),

  // labels
  ...scoped(r.listLabels, {
    repo: 'actions/list-labels-for-self-hosted-runner-for-repo',
    org: 'actions/list-labels-for-self-hosted-runner-for-org',
    enterprise: 'enterprise-admin/list-labels-for-self-hosted-runner-for-enterprise',
  }),
  ...scoped(r.addLabels, {
    repo: 'actions/add-custom-labels-to-self-hosted-runner-for-repo',
    org: 'actions/add-custom-labels-to-self-hosted-runner-for-org',
    enterprise: 'enterprise-admin/add-custom-labels-to-self-hosted-runner-for-enterprise',
  }),
  ...scoped(r.setLabels, {
    repo: 'actions/set-custom-labels-for-self-hosted-runner-for-repo',
    org: 'actions/set-custom-labels-for-self-hosted-runner-for-org',
    enterprise: 'enterprise-admin/set-custom-labels-for-self-hosted-runner-for-enterprise',
  }),
  ...scoped(r.removeAllLabels, {
    repo: 'actions/remove-all-custom-labels-from-self-hosted-runner-for-repo',
    org: 'actions/remove-all-custom-labels-from-self-hosted-runner-for-org',
    enterprise: 'enterprise-admin/remove-all-custom-labels-from-self-hosted-runner-for-enterprise',
  }),
  ...scoped(r.removeLabel, {
    repo: 'actions/remove-custom-label-from-self-hosted-runner-for-repo',
    org: 'actions/remove-custom-label-from-self-hosted-runner-for-org',
    enterprise: 'enterprise-admin/remove-custom-label-from-self-hosted-runner-for-enterprise',
  }),

  // runner groups
  ...scoped(g.listGroups, {
    org: 'actions/list-self-hosted-runner-groups-for-org',
    enterprise: 'enterprise-admin/list-self-hosted-runner-groups-for-enterprise',
  }),
  ...scoped(g.createGroup, {
    org: 'actions/create-self-hosted-runner-group-for-org',
    enterprise: 'enterprise-admin/create-self-hosted-runner-group-for-enterprise',
  }),
  ...scoped(g.getGroup, {
    org: 'actions/get-self-hosted-runner-group-for-org',
    enterprise: 'enterprise-admin/get-self-hosted-runner-group-for-enterprise',
  }),
  ...scoped(g.updateGroup, {
    org: 'actions/update-self-hosted-runner-group-for-org',
    enterprise: 'enterprise-admin/update-self-hosted-runner-group-for-enterprise',
  }),
  ...scoped(g.deleteGroup, {
    org: 'actions/delete-self-hosted-runner-group-from-org',
    enterprise: 'enterprise-admin/delete-self-hosted-runner-group-from-enterprise',
  }),
  ...scoped(g.listGroupRunners, {
    org: 'actions/list-self-hosted-runners-in-group-for-org',
    enterprise: 'enterprise-admin/list-self-hosted-runners-in-group-for-enterprise',
  }),
  ...scoped(g.setGroupRunners, {
    org: 'actions/set-self-hosted-runners-in-group-for-org',
    enterprise: 'enterprise-admin/set-self-hosted-runners-in-group-for-enterprise',
  }),
  ...scoped(g.addGroupRunner, {
    org: 'actions/add-self-hosted-runner-to-group-for-org',
    enterprise: 'enterprise-admin/add-self-hosted-runner-to-group-for-enterprise',
  }),
  ...scoped(g.removeGroupRunner, {
    org: 'actions/remove-self-hosted-runner-from-group-for-org',
    enterprise: 'enterprise-admin/remove-self-hosted-runner-from-group-for-enterprise',
  }),
  ['actions/list-repo-access-to-self-hosted-runner-group-in-org', g.listGroupRepos],
  ['actions/set-repo-access-to-self-hosted-runner-group-in-org', g.setGroupRepos],
  ['actions/add-repo-access-to-self-hosted-runner-group-in-org', g.addGroupRepo],
  ['actions/remove-repo-access-to-self-hosted-runner-group-in-org', g.removeGroupRepo],
  ['enterprise-admin/list-org-access-to-self-hosted-runner-group-in-enterprise', g.listGroupOrgs],
  ['enterprise-admin/set-org-access-to-self-hosted-runner-group-in-enterprise', g.setGroupOrgs],
  ['enterprise-admin/add-org-access-to-self-hosted-runner-group-in-enterprise', g.addGroupOrg],
  ['enterprise-admin/remove-org-access-to-self-hosted-runner-group-in-enterprise', g.removeGroupOrg],
  ['actions/list-github-hosted-runners-in-group-for-org', h.listGroupHostedRunners],

  // GitHub-hosted runners
  ...scoped(h.listHostedRunners, {
    org: 'actions/list-hosted-runners-for-org',
    enterprise: 'actions/list-hosted-runners-for-enterprise',
  }),
  ...scoped(h.createHostedRunner, {
    org: 'actions/create-hosted-runner-for-org',
    enterprise: 'actions/create-hosted-runner-for-enterprise',
  }),
  ...scoped(h.getHostedRunner, {
    org: 'actions/get-hosted-runner-for-org',
    enterprise: 'actions/get-hosted-runner-for-enterprise',
  }),
  ...scoped(h.updateHostedRunner, {
    org: 'actions/update-hosted-runner-for-org',
    enterprise: 'actions/update-hosted-runner-for-enterprise',
  }),
  ...scoped(h.deleteHostedRunner, {
    org: 'actions/delete-hosted-runner-for-org',
    enterprise: 'actions/delete-hosted-runner-for-enterprise',
  }),
  ...scoped(h.listGithubImages, {
    org: 'actions/get-hosted-runners-github-owned-images-for-org',
    enterprise: 'actions/get-hosted-runners-github-owned-images-for-enterprise',
  }),
  ...scoped(h.listPartnerImages, {
    org: 'actions/get-hosted-runners-partner-images-for-org',
    enterprise: 'actions/get-hosted-runners-partner-images-for-enterprise',
  }),
  ...scoped(h.getLimits, {
    org: 'actions/get-hosted-runners-limits-for-org',
    enterprise: 'actions/get-hosted-runners-limits-for-enterprise',
  }),
  ...scoped(h.listMachineSizes, {
    org: 'actions/get-hosted-runners-machine-specs-for-org',
    enterprise: 'actions/get-hosted-runners-machine-specs-for-enterprise',
  }),
  ...scoped(h.listPlatforms, {
    org: 'actions/get-hosted-runners-platforms-for-org',
    enterprise: 'actions/get-hosted-runners-platforms-for-enterprise',
  }),
  ...scoped(h.listCustomImages, {
    org: 'actions/list-custom-images-for-org',
    enterprise: 'actions/list-custom-images-for-enterprise',
  }),
  ...scoped(h.getCustomImage, {
    org: 'actions/get-custom-image-for-org',
    enterprise: 'actions/get-custom-image-for-enterprise',
  }),
  ...scoped(h.deleteCustomImage, {
    org: 'actions/delete-custom-image-from-org',
    enterprise: 'actions/delete-custom-image-from-enterprise',
  }),
  ...scoped(h.listCustomImageVersions, {
    org: 'actions/list-custom-image-versions-for-org',
    enterprise: 'actions/list-custom-image-versions-for-enterprise',
  }),
  ...scoped(h.getCustomImageVersion, {
    org: 'actions/get-custom-image-version-for-org',
    enterprise: 'actions/get-custom-image-version-for-enterprise',
  }),
  ...scoped(h.deleteCustomImageVersion, {
    org: 'actions/delete-custom-image-version-from-org',
    enterprise: 'actions/delete-custom-image-version-from-enterprise',
  }),

  // self-hosted runner settings
  ['actions/get-self-hosted-runners-permissions-organization', set.getOrgSettings],
  ['actions/set-self-hosted-runners-permissions-organization', set.setOrgSettings],
  ['actions/list-selected-repositories-self-hosted-runners-organization', set.listSelectedRepos],
  ['actions/set-selected-repositories-self-hosted-runners-organization', set.setSelectedRepos],
  ['actions/enable-selected-repository-self-hosted-runners-organization', set.enableSelectedRepo],
  ['actions/disable-selected-repository-self-hosted-runners-organization', set.disableSelectedRepo],
  ['enterprise-admin/get-self-hosted-runners-permissions', set.getEnterpriseSettings],
  ['enterprise-admin/set-self-hosted-runners-permissions', set.setEnterpriseSettings],

  // hosted compute networking
  ...scoped(n.listNetworkConfigurations, {
    org: 'hosted-compute/list-network-configurations-for-org',
    enterprise: 'hosted-compute/list-network-configurations-for-enterprise',
  }),
  ...scoped(n.createNetworkConfiguration, {
    org: 'hosted-compute/create-network-configuration-for-org',
    enterprise: 'hosted-compute/create-network-configuration-for-enterprise',
  }),
  ...scoped(n.getNetworkConfiguration, {
    org: 'hosted-compute/get-network-configuration-for-org',
    enterprise: 'hosted-compute/get-network-configuration-for-enterprise',
  }),
  ...scoped(n.updateNetworkConfiguration, {
    org: 'hosted-compute/update-network-configuration-for-org',
    enterprise: 'hosted-compute/update-network-configuration-for-enterprise',
  }),
  ...scoped(n.deleteNetworkConfiguration, {
    org: 'hosted-compute/delete-network-configuration-from-org',
    enterprise: 'hosted-compute/delete-network-configuration-from-enterprise',
  }),
  ...scoped(n.getNetworkSettings, {
    org: 'hosted-compute/get-network-settings-for-org',
    enterprise: 'hosted-compute/get-network-settings-for-enterprise',
  }),
])

export const appRoutes: ReadonlyMap<string, app.AppHandler> = new Map<string, app.AppHandler>([
  ['apps/get-repo-installation', app.getInstallation],
  ['apps/get-org-installation', app.getInstallation],
  ['apps/create-installation-access-token', app.createAccessToken],
  ['apps/list-installations', app.listInstallations],
])

export const userRoutes: ReadonlyMap<string, a.UserHandler> = new Map<string, a.UserHandler>([
  ['orgs/list-for-authenticated-user', a.listUserOrgs],
])

export const tokenRoutes: ReadonlyMap<string, app.TokenHandler> = new Map<string, app.TokenHandler>([
  ['apps/revoke-installation-access-token', app.revokeInstallationToken],
])

/** Who sent a request: a registered token, or a GitHub App by its JWT. `key` counts its rate limits. */
export type Caller =
  { kind: 'token'; key: string; grant: TokenGrant } | { kind: 'app'; key: string; appId: number }

/** What the pipeline knows of a request that passed authentication, limits and validation. */
export interface RouteRequest {
  /** The owner the path names, spelt as created; none for the App's own operations. */
  owner: OwnerKey | undefined
  params: Record<string, string>
  query: Record<string, string>
  body: unknown
  url: URL
  apiRoot: string
}

/** The handler of `op` for `caller`, ready to run, and the headers it sets; undefined when there is none. */
export function route(
  state: SimState,
  op: Operation,
  caller: Caller,
  req: RouteRequest,
): { run: () => RouteResult; headers: Record<string, string> } | undefined {
  const headers: Record<string, string> = {}
  const { url, query, apiRoot } = req
  if (caller.kind === 'app') {
    const handler = appRoutes.get(op.operationId)
    const ctx = {
      state,
      appId: caller.appId,
      owner: req.owner,
      params: req.params,
      body: req.body,
      apiRoot,
      url,
      query,
      headers,
    }
    return handler && { run: () => handler(ctx), headers }
  }
  if (op.scope === 'user') {
    const handler = userRoutes.get(op.operationId)
    const ctx = { state, login: caller.grant.login, url, query, apiRoot, headers }
    return handler && { run: () => handler(ctx), headers }
  }
  if (op.scope === 'installation') {
    const handler = tokenRoutes.get(op.operationId)
    const ctx = { state, token: caller.key }
    return handler && { run: () => handler(ctx), headers: {} }
  }
  const handler = routes.get(op.operationId)
  if (!handler) return undefined
  if (!req.owner) throw new Error(`${op.operationId} names no owner`)
  const ctx = new RouteContext(state, op, req.owner, req.params, req.query, req.body, req.url, req.apiRoot)
  return { run: () => handler(ctx), headers: ctx.headers }
}
