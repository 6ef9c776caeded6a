/**
 * What a route handler gets and returns. Handlers run after authentication, rate limits, the
 * OpenAPI request check and the owner lookup: `ctx.owner` exists and `ctx.body` matches the
 * operation's request schema.
 */
import { linkHeader, notFound } from '../http.js'
import type { Operation } from '../openapi.js'
import type { SimState } from '../state.js'
import type { OwnerKey } from '../types.js'

export interface RouteResult {
  status: number
  body?: unknown
}

export type Handler = (ctx: RouteContext) => RouteResult

export class RouteContext {
  /** Extra response headers a handler sets (e.g. `link`). */
  readonly headers: Record<string, string> = {}

  constructor(
    readonly state: SimState,
    readonly op: Operation,
    readonly owner: OwnerKey,
    readonly params: Record<string, string>,
    readonly query: Record<string, string>,
    readonly body: unknown,
    /** The absolute URL the client called. */
    readonly url: URL,
    /** Absolute API root (scheme, host and basePath) for the `*_url` fields of answers. */
    readonly apiRoot: string,
  ) {}

  /** An integer path parameter (the OpenAPI check has vouched for it). */
  int(name: string): number {
    const v = Number(this.params[name])
    if (!Number.isInteger(v)) throw notFound()
    return v
  }

  /** The org or enterprise name of an org/enterprise-scoped route. */
  get ownerName(): string {
    return this.owner.slice(this.owner.indexOf(':') + 1)
  }

  /** The slice of `items` the `per_page`/`page` query asks for; sets the `Link` header. */
  page<T>(items: T[]): T[] {
    return pageOf(this, items)
  }
}

/** The slice of `items` the `per_page`/`page` query of `req` asks for; sets its `Link` header. */
export function pageOf<T>(
  req: { url: URL; query: Record<string, string>; headers: Record<string, string> },
  items: T[],
): T[] {
  const perPage = Number(req.query.per_page ?? 30)
  const page = Number(req.query.page ?? 1)
  const last = Math.max(1, Math.ceil(items.length / perPage))
  const link = linkHeader(req.url, page, last)
  if (link) req.headers.link = link
  return items.slice((page - 1) * perPage, page * perPage)
}
