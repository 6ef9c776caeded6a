import { describe, expect, it } from 'vitest'
import { SCOPES, useSimulator } from '../support/sim.js'

const t = useSimulator()

describe.each(SCOPES)('runners at $scope scope', ({ owner, inputs }) => {
  it('list-runners reads every page at per_page=100 and shapes runners', async () => {
    for (let i = 0; i < 230; i++) {
      t.sim.addRunner(owner, {
        name: `r-${i}`,
        status: i % 3 ? 'online' : 'offline',
        busy: i % 5 === 0,
        labels: i % 2 ? ['gpu'] : [],
      })
    }
    const r = await t.run({ ...inputs, operation: 'list-runners' })
    const runners = r.outputs.runners as { id: number; name: string; labels: string[] }[]
    expect(runners).toHaveLength(230)
    expect(r.outputs.count).toBe('230')
    expect(Object.keys(runners[0]!).sort()).toEqual([
      'busy',
      'ephemeral',
      'id',
      'labels',
      'name',
      'os',
      'runner_group_id',
      'status',
      'version',
    ])
    const lists = t.sim.requests.filter((q) => q.method === 'GET')
    expect(lists).toHaveLength(3)
    expect(lists.every((q) => q.query.per_page === '100')).toBe(true)
  })

  it('list-runners filters on status, busy, name globs and labels', async () => {
    t.sim.addRunner(owner, { name: 'ephemeral-1', status: 'offline', labels: ['gpu'] })
    t.sim.addRunner(owner, { name: 'ephemeral-2', status: 'offline', labels: ['cpu'] })
    t.sim.addRunner(owner, { name: 'ephemeral-3', status: 'online', busy: true, labels: ['gpu'] })
    t.sim.addRunner(owner, { name: 'static-1', status: 'offline', labels: ['gpu'] })
    const r = await t.run({
      ...inputs,
      operation: 'list-runners',
      status: 'offline',
      'name-pattern': 'ephemeral-*',
      labels: 'GPU',
    })
    expect((r.outputs.runners as { name: string }[]).map((x) => x.name)).toEqual(['ephemeral-1'])
    const busy = await t.run({ ...inputs, operation: 'list-runners', busy: 'true' })
    expect((busy.outputs.runners as { name: string }[]).map((x) => x.name)).toEqual(['ephemeral-3'])
  })

  it('list-runners takes the whole selection: has-labels and exclude too', async () => {
    for (const name of ['pool-1', 'pool-2', 'pool-keep', 'other-1'])
      t.sim.addRunner(owner, { name, status: 'offline', labels: name === 'pool-2' ? ['cpu'] : ['gpu'] })
    const r = await t.run({
      ...inputs,
      operation: 'list-runners',
      'name-pattern': 'pool-*',
      'has-labels': 'gpu',
      exclude: '*-keep',
    })
    expect((r.outputs.runners as { name: string }[]).map((x) => x.name)).toEqual(['pool-1'])
  })

  it('get-runner by id and by name (one filtered request)', async () => {
    const a = t.sim.addRunner(owner, { name: 'builder-a', busy: true })
    const byId = await t.run({ ...inputs, operation: 'get-runner', 'runner-id': String(a.id) })
    expect(byId.outputs).toMatchObject({ 'runner-id': String(a.id), status: 'online', busy: 'true' })
    t.sim.reset()
    const byName = await t.run({ ...inputs, operation: 'get-runner', 'runner-name': 'BUILDER-A' })
    expect((byName.outputs.runner as { id: number }).id).toBe(a.id)
    expect(t.sim.requests).toHaveLength(1)
    expect(t.sim.requests[0]!.query.name).toBe('BUILDER-A')
  })

  it('get-runner fails clearly for an unknown id or name', async () => {
    await expect(t.run({ ...inputs, operation: 'get-runner', 'runner-id': '999999' })).rejects.toThrow(
      /No self-hosted runner with id 999999/,
    )
    await expect(t.run({ ...inputs, operation: 'get-runner', 'runner-name': 'nope' })).rejects.toThrow(
      /No self-hosted runner with name 'nope'/,
    )
  })

  it('delete-runner deletes, reports an absent runner as deleted=false, refuses a busy one', async () => {
    const idle = t.sim.addRunner(owner, { name: 'idle', status: 'offline' })
    const busy = t.sim.addRunner(owner, { name: 'busy', busy: true })
    const gone = await t.run({ ...inputs, operation: 'delete-runner', 'runner-id': String(idle.id) })
    expect(gone.outputs).toEqual({ 'runner-id': String(idle.id), deleted: 'true' })
    expect(t.sim.runner(idle.id)).toBeUndefined()
    const again = await t.run({ ...inputs, operation: 'delete-runner', 'runner-id': String(idle.id) })
    expect(again.outputs.deleted).toBe('false')
    await expect(t.run({ ...inputs, operation: 'delete-runner', 'runner-name': 'busy' })).rejects.toThrow(
      /is running a job/,
    )
    expect(t.sim.runner(busy.id)).toBeDefined()
    const byName = await t.run({ ...inputs, operation: 'delete-runner', 'runner-name': 'no-such-runner' })
    expect(byName.outputs.deleted).toBe('false')
  })

  it('list-downloads filters and exposes the one match, without the temporary download token', async () => {
    const r = await t.run({ ...inputs, operation: 'list-downloads', os: 'linux', architecture: 'x64' })
    expect(r.outputs['download-url']).toMatch(/^https:\/\/.*linux-x64/)
    expect(r.outputs.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(r)).not.toContain('temp_download_token')
    const all = await t.run({ ...inputs, operation: 'list-downloads' })
    expect((all.outputs.downloads as unknown[]).length).toBeGreaterThan(3)
    expect(all.outputs['download-url']).toBeUndefined()
    await expect(t.run({ ...inputs, operation: 'list-downloads', os: 'solaris' })).rejects.toThrow(
      /Input 'os'/,
    )
  })
})

describe('delete-runner edge cases', () => {
  it('a misspelled organization is an error, not "already gone"', async () => {
    await expect(
      t.run({ organization: 'octo-flet', operation: 'delete-runner', 'runner-id': '12' }),
    ).rejects.toThrow(/Either the organization does not exist or the token cannot see it/)
  })

  it('reports deleted=true when its own DELETE went through but the answer was lost', async () => {
    const r = t.sim.addRunner('org:octo-fleet', { name: 'x', status: 'offline' })
    t.sim.inject({ method: 'DELETE', path: `/orgs/octo-fleet/actions/runners/${r.id}`, network: 'after' })
    const out = await t.run({
      organization: 'octo-fleet',
      operation: 'delete-runner',
      'runner-id': String(r.id),
    })
    expect(out.outputs.deleted).toBe('true')
    expect(t.sim.runner(r.id)).toBeUndefined()
    expect(t.sim.requests.filter((q) => q.method === 'DELETE')).toHaveLength(2)
  })
})

describe('runner names', () => {
  it('an ambiguous name is an error that lists the ids', async () => {
    const a = t.sim.addRunner('org:octo-fleet', { name: 'twin' })
    const b = t.sim.addRunner('org:octo-fleet', { name: 'TWIN' })
    await expect(
      t.run({ organization: 'octo-fleet', operation: 'get-runner', 'runner-name': 'twin' }),
    ).rejects.toThrow(new RegExp(`ambiguous.*${a.id}, ${b.id}`))
  })
})
