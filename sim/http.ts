/**
 * Small HTTP pieces shared by the pipeline and the route handlers: GitHub-style errors,
 * `Link` headers, request ids, tokens of the registration/JIT kind, reading a request body and
 * sending an answer.
 */
import { randomBytes, randomInt } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'

export const REST_DOCS = 'https://docs.github.com/rest'

/** An error answer: `{message, documentation_url, status}` plus `extra` fields. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export const notFound = (): ApiError => new ApiError(404, 'Not Found')

/** GitHub's 422 for a well-formed request it refuses. */
export const validationFailed = (...errors: string[]): ApiError =>
  new ApiError(422, 'Validation Failed', { errors })

/** One entry of a 422's `errors`, as the API's `validation-error` schema has it. */
export interface FieldError {
  resource: string
  field: string
  /** `invalid`, `already_exists`, `missing`, `unprocessable`... */
  code: string
  message: string
}

/** GitHub's 422 with structured errors, for operations that declare the `validation-error` schema. */
export const invalidFields = (...errors: FieldError[]): ApiError =>
  new ApiError(422, 'Validation Failed', { errors })

export function errorBody(
  status: number,
  message: string,
  documentationUrl: string,
  extra: Record<string, unknown> = {},
) {
  return { message, documentation_url: documentationUrl, status: String(status), ...extra }
}

/** `Link` header for page `page` of `last`, built on the URL the client called (other query parameters kept). */
export function linkHeader(url: URL, page: number, last: number): string | undefined {
  if (last <= 1) return undefined
  const at = (p: number, rel: string) => {
    const u = new URL(url)
    u.searchParams.set('page', String(p))
    return `<${u.toString()}>; rel="${rel}"`
  }
  const links: string[] = []
  if (page > 1) links.push(at(page - 1, 'prev'))
  if (page < last) links.push(at(page + 1, 'next'))
  if (page !== last) links.push(at(last, 'last'))
  if (page > 1) links.push(at(1, 'first'))
  return links.join(', ')
}

/** Like `C0DE:2B1F7A:1C2D3E4:1D5F6A7:6650A1B2`. */
export function requestId(): string {
  const hex = (bytes: number) => randomBytes(bytes).toString('hex').toUpperCase()
  return [
    hex(2),
    hex(3),
    hex(4),
    hex(4),
    Math.floor(Date.now() / 1000)
      .toString(16)
      .toUpperCase(),
  ].join(':')
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** A runner registration or remove token, like `AABF3JGZDX3P5PMEXLND6TS6FCWO6`. */
export function runnerToken(): string {
  let s = ''
  for (let i = 0; i < 29; i++) s += BASE32[randomInt(BASE32.length)]
  return s
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** An answer: JSON `body`, or `raw` text sent as is. */
export interface Reply {
  status: number
  body?: unknown
  raw?: string
  headers: Record<string, string>
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

export function send(res: ServerResponse, method: string, reply: Reply): void {
  const headers: Record<string, string> = {
    'x-github-api-version-selected': '2022-11-28',
    'x-github-media-type': 'github.v3; format=json',
    ...reply.headers,
  }
  let payload = ''
  if (reply.status !== 204 && reply.status !== 304) {
    if (reply.raw !== undefined) {
      headers['content-type'] ??= 'text/plain; charset=utf-8'
      payload = reply.raw
    } else {
      headers['content-type'] ??= 'application/json; charset=utf-8'
      if (reply.body !== undefined) payload = JSON.stringify(reply.body)
    }
  }
  headers['content-length'] = String(Buffer.byteLength(payload))
  res.writeHead(reply.status, headers)
  res.end(method === 'HEAD' ? undefined : payload)
}
