import { describe, expect, it } from 'vitest'
import { freshSimulators } from './client.js'

const sim = freshSimulators(true)

const ORG = '/orgs/octo-fleet/actions/permissions/self-hosted-runners'
const ENTERPRISE = '/enterprises/octo-corp/actions/permissions/self-hosted-runners'

describe('organization self-hosted runner settings', () => {
  it('are "all" until set; "selected" carries the URL of its repository list', async () => {
    const { sim: s, call } = await sim()
    expect((await call('GET', ORG)).body).toEqual({ enabled_repositories: 'all' })
    for (const value of ['none', 'selected', 'all', 'selected'] as const) {
      expect((await call('PUT', ORG, { body: { enabled_repositories: value } })).status).toBe(204)
    }
    expect((await call('GET', ORG)).body).toEqual({
      enabled_repositories: 'selected',
      selected_repositories_url: `${s.url}${ORG}/repositories`,
    })
    expect(s.selfHostedRunnersSettings('org:octo-fleet')).toEqual({
      enabled_repositories: 'selected',
      selected_repository_ids: [],
    })
  })

  it('set, add to and remove from the selected repositories, which must be the organization’s', async () => {
    const { sim: s, call } = await sim()
    const app = s.addRepo('octo-fleet/app')
    const api = s.addRepo('octo-fleet/api')
    const foreign = s.addRepo('other-org/web')
    s.setSelfHostedRunnersSettings('org:octo-fleet', { enabled_repositories: 'selected' })

    expect(
      (await call('PUT', `${ORG}/repositories`, { body: { selected_repository_ids: [app.id] } })).status,
    ).toBe(204)
    expect((await call('PUT', `${ORG}/repositories/${api.id}`)).status).toBe(204)
    expect((await call('PUT', `${ORG}/repositories/${api.id}`)).status).toBe(204) // again: no duplicate
    const list = await call('GET', `${ORG}/repositories`)
    expect(list.json.total_count).toBe(2)
    expect((list.json.repositories as { full_name: string }[]).map((r) => r.full_name)).toEqual([
      'octo-fleet/app',
      'octo-fleet/api',
    ])
    expect((await call('DELETE', `${ORG}/repositories/${app.id}`)).status).toBe(204)
    expect(s.selfHostedRunnersSettings('org:octo-fleet')).toMatchObject({ selected_repository_ids: [api.id] })

    const bad = await call('PUT', `${ORG}/repositories`, {
      body: { selected_repository_ids: [api.id, foreign.id] },
    })
    expect(bad.status).toBe(422)
    expect(bad.json.errors).toEqual([
      {
        resource: 'SelfHostedRunnersSettings',
        field: 'selected_repository_ids',
        code: 'invalid',
        message: `Repository ${foreign.id} does not exist in octo-fleet`,
      },
    ])
    expect((await call('PUT', `${ORG}/repositories/${foreign.id}`)).status).toBe(404)
    expect((await call('DELETE', `${ORG}/repositories/999999`)).status).toBe(404)
    expect(s.selfHostedRunnersSettings('org:octo-fleet')).toMatchObject({ selected_repository_ids: [api.id] })
  })

  it('change the repository list only under "selected": 422 to replace it, 409 to add or remove one', async () => {
    const { sim: s, call } = await sim()
    const app = s.addRepo('octo-fleet/app')
    s.setSelfHostedRunnersSettings('org:octo-fleet', {
      enabled_repositories: 'selected',
      selected_repository_ids: [app.id],
    })
    await call('PUT', ORG, { body: { enabled_repositories: 'all' } })
    const replace = await call('PUT', `${ORG}/repositories`, { body: { selected_repository_ids: [] } })
    expect(replace.status).toBe(422)
    const add = await call('PUT', `${ORG}/repositories/${app.id}`)
    expect(add.status).toBe(409)
    expect(add.json.message).toMatch(/only while enabled_repositories is "selected" \(it is "all"\)/)
    expect((await call('DELETE', `${ORG}/repositories/${app.id}`)).status).toBe(409)
    // kept, and listed
    expect((await call('GET', `${ORG}/repositories`)).json.total_count).toBe(1)
  })

  it('cannot change while the enterprise disables self-hosted runners for all organizations (409)', async () => {
    const { sim: s, call } = await sim()
    s.addOrg('lone-org')
    expect((await call('GET', ENTERPRISE)).body).toEqual({ disable_self_hosted_runners_for_all_orgs: false })
    expect(
      (await call('PUT', ENTERPRISE, { body: { disable_self_hosted_runners_for_all_orgs: true } })).status,
    ).toBe(204)
    expect((await call('GET', ENTERPRISE)).body).toEqual({ disable_self_hosted_runners_for_all_orgs: true })
    const refused = await call('PUT', ORG, { body: { enabled_repositories: 'none' } })
    expect(refused.status).toBe(409)
    expect(refused.json.message).toMatch(/disabled for all organizations by the enterprise octo-corp/)
    expect(s.selfHostedRunnersSettings('org:octo-fleet')).toMatchObject({ enabled_repositories: 'all' })
    // an organization outside the enterprise is free
    const lone = '/orgs/lone-org/actions/permissions/self-hosted-runners'
    expect((await call('PUT', lone, { body: { enabled_repositories: 'none' } })).status).toBe(204)

    s.setSelfHostedRunnersSettings('enterprise:octo-corp', {
      disable_self_hosted_runners_for_all_orgs: false,
    })
    expect((await call('PUT', ORG, { body: { enabled_repositories: 'none' } })).status).toBe(204)
  })

  it('checks bodies against the description (422, recorded)', async () => {
    const { sim: s, call } = await sim()
    const res = await call('PUT', ORG, { body: { enabled_repositories: 'some' } })
    expect(res.status).toBe(422)
    expect(s.violations).toHaveLength(1)
    s.violations.length = 0
  })
})

