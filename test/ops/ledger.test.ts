/**
 * The ledger across runs: several steps against one simulator, the fleet changing between
 * them, the ledger file read after each. Time is the fake clock, moved between steps.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { prepare } from '../../src/main.js'
import type { RunnerOutput } from '../../src/decisions/runner-shape.js'
import { DAY, HOUR, iso, T0, useLedgerWorkspace, type LedgerFile } from '../support/ledger.js'
import { useSimulator } from '../support/sim.js'

const t = useSimulator()
const w = useLedgerWorkspace()
const OWNER = 'org:octo-fleet' as const
const ledgerPath = () => w.path()
const readLedger = () => w.read()
/** Runs a step with the ledger (relative to the workspace), `later` ms after the last one. */
const step = (inputs: Record<string, string>, later = 0) => {
  w.now += later
  return t.run(
    { organization: 'octo-fleet', ledger: 'ledger.json', ...inputs },
    { env: { GITHUB_WORKSPACE: w.dir } },
  )
}
const report = (later = 0) => step({ operation: 'report-runners' }, later)
const removeElsewhere = (id: number) =>
  t.run({ organization: 'octo-fleet', operation: 'delete-runner', 'runner-id': String(id) })

describe('the ledger across runs', () => {
  it('first run: every runner recorded, nothing new or gone, offline ones offline since now', async () => {
    const on = t.sim.addRunner(OWNER, { name: 'on', busy: true })
    const off = t.sim.addRunner(OWNER, { name: 'off', status: 'offline', version: null })
    const r = await report()
    expect(r.outputs).toMatchObject({ 'new-count': '0', 'gone-count': '0' })
    expect(r.outputs.report).toMatchObject({
      new: [],
      gone: [],
      'offline-for': { 'under-1h': 0, 'first-seen-now': 1 },
    })
    expect(r.summary?.text?.join('\n')).toMatch(/First run of the ledger/)
    const ledger = readLedger()
    expect(ledger).toMatchObject({ version: 1, scope: 'organization:octo-fleet', updated_at: iso(T0) })
    expect(ledger.runners[on.id]).toEqual({
      name: 'on',
      first_seen: iso(T0),
      last_seen: iso(T0),
      offline_since: null,
      last_busy: iso(T0),
      version: on.version,
    })
    expect(ledger.runners[off.id]).toMatchObject({ offline_since: iso(T0), version: null })
  })

  it('offline across runs, back online in between: offline-for 2d prunes only the runner offline without a break', async () => {
    const ghost = t.sim.addRunner(OWNER, { name: 'ghost', status: 'offline' })
    const flapping = t.sim.addRunner(OWNER, { name: 'flapping', status: 'offline' })
    const later = t.sim.addRunner(OWNER, { name: 'later' })
    await report()
    // a day on: flapping came back online (a run saw it), later went offline
    t.sim.runner(flapping.id)!.status = 'online'
    t.sim.runner(later.id)!.status = 'offline'
    const listed = await step({ operation: 'list-runners' }, DAY)
    const shown = listed.outputs.runners as RunnerOutput[]
    expect(shown.find((r) => r.id === flapping.id)).toMatchObject({
      first_seen: iso(T0),
      offline_since: null,
    })
    expect(shown.find((r) => r.id === ghost.id)).toMatchObject({
      first_seen: iso(T0),
      offline_since: iso(T0),
    })
    t.sim.runner(flapping.id)!.status = 'offline'
    // a runner registered now, offline: the ledger does not know it, so it never matches
    const stranger = t.sim.addRunner(OWNER, { name: 'stranger', status: 'offline' })
    const prune = await step(
      { operation: 'prune-runners', 'offline-for': '2d', 'grace-period': '0' },
      DAY + 60_000,
    )
    expect(prune.outputs.deleted).toEqual([{ id: ghost.id, name: 'ghost' }])
    expect(t.sim.runners(OWNER).map((r) => r.name)).toEqual(['flapping', 'later', 'stranger'])
    const ledger = readLedger()
    expect(ledger.runners[ghost.id]).toBeUndefined()
    expect(ledger.runners[flapping.id]!.offline_since).toBe(iso(T0 + 2 * DAY + 60_000))
    expect(ledger.runners[later.id]!.offline_since).toBe(iso(T0 + DAY))
    expect(ledger.runners[stranger.id]!.first_seen).toBe(iso(T0 + 2 * DAY + 60_000))
    // a day later: later has been offline for 2 days; flapping and stranger for 1 day
    const dry = await step(
      { operation: 'prune-runners', 'offline-for': '36h', 'dry-run': 'true', 'grace-period': '0' },
      DAY,
    )
    expect((dry.outputs.deleted as { name: string }[]).map((r) => r.name)).toEqual(['later'])
  })

  it('new and gone since the last run: removed by someone else, confirmed by a look; the buckets', async () => {
    const keep = t.sim.addRunner(OWNER, { name: 'keep', status: 'offline' })
    const leaving = t.sim.addRunner(OWNER, { name: 'leaving' })
    await report()
    await removeElsewhere(leaving.id)
    const added = t.sim.addRunner(OWNER, { name: 'added', status: 'offline' })
    t.sim.requests.length = 0
    const r = await report(2 * DAY)
    expect(r.outputs).toMatchObject({ 'new-count': '1', 'gone-count': '1' })
    expect(r.outputs.report).toMatchObject({
      new: [{ id: added.id, name: 'added' }],
      gone: [{ id: leaving.id, name: 'leaving' }],
      'offline-for': { '1d-to-7d': 1, 'first-seen-now': 1, 'under-1h': 0, 'over-7d': 0 },
    })
    expect(t.calls()).toContain(`GET /orgs/octo-fleet/actions/runners/${leaving.id}`)
    const ledger = readLedger()
    expect(Object.keys(ledger.runners).map(Number).sort()).toEqual([keep.id, added.id].sort())
    const sections = r.summary?.sections?.map((s) => s.heading) ?? []
    expect(sections).toEqual(expect.arrayContaining(['Offline for', 'New runners (1)', 'Gone runners (1)']))
    expect(r.summary?.text?.join('\n')).toMatch(/```mermaid\npie title Offline runners/)
    // the next run: nothing new, nothing gone
    expect((await report(HOUR)).outputs).toMatchObject({ 'new-count': '0', 'gone-count': '0' })
  })

  it('label changes over a selection keep the ledger, and offline-for narrows them; their runners gain first_seen and offline_since', async () => {
    const idle = t.sim.addRunner(OWNER, { name: 'idle', status: 'offline', labels: ['pool'] })
    t.sim.addRunner(OWNER, { name: 'fresh', labels: ['pool'] })
    await step({ operation: 'list-runners' })
    const r = await step({ operation: 'add-labels', labels: 'retired', 'offline-for': '12h' }, DAY)
    expect(r.outputs.runners).toEqual([
      expect.objectContaining({ id: idle.id, first_seen: iso(T0), offline_since: iso(T0) }),
    ])
    expect(t.sim.runner(idle.id)!.labels.map((l) => l.name)).toContain('retired')
    expect(readLedger().updated_at).toBe(iso(T0 + DAY))
  })

  it('30-day expiry: a runner no run has seen for 30 days is dropped; list-runners never marks one gone', async () => {
    const old = t.sim.addRunner(OWNER, { name: 'old' })
    t.sim.addRunner(OWNER, { name: 'stays' })
    await step({ operation: 'list-runners' })
    await removeElsewhere(old.id)
    await step({ operation: 'list-runners' }, 29 * DAY)
    expect(readLedger().runners[old.id]).toMatchObject({ last_seen: iso(T0) })
    await step({ operation: 'list-runners' }, DAY)
    expect(readLedger().runners[old.id]).toBeUndefined()
    expect(Object.values(readLedger().runners).map((r) => r.name)).toEqual(['stays'])
  })

  it('50,000 runners in the ledger: no request for it, a file of a few MB; at most 100 looks for the missing', async () => {
    const live = t.sim.addRunner(OWNER, { name: 'live' })
    const record = {
      name: '',
      first_seen: iso(T0),
      last_seen: iso(T0),
      offline_since: iso(T0),
      last_busy: null,
      version: '2.330.0',
    }
    const runners: LedgerFile['runners'] = {}
    for (let i = 0; i < 50_000; i++) runners[1_000_000 + i] = { ...record, name: `removed-${i}` }
    writeFileSync(
      ledgerPath(),
      JSON.stringify({ version: 1, scope: 'organization:octo-fleet', updated_at: iso(T0), runners }),
    )
    await step({ operation: 'list-runners' }, HOUR)
    expect(t.calls()).toEqual(['GET /orgs/octo-fleet/actions/runners'])
    const text = readFileSync(ledgerPath(), 'utf8')
    expect(text.length).toBeLessThan(50_001 * 200)
    expect(Object.keys((JSON.parse(text) as LedgerFile).runners)).toHaveLength(50_001)
    // a report looks at 100 of the runners the listing missed; the rest wait for later runs
    const r = await report(HOUR)
    expect(r.outputs).toMatchObject({ 'new-count': '0', 'gone-count': '100' })
    expect(r.summary?.text?.join('\n')).toMatch(/49900 more runners were missing from the listing/)
    expect(Object.keys(readLedger().runners)).toHaveLength(49_901)
    expect(readLedger().runners[live.id]!.first_seen).toBe(iso(T0 + HOUR))
  })
})

describe('a ledger that does not fit', () => {
  const valid = (scope: string) => JSON.stringify({ version: 1, scope, updated_at: iso(T0), runners: {} })

  it("another scope's ledger is an input error, before any request, and the file is left as it was", async () => {
    writeFileSync(ledgerPath(), valid('organization:other-org'))
    await expect(report()).rejects.toThrow(
      /Input 'ledger': .*ledger of organization:other-org, not of organization:octo-fleet/,
    )
    expect(t.calls()).toEqual([])
    expect(readLedger().scope).toBe('organization:other-org')
  })

  it('a corrupt file fails a prune before any request; a report replaces it with a warning', async () => {
    t.sim.addRunner(OWNER, { name: 'ghost', status: 'offline' })
    writeFileSync(ledgerPath(), '{"version":1,"scope":')
    await expect(step({ operation: 'prune-runners', 'offline-for': '1h' })).rejects.toThrow(
      /Input 'ledger': .*cannot be read as a runner ledger: it is not JSON.*prune-runners changes things/,
    )
    expect(t.calls()).toEqual([])
    expect(t.sim.runners(OWNER)).toHaveLength(1)
    const r = await report()
    expect(t.log.warnings.join('\n')).toMatch(/cannot be read .*a new one replaces it/)
    expect(r.outputs['new-count']).toBe('0')
    expect(Object.values(readLedger().runners).map((x) => x.name)).toEqual(['ghost'])
  })

  it('offline-for alone is a selection a bulk change accepts; on an operation that does not read it, an input error', () => {
    const inputs = { token: 'ghp_x', organization: 'octo-fleet', ledger: ledgerPath(), 'offline-for': '14d' }
    expect(prepare({ ...inputs, operation: 'drain-runners' }, {}).op.name).toBe('drain-runners')
    expect(() => prepare({ ...inputs, operation: 'delete-runner', 'runner-id': '5' }, {})).toThrow(
      /Input 'offline-for': delete-runner does not read offline-for/,
    )
  })

  it('a ledger path that cannot be read (a folder) is an input error naming ledger', async () => {
    await expect(step({ operation: 'report-runners', ledger: '.' })).rejects.toThrow(
      /Input 'ledger': .* cannot be read: /,
    )
    expect(t.calls()).toEqual([])
  })

  it('offline-for without ledger is an input error', async () => {
    await expect(
      t.run({ organization: 'octo-fleet', operation: 'prune-runners', 'offline-for': '2d' }),
    ).rejects.toThrow(/Input 'offline-for': needs ledger/)
    expect(t.calls()).toEqual([])
  })

  it('offline-for with status online selects nothing by definition: an input error, before any request', async () => {
    await expect(step({ operation: 'prune-runners', 'offline-for': '2d', status: 'online' })).rejects.toThrow(
      /Input 'offline-for'.*status: online/,
    )
    expect(t.calls()).toEqual([])
  })
})
