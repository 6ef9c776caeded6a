import { generateKeyPairSync } from 'node:crypto'
import { createAppAuth } from '@octokit/auth-app'
import { describe, expect, it } from 'vitest'
import { DEFAULT_TOKEN, startSimulator } from '../../sim/index.js'
import {
  APP_ID,
  appKeys,
  b64,
  jwt,
  NOT_ACCESSIBLE,
  now,
  OTHER_APP_ID,
  otherKeys,
  strangerKeys,
  useAppWorld,
} from './app-world.js'
import { rsaKeyPair } from '../support/world.js'
import { client } from './client.js'

const JWT_NOT_DECODED = 'A JSON web token could not be decoded'
const EXP_INVALID =
  "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires"
const EXP_TOO_FAR = "'Expiration time' claim ('exp') is too far in the future"
const IAT_INVALID =
  "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"
const TOKEN_DOCS =
  'https://docs.github.com/enterprise-cloud@latest/rest/apps/apps#create-an-installation-access-token-for-an-app'

const w = useAppWorld()

describe('installation lookups', () => {
  it('finds the organization installation for the organization and for its repositories', async () => {
    for (const path of ['/orgs/octo-fleet/installation', '/repos/octo-fleet/app/installation']) {
      const res = await w.asApp('GET', path)
      expect(res.status).toBe(200)
      expect(res.json).toMatchObject({
        id: w.orgInstallation,
        app_id: APP_ID,
        app_slug: `sim-app-${APP_ID}`,
        target_id: w.orgId,
        target_type: 'Organization',
        repository_selection: 'all',
        account: { login: 'octo-fleet', id: w.orgId, type: 'Organization' },
        access_tokens_url: `${w.sim.url}/app/installations/${w.orgInstallation}/access_tokens`,
        permissions: { administration: 'write', organization_self_hosted_runners: 'write', metadata: 'read' },
        suspended_at: null,
      })
    }
  })

  it('is deterministic and case-insensitive on names', async () => {
    const a = await w.asApp('GET', '/repos/octo-fleet/app/installation')
    const b = await w.asApp('GET', '/repos/OCTO-FLEET/App/installation')
    expect(a.body).toEqual(b.body)
  })

  it('finds a repository installation for that repository only', async () => {
    const res = await w.asApp('GET', '/repos/other-org/api/installation')
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({
      id: w.repoInstallation,
      repository_selection: 'selected',
      account: { login: 'other-org' },
    })
    for (const path of ['/repos/other-org/web/installation', '/orgs/other-org/installation']) {
      const miss = await w.asApp('GET', path)
      expect(miss.status).toBe(404)
      expect(miss.json.message).toBe('Not Found')
    }
  })

  it('404s where the App is not installed (only another App is), and unknown owners', async () => {
    for (const path of [
      '/orgs/bare-org/installation',
      '/orgs/nobody/installation',
      '/repos/octo-fleet/nope/installation',
    ]) {
      const res = await w.asApp('GET', path)
      expect(res.status).toBe(404)
      expect(res.json.message).toBe('Not Found')
    }
    const other = await w.asApp(
      'GET',
      '/orgs/bare-org/installation',
      jwt({ iss: OTHER_APP_ID }, otherKeys.privateKey),
    )
    expect(other.status).toBe(200)
    expect(other.json).toMatchObject({
      id: w.otherAppInstallation,
      app_id: OTHER_APP_ID,
      permissions: { organization_self_hosted_runners: 'read', metadata: 'read' },
    })
  })
})

