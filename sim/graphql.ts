/**
 * GitHub's GraphQL endpoint, for the one query the action sends: an enterprise's organizations
 * (`enterprise(slug) { organizations(first, after) { nodes { login } pageInfo } }`), every page
 * by cursor. It lives beside the REST API: `/graphql` (github.com, GHE.com), `/api/graphql` on
 * GitHub Enterprise Server (REST under `/api/v3`). As GitHub does, it answers 401 to a missing or
 * unknown token, and 200 with `errors` to a token without the scope (INSUFFICIENT_SCOPES), to an
 * installation token or a fine-grained one (FORBIDDEN) and to an unknown slug (NOT_FOUND).
 * A query of another shape is answered with an error and recorded as a violation.
 */
import type { Reply } from './http.js'
import type { SimState } from './state.js'
import type { TokenGrant } from './types.js'

const DOCS = 'https://docs.github.com/graphql'
/** Classic scopes that may read an enterprise's organizations. */
const ENTERPRISE_SCOPES = ['read:enterprise', 'admin:enterprise']
const ORGANIZATIONS_QUERY =
  /^\s*query\s*\(\s*\$slug\s*:\s*String!\s*,\s*\$cursor\s*:\s*String\s*\)\s*\{\s*enterprise\s*\(\s*slug\s*:\s*\$slug\s*\)\s*\{\s*organizations\s*\(\s*first\s*:\s*(\d+)\s*,\s*after\s*:\s*\$cursor\s*\)\s*\{\s*nodes\s*\{\s*login\s*\}\s*pageInfo\s*\{\s*hasNextPage\s+endCursor\s*\}\s*\}\s*\}\s*\}\s*$/

/** The GraphQL path beside the REST base path: `/graphql`, or `/api/graphql` beside `/api/v3`. */
export function graphqlPath(basePath: string): string {
  return basePath === '' ? '/graphql' : basePath.replace(/\/v3$/, '/graphql')
}

const json = (status: number, body: unknown): Reply => ({ status, body, headers: {} })
const failed = (type: string, message: string, data?: unknown): Reply =>
  json(200, { ...(data !== undefined ? { data } : {}), errors: [{ type, path: ['enterprise'], message }] })

const cursorOf = (offset: number) => Buffer.from(`cursor:v2:${offset}`).toString('base64')
function offsetOf(cursor: unknown): number | undefined {
  if (cursor === null || cursor === undefined) return 0
  const m =
    typeof cursor === 'string' ? /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString()) : null
  return m ? Number(m[1]) : undefined
}

function refusal(grant: TokenGrant): Reply | undefined {
  if (grant.kind === 'installation' || grant.kind === 'github-token')
    return failed('FORBIDDEN', 'Resource not accessible by integration', { enterprise: null })
  if (grant.kind === 'fine-grained')
    return failed('FORBIDDEN', 'Resource not accessible by personal access token', { enterprise: null })
  const scopes = grant.scopes ?? []
  if (scopes.some((s) => ENTERPRISE_SCOPES.includes(s))) return undefined
  return json(200, {
    errors: [
      {
        type: 'INSUFFICIENT_SCOPES',
        message: `Your token has not been granted the required scopes to execute this query. The 'organizations' field requires one of the following scopes: ['read:enterprise'], but your token has only been granted the: [${scopes.map((s) => `'${s}'`).join(', ')}] scopes. Please modify your token's scopes at: https://github.com/settings/tokens.`,
      },
    ],
  })
}

/** The answer to a POST on the GraphQL path; `violations` gets any query the simulator does not know. */
export function answerGraphql(
  state: SimState,
  token: string | undefined,
  body: unknown,
  violations: string[],
): Reply {
  const grant = token === undefined ? undefined : state.apps.token(token)
  if (!grant) return json(401, { message: 'Bad credentials', documentation_url: DOCS })
  const { query, variables } = (body ?? {}) as { query?: unknown; variables?: Record<string, unknown> }
  const shape = typeof query === 'string' ? ORGANIZATIONS_QUERY.exec(query) : null
  if (!shape) {
    violations.push(
      `POST graphql: the simulator answers only the enterprise organizations query, not ${String(query)}`,
    )
    return json(200, { errors: [{ message: 'The simulator does not implement this query.' }] })
  }
  const first = Number(shape[1])
  if (first < 1 || first > 100)
    return json(200, {
      errors: [
        {
          message: `Requesting ${first} records on the \`organizations\` connection exceeds the \`first\` limit of 100 records.`,
        },
      ],
    })
  const refused = refusal(grant)
  if (refused) return refused
  const slug = typeof variables?.slug === 'string' ? variables.slug : ''
  const enterprise = state.enterprise(slug)
  if (!enterprise)
    return failed('NOT_FOUND', `Could not resolve to a Business with the slug of '${slug}'.`, {
      enterprise: null,
    })
  const offset = offsetOf(variables?.cursor)
  if (offset === undefined) return json(200, { errors: [{ message: '`after` is not a valid cursor.' }] })
  const orgs = state.orgsOf(enterprise.slug).sort((a, b) => a.id - b.id)
  const nodes = orgs.slice(offset, offset + first).map((o) => ({ login: o.login }))
  const end = offset + nodes.length
  return json(200, {
    data: {
      enterprise: {
        organizations: {
          nodes,
          pageInfo: { hasNextPage: end < orgs.length, endCursor: nodes.length > 0 ? cursorOf(end) : null },
        },
      },
    },
  })
}