describe('self-hosted runner settings: permissions and setup', () => {
  it('organization: admin:org or organization_administration', async () => {
    const { sim: s, call } = await sim()
    s.addToken('ghp_repo', { kind: 'classic', scopes: ['repo'] })
    const classic = await call('GET', ORG, { token: 'ghp_repo' })
    expect(classic.status).toBe(403)
    expect(classic.headers.get('x-accepted-oauth-scopes')).toBe('admin:org')
    s.addToken('ghs_runners_only', {
      kind: 'installation',
      installation: {
        id: 1,
        owner: 'org:octo-fleet',
        permissions: { organization_self_hosted_runners: 'write' },
      },
    })
    const app = await call('PUT', ORG, { token: 'ghs_runners_only', body: { enabled_repositories: 'none' } })
    expect(app.status).toBe(403)
    expect(app.headers.get('x-accepted-github-permissions')).toBe('organization_administration=write')
    expect(s.selfHostedRunnersSettings('org:octo-fleet')).toMatchObject({ enabled_repositories: 'all' })
  })

  it('enterprise: admin:enterprise (manage_runners:enterprise is not enough)', async () => {
    const { sim: s, call } = await sim()
    s.addToken('ghp_runners', { kind: 'classic', scopes: ['manage_runners:enterprise'] })
    s.addToken('ghp_admin', { kind: 'classic', scopes: ['admin:enterprise'] })
    const refused = await call('GET', ENTERPRISE, { token: 'ghp_runners' })
    expect(refused.status).toBe(403)
    expect(refused.headers.get('x-accepted-oauth-scopes')).toBe('admin:enterprise')
    expect((await call('GET', ENTERPRISE, { token: 'ghp_admin' })).status).toBe(200)
    // the runners themselves still take manage_runners:enterprise
    expect(
      (await call('GET', '/enterprises/octo-corp/actions/runners', { token: 'ghp_runners' })).status,
    ).toBe(200)
  })

  it('seeding refuses what cannot be', async () => {
    const { sim: s } = await sim()
    const foreign = s.addRepo('other-org/web')
    expect(() =>
      s.setSelfHostedRunnersSettings('org:octo-fleet', { selected_repository_ids: [foreign.id] }),
    ).toThrow(/not in octo-fleet/)
    expect(() =>
      s.setSelfHostedRunnersSettings('org:octo-fleet', { disable_self_hosted_runners_for_all_orgs: true }),
    ).toThrow()
    expect(() =>
      s.setSelfHostedRunnersSettings('enterprise:octo-corp', { enabled_repositories: 'none' }),
    ).toThrow()
    expect(() => s.selfHostedRunnersSettings('repo:octo-fleet/app')).toThrow()
  })
})
