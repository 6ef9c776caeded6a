import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../sim/index.js'
import { client } from './client.js'

let sim: Simulator
let call: ReturnType<typeof client>
let appId: number
let webId: number
let otherOrgId: number

beforeAll(async () => {
  sim = await startSimulator()
  call = client(sim)
  sim.addOrg('octo-fleet', { enterprise: 'octo-corp' })
  otherOrgId = sim.addOrg('octo-labs', { enterprise: 'octo-corp' }).id
  appId = sim.addRepo('octo-fleet/app').id
  webId = sim.addRepo('octo-fleet/web').id
})
afterAll(() => sim.close())
afterEach(() => {
  expect(sim.violations).toEqual([])
  sim.reset()
})

const names = (body: Record<string, unknown>, key: string) =>
  (body[key] as { name: string }[]).map((x) => x.name)

describe('organization runner groups', () => {
  it('starts with the Default group, id 1', async () => {
    const res = await call('GET', '/orgs/octo-labs/actions/runner-groups')
    expect(res.json).toMatchObject({
      total_count: 1,
      runner_groups: [{ id: 1, name: 'Default', default: true, visibility: 'all' }],
    })
  })

  it('creates, reads, updates and deletes a group; runners fall back to Default', async () => {
    const r1 = sim.addRunner('org:octo-fleet', { name: 'g-r1' })
    const created = await call('POST', '/orgs/octo-fleet/actions/runner-groups', {
      body: { name: 'gpu-fleet', visibility: 'selected', selected_repository_ids: [appId], runners: [r1.id] },
    })
    expect(created.status).toBe(201)
    const id = Number(created.json.id)
    expect(id).toBeGreaterThan(1)
    expect(created.json).toMatchObject({
      name: 'gpu-fleet',
      visibility: 'selected',
      default: false,
      inherited: false,
    })
    expect(created.json.selected_repositories_url).toBe(
      `${sim.url}/orgs/octo-fleet/actions/runner-groups/${id}/repositories`,
    )
    expect(sim.runner(r1.id)?.runner_group_id).toBe(id)

    const got = await call('GET', `/orgs/octo-fleet/actions/runner-groups/${id}`)
    expect(got.json.name).toBe('gpu-fleet')

    const patched = await call('PATCH', `/orgs/octo-fleet/actions/runner-groups/${id}`, {
      body: {
        name: 'gpu-fleet-2',
        visibility: 'all',
        restricted_to_workflows: true,
        selected_workflows: ['o/r/.github/workflows/x.yml@main'],
      },
    })
    expect(patched.status).toBe(200)
    expect(patched.json).toMatchObject({
      name: 'gpu-fleet-2',
      visibility: 'all',
      restricted_to_workflows: true,
    })
    expect(patched.json.selected_repositories_url).toBeUndefined()

    expect((await call('DELETE', `/orgs/octo-fleet/actions/runner-groups/${id}`)).status).toBe(204)
    expect(sim.runner(r1.id)?.runner_group_id).toBe(1)
    expect((await call('GET', `/orgs/octo-fleet/actions/runner-groups/${id}`)).status).toBe(404)
  })

  it('refuses a duplicate name, an unknown repository, and deleting Default', async () => {
    sim.addRunnerGroup('org:octo-fleet', { name: 'dup' })
    expect(
      (await call('POST', '/orgs/octo-fleet/actions/runner-groups', { body: { name: 'DUP' } })).status,
    ).toBe(422)
    const badRepo = await call('POST', '/orgs/octo-fleet/actions/runner-groups', {
      body: { name: 'x', selected_repository_ids: [1] },
    })
    expect(badRepo.status).toBe(422)
    expect(sim.runnerGroups('org:octo-fleet').some((g) => g.name === 'x')).toBe(false)
    expect((await call('DELETE', '/orgs/octo-fleet/actions/runner-groups/1')).status).toBe(422)
  })

  it('requires a name on PATCH (organization schema) and records the violation', async () => {
    const g = sim.addRunnerGroup('org:octo-fleet', { name: 'needs-name' })
    const res = await call('PATCH', `/orgs/octo-fleet/actions/runner-groups/${g.id}`, {
      body: { visibility: 'private' },
    })
    expect(res.status).toBe(422)
    expect(sim.violations).toEqual([
      `PATCH /orgs/octo-fleet/actions/runner-groups/${g.id}: body 'name' is required`,
    ])
    sim.violations.length = 0
  })

  it('moves runners in and out of a group', async () => {
    const g = sim.addRunnerGroup('org:octo-fleet', { name: 'movers' })
    const a = sim.addRunner('org:octo-fleet', { name: 'm-a' })
    const b = sim.addRunner('org:octo-fleet', { name: 'm-b' })
    const c = sim.addRunner('org:octo-fleet', { name: 'm-c' })
    const base = `/orgs/octo-fleet/actions/runner-groups/${g.id}/runners`

    expect((await call('PUT', base, { body: { runners: [a.id, b.id] } })).status).toBe(204)
    expect(names((await call('GET', base)).json, 'runners')).toEqual(['m-a', 'm-b'])

    expect((await call('PUT', base, { body: { runners: [c.id] } })).status).toBe(204)
    expect([a, b, c].map((r) => r.runner_group_id)).toEqual([1, 1, g.id])

    expect((await call('PUT', `${base}/${a.id}`)).status).toBe(204)
    expect((await call('DELETE', `${base}/${c.id}`)).status).toBe(204)
    expect(names((await call('GET', base)).json, 'runners')).toEqual(['m-a'])
    expect((await call('DELETE', `${base}/${c.id}`)).status).toBe(404)
    expect((await call('PUT', `${base}/987654`)).status).toBe(404)
    expect((await call('PUT', base, { body: { runners: [987654] } })).status).toBe(422)
  })

  it('manages repository access and filters by visible_to_repository', async () => {
    const g = sim.addRunnerGroup('org:octo-fleet', { name: 'selected-only', visibility: 'selected' })
    const base = `/orgs/octo-fleet/actions/runner-groups/${g.id}/repositories`
    expect((await call('PUT', base, { body: { selected_repository_ids: [appId] } })).status).toBe(204)
    expect((await call('PUT', `${base}/${webId}`)).status).toBe(204)
    const list = await call('GET', base)
    expect(list.json.total_count).toBe(2)
    expect((list.json.repositories as { full_name: string }[]).map((r) => r.full_name)).toEqual([
      'octo-fleet/app',
      'octo-fleet/web',
    ])

    expect((await call('DELETE', `${base}/${appId}`)).status).toBe(204)
    const visibleToApp = await call('GET', '/orgs/octo-fleet/actions/runner-groups?visible_to_repository=app')
    expect(names(visibleToApp.json, 'runner_groups')).not.toContain('selected-only')
    const visibleToWeb = await call('GET', '/orgs/octo-fleet/actions/runner-groups?visible_to_repository=web')
    expect(names(visibleToWeb.json, 'runner_groups')).toContain('selected-only')
    expect((await call('PUT', `${base}/999`)).status).toBe(404)
  })
})

