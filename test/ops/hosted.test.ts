import { describe, expect, it } from 'vitest'
import type { SimHostedRunner } from '../../sim/index.js'
import { SCOPES, useSimulator } from '../support/sim.js'
import { readyImageVersion } from '../support/world.js'

const t = useSimulator()

const HOSTED_SCOPES = SCOPES.filter((s) => s.scope !== 'repository')
const UBUNTU: SimHostedRunner['image'] = { id: 'ubuntu-24.04', source: 'github' }

const posts = () => t.sim.requests.filter((q) => q.method === 'POST')

describe.each(HOSTED_SCOPES)('hosted runners at $scope scope', ({ scope, owner, inputs }) => {
  const base = { ...inputs }
  /** The route prefix the action must have used at this scope. */
  const at = scope === 'organization' ? '/orgs/octo-fleet' : '/enterprises/octo-corp'

  it('list-hosted-runners reads every page and returns the runners as GitHub does', async () => {
    for (let i = 0; i < 130; i++) t.sim.addHostedRunner(owner, { name: `pool-${i}`, image: UBUNTU })
    const r = await t.run({ ...base, operation: 'list-hosted-runners' })
    const runners = r.outputs['hosted-runners'] as { name: string; image_details: { id: string } }[]
    expect(runners).toHaveLength(130)
    expect(r.outputs.count).toBe('130')
    expect(r.result).toEqual(runners)
    expect(runners[0]!.image_details.id).toBe('ubuntu-24.04')
    expect(t.calls()).toEqual([`GET ${at}/actions/hosted-runners`, `GET ${at}/actions/hosted-runners`])
    expect(t.sim.requests.every((q) => q.query.per_page === '100')).toBe(true)
    expect(r.summary?.table?.rows).toHaveLength(130)
  })

  it('get-hosted-runner by id (one GET) and by name (one listing, case-insensitive)', async () => {
    const h = t.sim.addHostedRunner(owner, { name: 'big-linux', image: UBUNTU, size: '8-core' })
    const byId = await t.run({ ...base, operation: 'get-hosted-runner', 'hosted-runner': String(h.id) })
    expect(byId.outputs['hosted-runner-id']).toBe(String(h.id))
    expect(byId.outputs['hosted-runner']).toMatchObject({
      name: 'big-linux',
      machine_size_details: { id: '8-core' },
    })
    expect(t.calls()).toEqual([`GET ${at}/actions/hosted-runners/${h.id}`])
    t.sim.reset()
    const byName = await t.run({ ...base, operation: 'get-hosted-runner', 'hosted-runner': 'BIG-LINUX' })
    expect(byName.result).toEqual(byId.result)
    expect(t.calls()).toEqual([`GET ${at}/actions/hosted-runners`])
  })

  it('get-hosted-runner: unknown id or name, and an ambiguous name, are clear errors', async () => {
    const a = t.sim.addHostedRunner(owner, { name: 'twin', image: UBUNTU })
    const b = t.sim.addHostedRunner(owner, { name: 'TWIN', image: UBUNTU })
    await expect(
      t.run({ ...base, operation: 'get-hosted-runner', 'hosted-runner': '999999' }),
    ).rejects.toThrow(/No hosted runner with id 999999 in .*Check the hosted-runner input/)
    await expect(t.run({ ...base, operation: 'get-hosted-runner', 'hosted-runner': 'nope' })).rejects.toThrow(
      new RegExp(`No hosted runner named 'nope' .*it has: twin \\(${a.id}\\), TWIN \\(${b.id}\\)`),
    )
    await expect(t.run({ ...base, operation: 'get-hosted-runner', 'hosted-runner': 'twin' })).rejects.toThrow(
      new RegExp(`ambiguous.*${a.id}, ${b.id}.*Use the id`),
    )
  })

  it('create-hosted-runner checks image and size, puts it in the default group, and sends one POST', async () => {
    const r = await t.run({
      ...base,
      operation: 'create-hosted-runner',
      'hosted-runner-name': 'linux-8',
      image: 'Ubuntu-24.04',
      size: '8-CORE',
    })
    const created = t.sim.hostedRunners(owner)
    expect(created).toHaveLength(1)
    expect(r.outputs['hosted-runner-id']).toBe(String(created[0]!.id))
    expect(r.outputs['hosted-runner']).toMatchObject({ name: 'linux-8', status: 'Provisioning' })
    expect(t.calls()).toEqual([
      `GET ${at}/actions/hosted-runners/images/github-owned`,
      `GET ${at}/actions/hosted-runners/machine-sizes`,
      `POST ${at}/actions/hosted-runners`,
    ])
    // GitHub's own spelling of the image and size is sent
    expect(posts()[0]!.body).toEqual({
      name: 'linux-8',
      image: { id: 'ubuntu-24.04', source: 'github' },
      size: '8-core',
      runner_group_id: 1,
    })
    expect(r.summary?.text?.[0]).toMatch(/Created \*\*linux-8\*\*/)
  })

  it('create-hosted-runner with a partner image, a group by name and every option', async () => {
    const group = t.sim.addRunnerGroup(owner, { name: 'gpu-fleet' })
    const r = await t.run({
      ...base,
      operation: 'create-hosted-runner',
      'hosted-runner-name': 'gpu',
      image: 'nvidia-gpu-ubuntu-22.04',
      'image-source': 'partner',
      size: '16-core',
      'runner-group': 'GPU-Fleet',
      'maximum-runners': '4',
      'enable-static-ip': 'true',
      'image-gen': 'false',
    })
    expect(posts()[0]!.body).toEqual({
      name: 'gpu',
      image: { id: 'nvidia-gpu-ubuntu-22.04', source: 'partner' },
      size: '16-core',
      runner_group_id: group.id,
      maximum_runners: 4,
      enable_static_ip: true,
      image_gen: false,
    })
    expect(r.outputs['hosted-runner']).toMatchObject({ runner_group_id: group.id, public_ip_enabled: true })
  })

  it('create-hosted-runner with a custom image by name and version', async () => {
    const img = t.sim.addCustomImage(owner, {
      name: 'golden',
      versions: [
        readyImageVersion('1.0.0'),
        {
          version: '1.1.0',
          state: 'Ready',
          size_gb: 31,
          created_on: '2025-02-01T00:00:00Z',
          state_details: 'None',
        },
      ],
    })
    const r = await t.run({
      ...base,
      operation: 'create-hosted-runner',
      'hosted-runner-name': 'golden-pool',
      image: 'golden',
      'image-source': 'custom',
      'image-version': '1.0.0',
      size: '4-core',
    })
    expect(posts()[0]!.body).toMatchObject({
      image: { id: String(img.id), source: 'custom', version: '1.0.0' },
    })
    expect(r.outputs['hosted-runner']).toMatchObject({
      image_details: { source: 'custom', version: '1.0.0' },
    })
    await expect(
      t.run({
        ...base,
        operation: 'create-hosted-runner',
        'hosted-runner-name': 'golden-pool-2',
        image: String(img.id),
        'image-source': 'custom',
        'image-version': '9.9.9',
        size: '4-core',
      }),
    ).rejects.toThrow(
      /Input 'image-version': custom image golden .* has no version '9.9.9'; it has: 1.1.0, 1.0.0/,
    )
    expect(posts()).toHaveLength(1)
  })

  it('create-hosted-runner refuses an unknown image or size before the POST, listing what is available', async () => {
    const create = { ...base, operation: 'create-hosted-runner', 'hosted-runner-name': 'x', size: '4-core' }
    await expect(t.run({ ...create, image: 'ubuntu-99.04' })).rejects.toThrow(
      /Input 'image': 'ubuntu-99.04' is not a github image .*available: ubuntu-24.04, ubuntu-22.04/,
    )
    await expect(t.run({ ...create, image: 'nvidia-gpu-ubuntu-22.04' })).rejects.toThrow(
      /partner and custom images need image-source/,
    )
    await expect(t.run({ ...create, image: 'ubuntu-24.04', size: '3-core' })).rejects.toThrow(
      /Input 'size': '3-core' is not a machine size .*available: 2-core, 4-core, 8-core/,
    )
    await expect(t.run({ ...create, image: 'nope', 'image-source': 'custom' })).rejects.toThrow(
      /No custom image named 'nope' .*Check the image input/,
    )
    expect(posts()).toEqual([])
    expect(t.sim.hostedRunners(owner)).toEqual([])
  })

  it('create-hosted-runner explains a 422 (name taken) and does not re-send it', async () => {
    t.sim.addHostedRunner(owner, { name: 'taken', image: UBUNTU })
    await expect(
      t.run({
        ...base,
        operation: 'create-hosted-runner',
        'hosted-runner-name': 'taken',
        image: 'ubuntu-24.04',
        size: '4-core',
      }),
    ).rejects.toThrow(/422.*name already taken/)
    expect(posts()).toHaveLength(1)
  })

  it('update-hosted-runner renames it and moves it to a group by name', async () => {
    const group = t.sim.addRunnerGroup(owner, { name: 'big' })
    const h = t.sim.addHostedRunner(owner, { name: 'old-name', image: UBUNTU })
    const r = await t.run({
      ...base,
      operation: 'update-hosted-runner',
      'hosted-runner': 'old-name',
      'hosted-runner-name': 'new-name',
      'runner-group': 'big',
      'maximum-runners': '20',
      'enable-static-ip': 'false',
    })
    const patch = t.sim.requests.find((q) => q.method === 'PATCH')!
    expect(patch.path).toBe(`${at}/actions/hosted-runners/${h.id}`)
    expect(patch.body).toEqual({
      name: 'new-name',
      runner_group_id: group.id,
      maximum_runners: 20,
      enable_static_ip: false,
    })
    expect(h).toMatchObject({ name: 'new-name', runner_group_id: group.id, maximum_runners: 20 })
    expect(r.outputs).toEqual({ 'hosted-runner': r.result, 'hosted-runner-id': String(h.id) })
  })

  it('update-hosted-runner checks a new image and size, and fails clearly for an unknown runner', async () => {
    const h = t.sim.addHostedRunner(owner, { name: 'pool', image: UBUNTU })
    await t.run({
      ...base,
      operation: 'update-hosted-runner',
      'hosted-runner': String(h.id),
      image: 'windows-2025',
      size: '16-core',
    })
    expect(t.sim.requests.find((q) => q.method === 'PATCH')!.body).toEqual({
      image_id: 'windows-2025',
      image_source: 'github',
      size: '16-core',
    })
    expect(h).toMatchObject({ image: { id: 'windows-2025', source: 'github' }, size: '16-core' })
    t.sim.reset()
    await expect(
      t.run({ ...base, operation: 'update-hosted-runner', 'hosted-runner': String(h.id), size: 'huge' }),
    ).rejects.toThrow(/Input 'size'/)
    await expect(
      t.run({ ...base, operation: 'update-hosted-runner', 'hosted-runner': '999999', size: '2-core' }),
    ).rejects.toThrow(/No hosted runner with id 999999/)
    await expect(
      t.run({ ...base, operation: 'update-hosted-runner', 'hosted-runner': 'ghost', size: '2-core' }),
    ).rejects.toThrow(/No hosted runner named 'ghost'/)
    expect(t.sim.requests.filter((q) => q.method === 'PATCH')).toHaveLength(1) // the 999999 one, answered 404
  })

  it('delete-hosted-runner by name: 202, deleted asynchronously', async () => {
    const h = t.sim.addHostedRunner(owner, { name: 'doomed', image: UBUNTU })
    const r = await t.run({ ...base, operation: 'delete-hosted-runner', 'hosted-runner': 'doomed' })
    expect(r.outputs).toEqual({ 'hosted-runner-id': String(h.id) })
    expect(r.result).toMatchObject({ id: h.id, status: 'Deleting' })
    expect(r.summary?.text?.[0]).toMatch(/\(202\).*asynchronously/)
    expect(t.calls()).toEqual([
      `GET ${at}/actions/hosted-runners`,
      `DELETE ${at}/actions/hosted-runners/${h.id}`,
    ])
    expect(t.sim.hostedRunners(owner)).toEqual([])
    await expect(
      t.run({ ...base, operation: 'delete-hosted-runner', 'hosted-runner': String(h.id) }),
    ).rejects.toThrow(/No hosted runner with id/)
  })

  it('get-hosted-runner-limits, list-hosted-runner-machine-sizes, list-hosted-runner-platforms', async () => {
    t.sim.addHostedRunner(owner, { name: 'ip', image: UBUNTU, public_ip_enabled: true })
    const limits = await t.run({ ...base, operation: 'get-hosted-runner-limits' })
    expect(limits.outputs.limits).toEqual({ public_ips: { maximum: 50, current_usage: 1 } })
    expect(limits.result).toEqual(limits.outputs.limits)
    const sizes = await t.run({ ...base, operation: 'list-hosted-runner-machine-sizes' })
    expect((sizes.outputs['machine-sizes'] as { id: string }[]).map((m) => m.id)).toContain('4-core')
    expect(sizes.summary?.table?.rows[0]).toEqual(['2-core', 2, 8, 75])
    const platforms = await t.run({ ...base, operation: 'list-hosted-runner-platforms' })
    expect(platforms.outputs.platforms).toEqual(['linux-x64', 'linux-arm64', 'win-x64', 'win-arm64'])
    expect(platforms.result).toEqual(platforms.outputs.platforms)
    expect(t.calls()).toEqual([
      `GET ${at}/actions/hosted-runners/limits`,
      `GET ${at}/actions/hosted-runners/machine-sizes`,
      `GET ${at}/actions/hosted-runners/platforms`,
    ])
  })
})