describe('the JWT', () => {
  it('accepts iss as a number, a string of digits or the client id, and a JWT from @octokit/auth-app', async () => {
    const found = await w.asApp('GET', '/orgs/octo-fleet/installation')
    const clientId = String(found.json.client_id)
    expect(clientId).toMatch(/^Iv1\./)
    const { token: fromAuthApp } = await createAppAuth({
      appId: String(APP_ID),
      privateKey: appKeys.privateKey,
    })({ type: 'app' })
    for (const token of [jwt({ iss: String(APP_ID) }), jwt({ iss: clientId }), fromAuthApp]) {
      const res = await w.asApp('GET', '/orgs/octo-fleet/installation', token)
      expect(res.status).toBe(200)
    }
  })

  it('tolerates iat up to 60 s in the future and a lifetime of exactly 10 minutes', async () => {
    const iat = now() + 50
    const res = await w.asApp('GET', '/orgs/octo-fleet/installation', jwt({ iat, exp: iat + 600 }))
    expect(res.status).toBe(200)
  })

  it("refuses bad JWTs with 401 and GitHub's message", async () => {
    const issued = w.sim.issuedSecrets.length
    const t = now()
    const cases: [string, string, string][] = [
      ['expired', jwt({ iat: t - 700, exp: t - 100 }), EXP_INVALID],
      ['exp not a number', jwt({ exp: 'soon' }), EXP_INVALID],
      ['lifetime over 10 minutes', jwt({ iat: t - 30, exp: t + 600 }), EXP_TOO_FAR],
      ['iat over 60 s in the future', jwt({ iat: t + 120, exp: t + 300 }), IAT_INVALID],
      ['iat not an integer', jwt({ iat: t - 30.5 }), IAT_INVALID],
      ['signed with another key', jwt({}, strangerKeys.privateKey), JWT_NOT_DECODED],
      ["signed with another App's key", jwt({}, otherKeys.privateKey), JWT_NOT_DECODED],
      ['not RS256', jwt({}, appKeys.privateKey, { alg: 'HS256', typ: 'JWT' }), JWT_NOT_DECODED],
      ['tampered claims', tamper(jwt()), JWT_NOT_DECODED],
      ['not JSON', 'eyJub3Q.anNvbg.c2ln', JWT_NOT_DECODED],
      ['unknown App', jwt({ iss: 999999 }, strangerKeys.privateKey), 'Integration not found'],
      ['iss not an integer', jwt({ iss: 'my-app' }), "'Issuer' claim ('iss') must be an Integer"],
      ['no iss', jwt({ iss: undefined }), "Missing 'issuer' claim ('iss') in assertion"],
    ]
    for (const [what, token, message] of cases) {
      for (const [method, path] of [
        ['GET', '/repos/octo-fleet/app/installation'],
        ['GET', '/orgs/octo-fleet/installation'],
        ['POST', `/app/installations/${w.orgInstallation}/access_tokens`],
      ] as const) {
        const res = await w.asApp(method, path, token)
        expect({ what, path, status: res.status, message: res.json.message }).toEqual({
          what,
          path,
          status: 401,
          message,
        })
        expect(res.json.status).toBe('401')
      }
    }
    expect(w.sim.issuedSecrets).toHaveLength(issued)
  })

  it('refuses a personal access token, an installation token or no credential on the App routes', async () => {
    const installationToken = await w.mint(w.orgInstallation)
    for (const token of [DEFAULT_TOKEN, installationToken, 'ghp_unknown', null]) {
      for (const path of ['/orgs/octo-fleet/installation', '/repos/octo-fleet/app/installation']) {
        const res = await w.call('GET', path, { token })
        expect(res.status).toBe(401)
        expect(res.json.message).toBe(JWT_NOT_DECODED)
      }
      const res = await w.call('POST', `/app/installations/${w.orgInstallation}/access_tokens`, { token })
      expect(res.status).toBe(401)
      expect(res.json).toEqual({
        message: JWT_NOT_DECODED,
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      })
    }
  })

  it('is refused on every other route: 403 when valid, 401 when not', async () => {
    const issued = w.sim.issuedSecrets.length
    for (const path of [
      '/orgs/octo-fleet/actions/runners',
      '/repos/octo-fleet/app/actions/runners',
      '/enterprises/octo-corp/actions/runners',
      '/orgs/octo-fleet',
    ]) {
      const valid = await w.asApp('GET', path)
      expect(valid.status).toBe(403)
      expect(valid.json.message).toBe(NOT_ACCESSIBLE)
      const expired = await w.asApp('GET', path, jwt({ iat: now() - 700, exp: now() - 100 }))
      expect(expired.status).toBe(401)
      expect(expired.json.message).toBe(EXP_INVALID)
    }
    const post = await w.asApp('POST', '/orgs/octo-fleet/actions/runners/registration-token')
    expect(post.status).toBe(403)
    expect(w.sim.issuedSecrets).toHaveLength(issued)
  })

  it('keeps the existing token rules for everything else', async () => {
    const res = await w.call('GET', '/orgs/octo-fleet/actions/runners')
    expect(res.status).toBe(200)
    expect((await w.call('GET', '/orgs/octo-fleet/actions/runners', { token: 'nope' })).json.message).toBe(
      'Bad credentials',
    )
  })
})

describe('POST /app/installations/{installation_id}/access_tokens', () => {
  it('mints a fresh ghs_ token valid for an hour with the installation permissions', async () => {
    const before = Date.now()
    const res = await w.asApp('POST', `/app/installations/${w.orgInstallation}/access_tokens`)
    expect(res.status).toBe(201)
    expect(Object.keys(res.json).sort()).toEqual([
      'expires_at',
      'permissions',
      'repository_selection',
      'token',
    ])
    expect(res.json.token).toMatch(/^ghs_[A-Za-z0-9]{36}$/)
    expect(res.json.permissions).toEqual({
      administration: 'write',
      organization_self_hosted_runners: 'write',
      metadata: 'read',
    })
    expect(res.json.repository_selection).toBe('all')
    const expires = Date.parse(String(res.json.expires_at))
    expect(expires).toBeGreaterThanOrEqual(before + 3_600_000 - 1000)
    expect(expires).toBeLessThanOrEqual(Date.now() + 3_600_000)
    expect(w.sim.issuedSecrets).toContain(res.json.token)

    const again = await w.mint(w.orgInstallation)
    expect(again).not.toBe(res.json.token)
    const repo = await w.asApp('POST', `/app/installations/${w.repoInstallation}/access_tokens`)
    expect(repo.json.repository_selection).toBe('selected')
  })

  it("404s another App's installation and an unknown one", async () => {
    const issued = w.sim.issuedSecrets.length
    for (const id of [w.otherAppInstallation, 999999]) {
      const res = await w.asApp('POST', `/app/installations/${id}/access_tokens`)
      expect(res.status).toBe(404)
      expect(res.json).toEqual({ message: 'Not Found', documentation_url: TOKEN_DOCS, status: '404' })
    }
    expect(w.sim.issuedSecrets).toHaveLength(issued)
  })

  it('narrows the permissions on request and refuses more than the installation has', async () => {
    const narrowed = await w.asApp('POST', `/app/installations/${w.orgInstallation}/access_tokens`, jwt(), {
      permissions: { organization_self_hosted_runners: 'read' },
    })
    expect(narrowed.status).toBe(201)
    expect(narrowed.json.permissions).toEqual({ organization_self_hosted_runners: 'read' })

    const otherJwt = jwt({ iss: OTHER_APP_ID }, otherKeys.privateKey)
    for (const [id, token, permissions] of [
      [w.orgInstallation, jwt(), { actions: 'read' }],
      [w.otherAppInstallation, otherJwt, { organization_self_hosted_runners: 'write' }],
    ] as const) {
      const res = await w.asApp('POST', `/app/installations/${id}/access_tokens`, token, { permissions })
      expect(res.status).toBe(422)
      expect(res.json.message).toBe('The permissions requested are not granted to this installation.')
    }
  })
})

