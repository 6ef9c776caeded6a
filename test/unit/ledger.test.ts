/** The ledger's pure decisions: looks, offline stretches, expiry, new and missing runners, the file's text. */
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import { scopeKey } from '../../src/github/target.js'
import { parseDuration } from '../../src/inputs/selection-inputs.js'
import { runnerMatcher, type Selection } from '../../src/decisions/runner-filter.js'
import {
  EXPIRY_MS,
  isoSecond,
  ledgerText,
  missingIds,
  newIds,
  observe,
  offlineBucket,
  offlineStretch,
  parseLedger,
  unexpired,
  type LedgerEntry,
  type LedgerRunners,
} from '../../src/ledger/runner-ledger.js'
import type { ApiRunner } from '../../src/decisions/runner-shape.js'

const T0 = Date.parse('2026-12-01T00:00:00Z')
const HOUR = 3600_000
const at = (hours: number) => isoSecond(T0 + hours * HOUR)
const seen = (status: string, busy = false, version: string | null = '2.330.0') => ({
  id: 7,
  name: 'build-7',
  status,
  busy,
  version,
})

describe('observe', () => {
  it('a first look online starts the record with no offline stretch', () => {
    expect(observe(undefined, seen('online'), at(0))).toEqual({
      name: 'build-7',
      first_seen: at(0),
      last_seen: at(0),
      offline_since: null,
      last_busy: null,
      version: '2.330.0',
    })
  })

  it('a runner first seen offline has offline_since = first_seen', () => {
    const e = observe(undefined, seen('offline', false, null), at(0))
    expect(e.offline_since).toBe(e.first_seen)
    expect(e.version).toBeNull()
  })

  it('an offline stretch goes on across looks and ends at an online look; a new one starts later', () => {
    let e = observe(undefined, seen('online'), at(0))
    e = observe(e, seen('offline'), at(5))
    e = observe(e, seen('offline'), at(30))
    expect(e).toMatchObject({ first_seen: at(0), last_seen: at(30), offline_since: at(5) })
    e = observe(e, seen('online', true), at(31))
    expect(e).toMatchObject({ offline_since: null, last_busy: at(31) })
    e = observe(e, seen('offline'), at(40))
    expect(e).toMatchObject({ offline_since: at(40), last_busy: at(31), first_seen: at(0) })
  })
})

describe('offline stretches and buckets', () => {
  const entry = (offlineSince: string | null, lastSeen: string): LedgerEntry => ({
    name: 'r',
    first_seen: at(0),
    last_seen: lastSeen,
    offline_since: offlineSince,
    last_busy: null,
    version: null,
  })

  it('is measured at the last look, only for runners known before this run and offline', () => {
    expect(offlineStretch(entry(at(2), at(50)), true)).toBe(48 * HOUR)
    expect(offlineStretch(entry(at(2), at(50)), false)).toBeUndefined()
    expect(offlineStretch(entry(null, at(50)), true)).toBeUndefined()
    expect(offlineStretch(undefined, true)).toBeUndefined()
  })

  it('an offline_since after the last look (a forged file, a clock that ran ahead) is not known, not "under 1 hour"', () => {
    expect(offlineStretch(entry(at(60), at(50)), true)).toBeUndefined()
    expect(offlineBucket(offlineStretch(entry(at(60), at(50)), true))).toBe('first-seen-now')
  })

  it('buckets: under 1 hour, 1 hour to 1 day, 1 to 7 days, over 7 days, not known', () => {
    expect(offlineBucket(0)).toBe('under-1h')
    expect(offlineBucket(HOUR - 1)).toBe('under-1h')
    expect(offlineBucket(HOUR)).toBe('1h-to-1d')
    expect(offlineBucket(24 * HOUR)).toBe('1d-to-7d')
    expect(offlineBucket(7 * 24 * HOUR)).toBe('1d-to-7d')
    expect(offlineBucket(7 * 24 * HOUR + 1000)).toBe('over-7d')
    expect(offlineBucket(undefined)).toBe('first-seen-now')
  })
})

describe('expiry, new and missing', () => {
  const runners: LedgerRunners = new Map([
    ['1', observe(undefined, { ...seen('online'), id: 1 }, isoSecond(T0))],
    ['2', observe(undefined, { ...seen('offline'), id: 2 }, isoSecond(T0 - EXPIRY_MS + 1000))],
    ['3', observe(undefined, { ...seen('offline'), id: 3 }, isoSecond(T0 - EXPIRY_MS))],
  ])

  it('drops the records not seen for 30 days', () => {
    expect([...unexpired(runners, T0).keys()]).toEqual(['1', '2'])
  })

  it('new: listed but not known before; missing: known but not listed', () => {
    expect(newIds(new Set(['1', '2']), ['2', '9'])).toEqual(['9'])
    expect(missingIds(runners, new Set(['1']))).toEqual(['2', '3'])
  })
})

