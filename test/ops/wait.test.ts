import { describe, expect, it } from 'vitest'
import { fakeTime } from '../support/clock.js'
import { useSimulator } from '../support/sim.js'

const t = useSimulator()
const OWNER = 'org:octo-fleet' as const
const org = { organization: 'octo-fleet', operation: 'wait-for-runner' }

describe('wait-for-runner', () => {
  it('polls until the runner comes online (by name, before it even exists)', async () => {
    const time = fakeTime((n) => {
      if (n === 2) t.sim.addRunner(OWNER, { name: 'jit-1', status: 'offline' })
      if (n === 4) t.sim.runners(OWNER)[0]!.status = 'online'
    })
    const r = await t.run({ ...org, 'runner-name': 'jit-1', 'poll-interval': '5', timeout: '60' })
    expect(time.sleeps()).toBe(4)
    expect(r.outputs).toMatchObject({ status: 'online', busy: 'false' })
    expect((r.outputs.runner as { name: string }).name).toBe('jit-1')
    expect(t.sim.requests.every((q) => q.query.name === 'jit-1')).toBe(true)
  })

  it('waits for idle, busy and offline by id', async () => {
    const r = t.sim.addRunner(OWNER, { name: 'box', busy: true })
    fakeTime((n) => {
      if (n === 1) r.busy = false
    })
    const idle = await t.run({ ...org, 'runner-id': String(r.id), 'wait-for': 'idle' })
    expect(idle.outputs.busy).toBe('false')
    fakeTime((n) => {
      if (n === 3) r.status = 'offline'
    })
    const off = await t.run({ ...org, 'runner-id': String(r.id), 'wait-for': 'offline' })
    expect(off.outputs.status).toBe('offline')
  })

  it('waits for a runner to disappear', async () => {
    const r = t.sim.addRunner(OWNER, { name: 'leaving' })
    fakeTime((n) => {
      // the runner removes itself: from now on GitHub answers 404 for it
      if (n === 2)
        t.sim.inject({
          method: 'GET',
          path: `/orgs/octo-fleet/actions/runners/${r.id}`,
          status: 404,
          body: { message: 'Not Found' },
          times: 100,
        })
    })
    const gone = await t.run({ ...org, 'runner-id': String(r.id), 'wait-for': 'absent' })
    expect(gone.outputs).toMatchObject({ status: 'absent', runner: '' })
  })

  it('does not take a misspelled organization for an absent runner', async () => {
    fakeTime()
    await expect(
      t.run({
        organization: 'octo-flet',
        operation: 'wait-for-runner',
        'runner-id': '5',
        'wait-for': 'absent',
      }),
    ).rejects.toThrow(/Either the organization does not exist or the token cannot see it/)
  })

  it('fails on time-out and says the last state it saw', async () => {
    const r = t.sim.addRunner(OWNER, { name: 'stuck', status: 'offline' })
    const time = fakeTime()
    await expect(
      t.run({ ...org, 'runner-id': String(r.id), timeout: '30', 'poll-interval': '10' }),
    ).rejects.toThrow(
      /Runner id \d+ in organization octo-fleet was not online within 30 s \(last seen: offline, idle\)/,
    )
    expect(time.sleeps()).toBe(3)
  })

  it('polls through a transient 5xx', async () => {
    const r = t.sim.addRunner(OWNER, { name: 'up' })
    t.sim.inject({ method: 'GET', status: 503, times: 4 })
    fakeTime()
    const ok = await t.run({ ...org, 'runner-id': String(r.id) }, { client: { retries: 0 } })
    expect(ok.outputs.status).toBe('online')
  })
})
