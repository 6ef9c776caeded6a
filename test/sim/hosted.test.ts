import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../sim/index.js'
import { client } from './client.js'

let sim: Simulator
let call: ReturnType<typeof client>

beforeAll(async () => {
  sim = await startSimulator()
  call = client(sim)
  sim.addOrg('octo-fleet', { enterprise: 'octo-corp' })
})
afterAll(() => sim.close())
afterEach(() => {
  expect(sim.violations).toEqual([])
  sim.reset()
})

const create = (name: string, extra: Record<string, unknown> = {}) =>
  call('POST', '/orgs/octo-fleet/actions/hosted-runners', {
    body: {
      name,
      image: { id: 'ubuntu-24.04', source: 'github' },
      size: '4-core',
      runner_group_id: 1,
      ...extra,
    },
  })

describe('GitHub-hosted runners', () => {
  it('creates (201, provisioning), gets, lists, updates and deletes (202)', async () => {
    const created = await create('linux-4core', { maximum_runners: 20, enable_static_ip: true })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({
      name: 'linux-4core',
      status: 'Provisioning',
      platform: 'linux-x64',
      maximum_runners: 20,
      public_ip_enabled: true,
      image_details: { id: 'ubuntu-24.04', source: 'github', size_gb: 86 },
      machine_size_details: { id: '4-core', cpu_cores: 4, memory_gb: 16, storage_gb: 150 },
    })
    expect(created.json.public_ips).toHaveLength(1)
    const id = Number(created.json.id)

    expect((await call('GET', `/orgs/octo-fleet/actions/hosted-runners/${id}`)).json.status).toBe('Ready')
    const list = await call('GET', '/orgs/octo-fleet/actions/hosted-runners')
    expect(list.json.total_count).toBe(1)

    const limits = await call('GET', '/orgs/octo-fleet/actions/hosted-runners/limits')
    expect(limits.json).toEqual({ public_ips: { maximum: 50, current_usage: 1 } })

    const g = sim.addRunnerGroup('org:octo-fleet', { name: 'larger' })
    const patched = await call('PATCH', `/orgs/octo-fleet/actions/hosted-runners/${id}`, {
      body: {
        size: '8-core',
        runner_group_id: g.id,
        image_id: 'ubuntu-24.04-arm64',
        enable_static_ip: false,
      },
    })
    expect(patched.status).toBe(200)
    expect(patched.json).toMatchObject({
      runner_group_id: g.id,
      platform: 'linux-arm64',
      public_ip_enabled: false,
      public_ips: [],
    })
    const inGroup = await call('GET', `/orgs/octo-fleet/actions/runner-groups/${g.id}/hosted-runners`)
    expect((inGroup.json.runners as { id: number }[]).map((r) => r.id)).toEqual([id])

    const deleted = await call('DELETE', `/orgs/octo-fleet/actions/hosted-runners/${id}`)
    expect(deleted.status).toBe(202)
    expect(deleted.json.status).toBe('Deleting')
    expect((await call('GET', `/orgs/octo-fleet/actions/hosted-runners/${id}`)).status).toBe(404)
  })

  it.each([
    ['a bad name', { name: 'has space' }],
    ['a long name', { name: 'x'.repeat(65) }],
    ['an unknown image', { image: { id: 'ubuntu-18.04', source: 'github' } }],
    ['a GitHub image as partner', { image: { id: 'ubuntu-24.04', source: 'partner' } }],
    ['an unknown size', { size: '3-core' }],
    ['an unknown group', { runner_group_id: 9999 }],
  ] as [string, Record<string, unknown>][])('422s %s', async (_, extra) => {
    const res = await create('x', extra)
    expect(res.status).toBe(422)
    expect(res.json.message).toBe('Validation Failed')
    expect(sim.hostedRunners('org:octo-fleet').some((h) => h.name === 'x' || h.name === extra.name)).toBe(
      false,
    )
  })

  it('422s a duplicate name and records a schema violation for a missing size', async () => {
    expect((await create('dup')).status).toBe(201)
    expect((await create('DUP')).status).toBe(422)
    const res = await call('POST', '/enterprises/octo-corp/actions/hosted-runners', {
      body: { name: 'ent', image: { id: 'ubuntu-24.04', source: 'github' }, runner_group_id: 1 },
    })
    expect(res.status).toBe(422)
    expect(sim.violations).toEqual([
      "POST /enterprises/octo-corp/actions/hosted-runners: body 'size' is required",
    ])
    sim.violations.length = 0
  })

  it('serves the image, size and platform catalogs', async () => {
    const github = await call('GET', '/orgs/octo-fleet/actions/hosted-runners/images/github-owned')
    expect((github.json.images as { id: string }[]).map((i) => i.id)).toContain('ubuntu-24.04')
    const partner = await call('GET', '/enterprises/octo-corp/actions/hosted-runners/images/partner')
    expect(partner.json.total_count).toBeGreaterThan(0)
    const sizes = await call('GET', '/orgs/octo-fleet/actions/hosted-runners/machine-sizes')
    expect((sizes.json.machine_specs as { id: string }[]).map((s) => s.id)).toContain('4-core')
    const platforms = await call('GET', '/orgs/octo-fleet/actions/hosted-runners/platforms')
    expect(platforms.json.platforms).toContain('linux-x64')
  })
})