describe('create-hosted-runner when GitHub loses the answer', () => {
  const org = {
    organization: 'octo-fleet',
    operation: 'create-hosted-runner',
    'hosted-runner-name': 'pool',
    image: 'ubuntu-24.04',
    size: '4-core',
  }

  it('looks the name up instead of re-sending when the runner was created', async () => {
    t.sim.inject({ method: 'POST', path: /hosted-runners$/, network: 'after' })
    const r = await t.run(org)
    const runners = t.sim.hostedRunners('org:octo-fleet')
    expect(runners).toHaveLength(1)
    expect(posts()).toHaveLength(1)
    expect(r.outputs['hosted-runner-id']).toBe(String(runners[0]!.id))
    expect(r.warnings?.[0]).toMatch(/did not answer the create request.*not created twice/)
  })

  it('re-sends when the lost POST created nothing, and gives up after 3 attempts', async () => {
    t.sim.inject({ method: 'POST', path: /hosted-runners$/, status: 502 })
    const r = await t.run(org)
    expect(posts()).toHaveLength(2)
    expect(t.sim.hostedRunners('org:octo-fleet')).toHaveLength(1)
    expect(r.warnings).toBeUndefined()

    t.sim.reset()
    t.sim.inject({ method: 'POST', path: /hosted-runners$/, status: 503, times: 5 })
    await expect(t.run({ ...org, 'hosted-runner-name': 'pool-2' })).rejects.toThrow(/503/)
    expect(posts()).toHaveLength(3)
  })

  it('fails clearly when a runner of that name with other settings now exists', async () => {
    t.sim.inject({ method: 'POST', path: /hosted-runners$/, status: 500 })
    t.sim.onRequest((q) => {
      if (
        q.method === 'GET' &&
        q.path.endsWith('/hosted-runners') &&
        !t.sim.hostedRunners('org:octo-fleet').length
      )
        t.sim.addHostedRunner('org:octo-fleet', { name: 'pool', image: UBUNTU, size: '64-core' })
    })
    await expect(t.run(org)).rejects.toThrow(/now exists \(id \d+\) with another size or group/)
    expect(posts()).toHaveLength(1)
  })
})

