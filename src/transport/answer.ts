/**
 * Every answer must come from the GitHub API. A 2xx other than 204/205 must be JSON: the
 * API documents a JSON body for every other success of the endpoints this action calls. An
 * HTML page answering 200 (a login proxy, a GitHub Enterprise Server api-url without
 * `/api/v3`) must never count as success: a DELETE would report a runner deleted, a
 * registration token would be empty.
 */
import { showUrl } from './api-url.js'
import { TransportError } from './transport-errors.js'

export interface Answer {
  status: number
  headers: Record<string, string | number | undefined>
  data: unknown
}

/** The media types Octokit parses as JSON (GitHub answers `application/json; charset=utf-8`). */
export function isJsonType(contentType: string): boolean {
  const type = contentType.split(';')[0]!.trim().toLowerCase()
  return type === 'application/json' || type === 'application/scim+json'
}

/** What to check in api-url when its server answers like something else than the GitHub API. */
export function apiUrlHint(apiUrl: string): string {
  const u = new URL(apiUrl)
  const ghes = u.hostname !== 'api.github.com' && !u.hostname.endsWith('.ghe.com')
  if (ghes && !/\/api\/v3\/?$/.test(u.pathname))
    return `GitHub Enterprise Server's API is at https://HOST/api/v3: try api-url ${u.origin}/api/v3.`
  return 'Check api-url, and that no proxy or login page answers in GitHub’s place.'
}

/** Throws when a successful answer is not the API's. */
export function checkAnswer(res: Answer, method: string, url: string, apiUrl: string): void {
  if (res.status === 204 || res.status === 205 || method === 'HEAD') return
  const type = String(res.headers['content-type'] ?? '')
  if (isJsonType(type) && typeof res.data !== 'string' && !(res.data instanceof ArrayBuffer)) return
  const what = !type
    ? 'an answer without a content type'
    : isJsonType(type)
      ? 'a body that is not valid JSON'
      : `${type.split(';')[0]!.trim()}${/html/i.test(type) ? ' (a web page, such as a login page)' : ''}`
  throw new TransportError(
    'not-api',
    `The server at ${apiUrl} is not the GitHub API: it answered ${method} ${showUrl(new URL(url))} ` +
      `with ${res.status} and ${what}, not JSON. ${apiUrlHint(apiUrl)}`,
  )
}

/** Throws when a JSON answer is not of the shape the API documents for `what`. */
export function expectShape(ok: boolean, apiUrl: string, where: string, what: string): void {
  if (ok) return
  throw new TransportError(
    'not-api',
    `The server at ${apiUrl} is not the GitHub API: its answer to ${where} is JSON, but not ${what}. ${apiUrlHint(apiUrl)}`,
  )
}

/**
 * Every `{param}` of a route must be a whole number or a name that stays one path segment:
 * never empty, never `.` or `..` (which would reach another URL), never missing (an id an
 * answer did not carry).
 */
export function checkPathParams(route: string, params: Record<string, unknown>): void {
  for (const [, name] of route.matchAll(/\{([a-z_]+)\}/g)) {
    const v = params[name!]
    const ok =
      typeof v === 'number'
        ? Number.isSafeInteger(v) && v >= 0
        : typeof v === 'string' && v !== '' && v !== '.' && v !== '..'
    if (!ok)
      throw new TransportError(
        'not-api',
        `Not sending ${route}: ${name} is ${v === undefined ? 'missing' : JSON.stringify(v)}, which would reach another URL.`,
      )
  }
}
