import { describe, expect, it } from 'vitest'
import { SCOPES, useSimulator } from '../support/sim.js'

const t = useSimulator()
const org = { organization: 'octo-fleet' }
const enterprise = { enterprise: 'octo-corp' }

describe.each(SCOPES)('get-runner-version-deprecation at $scope scope', ({ inputs }) => {
  it('gives both dates, and empty outputs when none is set', async () => {
    t.sim.setRunnerVersionDeprecation('2.300.0', {
      registration_deprecates_at: '2026-08-01T00:00:00Z',
      runtime_deprecates_at: '2026-09-01T00:00:00Z',
    })
    const old = await t.run({
      ...inputs,
      operation: 'get-runner-version-deprecation',
      'runner-version': '2.300.0',
    })
    expect(old.outputs).toMatchObject({
      'runner-version': '2.300.0',
      'registration-deprecates-at': '2026-08-01T00:00:00Z',
      'runtime-deprecates-at': '2026-09-01T00:00:00Z',
    })
    t.sim.setRunnerVersionDeprecation('2.330.0', null)
    const fresh = await t.run({
      ...inputs,
      operation: 'get-runner-version-deprecation',
      'runner-version': 'v2.330.0',
    })
    expect(fresh.outputs).toMatchObject({
      'runner-version': '2.330.0',
      'registration-deprecates-at': '',
      'runtime-deprecates-at': '',
    })
    expect(fresh.result).toEqual({
      runner_version: '2.330.0',
      registration_deprecates_at: null,
      runtime_deprecates_at: null,
    })
    expect(fresh.summary?.text?.[0]).toMatch(/no end-of-life dates/)
  })
})

describe('get-runner-version-deprecation input and errors', () => {
  it.each(['', '2.330', 'latest', '2.330.0-beta', '2.330.0/../x'])(
    "refuses runner-version '%s' before any request",
    async (version) => {
      await expect(
        t.run({ ...org, operation: 'get-runner-version-deprecation', 'runner-version': version }),
      ).rejects.toThrow(/Input 'runner-version'/)
      expect(t.sim.requests).toEqual([])
    },
  )

  it('explains a 404', async () => {
    t.sim.inject({ status: 404, body: { message: 'Not Found' }, path: /deprecations/ })
    await expect(
      t.run({ ...org, operation: 'get-runner-version-deprecation', 'runner-version': '2.1.0' }),
    ).rejects.toThrow(
      /no end-of-life schedule for runner version 2.1.0 in organization octo-fleet \(404\).*or the token cannot see the organization/,
    )
  })
})

