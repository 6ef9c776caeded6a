import { describe, expect, it } from 'vitest'
import { SCOPES, useSimulator } from '../support/sim.js'

const t = useSimulator()

describe.each(SCOPES)('labels at $scope scope', ({ owner, inputs }) => {
  it('adds, sets, removes and clears custom labels', async () => {
    const r = t.sim.addRunner(owner, { name: 'builder', labels: ['old'] })
    const id = String(r.id)
    const list = await t.run({ ...inputs, operation: 'list-labels', 'runner-id': id })
    expect(list.outputs.labels).toEqual(['self-hosted', 'Linux', 'X64', 'old'])

    const added = await t.run({ ...inputs, operation: 'add-labels', 'runner-id': id, labels: 'gpu, cuda' })
    expect(added.outputs.labels).toEqual(expect.arrayContaining(['old', 'gpu', 'cuda', 'self-hosted']))

    const set = await t.run({
      ...inputs,
      operation: 'set-labels',
      'runner-name': 'builder',
      labels: 'only-this',
    })
    expect(set.outputs.labels).toEqual(['self-hosted', 'Linux', 'X64', 'only-this'])

    const removed = await t.run({
      ...inputs,
      operation: 'remove-label',
      'runner-id': id,
      labels: 'only-this,never-had',
    })
    expect(removed.outputs.labels).toEqual(['self-hosted', 'Linux', 'X64'])

    await t.run({ ...inputs, operation: 'add-labels', 'runner-id': id, labels: 'a,b' })
    const cleared = await t.run({ ...inputs, operation: 'remove-all-labels', 'runner-id': id })
    expect(cleared.outputs.labels).toEqual(['self-hosted', 'Linux', 'X64'])
    expect(cleared.result).toEqual(['self-hosted', 'Linux', 'X64'])
  })

  it('set-labels refuses an empty labels input (an unset secret reads as empty) and sends nothing', async () => {
    const r = t.sim.addRunner(owner, { name: 'builder', labels: ['x', 'y'] })
    for (const labels of ['', ' , \n']) {
      await expect(
        t.run({ ...inputs, operation: 'set-labels', 'runner-id': String(r.id), labels }),
      ).rejects.toThrow(/Input 'labels': set-labels needs at least one label/)
    }
    expect(t.sim.requests).toEqual([])
    expect(t.sim.runner(r.id)!.labels.map((l) => l.name)).toContain('x')
  })
})

describe('label errors', () => {
  it('a read-only label cannot be removed, and nothing is sent for it', async () => {
    const r = t.sim.addRunner('org:octo-fleet', { name: 'builder' })
    await expect(
      t.run({
        organization: 'octo-fleet',
        operation: 'remove-label',
        'runner-id': String(r.id),
        labels: 'self-hosted',
      }),
    ).rejects.toThrow(/read-only/)
    expect(t.sim.requests.filter((q) => q.method === 'DELETE')).toEqual([])
  })

  it('an unknown runner id is "no such runner", not a label problem', async () => {
    await expect(
      t.run({ organization: 'octo-fleet', operation: 'add-labels', 'runner-id': '424242', labels: 'x' }),
    ).rejects.toThrow(/No self-hosted runner with id 424242 in organization octo-fleet/)
  })

  it('add-labels needs labels, before any request', async () => {
    await expect(
      t.run({ organization: 'octo-fleet', operation: 'add-labels', 'runner-id': '1' }),
    ).rejects.toThrow(/Input 'labels'/)
    expect(t.sim.requests).toEqual([])
  })
})
