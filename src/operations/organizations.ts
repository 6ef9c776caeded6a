/**
 * list-organizations: the organizations to fan a matrix out over. As a GitHub App, the
 * organizations it is installed on (`GET /app/installations` with the App's JWT; installations
 * on user accounts and enterprises are left out: they have no organization runners); with
 * `enterprise` and a classic token, the enterprise's organizations (GraphQL: REST has no such
 * list); with a token alone, the token's user's organizations (`GET /user/orgs`). Every page is
 * read before anything is decided.
 */
import type { Api } from '../github/api.js'
import { ActionError } from '../errors.js'
import { organizationFilter } from '../inputs/organization-inputs.js'
import { matrixTooLarge, organizationMatrix, pickOrganizations } from '../decisions/org-selection.js'
import type { Target } from '../github/target.js'
import { defineOperation } from '../registry/define.js'
import { graphqlPages } from '../github/graphql.js'

interface AppInstallation {
  account: { login?: string; slug?: string; type?: string } | null
  target_type: string
  suspended_at: string | null
}

/** The organizations the App is installed on; suspended installations are left out with a warning. */
async function appOrganizations(api: Api, warnings: string[]): Promise<string[]> {
  const logins: string[] = []
  for await (const page of api.accountPages<AppInstallation>('GET /app/installations')) {
    for (const i of page) {
      const login = i.account?.login
      if (i.target_type !== 'Organization' || typeof login !== 'string') continue
      if (i.suspended_at) {
        warnings.push(`The GitHub App's installation on ${login} is suspended: ${login} is left out.`)
        continue
      }
      logins.push(login)
    }
  }
  return logins
}

async function userOrganizations(api: Api): Promise<string[]> {
  const logins: string[] = []
  for await (const page of api.accountPages<{ login: string }>('GET /user/orgs'))
    for (const o of page) if (typeof o.login === 'string') logins.push(o.login)
  return logins
}

const ENTERPRISE_ORGANIZATIONS = `query($slug: String!, $cursor: String) {
  enterprise(slug: $slug) {
    organizations(first: 100, after: $cursor) {
      nodes { login }
      pageInfo { hasNextPage endCursor }
    }
  }
}`

interface OrganizationPage {
  enterprise: { organizations: { nodes: ({ login: string } | null)[] } & PageInfoHolder } | null
}
interface PageInfoHolder {
  pageInfo: { hasNextPage: boolean; endCursor: string | null }
}

async function enterpriseOrganizations(
  api: Api,
  target: Target & { scope: 'enterprise' },
): Promise<string[]> {
  const logins: string[] = []
  const pages = graphqlPages<OrganizationPage>(api, target, {
    query: ENTERPRISE_ORGANIZATIONS,
    variables: { slug: target.enterprise },
    what: `the organizations of enterprise ${target.enterprise}`,
    need: 'a classic personal access token with read:enterprise (or admin:enterprise) of a member of the enterprise',
    connection: (data) => data.enterprise?.organizations,
  })
  for await (const data of pages)
    for (const node of data.enterprise?.organizations.nodes ?? []) if (node?.login) logins.push(node.login)
  return logins
}

export const listOrganizationsOperation = defineOperation({
  name: 'list-organizations',
  family: 'Many organizations',
  description:
    'List the organizations a GitHub App is installed on, an enterprise’s, or the token user’s, as a matrix (one job per organization).',
  scopes: ['repository', 'enterprise'],
  reach: 'account',
  changes: false,
  inputs: { filter: organizationFilter },
  outputs: ['organizations', 'count', 'matrix'],
  run: async (api, target, s) => {
    const warnings: string[] = []
    const source =
      target.scope === 'enterprise'
        ? { what: `enterprise ${target.enterprise}`, logins: await enterpriseOrganizations(api, target) }
        : api.auth.app
          ? { what: 'the GitHub App’s installations', logins: await appOrganizations(api, warnings) }
          : { what: 'the token user’s organizations', logins: await userOrganizations(api) }
    const { organizations, matched } = pickOrganizations(source.logins, s.filter)
    const tooLarge = matrixTooLarge(organizations.length, matched, s.filter.shard)
    if (tooLarge) throw new ActionError(`list-organizations: ${tooLarge}`)
    if (organizations.length === 0)
      warnings.push(
        `No organization listed (${source.logins.length} in ${source.what}): a matrix over none fails; guard the matrix job with if: the count output is not '0'.`,
      )
    const shard = s.filter.shard ? `, shard ${s.filter.shard.index}/${s.filter.shard.count}` : ''
    return {
      result: organizations,
      outputs: {
        organizations,
        count: String(organizations.length),
        matrix: organizationMatrix(organizations),
      },
      warnings,
      summary: {
        heading: 'Organizations',
        text: [
          `${organizations.length} organizations from ${source.what} (${source.logins.length} found, ${matched} kept by name-pattern and exclude${shard}).`,
        ],
        table: { header: ['Organization'], rows: organizations.map((o) => [o]) },
      },
    }
  },
})
