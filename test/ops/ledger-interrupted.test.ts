/**
 * The ledger of a step that fails or is cancelled: written with what the step saw, and never
 * more. A listing that failed half-way marks no runner gone and breaks no offline stretch.
 */
import { describe, expect, it } from 'vitest'
import { faults } from '../../sim/index.js'
import { saveRunningLedgers } from '../../src/ledger/ledger-session.js'
import { DAY, iso, T0, useLedgerWorkspace, type LedgerFile } from '../support/ledger.js'
import { useSimulator } from '../support/sim.js'

const t = useSimulator()
const OWNER = 'org:octo-fleet' as const
const w = useLedgerWorkspace()
const readRunners = () => w.read().runners
const step = (inputs: Record<string, string>, opts: Parameters<typeof t.run>[1] = {}) =>
  t.run(
    { organization: 'octo-fleet', ledger: w.path(), ...inputs },
    { env: { GITHUB_WORKSPACE: '/nonexistent' }, ...opts },
  )

describe('a step that does not finish', () => {
  it('failed mid-listing: what it saw is kept, no runner is gone, no offline stretch is broken, nothing is deleted', async () => {
    const fleet = t.sim.addRunners(OWNER, 150, { status: 'offline', namePrefix: 'ghost' })
    await step({ operation: 'report-runners' })
    w.now += DAY
    // page 1 answers, then its next link points elsewhere: the listing fails half-way
    t.sim.inject(faults.nextLink('https://evil.example/steal', { method: 'GET' }))
    await expect(
      step({ operation: 'prune-runners', 'offline-for': '1h', 'grace-period': '0' }),
    ).rejects.toThrow()
    expect(t.sim.runners(OWNER)).toHaveLength(150)
    const runners = readRunners()
    expect(Object.keys(runners)).toHaveLength(150)
    expect(runners[fleet[0]!.id]).toMatchObject({ last_seen: iso(T0 + DAY), offline_since: iso(T0) })
    expect(runners[fleet[149]!.id]).toMatchObject({ last_seen: iso(T0), offline_since: iso(T0) })
    // the next complete run: nothing new, nothing gone, every stretch since T0
    const r = await step({ operation: 'report-runners' })
    expect(r.outputs).toMatchObject({ 'new-count': '0', 'gone-count': '0' })
    expect(r.outputs.report).toMatchObject({ 'offline-for': { '1d-to-7d': 150 } })
  })

  it('cancelled: the ledger written at the cancellation holds what the step saw and did so far', async () => {
    const ghosts = t.sim.addRunners(OWNER, 5, { status: 'offline', namePrefix: 'ghost' })
    await step({ operation: 'list-runners' })
    w.now += 3 * DAY
    const cancel = new AbortController()
    let atCancel: LedgerFile['runners'] | undefined
    const r = await step(
      { operation: 'prune-runners', 'offline-for': '2d', 'grace-period': '0' },
      {
        step: {
          signal: cancel.signal,
          log: {
            info: (m) => {
              if (atCancel || !m.startsWith('Deleted runner')) return
              // as the cancellation handler in src/main.ts does before the process exits
              cancel.abort()
              saveRunningLedgers((w) => {
                throw new Error(w)
              })
              atCancel = readRunners()
            },
            warning: () => undefined,
          },
        },
      },
    )
    expect(r.outputs['deleted-count']).toBe('1')
    const deleted = (r.outputs.deleted as { id: number }[])[0]!.id
    expect(Object.keys(atCancel!)).toHaveLength(4)
    expect(atCancel![deleted]).toBeUndefined()
    for (const g of ghosts.filter((x) => x.id !== deleted))
      expect(atCancel![g.id]).toMatchObject({ last_seen: iso(w.now), offline_since: iso(T0) })
    expect(readRunners()).toEqual(atCancel)
  })
})
