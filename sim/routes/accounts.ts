/**
 * Organizations and repositories as the API shows them: the JSON builders shared by the
 * runner-group access routes, and the two name → id lookups (`GET /orgs/{org}`,
 * `GET /repos/{owner}/{repo}`). The pipeline has already answered 404 for an unknown owner, so
 * the handlers only build the body. Fields the simulator does not model get fixed, plausible
 * values (private repositories with no activity, dates of 2020-01-01).
 */
import type { Org, Repo } from '../state.js'
import { pageOf, type Handler, type RouteContext, type RouteResult } from './context.js'

/** What the JSON builders need: the state and the API root for `*_url` fields. */
export type JsonContext = Pick<RouteContext, 'state' | 'apiRoot'>

/** The creation/update date of every account and repository. */
export const EPOCH = '2020-01-01T00:00:00Z'

export const getOrg: Handler = (ctx) => ({
  status: 200,
  body: orgFullJson(ctx, ownerOrg(ctx, ctx.ownerName)),
})

export const getRepo: Handler = (ctx) => {
  const [owner, name] = ctx.ownerName.split('/')
  const repo = ctx.state.repo(owner ?? '', name ?? '')
  if (!repo) throw new Error(`${ctx.owner} resolved but has no repository`)
  return { status: 200, body: fullRepoJson(ctx, repo) }
}

/** What a handler of the token user's own routes (`/user/...`) gets. */
export interface UserRouteContext extends JsonContext {
  /** The token's user; undefined for a token of no user. */
  login: string | undefined
  url: URL
  query: Record<string, string>
  /** Extra response headers (`link`). */
  headers: Record<string, string>
}

export type UserHandler = (ctx: UserRouteContext) => RouteResult

/** `GET /user/orgs`: the organizations the token's user is a member of, oldest first, paginated. */
export const listUserOrgs: UserHandler = (ctx) => {
  const user = ctx.login === undefined ? undefined : ctx.state.users.get(ctx.login)
  const orgs = [...(user?.organizations ?? [])]
    .map((login) => ctx.state.org(login))
    .filter((o): o is Org => o !== undefined)
    .sort((a, b) => a.id - b.id)
  return { status: 200, body: pageOf(ctx, orgs).map((o) => orgSimpleJson(ctx, o)) }
}

function ownerOrg(ctx: JsonContext, login: string): Org {
  const org = ctx.state.org(login)
  if (!org) throw new Error(`organization ${login} is missing`)
  return org
}

function orgFullJson(ctx: JsonContext, o: Org) {
  const privateRepos = ctx.state.reposOf(o.login).length
  return {
    ...orgSimpleJson(ctx, o),
    html_url: `https://github.com/${o.login}`,
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    type: 'Organization',
    total_private_repos: privateRepos,
    owned_private_repos: privateRepos,
    created_at: EPOCH,
    updated_at: EPOCH,
    archived_at: null,
  }
}

/** The API's `repository` object. */
export function repositoryJson(ctx: JsonContext, r: Repo) {
  return {
    ...minimalRepoJson(ctx, r),
    ...{ forks: 0, forks_count: 0, stargazers_count: 0, watchers: 0, watchers_count: 0 },
    ...{ open_issues: 0, open_issues_count: 0, size: 0 },
    clone_url: `https://github.com/${r.fullName}.git`,
    git_url: `git://github.com/${r.fullName}.git`,
    ssh_url: `git@github.com:${r.fullName}.git`,
    svn_url: `https://github.com/${r.fullName}`,
    mirror_url: null,
    homepage: null,
    language: null,
    license: null,
    default_branch: 'main',
    has_issues: true,
    has_projects: true,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    pushed_at: EPOCH,
    created_at: EPOCH,
    updated_at: EPOCH,
  }
}

/** The API's `full-repository` object. */
function fullRepoJson(ctx: JsonContext, r: Repo) {
  return {
    ...repositoryJson(ctx, r),
    network_count: 0,
    subscribers_count: 0,
    organization: simpleUserJson(ctx, ownerOrg(ctx, r.owner)),
  }
}

export function orgSimpleJson(ctx: JsonContext, o: Org) {
  const url = `${ctx.apiRoot}/orgs/${o.login}`
  return {
    login: o.login,
    id: o.id,
    node_id: nodeId('O_kgDO', o.id),
    url,
    repos_url: `${url}/repos`,
    events_url: `${url}/events`,
    hooks_url: `${url}/hooks`,
    issues_url: `${url}/issues`,
    members_url: `${url}/members{/member}`,
    public_members_url: `${url}/public_members{/member}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${o.id}?v=4`,
    description: null,
  }
}

export function simpleUserJson(
  ctx: { apiRoot: string },
  o: { id: number; login: string },
  type: 'Organization' | 'User' = 'Organization',
) {
  const url = `${ctx.apiRoot}/users/${o.login}`
  return {
    login: o.login,
    id: o.id,
    node_id: nodeId(type === 'User' ? 'U_kgDO' : 'O_kgDO', o.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${o.id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `https://github.com/${o.login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type,
    user_view_type: 'public',
    site_admin: false,
  }
}

export function minimalRepoJson(ctx: JsonContext, r: Repo) {
  const url = `${ctx.apiRoot}/repos/${r.fullName}`
  return {
    id: r.id,
    node_id: nodeId('R_kgDO', r.id),
    name: r.name,
    full_name: r.fullName,
    owner: simpleUserJson(ctx, ownerOrg(ctx, r.owner)),
    private: true,
    html_url: `https://github.com/${r.fullName}`,
    description: null,
    fork: false,
    url,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    hooks_url: `${url}/hooks`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
    visibility: 'private',
  }
}

const nodeId = (prefix: string, id: number) => `${prefix}${Buffer.from(String(id)).toString('base64url')}`