describe('self-hosted runner settings of an organization', () => {
  it('gets and sets the policy; repositories come with selected only', async () => {
    const other = t.sim.addRepo('octo-fleet/api')
    const got = await t.run({ ...org, operation: 'get-self-hosted-runners-settings' })
    expect(got.outputs).toEqual({ 'enabled-repositories': 'all' })
    expect(got.result).toEqual({ enabled_repositories: 'all' })

    const set = await t.run({
      ...org,
      operation: 'set-self-hosted-runners-settings',
      'enabled-repositories': 'selected',
      repositories: `app, ${other.id}`,
    })
    expect(set.outputs['enabled-repositories']).toBe('selected')
    expect((set.outputs.repositories as { full_name: string }[]).map((r) => r.full_name).sort()).toEqual([
      'octo-fleet/api',
      'octo-fleet/app',
    ])
    expect(t.sim.selfHostedRunnersSettings('org:octo-fleet')).toMatchObject({
      enabled_repositories: 'selected',
    })

    const removed = await t.run({
      ...org,
      operation: 'remove-self-hosted-runners-repositories',
      repositories: 'octo-fleet/api',
    })
    expect((removed.outputs.repositories as { name: string }[]).map((r) => r.name)).toEqual(['app'])
    const added = await t.run({
      ...org,
      operation: 'add-self-hosted-runners-repositories',
      repositories: 'api',
    })
    expect(added.outputs.repositories).toHaveLength(2)

    const none = await t.run({
      ...org,
      operation: 'set-self-hosted-runners-settings',
      'enabled-repositories': 'none',
    })
    expect(none.outputs).toEqual({ 'enabled-repositories': 'none' })
  })

  it("an unset repositories never empties the allow-list; 'none' is the explicit empty list", async () => {
    const app = t.sim.addRepo('octo-fleet/tools')
    t.sim.setSelfHostedRunnersSettings('org:octo-fleet', {
      enabled_repositories: 'selected',
      selected_repository_ids: [app.id],
    })
    const inputs = {
      ...org,
      operation: 'set-self-hosted-runners-settings',
      'enabled-repositories': 'selected',
    }
    await expect(t.run({ ...inputs, repositories: '' })).rejects.toThrow(/Input 'repositories'/)
    expect(t.sim.selfHostedRunnersSettings('org:octo-fleet')).toMatchObject({
      selected_repository_ids: [app.id],
    })
    const r = await t.run({ ...inputs, repositories: 'None' })
    expect(r.outputs['enabled-repositories']).toBe('selected')
    expect(r.outputs.repositories).toEqual([])
    expect(t.sim.selfHostedRunnersSettings('org:octo-fleet')).toEqual({
      enabled_repositories: 'selected',
      selected_repository_ids: [],
    })
    expect(r.summary?.text?.join('\n')).toMatch(/Set enabled-repositories to selected \(no repository\)/)
  })

  it('repositories alone mean selected; every name is resolved before anything changes', async () => {
    await expect(
      t.run({ ...org, operation: 'set-self-hosted-runners-settings', repositories: 'app, missing' }),
    ).rejects.toThrow(/Repository octo-fleet\/missing was not found/)
    expect(t.calls().filter((c) => !c.startsWith('GET'))).toEqual([])
    const r = await t.run({ ...org, operation: 'set-self-hosted-runners-settings', repositories: 'app' })
    expect(r.outputs['enabled-repositories']).toBe('selected')
  })

  it('adding or removing needs the selected policy, said before any change', async () => {
    await expect(
      t.run({ ...org, operation: 'add-self-hosted-runners-repositories', repositories: 'app' }),
    ).rejects.toThrow(/enabled-repositories: all.*Set enabled-repositories: selected first/)
    expect(t.calls().filter((c) => !c.startsWith('GET'))).toEqual([])
  })

  it('says when the enterprise has disabled self-hosted runners for all organizations (409)', async () => {
    t.sim.setSelfHostedRunnersSettings('enterprise:octo-corp', {
      disable_self_hosted_runners_for_all_orgs: true,
    })
    await expect(
      t.run({ ...org, operation: 'set-self-hosted-runners-settings', 'enabled-repositories': 'none' }),
    ).rejects.toThrow(/GitHub answered 409.*disable-for-all-organizations: false/)
  })

  it('a repository id of another organization is a 404 that names it', async () => {
    t.sim.setSelfHostedRunnersSettings('org:octo-fleet', { enabled_repositories: 'selected' })
    const stranger = t.sim.addRepo('someone-else/tool')
    const r = await t.run({
      ...org,
      operation: 'add-self-hosted-runners-repositories',
      repositories: String(stranger.id),
    })
    expect(r.outputs.failed).toEqual([
      {
        item: String(stranger.id),
        error: `Repository ${stranger.id} (id ${stranger.id}) is not a repository of organization octo-fleet.`,
      },
    ])
    expect(r.failure).toMatch(/1 of 1 changes failed .*nothing was changed/)
  })

  it('a partial change is reported, never silent: the others go on, the step fails naming what failed', async () => {
    t.sim.setSelfHostedRunnersSettings('org:octo-fleet', { enabled_repositories: 'selected' })
    t.sim.addRepo('octo-fleet/api')
    const stranger = t.sim.addRepo('someone-else/tool')
    const r = await t.run({
      ...org,
      operation: 'add-self-hosted-runners-repositories',
      repositories: `app, ${stranger.id}, api`,
    })
    expect((r.outputs.repositories as { name: string }[]).map((x) => x.name).sort()).toEqual(['api', 'app'])
    expect(r.failure).toMatch(/1 of 3 changes failed \(\d+\); app, api were changed/)
  })

  it('a policy change whose repository list fails is put back, and the error says so', async () => {
    t.sim.addRepo('octo-fleet/api')
    t.sim.inject({
      method: 'PUT',
      path: '/orgs/{org}/actions/permissions/self-hosted-runners/repositories',
      status: 500,
      times: 10,
    })
    await expect(
      t.run({
        ...org,
        operation: 'set-self-hosted-runners-settings',
        'enabled-repositories': 'selected',
        repositories: 'app,api',
      }),
    ).rejects.toThrow(/The repositories were not set; enabled-repositories was put back to all\./)
    expect(t.sim.selfHostedRunnersSettings('org:octo-fleet')).toMatchObject({ enabled_repositories: 'all' })
  })

  it.each([
    [
      { operation: 'set-self-hosted-runners-settings' },
      /Input 'enabled-repositories': .*needs enabled-repositories/,
    ],
    [
      { operation: 'set-self-hosted-runners-settings', 'enabled-repositories': 'some' },
      /Input 'enabled-repositories': 'some' is not one of all, selected, none/,
    ],
    [
      { operation: 'set-self-hosted-runners-settings', 'enabled-repositories': 'all', repositories: 'app' },
      /Input 'repositories': only enabled-repositories: selected takes a list/,
    ],
    [
      { operation: 'set-self-hosted-runners-settings', 'enabled-repositories': 'selected', repositories: '' },
      /Input 'repositories': enabled-repositories: selected needs repositories .*or 'none' for no repository; an empty value \(an unset variable\) never empties the list/,
    ],
    [
      {
        operation: 'set-self-hosted-runners-settings',
        'enabled-repositories': 'selected',
        repositories: ' \n ',
      },
      /Input 'repositories': enabled-repositories: selected needs repositories/,
    ],
    [
      { operation: 'set-self-hosted-runners-settings', 'enabled-repositories': 'all', repositories: 'none' },
      /Input 'repositories': only enabled-repositories: selected takes a list/,
    ],
    [
      { operation: 'set-self-hosted-runners-settings', 'disable-for-all-organizations': 'true' },
      /Input 'disable-for-all-organizations': is an enterprise setting/,
    ],
    [
      { operation: 'add-self-hosted-runners-repositories', repositories: 'other-org/app' },
      /Input 'repositories': 'other-org\/app' is not a repository of organization octo-fleet/,
    ],
    [{ operation: 'remove-self-hosted-runners-repositories' }, /Input 'repositories'/],
  ])('refuses %o before any request', async (inputs, error) => {
    await expect(t.run({ ...org, ...inputs })).rejects.toThrow(error)
    expect(t.sim.requests).toEqual([])
  })
})