describe('custom images', () => {
  it('lists, gets and deletes images and versions, and runs a pool on one', async () => {
    const img = sim.addCustomImage('org:octo-fleet', {
      name: 'node-toolchain',
      versions: [
        {
          version: '1.0.0',
          state: 'Ready',
          size_gb: 70,
          created_on: '2025-06-01T10:00:00Z',
          state_details: 'None',
        },
        {
          version: '1.2.0',
          state: 'Ready',
          size_gb: 75,
          created_on: '2025-07-01T10:00:00Z',
          state_details: 'None',
        },
      ],
    })
    const base = `/orgs/octo-fleet/actions/hosted-runners/images/custom`
    const list = await call('GET', base)
    expect(list.json).toMatchObject({
      total_count: 1,
      images: [
        {
          id: img.id,
          name: 'node-toolchain',
          versions_count: 2,
          latest_version: '1.2.0',
          total_versions_size: 145,
          source: 'custom',
        },
      ],
    })
    const versions = await call('GET', `${base}/${img.id}/versions`)
    expect((versions.json.image_versions as { version: string }[]).map((v) => v.version)).toEqual([
      '1.2.0',
      '1.0.0',
    ])
    expect((await call('GET', `${base}/${img.id}/versions/1.0.0`)).json.size_gb).toBe(70)

    const pool = await create('custom-pool', {
      image: { id: String(img.id), source: 'custom', version: '1.0.0' },
    })
    expect(pool.status).toBe(201)
    expect(pool.json.image_details).toEqual({
      id: String(img.id),
      size_gb: 70,
      display_name: 'node-toolchain',
      source: 'custom',
      version: '1.0.0',
    })

    expect((await call('DELETE', `${base}/${img.id}/versions/1.0.0`)).status).toBe(204)
    expect((await call('GET', `${base}/${img.id}/versions/1.0.0`)).status).toBe(404)
    expect((await call('DELETE', `${base}/${img.id}`)).status).toBe(204)
    expect((await call('GET', `${base}/${img.id}`)).status).toBe(404)
    // a pool whose image is gone reports null image details, as the schema allows
    expect(
      (await call('GET', `/orgs/octo-fleet/actions/hosted-runners/${String(pool.json.id)}`)).json
        .image_details,
    ).toBeNull()
  })

  it('422s a path version that is not x.y.z', async () => {
    const img = sim.addCustomImage('enterprise:octo-corp', { name: 'e' })
    const res = await call(
      'GET',
      `/enterprises/octo-corp/actions/hosted-runners/images/custom/${img.id}/versions/latest`,
    )
    expect(res.status).toBe(422)
    expect(sim.violations).toHaveLength(1)
    sim.violations.length = 0
  })
})
