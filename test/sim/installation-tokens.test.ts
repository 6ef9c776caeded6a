import { describe, expect, it } from 'vitest'
import { DEFAULT_TOKEN } from '../../sim/index.js'
import { jwt, NOT_ACCESSIBLE, OTHER_APP_ID, otherKeys, useAppWorld } from './app-world.js'

const w = useAppWorld()

const NOT_IN_INSTALLATION =
  'There is at least one repository that does not exist or is not accessible to the parent installation.'

describe('installation tokens', () => {
  it('work for the organization and its repositories, and are recorded as the credential', async () => {
    const appJwt = jwt()
    const found = await w.asApp('GET', '/repos/octo-fleet/app/installation', appJwt)
    const minted = await w.asApp('POST', `/app/installations/${String(found.json.id)}/access_tokens`, appJwt)
    const token = String(minted.json.token)
    const org = await w.call('GET', '/orgs/octo-fleet/actions/runners', { token, scheme: 'Bearer' })
    expect(org.status).toBe(200)
    expect(org.json.runners).toMatchObject([{ name: 'org-runner' }])
    expect(org.headers.get('x-accepted-github-permissions')).toBe('organization_self_hosted_runners=read')
    expect(org.headers.get('x-oauth-scopes')).toBeNull()
    const repo = await w.call('POST', '/repos/octo-fleet/app/actions/runners/registration-token', { token })
    expect(repo.status).toBe(201)
    expect((await w.call('GET', '/repos/octo-fleet/app', { token })).status).toBe(200)

    expect(w.sim.requests.map((r) => [r.method, r.path, r.status, r.auth])).toEqual([
      ['GET', '/repos/octo-fleet/app/installation', 200, appJwt],
      ['POST', `/app/installations/${String(found.json.id)}/access_tokens`, 201, appJwt],
      ['GET', '/orgs/octo-fleet/actions/runners', 200, token],
      ['POST', '/repos/octo-fleet/app/actions/runners/registration-token', 201, token],
      ['GET', '/repos/octo-fleet/app', 200, token],
    ])
  })

  it('are refused outside the organization installation: 404 for repositories, 403 elsewhere', async () => {
    const token = await w.mint(w.orgInstallation)
    const repo = await w.call('GET', '/repos/other-org/api/actions/runners', { token })
    expect(repo.status).toBe(404)
    expect(repo.json.message).toBe('Not Found')
    expect((await w.call('GET', '/repos/other-org/api', { token })).status).toBe(404)
    for (const path of ['/orgs/other-org/actions/runners', '/enterprises/octo-corp/actions/runners']) {
      const res = await w.call('GET', path, { token })
      expect(res.status).toBe(403)
      expect(res.json.message).toBe(NOT_ACCESSIBLE)
    }
    // public organization data stays readable
    expect((await w.call('GET', '/orgs/other-org', { token })).status).toBe(200)
  })

  it('of a repository installation work on that repository only', async () => {
    const token = await w.mint(w.repoInstallation)
    const own = await w.call('GET', '/repos/other-org/api/actions/runners', { token })
    expect(own.status).toBe(200)
    expect(own.json.runners).toMatchObject([{ name: 'api-runner' }])
    expect((await w.call('GET', '/repos/other-org/web/actions/runners', { token })).status).toBe(404)
    const org = await w.call('GET', '/orgs/other-org/actions/runners', { token })
    expect(org.status).toBe(403)
    expect(org.json.message).toBe(NOT_ACCESSIBLE)
    expect((await w.call('GET', '/repos/octo-fleet/app/actions/runners', { token })).status).toBe(404)
  })

  it('carry only the permissions they hold', async () => {
    const readOnly = await w.asApp('POST', `/app/installations/${w.orgInstallation}/access_tokens`, jwt(), {
      permissions: { organization_self_hosted_runners: 'read' },
    })
    const token = String(readOnly.json.token)
    expect((await w.call('GET', '/orgs/octo-fleet/actions/runners', { token })).status).toBe(200)
    const write = await w.call('POST', '/orgs/octo-fleet/actions/runners/registration-token', { token })
    expect(write.status).toBe(403)
    expect(write.json.message).toBe(NOT_ACCESSIBLE)
    expect(write.headers.get('x-accepted-github-permissions')).toBe('organization_self_hosted_runners=write')
    // no administration permission: the repository's runners are out of reach
    expect((await w.call('GET', '/repos/octo-fleet/app/actions/runners', { token })).status).toBe(403)

    const other = await w.asApp(
      'POST',
      `/app/installations/${w.otherAppInstallation}/access_tokens`,
      jwt({ iss: OTHER_APP_ID }, otherKeys.privateKey),
    )
    const otherToken = String(other.json.token)
    expect((await w.call('GET', '/orgs/bare-org/actions/runners', { token: otherToken })).status).toBe(200)
    const register = await w.call('POST', '/orgs/bare-org/actions/runners/registration-token', {
      token: otherToken,
    })
    expect(register.status).toBe(403)
  })
})

