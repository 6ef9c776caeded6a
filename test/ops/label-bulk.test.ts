/** Label changes over a selection: one write a runner, each on a fresh look, capped, with a dry run. */
import { describe, expect, it } from 'vitest'
import { faults } from '../../sim/index.js'
import { useSimulator } from '../support/sim.js'

const t = useSimulator()
const OWNER = 'org:octo-fleet' as const
const org = { organization: 'octo-fleet' }
type Out = { id: number; name: string; labels: string[] }
const names = (x: unknown) => (x as Out[]).map((r) => r.name).sort()

function pool() {
  const gpu = Array.from({ length: 4 }, (_, i) =>
    t.sim.addRunner(OWNER, {
      name: `gpu-${i}`,
      labels: ['gpu', 'cuda'],
      status: i === 3 ? 'offline' : 'online',
    }),
  )
  const cpu = t.sim.addRunner(OWNER, { name: 'cpu-0', labels: ['cpu'] })
  return { gpu, cpu }
}

describe('label changes over a selection', () => {
  it('add-labels changes every runner the selection picks, one write each after a fresh look', async () => {
    const { gpu, cpu } = pool()
    const r = await t.run({ ...org, operation: 'add-labels', 'name-pattern': 'gpu-*', labels: 'maintenance' })
    expect(r.outputs.count).toBe('4')
    expect(names(r.outputs.runners)).toEqual(['gpu-0', 'gpu-1', 'gpu-2', 'gpu-3'])
    for (const x of r.outputs.runners as Out[]) expect(x.labels).toContain('maintenance')
    for (const g of gpu) expect(t.sim.runner(g.id)!.labels.map((l) => l.name)).toContain('maintenance')
    expect(t.sim.runner(cpu.id)!.labels.map((l) => l.name)).not.toContain('maintenance')
    const calls = t.calls()
    expect(calls.filter((c) => c.startsWith('POST'))).toHaveLength(4)
    expect(calls.filter((c) => /^GET .*runners\/\d+$/.test(c))).toHaveLength(4)
    expect(r.outputs.failed).toEqual([])
    expect(t.sim.stats.maxInFlight).toBe(1)
    expect(t.log.info.filter((m) => m.startsWith('Changed the labels of runner gpu-'))).toHaveLength(4)
  })

  it('set-labels, remove-label and remove-all-labels take a selection too (has-labels, status)', async () => {
    pool()
    const set = await t.run({
      ...org,
      operation: 'set-labels',
      'has-labels': 'gpu',
      status: 'online',
      labels: 'a,b',
    })
    expect(names(set.outputs.runners)).toEqual(['gpu-0', 'gpu-1', 'gpu-2'])
    expect((set.outputs.runners as Out[])[0]!.labels).toEqual(['self-hosted', 'Linux', 'X64', 'a', 'b'])
    const removed = await t.run({
      ...org,
      operation: 'remove-label',
      'has-labels': 'a',
      labels: 'a,never-there',
    })
    expect(
      (removed.outputs.runners as Out[]).every((x) => !x.labels.includes('a') && x.labels.includes('b')),
    ).toBe(true)
    const cleared = await t.run({ ...org, operation: 'remove-all-labels', 'name-pattern': 'gpu-*' })
    expect((cleared.outputs.runners as Out[]).every((x) => x.labels.join() === 'self-hosted,Linux,X64')).toBe(
      true,
    )
  })

  it('skips a runner that no longer matches at its last look (it turned busy after the listing)', async () => {
    const { gpu } = pool()
    t.sim.onRequest((req) => {
      if (req.method === 'GET' && req.path.endsWith(`/runners/${gpu[1]!.id}`)) gpu[1]!.busy = true
    })
    const r = await t.run({
      ...org,
      operation: 'add-labels',
      'name-pattern': 'gpu-*',
      busy: 'false',
      labels: 'x',
    })
    expect(names(r.outputs.runners)).toEqual(['gpu-0', 'gpu-2', 'gpu-3'])
    expect(r.outputs.skipped).toEqual([
      {
        id: gpu[1]!.id,
        name: 'gpu-1',
        reason: 'no longer matches the selection at the last look (now online, busy)',
      },
    ])
    expect(t.sim.runner(gpu[1]!.id)!.labels.map((l) => l.name)).not.toContain('x')
    expect(r.failure).toBeUndefined()
  })

  it('remove-label deletes each label by itself: a label another actor adds after the look stays', async () => {
    const { gpu } = pool()
    const unhook = t.sim.onRequest((req) => {
      if (req.method === 'DELETE' && req.path.includes(`/runners/${gpu[0]!.id}/labels/`)) {
        t.sim.addRunnerLabels(gpu[0]!.id, ['on-call'])
        unhook()
      }
    })
    const r = await t.run({
      ...org,
      operation: 'remove-label',
      'name-pattern': 'gpu-*',
      labels: 'cuda,absent',
    })
    expect(t.sim.runner(gpu[0]!.id)!.labels.map((l) => l.name)).toEqual([
      'self-hosted',
      'Linux',
      'X64',
      'gpu',
      'on-call',
    ])
    const gpu0 = (r.outputs.runners as Out[]).find((x) => x.name === 'gpu-0')!
    expect(gpu0.labels).toContain('on-call')
    const writes = t.calls().filter((c) => !c.startsWith('GET'))
    expect(writes).toHaveLength(4)
    expect(writes.every((c) => /^DELETE .*\/labels\/cuda$/.test(c))).toBe(true)
    expect(r.failure).toBeUndefined()
  })

  it('a label gone between the look and its DELETE (404) is not an error', async () => {
    const { gpu } = pool()
    t.sim.onRequest((req) => {
      if (req.method === 'DELETE' && req.path.endsWith(`/runners/${gpu[1]!.id}/labels/cuda`)) {
        const runner = t.sim.runner(gpu[1]!.id)!
        runner.labels = runner.labels.filter((l) => l.name !== 'cuda')
      }
    })
    const r = await t.run({ ...org, operation: 'remove-label', 'has-labels': 'cuda', labels: 'cuda' })
    expect(r.outputs.failed).toEqual([])
    expect(r.outputs.count).toBe('4')
    const gpu1 = (r.outputs.runners as Out[]).find((x) => x.name === 'gpu-1')!
    expect(gpu1.labels).toEqual(['self-hosted', 'Linux', 'X64', 'gpu'])
    expect(r.failure).toBeUndefined()
  })

  it.each(['add-labels', 'remove-label', 'set-labels', 'remove-all-labels'])(
    '%s skips a runner that de-registers between its look and its write as gone, not failed',
    async (operation) => {
      const { gpu } = pool()
      t.sim.onRequest((req) => {
        if (req.method !== 'GET' && req.path.includes(`/runners/${gpu[2]!.id}/labels`))
          t.sim.removeRunner(gpu[2]!.id)
      })
      const r = await t.run({ ...org, operation, 'name-pattern': 'gpu-*', labels: 'cuda' })
      expect(r.outputs.failed).toEqual([])
      expect(r.outputs.skipped).toEqual([
        { id: gpu[2]!.id, name: 'gpu-2', reason: 'gone before its labels were changed' },
      ])
      expect(r.outputs.count).toBe('3')
      expect(r.failure).toBeUndefined()
    },
  )

  it('changes nothing and fails with the count when more runners match than max-runners', async () => {
    pool()
    const r = await t.run({
      ...org,
      operation: 'add-labels',
      'has-labels': 'gpu',
      labels: 'x',
      'max-runners': '3',
    })
    expect(r.failure).toMatch(/4 runners match, more than max-runners \(3\); nothing was changed/)
    expect(r.outputs.count).toBe('0')
    expect(t.calls().every((c) => c.startsWith('GET'))).toBe(true)
  })

  it('a dry run plans from the list alone and reports the labels each runner would have', async () => {
    pool()
    const r = await t.run({
      ...org,
      operation: 'add-labels',
      'name-pattern': 'gpu-*',
      labels: 'x',
      'dry-run': 'true',
    })
    expect(r.outputs.count).toBe('4')
    expect((r.outputs.runners as Out[]).every((x) => x.labels.includes('x'))).toBe(true)
    expect(t.calls()).toEqual(['GET /orgs/octo-fleet/actions/runners'])
    expect(r.summary?.heading).toMatch(/dry run/)
  })

  it('refuses to remove a read-only label from a selection before changing anything', async () => {
    pool()
    await expect(
      t.run({ ...org, operation: 'remove-label', 'name-pattern': 'gpu-*', labels: 'cuda,self-hosted' }),
    ).rejects.toThrow(/'self-hosted' of runner gpu-0 .* is read-only/)
    expect(t.calls().every((c) => c.startsWith('GET'))).toBe(true)
  })

  it('carries on past a runner whose change fails, reports it and fails the step', async () => {
    const { gpu } = pool()
    t.sim.inject(
      faults.outage(
        3,
        { status: 500 },
        { method: 'POST', path: `/orgs/octo-fleet/actions/runners/${gpu[0]!.id}/labels` },
      ),
    )
    const r = await t.run({ ...org, operation: 'add-labels', 'name-pattern': 'gpu-*', labels: 'x' })
    expect(r.outputs.count).toBe('3')
    expect(r.outputs.failed).toEqual([
      { id: gpu[0]!.id, name: 'gpu-0', error: expect.stringMatching(/500/) as string },
    ])
    expect(r.failure).toMatch(/1 of 4 label changes failed/)
  })
})