describe('input checks, before any request', () => {
  const org = { organization: 'octo-fleet' }
  it.each([
    [
      { operation: 'list-hosted-runners', organization: '', repository: 'octo-fleet/app' },
      /Input 'repository'.*it works at: organization, enterprise/,
    ],
    [{ operation: 'get-hosted-runner' }, /Input 'hosted-runner': get-hosted-runner needs hosted-runner/],
    [{ operation: 'delete-hosted-runner' }, /Input 'hosted-runner'/],
    [
      { operation: 'create-hosted-runner', image: 'ubuntu-24.04', size: '4-core' },
      /Input 'hosted-runner-name'/,
    ],
    [{ operation: 'create-hosted-runner', 'hosted-runner-name': 'a', size: '4-core' }, /Input 'image'/],
    [{ operation: 'create-hosted-runner', 'hosted-runner-name': 'a', image: 'ubuntu-24.04' }, /Input 'size'/],
    [
      { operation: 'create-hosted-runner', 'hosted-runner-name': 'bad name', image: 'u', size: '4-core' },
      /Input 'hosted-runner-name'.*not a hosted runner name/,
    ],
    [
      {
        operation: 'create-hosted-runner',
        'hosted-runner-name': 'a',
        image: 'u',
        size: 's',
        'image-version': '1.0.0',
      },
      /Input 'image-version': only custom images have versions/,
    ],
    [{ operation: 'update-hosted-runner', 'hosted-runner': 'a' }, /nothing to change/],
    [{ operation: 'update-hosted-runner', 'hosted-runner-name': 'b' }, /Input 'hosted-runner'/],
    [
      { operation: 'update-hosted-runner', 'hosted-runner': 'a', 'image-source': 'custom', size: '4-core' },
      /Input 'image-source'.*set image too/,
    ],
    [
      { operation: 'update-hosted-runner', 'hosted-runner': 'a', image: 'u', 'image-version': '1.0.0' },
      /Input 'image-version'/,
    ],
    [
      { operation: 'list-hosted-runner-images', 'image-source': 'mine' },
      /Input 'image-source'.*github, partner, custom/,
    ],
    [{ operation: 'get-custom-image' }, /Input 'custom-image'/],
    [{ operation: 'delete-custom-image' }, /Input 'custom-image'/],
    [{ operation: 'list-custom-image-versions' }, /Input 'custom-image'/],
    [{ operation: 'get-custom-image-version', 'custom-image': 'g' }, /Input 'image-version'/],
    [{ operation: 'delete-custom-image-version', 'image-version': '1.0.0' }, /Input 'custom-image'/],
    [
      { operation: 'delete-custom-image-version', 'custom-image': 'g', 'image-version': 'latest' },
      /Input 'image-version': 'latest' is not an image version \(MAJOR.MINOR.PATCH/,
    ],
  ])('%o', async (inputs, error) => {
    await expect(t.run({ ...org, ...inputs })).rejects.toThrow(error)
    expect(t.sim.requests).toEqual([])
  })
})
