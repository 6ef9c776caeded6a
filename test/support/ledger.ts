/**
 * A workspace folder and a clock for ledger tests: each test gets a fresh folder, and time
 * starts at T0 and moves only when the test (or an action's sleep) moves it.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach } from 'vitest'
import { clock } from '../../src/transport/clock.js'
import type { LedgerEntry } from '../../src/ledger/runner-ledger.js'
import './clock.js'

export const T0 = Date.parse('2026-12-01T00:00:00Z')
export const HOUR = 3600_000
export const DAY = 24 * HOUR

/** The ledger file as the action writes it. */
export interface LedgerFile {
  version: number
  scope: string
  updated_at: string
  runners: Record<string, LedgerEntry>
}

/** A time as the ledger writes it: ISO 8601 UTC to the second. */
export const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

export function useLedgerWorkspace() {
  const ctx = {
    dir: '',
    now: T0,
    path: () => join(ctx.dir, 'ledger.json'),
    read: () => JSON.parse(readFileSync(ctx.path(), 'utf8')) as LedgerFile,
  }
  beforeEach(() => {
    ctx.dir = mkdtempSync(join(tmpdir(), 'ledger-'))
    ctx.now = T0
    clock.now = () => ctx.now
    clock.sleep = (ms) => {
      ctx.now += ms
      return Promise.resolve()
    }
  })
  return ctx
}