describe('the file', () => {
  const runners: LedgerRunners = new Map([
    ['12', observe(undefined, { ...seen('offline'), id: 12 }, at(0))],
    ['3', observe(undefined, { ...seen('online', true), id: 3 }, at(1))],
  ])

  it('round-trips, with its scope, version and updated_at, runners by id', () => {
    const text = ledgerText('organization:octo-org', runners, T0 + 2 * HOUR)
    const data = JSON.parse(text) as { runners: object; updated_at: string }
    expect(Object.keys(data.runners)).toEqual(['3', '12'])
    expect(data.updated_at).toBe(at(2))
    const parsed = parseLedger(text)
    expect(parsed).toMatchObject({ ledger: { version: 1, scope: 'organization:octo-org' } })
    if (!('ledger' in parsed)) throw new Error('no ledger')
    expect(parsed.ledger.runners.get('12')).toEqual(runners.get('12'))
  })

  it.each([
    ['{"version":1', /not JSON/],
    ['[]', /not a JSON object/],
    [
      '{"version":2,"scope":"organization:o","updated_at":"2026-12-01T00:00:00Z","runners":{}}',
      /version is 2/,
    ],
    ['{"version":1,"scope":"o","updated_at":"2026-12-01T00:00:00Z","runners":{}}', /names no scope/],
    ['{"version":1,"scope":"organization:o","updated_at":"x","runners":{}}', /updated_at/],
    ['{"version":1,"scope":"organization:o","updated_at":"2026-12-01T00:00:00Z","runners":[]}', /no runners/],
    [
      '{"version":1,"scope":"organization:o","updated_at":"2026-12-01T00:00:00Z","runners":{"x":{}}}',
      /not a runner id/,
    ],
    [
      '{"version":1,"scope":"organization:o","updated_at":"2026-12-01T00:00:00Z","runners":{"5":{"name":"a","first_seen":"2026-12-01T00:00:00Z","last_seen":"2026-12-01T00:00:00Z","offline_since":5,"last_busy":null,"version":null}}}',
      /offline_since/,
    ],
  ])('refuses %s', (text, problem) => {
    const parsed = parseLedger(text)
    expect('problem' in parsed && parsed.problem).toMatch(problem)
  })

  it('50,000 runners fit in a few MB', () => {
    const many: LedgerRunners = new Map()
    for (let id = 1; id <= 50_000; id++)
      many.set(
        String(id),
        observe(undefined, { ...seen(id % 3 ? 'online' : 'offline'), id, name: `ci-runner-${id}` }, at(0)),
      )
    const bytes = Buffer.byteLength(ledgerText('organization:octo-org', many, T0))
    expect(bytes).toBeLessThan(50_000 * 200)
  })

  it('names its scope as the interface says', () => {
    expect(scopeKey({ scope: 'repository', owner: 'o', repo: 'r' })).toBe('repository:o/r')
    expect(scopeKey({ scope: 'organization', org: 'octo-org' })).toBe('organization:octo-org')
    expect(scopeKey({ scope: 'enterprise', enterprise: 'e' })).toBe('enterprise:e')
  })
})

describe('offline-for', () => {
  it.each([
    ['90m', 5400],
    ['36h', 129_600],
    ['14d', 1_209_600],
    ['3600', 3600],
    ['2D', 172_800],
  ])('reads %s as %i seconds', (value, seconds) => {
    expect(parseDuration('offline-for', value)).toBe(seconds)
  })

  it.each(['0', '2 weeks', '-5m', '1.5h', '4000d'])('refuses %s', (value) => {
    expect(() => parseDuration('offline-for', value)).toThrow(InputError)
  })

  const runner = (id: number, status: string) =>
    ({ id, name: `r-${id}`, status, busy: false, labels: [] }) as unknown as ApiRunner
  const selection = (stretches: Record<number, number>): Selection => ({
    status: 'any',
    busy: 'any',
    namePatterns: [],
    hasLabels: [],
    exclude: ['r-4'],
    offlineFor: { seconds: 3600, stretch: (id) => stretches[id] },
  })

  it('picks only runners offline now and seen offline without a break for long enough; unknown ones never', () => {
    const matches = runnerMatcher(selection({ 1: 3600_000, 2: 3599_000, 3: 9_000_000, 4: 9_000_000 }))
    expect(matches(runner(1, 'offline'))).toBe('selected')
    expect(matches(runner(2, 'offline'))).toBe('unmatched')
    expect(matches(runner(3, 'online'))).toBe('unmatched')
    expect(matches(runner(4, 'offline'))).toBe('excluded')
    expect(matches(runner(5, 'offline'))).toBe('unmatched')
  })

  it('matches nothing before the ledger is open', () => {
    const sel = selection({})
    delete sel.offlineFor!.stretch
    expect(runnerMatcher(sel)(runner(1, 'offline'))).toBe('unmatched')
  })
})
