import { describe, expect, it } from 'vitest'
import { SCOPES, useSimulator } from '../support/sim.js'

const t = useSimulator()

describe.each(SCOPES)('tokens and JIT at $scope scope', ({ owner, inputs }) => {
  it.each(['registration', 'remove'] as const)(
    'create-%s-token returns a masked token and its expiry',
    async (kind) => {
      const r = await t.run({ ...inputs, operation: `create-${kind}-token` })
      const token = r.outputs.token as string
      expect(t.sim.issuedSecrets).toContain(token)
      expect(r.secrets).toEqual([token])
      expect(Date.parse(r.outputs['expires-at'] as string) - Date.now()).toBeGreaterThan(55 * 60_000)
      expect(JSON.stringify(r.summary)).not.toContain(token)
    },
  )

  it('create-jit-config registers a runner with a generated unique name', async () => {
    const r = await t.run(
      { ...inputs, operation: 'create-jit-config', labels: 'self-hosted,linux,gpu' },
      { env: { GITHUB_RUN_ID: '777', GITHUB_RUN_ATTEMPT: '2' } },
    )
    const name = r.outputs['runner-name'] as string
    expect(name).toMatch(/^jit-777-2-[0-9a-f]{8}$/)
    const runner = t.sim.runner(Number(r.outputs['runner-id']))!
    expect(runner.name).toBe(name)
    expect(runner.labels.map((l) => l.name)).toEqual(expect.arrayContaining(['gpu']))
    expect(r.secrets).toEqual([r.outputs['encoded-jit-config']])
    expect(t.sim.issuedSecrets).toContain(r.outputs['encoded-jit-config'])
    const post = t.sim.requests.find((q) => q.method === 'POST')!
    expect(post.body).toMatchObject({ name, labels: ['self-hosted', 'linux', 'gpu'], work_folder: '_work' })
    expect(owner).toBeTruthy()
  })

  it('create-jit-config fails with a clear message when the name is taken', async () => {
    t.sim.addRunner(owner, { name: 'taken' })
    await expect(
      t.run({ ...inputs, operation: 'create-jit-config', labels: 'x', 'runner-name': 'taken' }),
    ).rejects.toThrow(/A runner named 'taken' already exists/)
  })
})

describe('create-jit-config runner groups', () => {
  it('resolves runner-group by name with one listing, and uses the default group when none is named', async () => {
    const gpu = t.sim.addRunnerGroup('org:octo-fleet', { name: 'gpu-fleet' })
    const r = await t.run({
      organization: 'octo-fleet',
      operation: 'create-jit-config',
      labels: 'gpu',
      'runner-group': 'GPU-Fleet',
    })
    expect(t.sim.runner(Number(r.outputs['runner-id']))!.runner_group_id).toBe(gpu.id)
    expect(t.calls()).toEqual([
      'GET /orgs/octo-fleet/actions/runner-groups',
      'POST /orgs/octo-fleet/actions/runners/generate-jitconfig',
    ])

    t.sim.reset()
    const d = await t.run({ organization: 'octo-fleet', operation: 'create-jit-config', labels: 'gpu' })
    expect(t.sim.runner(Number(d.outputs['runner-id']))!.runner_group_id).toBe(1)
    // the default group is id 1: no listing needed
    expect(t.calls()).toEqual(['POST /orgs/octo-fleet/actions/runners/generate-jitconfig'])

    t.sim.reset()
    await t.run({
      organization: 'octo-fleet',
      operation: 'create-jit-config',
      labels: 'gpu',
      'runner-group': String(gpu.id),
    })
    expect(t.calls()).toEqual(['POST /orgs/octo-fleet/actions/runners/generate-jitconfig'])
  })

  it('an unknown group name is an error naming the groups', async () => {
    await expect(
      t.run({
        organization: 'octo-fleet',
        operation: 'create-jit-config',
        labels: 'x',
        'runner-group': 'nope',
      }),
    ).rejects.toThrow(/No runner group named 'nope' in organization octo-fleet; it has: Default \(1\)/)
  })

  it('a repository has no runner groups', async () => {
    await expect(
      t.run({
        repository: 'octo-fleet/app',
        operation: 'create-jit-config',
        labels: 'x',
        'runner-group': 'gpu',
      }),
    ).rejects.toThrow(/Input 'runner-group'/)
    expect(t.sim.requests).toEqual([])
  })
})

describe('create-jit-config when the answer is lost', () => {
  const org = { organization: 'octo-fleet', operation: 'create-jit-config', labels: 'x' }

  it('re-sends when GitHub did not register the runner (the request failed before it was carried out)', async () => {
    t.sim.inject({ method: 'POST', path: /generate-jitconfig$/, status: 502, times: 1 })
    const r = await t.run({ ...org, 'runner-name': 'fresh' })
    expect(r.outputs['runner-name']).toBe('fresh')
    expect(t.calls()).toEqual([
      'POST /orgs/octo-fleet/actions/runners/generate-jitconfig',
      'GET /orgs/octo-fleet/actions/runners',
      'POST /orgs/octo-fleet/actions/runners/generate-jitconfig',
    ])
  })

  it('does not report a runner it has no config for when its own request registered the name', async () => {
    t.sim.inject({ method: 'POST', path: /generate-jitconfig$/, network: 'after', times: 1 })
    const err = t.run({ ...org, 'runner-name': 'mine' })
    await expect(err).rejects.toThrow(
      /a runner with that name now exists \(id \d+\).*its JIT configuration was lost/,
    )
    // exactly one runner named "mine" exists, and the action did not re-send the POST
    expect(t.sim.runners('org:octo-fleet').filter((r) => r.name === 'mine')).toHaveLength(1)
    expect(t.sim.requests.filter((q) => q.method === 'POST')).toHaveLength(1)
  })

  it('with a generated name, registers a new name and warns about the orphan', async () => {
    t.sim.inject({ method: 'POST', path: /generate-jitconfig$/, network: 'after', times: 1 })
    const r = await t.run(org)
    const runners = t.sim.runners('org:octo-fleet')
    expect(runners).toHaveLength(2)
    expect(r.outputs['runner-id']).toBe(String(runners[1]!.id))
    expect(r.warnings?.[0]).toMatch(new RegExp(`runner id ${runners[0]!.id}`))
  })
})