describe('what a bulk change needs', () => {
  it.each([
    [
      { operation: 'add-labels', labels: 'x' },
      /Input 'name-pattern': add-labels needs runner-id, runner-name or a selection/,
    ],
    [{ operation: 'remove-all-labels', exclude: 'gpu-*' }, /needs runner-id, runner-name or a selection/],
    [
      { operation: 'add-labels', labels: 'x', 'runner-id': '5', 'name-pattern': 'gpu-*' },
      /Input 'runner-id': set one runner or a selection, not both/,
    ],
    [
      { operation: 'add-labels', 'name-pattern': 'gpu-*' },
      /Input 'labels': add-labels needs at least one label/,
    ],
    [
      { operation: 'add-labels', labels: 'x', 'name-pattern': 'gpu-*', 'max-runners': '0' },
      /Input 'max-runners'/,
    ],
  ])('%j is an input error before any request', async (inputs, error) => {
    pool()
    await expect(t.run({ ...org, ...inputs })).rejects.toThrow(error)
    expect(t.sim.requests).toEqual([])
  })

  it('a selection needs an explicit scope: never the workflow repository by default', async () => {
    await expect(t.run({ operation: 'add-labels', 'name-pattern': '*', labels: 'x' })).rejects.toThrow(
      /Input 'repository': add-labels needs repository, organization or enterprise set explicitly/,
    )
    expect(t.sim.requests).toEqual([])
  })
})
