/**
 * The fetch every request goes through: undici's fetch with
 * - the proxy chosen for api-url, not for GITHUB_API_URL: @actions/http-client's
 *   getAgentDispatcher honours HTTPS_PROXY/HTTP_PROXY and NO_PROXY for that host;
 * - a time limit on each attempt, from sending the request to the last byte of the answer:
 *   a server that accepts the connection and never answers fails the attempt with
 *   `AttemptTimeout`, which Octokit turns into a 500 that the retry plugin retries like a
 *   network error;
 * - an overall AbortSignal that aborts a read in flight (an `AbortError`, never retried) and
 *   keeps any request from starting; a write already sent runs to its answer.
 */
import { HttpClient } from '@actions/http-client'
import { fetch as undiciFetch, Response, type Dispatcher, type RequestInit } from 'undici'

/** One attempt got no (complete) answer in time. */
export class AttemptTimeout extends Error {
  constructor(
    readonly apiUrl: string,
    readonly seconds: number,
  ) {
    super(`the server at ${apiUrl} did not answer within ${seconds} s`)
    this.name = 'AttemptTimeout'
  }
}

/** The proxy dispatcher for api-url, or undefined for a direct connection. */
export function dispatcherFor(apiUrl: string): Dispatcher | undefined {
  return new HttpClient('runner-manager-action').getAgentDispatcher(apiUrl)
}

export interface FetchOptions {
  apiUrl: string
  /** Limit of one attempt, in seconds. */
  timeoutSeconds: number
  signal?: AbortSignal
  dispatcher?: Dispatcher
}

/** Statuses whose answer has no body (and that Response refuses a body for). */
const NO_BODY = new Set([101, 103, 204, 205, 304])

export function timedFetch(o: FetchOptions): typeof globalThis.fetch {
  const send = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const cancelled = () => new DOMException('The request was cancelled.', 'AbortError')
    if (o.signal?.aborted) throw cancelled()
    const attempt = new AbortController()
    const timer = setTimeout(
      () => attempt.abort(new AttemptTimeout(o.apiUrl, o.timeoutSeconds)),
      o.timeoutSeconds * 1000,
    )
    const cancel = () => attempt.abort(cancelled())
    // A write, once sent, is not cut by a cancelled step: its answer says what GitHub did.
    const read = (init.method ?? 'GET').toUpperCase() === 'GET' || init.method?.toUpperCase() === 'HEAD'
    if (read) o.signal?.addEventListener('abort', cancel, { once: true })
    try {
      const res = await undiciFetch(url, {
        ...init,
        signal: attempt.signal,
        ...(o.dispatcher ? { dispatcher: o.dispatcher } : {}),
      })
      // Read the whole answer within the time limit, then hand Octokit a complete copy.
      const body = NO_BODY.has(res.status) || init.method === 'HEAD' ? null : await res.arrayBuffer()
      const copy = new Response(body, {
        status: res.status,
        statusText: res.statusText,
        headers: res.headers,
      })
      Object.defineProperty(copy, 'url', { value: res.url })
      return copy
    } catch (e) {
      if (attempt.signal.aborted) throw attempt.signal.reason
      throw e
    } finally {
      clearTimeout(timer)
      o.signal?.removeEventListener('abort', cancel)
    }
  }
  return send as unknown as typeof globalThis.fetch
}
