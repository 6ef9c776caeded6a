/**
 * The OpenAPI side of the simulator: finds the operation of a request in the vendored description
 * (openapi/runner-api.openapi.json) and checks requests and the simulator's own responses against it.
 *
 * Schemas are dereferenced (the description has no recursive references) and compiled lazily, once
 * per operation. OpenAPI 3.0's `nullable: true` beside no `type` (e.g. `nullable` + `anyOf`), which
 * Ajv refuses, becomes `anyOf: [the schema, {type: 'null'}]`. Two deliberate tightenings over the
 * description:
 * - request bodies and 2xx response bodies reject properties their schema does not declare, even
 *   where the description leaves `additionalProperties` open (a typo in a body is a bug);
 * - `per_page` is bounded to 1..100 and `page` to >= 1, as GitHub documents but the schema omits.
 * One addition: the App permissions an installation token may ask for (`app-permissions`) lack
 * `organization_network_configurations` and `organization_runner_custom_images`, the permissions
 * GitHub names for the network configuration and custom image routes (its permissions data,
 * `x-accepted-github-permissions`); they are added (MISSING_APP_PERMISSIONS), so that a token
 * asking for them is no violation while a misspelt permission still is. One correction: an
 * installation list's `account` that the description makes both a user and an enterprise is
 * either (isEitherAccount).
 */
import { readFileSync } from 'node:fs'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'

const SPEC_FILE = new URL('../openapi/runner-api.openapi.json', import.meta.url)
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const

type Json = Record<string, unknown>

/** Whose resource an operation acts on, read off its path. */
export type OwnerScope = 'repo' | 'org' | 'enterprise'

/**
 * `app`: the GitHub App's own operations (`/app/...`), which name no owner; `installation`: those
 * of an installation token on itself (`/installation/...`), which name none either; `user`: the
 * token user's own (`/user/...`).
 */
export type Scope = OwnerScope | 'app' | 'installation' | 'user'

function scopeOf(template: string): Scope {
  const first = template.split('/')[1]
  const scopes: Record<string, Scope> = {
    repos: 'repo',
    orgs: 'org',
    enterprises: 'enterprise',
    app: 'app',
    installation: 'installation',
    user: 'user',
  }
  const scope = first === undefined ? undefined : scopes[first]
  if (!scope) throw new Error(`no scope for ${template}`)
  return scope
}

export interface ParamSpec {
  name: string
  in: 'path' | 'query'
  required: boolean
  schema: Json
}

export interface Operation {
  operationId: string
  method: string
  /** Route template, e.g. `/orgs/{org}/actions/runners/{runner_id}`. */
  template: string
  scope: Scope
  params: ParamSpec[]
  /** Dereferenced request body schema, if the operation takes a JSON body. */
  bodySchema?: Json
  bodyRequired: boolean
  /** Declared statuses and their dereferenced JSON schemas (undefined: no body). */
  responses: Map<number, Json | undefined>
  docsUrl: string
  /** Takes `per_page`/`page`. */
  paginated: boolean
  segments: string[]
}

export interface Match {
  op: Operation
  params: Record<string, string>
}

/** Statuses any endpoint may answer although the description does not list them. */
const GENERIC_ERROR_STATUSES = new Set([400, 401, 403, 404, 422, 429])

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : [])

const addFormats = addFormatsModule.default

export class OpenApi {
  readonly operations: Operation[]
  private readonly spec: Json
  /** Path and query parameters are strings on the wire: coerce them to their schema type. */
  private readonly paramAjv = new Ajv({ strict: false, allErrors: true, coerceTypes: true })
  private readonly bodyAjv = new Ajv({ strict: false, allErrors: true })
  private readonly requestValidators = new Map<
    string,
    { params: ValidateFunction; query: ValidateFunction; body?: ValidateFunction }
  >()
  private readonly responseValidators = new Map<string, ValidateFunction>()
  private readonly byId = new Map<string, Operation>()

  constructor(spec: Json) {
    this.spec = spec
    addFormats(this.paramAjv)
    addFormats(this.bodyAjv)
    this.operations = this.readOperations()
    for (const op of this.operations) this.byId.set(op.operationId, op)
  }

  operation(operationId: string): Operation | undefined {
    return this.byId.get(operationId)
  }

  /** The operation for `method path` (path without basePath and query); literal segments win over parameters. */
  match(method: string, path: string): Match | undefined {
    const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase()
    const parts = path.split('/')
    let best: { match: Match; literals: number } | undefined
    for (const op of this.operations) {
      if (op.method !== m || op.segments.length !== parts.length) continue
      const params: Record<string, string> = {}
      let literals = 0
      let ok = true
      for (let i = 0; i < parts.length && ok; i++) {
        const seg = op.segments[i] ?? ''
        const part = parts[i] ?? ''
        if (seg.startsWith('{')) {
          if (part === '') ok = false
          else params[seg.slice(1, -1)] = safeDecode(part)
        } else if (seg === part) literals++
        else ok = false
      }
      if (ok && (!best || literals > best.literals)) best = { match: { op, params }, literals }
    }
    return best?.match
  }

