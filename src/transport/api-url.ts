/**
 * Where the token may go: only to api-url's origin (scheme, host and port), under api-url's
 * path. Links GitHub sends (`Link: rel="next"`) are followed only when they stay there, and
 * only over https, except to an http api-url on this machine (a simulator, a test server).
 */

/** localhost, 127.0.0.0/8 and ::1: the only hosts an http api-url may point to for pagination. */
export function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase()
  return h === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '[::1]'
}

/** A URL as it may be shown: origin and path, without credentials or query. */
export function showUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`
}

/** api-url's path as a prefix: `/api/v3/` (or `/` for api.github.com). */
function pathPrefix(apiUrl: URL): string {
  return apiUrl.pathname.endsWith('/') ? apiUrl.pathname : `${apiUrl.pathname}/`
}

/**
 * GitHub's GraphQL endpoint for api-url: `https://HOST/api/graphql` beside GitHub Enterprise
 * Server's `https://HOST/api/v3`; `/graphql` under any other api-url (github.com, GHE.com).
 */
export function graphqlUrl(apiUrl: string): string {
  const base = apiUrl.replace(/\/+$/, '')
  return /\/api\/v3$/.test(base) ? base.replace(/\/api\/v3$/, '/api/graphql') : `${base}/graphql`
}

/** Why `url` is not under api-url, nor its GraphQL endpoint (a sentence), or undefined when it is. */
export function offApiUrl(url: URL, apiUrl: URL): string | undefined {
  if (url.origin !== apiUrl.origin) return `it is not on api-url's server (${apiUrl.origin})`
  if (url.pathname === new URL(graphqlUrl(apiUrl.href)).pathname) return undefined
  const prefix = pathPrefix(apiUrl)
  if (url.pathname !== apiUrl.pathname && !url.pathname.startsWith(prefix))
    return `its path is not under api-url's path (${prefix})`
  return undefined
}

/**
 * The absolute URL Octokit will request for a `next` link: it prefixes api-url to anything
 * that does not start with `http` (as @octokit/endpoint does).
 */
export function resolveLink(link: string, apiUrl: string): URL | undefined {
  try {
    return new URL(/^http/.test(link) ? link : apiUrl.replace(/\/$/, '') + link)
  } catch {
    return undefined
  }
}

/** Why a `next` link must not be followed (a sentence), or undefined when it may. */
export function nextLinkProblem(next: URL, apiUrl: URL, listPath?: string): string | undefined {
  const off = offApiUrl(next, apiUrl)
  if (off) return off
  // The next page of a list is the same list: only its query (the page) may differ.
  if (listPath !== undefined && next.pathname !== listPath)
    return `it leads to another list (${next.pathname}, not ${listPath})`
  if (next.protocol !== 'https:' && !(apiUrl.protocol === 'http:' && isLoopback(apiUrl.hostname)))
    return 'it is not https (the token goes over plain http only to a server on this machine)'
  return undefined
}
