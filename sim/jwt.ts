/**
 * GitHub App JSON web tokens: an RS256 JWT signed with the App's private key, `iss` the App id
 * (a number or a string of digits) or its client id, `iat` at most 60 s in the future, `exp` in
 * the future and at most 10 minutes after `iat`. Every refusal carries GitHub's own message.
 */
import { verify, type KeyObject } from 'node:crypto'

export const JWT_NOT_DECODED = 'A JSON web token could not be decoded'
export const ISS_MISSING = "Missing 'issuer' claim ('iss') in assertion"
export const ISS_NOT_INTEGER = "'Issuer' claim ('iss') must be an Integer"
export const APP_NOT_FOUND = 'Integration not found'
export const IAT_INVALID =
  "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"
export const EXP_INVALID =
  "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires"
export const EXP_TOO_FAR = "'Expiration time' claim ('exp') is too far in the future"

/** Longest accepted lifetime (`exp - iat`) and clock skew tolerated on `iat`, in seconds. */
const MAX_LIFETIME = 600
const IAT_LEEWAY = 60

export type JwtVerdict = { ok: true; appId: number } | { ok: false; message: string }

/** What the verifier needs to know about Apps. */
export interface AppKeys {
  /** The App `iss` names (an id, or a client id), if it exists. */
  appByIssuer(iss: number | string): { id: number; publicKey: KeyObject } | undefined
}

/** Whether a credential is shaped like a JWT (three base64url parts, a JSON header). */
export function looksLikeJwt(token: string | undefined): token is string {
  return token !== undefined && /^eyJ[\w-]*\.[\w-]+\.[\w-]*$/.test(token)
}

/** Checks `jwt` as GitHub checks an App's JWT, at `nowSeconds`. */
export function verifyAppJwt(jwt: string, apps: AppKeys, nowSeconds: number): JwtVerdict {
  const fail = (message: string): JwtVerdict => ({ ok: false, message })
  const [head = '', body = '', signature = ''] = jwt.split('.')
  const header = decodePart(head)
  const claims = decodePart(body)
  if (jwt.split('.').length !== 3 || !header || !claims || header.alg !== 'RS256')
    return fail(JWT_NOT_DECODED)

  const iss = claims.iss
  if (iss === undefined || iss === null || iss === '') return fail(ISS_MISSING)
  const numeric =
    typeof iss === 'number' ? Number.isInteger(iss) : typeof iss === 'string' && /^\d+$/.test(iss)
  if (!numeric && !(typeof iss === 'string' && iss.startsWith('Iv'))) return fail(ISS_NOT_INTEGER)
  const app = typeof iss === 'number' || typeof iss === 'string' ? apps.appByIssuer(iss) : undefined
  if (!app) return fail(APP_NOT_FOUND)

  let signed = false
  try {
    signed = verify(
      'sha256',
      Buffer.from(`${head}.${body}`),
      app.publicKey,
      Buffer.from(signature, 'base64url'),
    )
  } catch {
    signed = false
  }
  if (!signed) return fail(JWT_NOT_DECODED)

  const { iat, exp } = claims
  if (typeof iat !== 'number' || !Number.isInteger(iat) || iat > nowSeconds + IAT_LEEWAY)
    return fail(IAT_INVALID)
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp <= nowSeconds) return fail(EXP_INVALID)
  if (exp - iat > MAX_LIFETIME) return fail(EXP_TOO_FAR)
  return { ok: true, appId: app.id }
}

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