  /** Request problems, each phrased for a human (`query parameter 'per_page' must be <= 100`). */
  checkRequest(
    op: Operation,
    params: Record<string, string>,
    query: Record<string, string>,
    body: unknown,
  ): string[] {
    const v = this.requestValidator(op)
    const problems: string[] = []
    if (!v.params({ ...params })) problems.push(...describe('path parameter', v.params.errors))
    if (!v.query({ ...query })) problems.push(...describe('query parameter', v.query.errors))
    if (v.body) {
      if (body === undefined) {
        if (op.bodyRequired) problems.push('body is required')
      } else if (!v.body(body)) problems.push(...describe('body', v.body.errors))
    } else if (body !== undefined && !(isObject(body) && Object.keys(body).length === 0)) {
      problems.push('body is not accepted by this operation')
    }
    return problems
  }

  /** Problems with a response the simulator produced. */
  checkResponse(op: Operation, status: number, body: unknown): string[] {
    if (!op.responses.has(status)) {
      if (status >= 500 || GENERIC_ERROR_STATUSES.has(status)) return this.checkGenericError(status, body)
      return [`status ${status} is not declared (declared: ${[...op.responses.keys()].join(', ')})`]
    }
    const schema = op.responses.get(status)
    if (!schema) return body === undefined ? [] : [`status ${status} must not have a body`]
    const key = `${op.operationId} ${status}`
    let validate = this.responseValidators.get(key)
    if (!validate) {
      validate = this.bodyAjv.compile(status < 300 ? closeObjects(schema) : schema)
      this.responseValidators.set(key, validate)
    }
    return validate(body) ? [] : describe('body', validate.errors)
  }

  private checkGenericError(status: number, body: unknown): string[] {
    if (body === undefined) return []
    if (!isObject(body) || typeof body.message !== 'string')
      return [`status ${status} body must have a message`]
    return []
  }

  private requestValidator(op: Operation) {
    let v = this.requestValidators.get(op.operationId)
    if (v) return v
    const objectOf = (where: 'path' | 'query') => {
      const ps = op.params.filter((p) => p.in === where)
      return {
        type: 'object',
        properties: Object.fromEntries(ps.map((p) => [p.name, p.schema])),
        required: ps.filter((p) => p.required).map((p) => p.name),
        additionalProperties: false,
      }
    }
    v = {
      params: this.paramAjv.compile(objectOf('path')),
      query: this.paramAjv.compile(objectOf('query')),
      ...(op.bodySchema ? { body: this.bodyAjv.compile(closeObjects(op.bodySchema)) } : {}),
    }
    this.requestValidators.set(op.operationId, v)
    return v
  }

  private readOperations(): Operation[] {
    const paths = this.spec.paths
    if (!isObject(paths)) throw new Error('OpenAPI description has no paths')
    const ops: Operation[] = []
    for (const [template, item] of Object.entries(paths)) {
      if (!isObject(item)) continue
      const shared = asArray(item.parameters)
      for (const method of METHODS) {
        const raw = item[method]
        if (!isObject(raw) || typeof raw.operationId !== 'string') continue
        const params = [...shared, ...asArray(raw.parameters)]
          .map((p) => this.deref(p))
          .filter(isObject)
          .map((p) => this.readParam(p))
        const body = this.jsonSchemaOf(raw.requestBody)
        const responses = new Map<number, Json | undefined>()
        if (isObject(raw.responses)) {
          for (const [code, r] of Object.entries(raw.responses))
            responses.set(Number(code), this.jsonSchemaOf(r))
        }
        const docs =
          isObject(raw.externalDocs) && typeof raw.externalDocs.url === 'string' ? raw.externalDocs.url : ''
        ops.push({
          operationId: raw.operationId,
          method: method.toUpperCase(),
          template,
          scope: scopeOf(template),
          params,
          ...(body ? { bodySchema: body } : {}),
          bodyRequired: isObject(raw.requestBody) && raw.requestBody.required === true,
          responses,
          docsUrl: docs || 'https://docs.github.com/rest',
          paginated: params.some((p) => p.name === 'per_page' && p.in === 'query'),
          segments: template.split('/'),
        })
      }
    }
    return ops
  }

  private readParam(p: Json): ParamSpec {
    const name = String(p.name)
    const schema = isObject(p.schema) ? { ...p.schema } : {}
    if (name === 'per_page') Object.assign(schema, { minimum: 1, maximum: 100 })
    if (name === 'page') Object.assign(schema, { minimum: 1 })
    return { name, in: p.in === 'path' ? 'path' : 'query', required: p.required === true, schema }
  }

