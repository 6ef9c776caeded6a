/**
 * The inputs every operation reads: which repository, organization or enterprise to act on,
 * the credentials, and the API's address. Read once, before the operation's own inputs.
 */
import { InputError } from '../errors.js'
import { resolveTarget, type Target } from '../github/target.js'
import { given, parseWhole, type InputValues } from './read.js'

export const COMMON_INPUTS = [
  'operation',
  'repository',
  'organization',
  'enterprise',
  'token',
  'app-id',
  'private-key',
  'installation-id',
  'api-url',
  'request-timeout',
] as const

interface AppCredentials {
  appId: string
  privateKey: string
  installationId?: number
}

export interface CommonSettings {
  target: Target
  /** repository, organization or enterprise was given (not GITHUB_REPOSITORY by default). */
  explicitScope: boolean
  token?: string
  /** app-id + private-key (+ installation-id): authenticate as a GitHub App instead of `token`. */
  app?: AppCredentials
  apiUrl: string
  /** Seconds each attempt of each request may take (`request-timeout`). */
  requestTimeout: number
}

/** The private key as PEM, whatever line endings it came with. */
function normalizePrivateKey(raw: string): string {
  // A key pasted into a one-line secret keeps its line breaks as `\n` (or `\r\n`) escapes; a
  // key saved on Windows has CRLF line endings.
  const unescaped = raw.includes('\n') ? raw : raw.replace(/\\r\\n|\\n/g, '\n')
  const trimmed = unescaped.replace(/\r\n?/g, '\n').trim()
  if (!/^-----BEGIN (RSA )?PRIVATE KEY-----\n[\s\S]+\n-----END (RSA )?PRIVATE KEY-----$/.test(trimmed)) {
    throw new InputError(
      'private-key',
      'not a PEM private key (-----BEGIN RSA PRIVATE KEY----- ... as GitHub downloads it)',
    )
  }
  return `${trimmed}\n`
}

function readApp(values: InputValues): AppCredentials | undefined {
  const appId = given(values, 'app-id')
  const key = given(values, 'private-key')
  const installation = given(values, 'installation-id')
  if (appId === undefined) {
    if (key !== undefined)
      throw new InputError('app-id', 'private-key is set: set app-id too (the GitHub App’s id or client id)')
    if (installation !== undefined)
      throw new InputError('app-id', 'installation-id is set: set app-id and private-key too')
    return undefined
  }
  if (!/^(\d+|Iv[0-9A-Za-z.]+)$/.test(appId))
    throw new InputError('app-id', `'${appId}' is not a GitHub App id or client id`)
  if (key === undefined)
    throw new InputError('private-key', 'app-id is set: pass the App’s private key (a PEM, from a secret)')
  return {
    appId,
    privateKey: normalizePrivateKey(key),
    ...(installation !== undefined ? { installationId: parseWhole('installation-id', installation, 1) } : {}),
  }
}

/** Hosts the action may reach over plain http: this machine (tests, the simulator, a local proxy). */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname)
}

/**
 * `api-url` (default: the workflow's GITHUB_API_URL): an https URL, or http to this machine;
 * no user info, query or fragment. The token goes to this host and nowhere else.
 */
function readApiUrl(values: InputValues, env: NodeJS.ProcessEnv): string {
  const raw = given(values, 'api-url') ?? (env.GITHUB_API_URL?.trim() || 'https://api.github.com')
  // Never echo what may be a credential: user info and a query are shown as ***.
  const shown = raw.replace(/\/\/[^/?#]*@/, '//***@').replace(/([?#]).*$/s, '$1***')
  const refuse = (why: string) =>
    new InputError('api-url', `'${shown}' ${why} (e.g. https://api.github.com, https://HOST/api/v3)`)
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw refuse('is not a URL')
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname)))
    throw refuse('must be an https URL (plain http only to this machine)')
  if (url.username || url.password)
    throw refuse('must not carry a user name or password: pass the token in `token`')
  if (url.search || url.hash || /[?#]/.test(raw))
    throw refuse('must not have a query (?...) or a fragment (#...)')
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '')
}

export function readCommon(values: InputValues, env: NodeJS.ProcessEnv): CommonSettings {
  const scope = {
    repository: given(values, 'repository'),
    organization: given(values, 'organization'),
    enterprise: given(values, 'enterprise'),
  }
  const explicitScope = Object.values(scope).some((v) => v !== undefined)
  const token = given(values, 'token')
  if (token !== undefined && /\s/.test(token))
    throw new InputError(
      'token',
      'contains a space or a line break: pass the token alone (a secret holding just the token)',
    )
  const app = readApp(values)
  return {
    target: resolveTarget(scope, env.GITHUB_REPOSITORY?.trim() || undefined),
    explicitScope,
    ...(token !== undefined ? { token } : {}),
    ...(app !== undefined ? { app } : {}),
    apiUrl: readApiUrl(values, env),
    requestTimeout: parseWhole('request-timeout', given(values, 'request-timeout') ?? '60', 1, 3600),
  }
}

/** The step's inputs as the runner passes them: `INPUT_<NAME>` variables (names upper-cased). */
export function inputsFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const values: Record<string, string> = {}
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('INPUT_') && value !== undefined) values[key.slice(6).toLowerCase()] = value
  }
  return values
}