describe('enterprise runner groups', () => {
  it('creates groups with organization access', async () => {
    const created = await call('POST', '/enterprises/octo-corp/actions/runner-groups', {
      body: { name: 'ent-gpu', visibility: 'selected', selected_organization_ids: [otherOrgId] },
    })
    expect(created.status).toBe(201)
    expect(created.json.selected_organizations_url).toMatch(
      /\/enterprises\/octo-corp\/actions\/runner-groups\/\d+\/organizations$/,
    )
    expect(created.json.inherited).toBeUndefined()
    const id = Number(created.json.id)
    const orgs = await call('GET', `/enterprises/octo-corp/actions/runner-groups/${id}/organizations`)
    expect((orgs.json.organizations as { login: string }[]).map((o) => o.login)).toEqual(['octo-labs'])

    const visible = await call(
      'GET',
      '/enterprises/octo-corp/actions/runner-groups?visible_to_organization=octo-fleet',
    )
    expect(names(visible.json, 'runner_groups')).toEqual(['Default'])

    const org = sim.addOrg('octo-fleet')
    expect(
      (await call('PUT', `/enterprises/octo-corp/actions/runner-groups/${id}/organizations/${org.id}`))
        .status,
    ).toBe(204)
    expect(
      (await call('DELETE', `/enterprises/octo-corp/actions/runner-groups/${id}/organizations/${otherOrgId}`))
        .status,
    ).toBe(204)
    const after = await call('GET', `/enterprises/octo-corp/actions/runner-groups/${id}/organizations`)
    expect((after.json.organizations as { login: string }[]).map((o) => o.login)).toEqual(['octo-fleet'])

    // enterprise PATCH takes no required name; 'private' is not an enterprise visibility
    expect(
      (
        await call('PATCH', `/enterprises/octo-corp/actions/runner-groups/${id}`, {
          body: { visibility: 'all' },
        })
      ).status,
    ).toBe(200)
    expect(
      (
        await call('PUT', `/enterprises/octo-corp/actions/runner-groups/${id}/organizations`, {
          body: { selected_organization_ids: [] },
        })
      ).status,
    ).toBe(204)
  })

  it('uses group ids unique across the simulator', () => {
    const a = sim.addRunnerGroup('org:octo-fleet', { name: 'uniq-a' })
    const b = sim.addRunnerGroup('enterprise:octo-corp', { name: 'uniq-b' })
    expect(a.id).not.toBe(b.id)
  })
})
