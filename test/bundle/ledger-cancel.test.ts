/**
 * A cancelled step writes its ledger before it exits: dist/index.js run as the runner runs it,
 * sent SIGTERM in the middle of a prune.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { DEFAULT_TOKEN, startSimulator, type Simulator } from '../../sim/index.js'
import { runAction } from '../../scripts/action-runner.js'
import type { LedgerFile } from '../support/ledger.js'
import { seedWorld } from '../support/world.js'

let sim: Simulator
beforeEach(async () => {
  sim = await startSimulator()
  seedWorld(sim)
})
afterEach(async () => {
  const violations = sim.violations
  await sim.close()
  expect(violations).toEqual([])
})

it('a prune cancelled with SIGTERM leaves a ledger of what it saw: every runner listed, those it deleted dropped', async () => {
  const ghosts = sim.addRunners('org:octo-fleet', 30, { status: 'offline', namePrefix: 'ghost' })
  const path = join(mkdtempSync(join(tmpdir(), 'ledger-')), 'ledger.json')
  const run = await runAction({
    inputs: {
      token: DEFAULT_TOKEN,
      'api-url': sim.url,
      organization: 'octo-fleet',
      operation: 'prune-runners',
      ledger: path,
      'grace-period': '0',
    },
    cancel: { signal: 'SIGTERM', when: (out) => (out.match(/^Deleted runner ghost/gm) ?? []).length >= 3 },
  })
  expect(run.code).not.toBe(0)
  expect(run.errors.join('\n')).toMatch(/cancelled/)
  const deleted = (JSON.parse(run.outputs.deleted!) as { id: number }[]).map((d) => d.id)
  expect(deleted.length).toBeGreaterThanOrEqual(3)
  const ledger = JSON.parse(readFileSync(path, 'utf8')) as LedgerFile
  expect(ledger.scope).toBe('organization:octo-fleet')
  for (const id of deleted) expect(ledger.runners[id]).toBeUndefined()
  const left = new Set(sim.runners('org:octo-fleet').map((r) => r.id))
  for (const g of ghosts.filter((x) => left.has(x.id)))
    expect(ledger.runners[g.id]).toMatchObject({
      name: g.name,
      offline_since: ledger.runners[g.id]!.first_seen,
    })
})
