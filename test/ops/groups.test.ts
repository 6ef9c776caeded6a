import { describe, expect, it } from 'vitest'
import { useSimulator } from '../support/sim.js'

const t = useSimulator()

const SCOPES = [
  { scope: 'organization', owner: 'org:octo-fleet', inputs: { organization: 'octo-fleet' } },
  { scope: 'enterprise', owner: 'enterprise:octo-corp', inputs: { enterprise: 'octo-corp' } },
] as const

type Group = {
  id: number
  name: string
  visibility: string
  default: boolean
  allows_public_repositories: boolean
}

describe.each(SCOPES)('runner groups at $scope scope', ({ owner, inputs }) => {
  it('lists, gets (by id and by name), creates, updates and deletes', async () => {
    const list = await t.run({ ...inputs, operation: 'list-runner-groups' })
    expect((list.outputs['runner-groups'] as Group[]).map((g) => g.name)).toEqual(['Default'])

    const created = await t.run({
      ...inputs,
      operation: 'create-runner-group',
      'runner-group-name': 'gpu',
      visibility: 'all',
    })
    const id = created.outputs['runner-group-id'] as string
    expect((created.outputs['runner-group'] as Group).name).toBe('gpu')
    expect(t.sim.runnerGroups(owner).map((g) => g.name)).toContain('gpu')

    const byName = await t.run({ ...inputs, operation: 'get-runner-group', 'runner-group': 'GPU' })
    expect(byName.outputs['runner-group-id']).toBe(id)
    const byId = await t.run({ ...inputs, operation: 'get-runner-group', 'runner-group': id })
    expect((byId.outputs['runner-group'] as Group).name).toBe('gpu')

    const updated = await t.run({
      ...inputs,
      operation: 'update-runner-group',
      'runner-group': 'gpu',
      'runner-group-name': 'gpu-fleet',
      'allows-public-repositories': 'true',
    })
    expect(updated.outputs['runner-group']).toMatchObject({
      name: 'gpu-fleet',
      allows_public_repositories: true,
    })

    t.sim.reset()
    const onlyFlag = await t.run({
      ...inputs,
      operation: 'update-runner-group',
      'runner-group': id,
      'restricted-to-workflows': 'false',
    })
    expect((onlyFlag.outputs['runner-group'] as Group).name).toBe('gpu-fleet')
    const patch = t.sim.requests.find((q) => q.method === 'PATCH')!
    expect(patch.body).toEqual({ name: 'gpu-fleet', restricted_to_workflows: false })

    const deleted = await t.run({ ...inputs, operation: 'delete-runner-group', 'runner-group': 'gpu-fleet' })
    expect(deleted.outputs['runner-group-id']).toBe(id)
    expect(t.sim.runnerGroups(owner).map((g) => g.name)).toEqual(['Default'])
  })

  it('moves runners in and out of a group, by id and by name', async () => {
    const a = t.sim.addRunner(owner, { name: 'a' })
    const b = t.sim.addRunner(owner, { name: 'b' })
    const c = t.sim.addRunner(owner, { name: 'c' })
    const g = t.sim.addRunnerGroup(owner, { name: 'builders' })
    const set = await t.run({
      ...inputs,
      operation: 'set-runner-group-runners',
      'runner-group': 'builders',
      runners: `${a.id}, b`,
    })
    expect((set.outputs.runners as { name: string }[]).map((r) => r.name).sort()).toEqual(['a', 'b'])
    expect(set.outputs.count).toBe('2')
    const added = await t.run({
      ...inputs,
      operation: 'add-runner-group-runner',
      'runner-group': String(g.id),
      'runner-name': 'c',
    })
    expect(added.outputs.count).toBe('3')
    expect(t.sim.runner(c.id)!.runner_group_id).toBe(g.id)
    const removed = await t.run({
      ...inputs,
      operation: 'remove-runner-group-runner',
      'runner-group': 'builders',
      runners: 'a,b',
    })
    expect((removed.outputs.runners as { name: string }[]).map((r) => r.name)).toEqual(['c'])
    expect(t.sim.runner(b.id)!.runner_group_id).toBe(1)
    const listed = await t.run({
      ...inputs,
      operation: 'list-runner-group-runners',
      'runner-group': 'builders',
    })
    expect(listed.outputs.count).toBe('1')
  })

  it('refuses to delete the default group, and reports unknown groups with the known ones', async () => {
    await expect(
      t.run({ ...inputs, operation: 'delete-runner-group', 'runner-group': 'Default' }),
    ).rejects.toThrow(/default group/)
    await expect(t.run({ ...inputs, operation: 'get-runner-group', 'runner-group': 'nope' })).rejects.toThrow(
      /No runner group named 'nope' in .*; it has: Default \(1\)\. Check the runner-group input/,
    )
    await expect(t.run({ ...inputs, operation: 'get-runner-group', 'runner-group': '9999' })).rejects.toThrow(
      /No runner group with id 9999/,
    )
    expect(t.sim.requests.some((q) => q.method === 'DELETE')).toBe(false)
  })

  it('says so when a group name is taken', async () => {
    t.sim.addRunnerGroup(owner, { name: 'dup' })
    await expect(
      t.run({ ...inputs, operation: 'create-runner-group', 'runner-group-name': 'dup' }),
    ).rejects.toThrow(/A runner group named 'dup' already exists/)
  })

  it('input checks come before any request', async () => {
    const cases: Record<string, string>[] = [
      { operation: 'get-runner-group' },
      { operation: 'create-runner-group' },
      { operation: 'update-runner-group', 'runner-group': 'x' },
      { operation: 'set-runner-group-runners', 'runner-group': 'x' },
      { operation: 'add-runner-group-runner', 'runner-group': 'x' },
      { operation: 'set-runner-group-access', 'runner-group': 'x' },
      { operation: 'create-runner-group', 'runner-group-name': 'x', visibility: 'sometimes' },
    ]
    for (const c of cases)
      await expect(t.run({ ...inputs, ...c }), JSON.stringify(c)).rejects.toThrow(/^Input '/)
    expect(t.sim.requests).toEqual([])
  })
})

describe('a change to several runners of a group', () => {
  it('goes on past one that fails, reports it and fails the step, never silently half done', async () => {
    const g = t.sim.addRunnerGroup('org:octo-fleet', { name: 'pool' })
    const [a, b, c] = ['r-1', 'r-2', 'r-3'].map((name) => t.sim.addRunner('org:octo-fleet', { name }))
    t.sim.inject({
      method: 'PUT',
      path: `/orgs/octo-fleet/actions/runner-groups/${g.id}/runners/${b!.id}`,
      status: 422,
    })
    const r = await t.run({
      organization: 'octo-fleet',
      operation: 'add-runner-group-runner',
      'runner-group': 'pool',
      runners: 'r-1,r-2,r-3',
    })
    expect((r.outputs.runners as { id: number }[]).map((x) => x.id).sort()).toEqual([a!.id, c!.id].sort())
    expect(r.outputs.failed).toEqual([
      { item: `r-2 (id ${b!.id})`, error: expect.stringMatching(/422/) as string },
    ])
    expect(r.failure).toMatch(
      /1 of 3 changes failed \(r-2 \(id \d+\)\); r-1 \(id \d+\), r-3 \(id \d+\) were changed/,
    )
  })
})

describe('runner group access', () => {
  it('an organization group is shared with repositories given by name, owner/name or id', async () => {
    const api = t.sim.addRepo('octo-fleet/api')
    t.sim.addRepo('octo-fleet/web')
    const org = { organization: 'octo-fleet' }
    const created = await t.run({
      ...org,
      operation: 'create-runner-group',
      'runner-group-name': 'deploy',
      repositories: 'octo-fleet/web',
      'restricted-to-workflows': 'true',
      'selected-workflows': 'octo-fleet/web/.github/workflows/deploy.yml@main',
    })
    expect(created.outputs['runner-group']).toMatchObject({
      visibility: 'selected',
      restricted_to_workflows: true,
    })
    const added = await t.run({
      ...org,
      operation: 'add-runner-group-access',
      'runner-group': 'deploy',
      repositories: `app, ${api.id}`,
    })
    expect((added.outputs.repositories as { full_name: string }[]).map((r) => r.full_name).sort()).toEqual([
      'octo-fleet/api',
      'octo-fleet/app',
      'octo-fleet/web',
    ])
    const removed = await t.run({
      ...org,
      operation: 'remove-runner-group-access',
      'runner-group': 'deploy',
      repositories: 'web',
    })
    expect((removed.outputs.repositories as { name: string }[]).map((r) => r.name).sort()).toEqual([
      'api',
      'app',
    ])
    const set = await t.run({
      ...org,
      operation: 'set-runner-group-access',
      'runner-group': 'deploy',
      repositories: 'web',
    })
    expect((set.outputs.repositories as { name: string }[]).map((r) => r.name)).toEqual(['web'])
    const listed = await t.run({ ...org, operation: 'list-runner-group-access', 'runner-group': 'deploy' })
    expect(listed.outputs.repositories).toEqual(set.outputs.repositories)
  })

  it('an enterprise group is shared with organizations given by login or id', async () => {
    const other = t.sim.addOrg('octo-labs', { enterprise: 'octo-corp' })
    const ent = { enterprise: 'octo-corp' }
    await t.run({
      ...ent,
      operation: 'create-runner-group',
      'runner-group-name': 'shared',
      organizations: 'octo-fleet',
    })
    const added = await t.run({
      ...ent,
      operation: 'add-runner-group-access',
      'runner-group': 'shared',
      organizations: String(other.id),
    })
    expect((added.outputs.organizations as { login: string }[]).map((o) => o.login).sort()).toEqual([
      'octo-fleet',
      'octo-labs',
    ])
    const removed = await t.run({
      ...ent,
      operation: 'remove-runner-group-access',
      'runner-group': 'shared',
      organizations: 'octo-fleet',
    })
    expect(removed.outputs.organizations).toEqual([{ id: other.id, login: 'octo-labs' }])
  })

  it('repositories belong to organization groups and organizations to enterprise groups', async () => {
    await expect(
      t.run({
        enterprise: 'octo-corp',
        operation: 'add-runner-group-access',
        'runner-group': 'x',
        repositories: 'a',
      }),
    ).rejects.toThrow(/Input 'repositories'/)
    await expect(
      t.run({
        organization: 'octo-fleet',
        operation: 'add-runner-group-access',
        'runner-group': 'x',
        organizations: 'a',
      }),
    ).rejects.toThrow(/Input 'organizations'/)
    await expect(
      t.run({
        organization: 'octo-fleet',
        operation: 'add-runner-group-access',
        'runner-group': 'x',
        repositories: 'other-org/a',
      }),
    ).rejects.toThrow(/not a repository of organization octo-fleet/)
  })

  it('a repository has no runner groups: the error names the scopes that have them, before any request', async () => {
    await expect(t.run({ repository: 'octo-fleet/app', operation: 'list-runner-groups' })).rejects.toThrow(
      /Input 'repository': operation list-runner-groups is not available for a repository; it works at: organization, enterprise/,
    )
    await expect(
      t.run({ enterprise: 'octo-corp', operation: 'list-runner-group-hosted-runners', 'runner-group': '1' }),
    ).rejects.toThrow(/works at: organization$/)
    expect(t.sim.requests).toEqual([])
  })
})

describe('hosted runners in a group', () => {
  it('lists the hosted runners of an organization group', async () => {
    const list = await t.run({
      organization: 'octo-fleet',
      operation: 'list-runner-group-hosted-runners',
      'runner-group': 'Default',
    })
    expect(list.outputs.count).toBe(String((list.outputs['hosted-runners'] as unknown[]).length))
  })
})

describe('list-runner-groups filters', () => {
  const names = (r: { outputs: Record<string, unknown> }) =>
    (r.outputs['runner-groups'] as Group[]).map((g) => g.name).sort()

  it('visible-to-repository: the groups a repository of the organization may use', async () => {
    const api = t.sim.addRepo('octo-fleet/api')
    t.sim.addRunnerGroup('org:octo-fleet', {
      name: 'for-api',
      visibility: 'selected',
      selected_repository_ids: [api.id],
    })
    t.sim.addRunnerGroup('org:octo-fleet', { name: 'everyone', visibility: 'all' })
    const org = { organization: 'octo-fleet', operation: 'list-runner-groups' }
    expect(names(await t.run({ ...org, 'visible-to-repository': 'api' }))).toEqual([
      'Default',
      'everyone',
      'for-api',
    ])
    expect(names(await t.run({ ...org, 'visible-to-repository': 'octo-fleet/app' }))).toEqual([
      'Default',
      'everyone',
    ])
    expect(t.sim.requests.map((q) => q.query.visible_to_repository)).toEqual(['api', 'app'])
    await expect(t.run({ ...org, 'visible-to-repository': 'nope' })).rejects.toThrow(
      /No repository 'nope' in organization octo-fleet, or the token cannot see it .*visible-to-repository/,
    )
  })

  it('visible-to-organization: the groups an organization of the enterprise may use', async () => {
    const other = t.sim.addOrg('octo-labs', { enterprise: 'octo-corp' })
    t.sim.addRunnerGroup('enterprise:octo-corp', {
      name: 'labs-only',
      visibility: 'selected',
      selected_organization_ids: [other.id],
    })
    const ent = { enterprise: 'octo-corp', operation: 'list-runner-groups' }
    expect(names(await t.run({ ...ent, 'visible-to-organization': 'octo-labs' }))).toEqual([
      'Default',
      'labs-only',
    ])
    expect(names(await t.run({ ...ent, 'visible-to-organization': 'octo-fleet' }))).toEqual(['Default'])
  })

  it.each([
    [
      { organization: 'octo-fleet', 'visible-to-organization': 'x' },
      /Input 'visible-to-organization': filters an enterprise's groups/,
    ],
    [
      { enterprise: 'octo-corp', 'visible-to-repository': 'x' },
      /Input 'visible-to-repository': filters an organization's groups/,
    ],
    [
      { organization: 'octo-fleet', 'visible-to-repository': 'other/app' },
      /Input 'visible-to-repository': 'other\/app' is not a repository of organization octo-fleet/,
    ],
    [{ enterprise: 'octo-corp', 'visible-to-organization': 'bad login!' }, /is not an organization login/],
  ])('refuses %o before any request', async (inputs, error) => {
    await expect(t.run({ ...inputs, operation: 'list-runner-groups' })).rejects.toThrow(error)
    expect(t.sim.requests).toEqual([])
  })
})

describe('update-runner-group: none clears', () => {
  it('selected-workflows: none empties the list; on create it is the same as not set', async () => {
    const org = { organization: 'octo-fleet' }
    const created = await t.run({
      ...org,
      operation: 'create-runner-group',
      'runner-group-name': 'deploy',
      'restricted-to-workflows': 'true',
      'selected-workflows': 'none',
    })
    expect(t.sim.requests.find((q) => q.method === 'POST')!.body).toEqual({
      name: 'deploy',
      restricted_to_workflows: true,
    })
    t.sim.reset()
    await t.run({
      ...org,
      operation: 'update-runner-group',
      'runner-group': created.outputs['runner-group-id'] as string,
      'selected-workflows': 'octo-fleet/app/.github/workflows/deploy.yml@refs/heads/main',
    })
    expect(
      t.sim.runnerGroups('org:octo-fleet').find((g) => g.name === 'deploy')!.selected_workflows,
    ).toHaveLength(1)
    const cleared = await t.run({
      ...org,
      operation: 'update-runner-group',
      'runner-group': 'deploy',
      'selected-workflows': 'None',
    })
    expect(cleared.outputs['runner-group']).toMatchObject({ selected_workflows: [] })
    expect(t.sim.requests.filter((q) => q.method === 'PATCH').at(-1)!.body).toEqual({
      name: 'deploy',
      selected_workflows: [],
    })
  })
})