  /** The dereferenced `application/json` schema of a request body or response object. */
  private jsonSchemaOf(node: unknown): Json | undefined {
    const r = this.deref(node)
    if (!isObject(r) || !isObject(r.content)) return undefined
    const media = r.content['application/json']
    if (!isObject(media) || !isObject(media.schema)) return undefined
    const s = this.deref(media.schema)
    return isObject(s) ? s : undefined
  }

  /** Deep copy of `node` with every local `$ref` replaced by its target. */
  private deref(node: unknown, seen: string[] = []): unknown {
    if (Array.isArray(node)) return node.map((n) => this.deref(n, seen))
    if (!isObject(node)) return node
    if (typeof node.$ref === 'string') {
      const ref = node.$ref
      if (seen.includes(ref)) throw new Error(`recursive $ref ${ref} is not supported`)
      return this.deref(this.resolve(ref), [...seen, ref])
    }
    const out: Json = {}
    for (const [k, v] of Object.entries(node)) out[k] = this.deref(v, seen)
    if (isEitherAccount(out.allOf)) {
      out.anyOf = out.allOf
      delete out.allOf
    }
    if (out.nullable === true && out.type === undefined) {
      delete out.nullable
      return { anyOf: [out, { type: 'null' }] }
    }
    return out
  }

  private resolve(ref: string): unknown {
    if (!ref.startsWith('#/')) throw new Error(`external $ref ${ref} is not supported`)
    let cur: unknown = this.spec
    for (const part of ref.slice(2).split('/')) {
      cur = isObject(cur) ? cur[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined
    }
    if (cur === undefined) throw new Error(`dangling $ref ${ref}`)
    return cur
  }
}

/**
 * One correction: `GET /app/installations` inlines an older copy of the installation object whose
 * `account` is `allOf: [Simple User, Enterprise]`, which no account can be (the `installation`
 * component has `anyOf` of the two, as an account is one or the other): read as `anyOf`.
 */
function isEitherAccount(allOf: unknown): allOf is Json[] {
  if (!Array.isArray(allOf) || allOf.length !== 2) return false
  const titles = allOf.map((s) => (isObject(s) ? s.title : undefined))
  return titles.includes('Simple User') && titles.includes('Enterprise')
}

/**
 * A copy of `schema` where every object schema that lists `properties` and says nothing about
 * `additionalProperties` rejects undeclared properties. Properties that are `required` but not
 * described (the description has a few) stay allowed.
 */
export function closeObjects(schema: unknown): Json {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk)
    if (!isObject(node)) return node
    const out: Json = {}
    for (const [k, v] of Object.entries(node)) {
      out[k] =
        k === 'properties' && isObject(v)
          ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, walk(s)]))
          : walk(v)
    }
    if (isObject(out.properties) && out.additionalProperties === undefined) {
      const props = { ...out.properties }
      if (Array.isArray(out.required))
        for (const r of out.required) if (typeof r === 'string' && !(r in props)) props[r] = {}
      out.properties = props
      out.additionalProperties = false
    }
    return out
  }
  const result = walk(schema)
  return isObject(result) ? result : {}
}

function describe(where: string, errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const at = e.instancePath
      .split('/')
      .filter(Boolean)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    const params: Record<string, unknown> = e.params
    if (e.keyword === 'additionalProperties') {
      const extra = String(params.additionalProperty)
      if (at.length === 0 && where !== 'body') return `unknown ${where} '${extra}'`
      return `${[where, ...at].join('.')} has unknown property '${extra}'`
    }
    if (at.length === 0) {
      if (e.keyword === 'required') return `${where} '${String(params.missingProperty)}' is required`
      return `${where} ${e.message ?? e.keyword}`
    }
    if (where === 'body') return `body.${at.join('.')} ${e.message ?? e.keyword}`
    const [name, ...rest] = at
    return `${where} '${[name, ...rest].join('.')}' ${e.message ?? e.keyword}`
  })
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/** App permissions GitHub has that the description's `app-permissions` schema does not list yet. */
const MISSING_APP_PERMISSIONS: Record<string, string> = {
  organization_network_configurations:
    'The level of permission to grant the access token to view and manage hosted compute network configurations of an organization.',
  organization_runner_custom_images:
    'The level of permission to grant the access token to view and manage custom images of GitHub-hosted runners of an organization.',
}

function withMissingAppPermissions(spec: Json): Json {
  const components = spec.components
  const schemas = isObject(components) ? components.schemas : undefined
  const permissions = isObject(schemas) ? schemas['app-permissions'] : undefined
  if (!isObject(permissions) || !isObject(permissions.properties)) return spec
  for (const [name, description] of Object.entries(MISSING_APP_PERMISSIONS))
    permissions.properties[name] ??= { type: 'string', description, enum: ['read', 'write'] }
  return spec
}

let shared: OpenApi | undefined

/** The vendored description, parsed once per process. */
export function loadOpenApi(): OpenApi {
  shared ??= new OpenApi(withMissingAppPermissions(JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as Json))
  return shared
}