describe('rate limits', () => {
  it('count the App and each installation token apart, and name them when exhausted', async () => {
    const small = await startSimulator({ primaryLimit: 2 })
    try {
      const callSmall = client(small)
      small.addOrg('octo-fleet')
      small.addApp(APP_ID, appKeys.publicKey)
      const id = small.addInstallation(APP_ID, 'org:octo-fleet').id
      const appJwt = jwt()
      const asSmallApp = (method: string, path: string) =>
        callSmall(method, path, { token: appJwt, scheme: 'Bearer' })
      const minted = await asSmallApp('POST', `/app/installations/${id}/access_tokens`)
      expect(minted.headers.get('x-ratelimit-used')).toBe('1')
      const token = String(minted.json.token)
      const first = await callSmall('GET', '/orgs/octo-fleet/actions/runners', { token })
      expect(first.headers.get('x-ratelimit-used')).toBe('1')
      await callSmall('GET', '/orgs/octo-fleet/actions/runners', { token })
      const over = await callSmall('GET', '/orgs/octo-fleet/actions/runners', { token })
      expect(over.status).toBe(403)
      expect(over.json.message).toMatch(new RegExp(`^API rate limit exceeded for installation ID ${id}\\.`))
      await asSmallApp('GET', '/orgs/octo-fleet/installation')
      const appOver = await asSmallApp('GET', '/orgs/octo-fleet/installation')
      expect(appOver.status).toBe(403)
      expect(appOver.json.message).toMatch(new RegExp(`^API rate limit exceeded for app ID ${APP_ID}\\.`))
      expect(small.violations).toEqual([])
    } finally {
      await small.close()
    }
  })
})

describe('setup errors', () => {
  it('refuses installations of unknown Apps, on enterprises, on unknown owners, and overlapping ones', () => {
    expect(() => w.sim.addInstallation(777, 'org:octo-fleet')).toThrow(/no App 777/)
    expect(() => w.sim.addInstallation(APP_ID, 'enterprise:octo-corp')).toThrow(/not an enterprise/)
    expect(() => w.sim.addInstallation(APP_ID, 'org:nobody')).toThrow(/unknown owner/)
    expect(() => w.sim.addInstallation(APP_ID, 'repo:octo-fleet/app')).toThrow(
      /already installed on org:octo-fleet/,
    )
    expect(() => w.sim.addInstallation(APP_ID, 'org:other-org')).toThrow(
      /already installed on repo:other-org\/api/,
    )
  })

  it('refuses keys that are not RSA', () => {
    const ec = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    })
    expect(() => w.sim.addApp(9999, ec.publicKey)).toThrow(/RSA/)
    expect(() => w.sim.addApp(9999, 'not a key')).toThrow()
  })

  it('replaces the key when an App is added again', async () => {
    const rotated = rsaKeyPair()
    w.sim.addApp(OTHER_APP_ID, rotated.publicKey)
    try {
      const old = await w.asApp(
        'GET',
        '/orgs/bare-org/installation',
        jwt({ iss: OTHER_APP_ID }, otherKeys.privateKey),
      )
      expect(old.status).toBe(401)
      const fresh = await w.asApp(
        'GET',
        '/orgs/bare-org/installation',
        jwt({ iss: OTHER_APP_ID }, rotated.privateKey),
      )
      expect(fresh.status).toBe(200)
    } finally {
      w.sim.addApp(OTHER_APP_ID, otherKeys.publicKey)
    }
  })
})

/** The JWT with its payload swapped for one naming a later expiry, signature kept. */
function tamper(token: string): string {
  const [head, , signature] = token.split('.')
  const iat = now() - 30
  return `${head ?? ''}.${b64({ iat, exp: iat + 599, iss: APP_ID })}.${signature ?? ''}`
}
