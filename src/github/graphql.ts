/**
 * GitHub's GraphQL API, for the one list REST does not have (an enterprise's organizations):
 * POST to the GraphQL endpoint beside api-url (`/graphql`; `/api/graphql` on GitHub Enterprise
 * Server), every page by cursor. GraphQL answers 200 with `errors` for a missing scope, an
 * unknown slug or a refused token: those fail with what the token needs.
 */
import type { Api } from './api.js'
import { ActionError } from '../errors.js'
import type { Target } from './target.js'
import { graphqlUrl } from '../transport/api-url.js'

interface GraphqlError {
  type?: string
  message?: string
}

interface Connection {
  pageInfo: { hasNextPage: boolean; endCursor: string | null }
}

export interface PagedQuery<T> {
  /** Takes `$cursor` (null for the first page) besides `variables`. */
  query: string
  variables: Record<string, unknown>
  /** What is listed, for messages: "the organizations of enterprise acme". */
  what: string
  /** The credentials it takes, for messages. */
  need: string
  /** The paginated connection in an answer (undefined: the answer lacks it). */
  connection: (data: T) => Connection | undefined
}

/** Why an answer failed (a sentence), or undefined when it holds data. */
function refusal<T>(
  body: { data?: T | null; errors?: GraphqlError[] },
  q: PagedQuery<T>,
): string | undefined {
  const errors = Array.isArray(body.errors) ? body.errors : []
  if (errors.length === 0 && body.data && q.connection(body.data)) return undefined
  const said = errors.map((e) => `${e.type ?? 'ERROR'}: ${e.message ?? ''}`.trim()).join('; ')
  return `GitHub's GraphQL API did not list ${q.what}${said ? ` (${said})` : ' (no such data in its answer)'}. It takes ${q.need}; check the slug, and that the token has that scope.`
}

/** Each page's data, following `endCursor` while `hasNextPage`, within the client's page cap. */
export async function* graphqlPages<T>(api: Api, target: Target, q: PagedQuery<T>): AsyncGenerator<T> {
  const { apiUrl, maxPages } = api.client.transport
  const url = graphqlUrl(apiUrl)
  const seen = new Set<string>()
  let cursor: string | null = null
  for (let page = 0; page < maxPages; page++) {
    let body: { data?: T | null; errors?: GraphqlError[] }
    try {
      const variables = { ...q.variables, cursor }
      body = (await api.client.request({ method: 'POST', url, query: q.query, variables }))
        .data as typeof body
    } catch (e) {
      throw api.explain(e, target, 'POST /graphql', true)
    }
    const refused = refusal(body, q)
    if (refused) throw new ActionError(`${api.auth.operation ?? 'GraphQL'}: ${refused}`)
    const data = body.data as T
    yield data
    const { hasNextPage, endCursor } = q.connection(data)!.pageInfo
    if (!hasNextPage) return
    if (endCursor === null || seen.has(endCursor))
      throw new ActionError(
        `GitHub's GraphQL API gave no new cursor for the next page of ${q.what}; stopped reading.`,
      )
    seen.add(endCursor)
    cursor = endCursor
  }
  throw new ActionError(`${q.what} have more than ${maxPages} pages; stopped reading.`)
}