describe('self-hosted runner settings of an enterprise', () => {
  it('gets and sets the switch for all organizations', async () => {
    const got = await t.run({ ...enterprise, operation: 'get-self-hosted-runners-settings' })
    expect(got.outputs).toEqual({ 'disable-for-all-organizations': 'false' })
    const set = await t.run({
      ...enterprise,
      operation: 'set-self-hosted-runners-settings',
      'disable-for-all-organizations': 'true',
    })
    expect(set.outputs).toEqual({ 'disable-for-all-organizations': 'true' })
    expect(set.result).toEqual({ disable_self_hosted_runners_for_all_orgs: true })
    expect(t.sim.selfHostedRunnersSettings('enterprise:octo-corp')).toEqual({
      disable_self_hosted_runners_for_all_orgs: true,
    })
  })

  it.each([
    [{ operation: 'set-self-hosted-runners-settings' }, /Input 'disable-for-all-organizations': .*needs/],
    [
      { operation: 'set-self-hosted-runners-settings', 'disable-for-all-organizations': 'yes' },
      /Input 'disable-for-all-organizations': 'yes' is not a boolean/,
    ],
    [
      { operation: 'set-self-hosted-runners-settings', 'enabled-repositories': 'all' },
      /Input 'enabled-repositories': is an organization setting/,
    ],
    [
      {
        operation: 'set-self-hosted-runners-settings',
        'disable-for-all-organizations': 'true',
        repositories: 'x',
      },
      /Input 'repositories': .*organization scope only/,
    ],
    [
      { operation: 'add-self-hosted-runners-repositories', repositories: 'x' },
      /not available for an enterprise; it works at: organization/,
    ],
  ])('refuses %o before any request', async (inputs, error) => {
    await expect(t.run({ ...enterprise, ...inputs })).rejects.toThrow(error)
    expect(t.sim.requests).toEqual([])
  })
})

describe('settings at repository scope', () => {
  it('fail before any request, naming the scopes', async () => {
    await expect(
      t.run({ repository: 'octo-fleet/app', operation: 'get-self-hosted-runners-settings' }),
    ).rejects.toThrow(/not available for a repository; it works at: organization, enterprise/)
    expect(t.sim.requests).toEqual([])
  })
})