describe('installation tokens limited to repositories', () => {
  it('by name or id: those repositories only, organization permissions unchanged', async () => {
    const infra = w.sim.addRepo('octo-fleet/infra')
    w.sim.addRunner('repo:octo-fleet/infra', { name: 'infra-runner' })
    const path = `/app/installations/${w.orgInstallation}/access_tokens`
    const byName = await w.asApp('POST', path, jwt(), { repositories: ['app'] })
    expect(byName.status).toBe(201)
    expect(byName.json.repository_selection).toBe('selected')
    expect(byName.json.repositories).toMatchObject([{ full_name: 'octo-fleet/app', name: 'app' }])
    const token = String(byName.json.token)
    expect((await w.call('GET', '/repos/octo-fleet/app/actions/runners', { token })).status).toBe(200)
    const other = await w.call('GET', '/repos/octo-fleet/infra/actions/runners', { token })
    expect(other.status).toBe(404)
    expect(other.json.message).toBe('Not Found')
    expect((await w.call('GET', '/orgs/octo-fleet/actions/runners', { token })).status).toBe(200)

    const byId = await w.asApp('POST', path, jwt(), { repository_ids: [infra.id] })
    expect(byId.json.repositories).toMatchObject([{ id: infra.id, full_name: 'octo-fleet/infra' }])
    const idToken = String(byId.json.token)
    expect((await w.call('GET', '/repos/octo-fleet/infra/actions/runners', { token: idToken })).status).toBe(
      200,
    )
    expect((await w.call('GET', '/repos/octo-fleet/app/actions/runners', { token: idToken })).status).toBe(
      404,
    )

    const both = await w.asApp('POST', path, jwt(), { repositories: ['APP'], repository_ids: [infra.id] })
    expect((both.json.repositories as { name: string }[]).map((r) => r.name)).toEqual(['app', 'infra'])
  })

  it('refuses repositories the installation does not reach (422), minting nothing', async () => {
    const issued = w.sim.issuedSecrets.length
    const web = w.sim.addRepo('other-org/web')
    const cases: [number, unknown][] = [
      [w.orgInstallation, { repositories: ['nope'] }],
      [w.orgInstallation, { repositories: ['api'] }],
      [w.orgInstallation, { repository_ids: [web.id] }],
      [w.repoInstallation, { repositories: ['web'] }],
      [w.repoInstallation, { repository_ids: [999999] }],
    ]
    for (const [id, body] of cases) {
      const res = await w.asApp('POST', `/app/installations/${id}/access_tokens`, jwt(), body)
      expect({ body, status: res.status, message: res.json.message }).toEqual({
        body,
        status: 422,
        message: NOT_IN_INSTALLATION,
      })
    }
    expect(w.sim.issuedSecrets).toHaveLength(issued)
    const own = await w.asApp('POST', `/app/installations/${w.repoInstallation}/access_tokens`, jwt(), {
      repositories: ['api'],
    })
    expect(own.status).toBe(201)
  })
})

describe('DELETE /installation/token', () => {
  it('revokes the token that calls it: recorded, and 401 Bad credentials from then on', async () => {
    const token = await w.mint(w.orgInstallation)
    const kept = await w.mint(w.orgInstallation)
    expect((await w.call('GET', '/orgs/octo-fleet/actions/runners', { token })).status).toBe(200)
    const revoked = await w.call('DELETE', '/installation/token', { token })
    expect(revoked.status).toBe(204)
    expect(revoked.body).toBeUndefined()
    expect(w.sim.revokedTokens).toContain(token)
    expect(w.sim.revokedTokens).not.toContain(kept)
    for (const [method, path] of [
      ['GET', '/orgs/octo-fleet/actions/runners'],
      ['DELETE', '/installation/token'],
    ] as const) {
      const res = await w.call(method, path, { token })
      expect(res.status).toBe(401)
      expect(res.json.message).toBe('Bad credentials')
    }
    expect(w.sim.revokedTokens.filter((t) => t === token)).toHaveLength(1)
    expect((await w.call('GET', '/orgs/octo-fleet/actions/runners', { token: kept })).status).toBe(200)
  })

  it("revokes the workflow's GITHUB_TOKEN too (an installation token), not a PAT or an App's JWT", async () => {
    w.sim.addToken('ghs_workflow_token', { kind: 'github-token' })
    expect((await w.call('DELETE', '/installation/token', { token: 'ghs_workflow_token' })).status).toBe(204)
    expect(w.sim.revokedTokens).toContain('ghs_workflow_token')

    const before = [...w.sim.revokedTokens]
    const pat = await w.call('DELETE', '/installation/token')
    expect(pat.status).toBe(403)
    expect(pat.json.message).toBe('Resource not accessible by personal access token')
    expect((await w.call('GET', '/orgs/octo-fleet/actions/runners')).status).toBe(200)
    const app = await w.asApp('DELETE', '/installation/token')
    expect(app.status).toBe(403)
    expect(app.json.message).toBe(NOT_ACCESSIBLE)
    expect((await w.call('DELETE', '/installation/token', { token: null })).status).toBe(401)
    expect(w.sim.revokedTokens).toEqual(before)
    expect(before).not.toContain(DEFAULT_TOKEN)
  })
})
