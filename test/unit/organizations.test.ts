/** The pure parts of the many-organizations operations: which logins a list picks, the shards, the result files, the merge. */
import { describe, expect, it } from 'vitest'
import type { EndOfLife, FleetReport } from '../../src/decisions/fleet-report.js'
import {
  matrixTooLarge,
  MATRIX_LIMIT,
  pickOrganizations,
  sortLogins,
} from '../../src/decisions/org-selection.js'
import { resultFileJson } from '../../src/publish/outputs.js'
import { checkResults, mergeFleetReports, mergePrunes, readResult } from '../../src/decisions/report-merge.js'
import { graphqlUrl, offApiUrl } from '../../src/transport/api-url.js'

const logins = (n: number) => Array.from({ length: n }, (_, i) => `org-${String(i).padStart(4, '0')}`)

describe('pickOrganizations', () => {
  it('sorts case-insensitively, once for every run, and drops duplicates', () => {
    expect(sortLogins(['b', 'A', 'a', 'C', 'b'])).toEqual(['A', 'a', 'b', 'C'])
  })

  it('filters with the glob rules of runner names: any pattern, no excluded one', () => {
    const picked = pickOrganizations(['Prod-EU', 'prod-us', 'prod-sandbox', 'dev'], {
      namePatterns: ['PROD-*'],
      exclude: ['*-sandbox'],
    })
    expect(picked).toEqual({ organizations: ['Prod-EU', 'prod-us'], matched: 2 })
  })

  it.each([1, 2, 3, 7, 256])(
    'cuts %i shards that are disjoint, even and together the whole list',
    (count) => {
      const all = logins(1000)
      const parts = Array.from(
        { length: count },
        (_, i) =>
          pickOrganizations(all, { namePatterns: [], exclude: [], shard: { index: i + 1, count } })
            .organizations,
      )
      expect(parts.flat().sort()).toEqual(all)
      const sizes = parts.map((p) => p.length)
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
      // position p (from 0) goes to shard (p mod n) + 1
      expect(parts[0]![1]).toBe(all[count])
    },
  )

  it('names shard when a list passes GitHub’s matrix limit, with the parts it needs', () => {
    expect(matrixTooLarge(MATRIX_LIMIT, MATRIX_LIMIT, undefined)).toBeUndefined()
    expect(matrixTooLarge(600, 600, undefined)).toMatch(/600 organizations .*256 .*shard to 1\/3, 2\/3/)
    expect(matrixTooLarge(300, 600, { index: 1, count: 2 })).toMatch(/shard 1\/2 holds 300 of 600.*1\/3/)
  })
})

describe('the GraphQL endpoint beside api-url', () => {
  it.each([
    ['https://api.github.com', 'https://api.github.com/graphql'],
    ['https://api.octo.ghe.com', 'https://api.octo.ghe.com/graphql'],
    ['https://ghes.example.com/api/v3', 'https://ghes.example.com/api/graphql'],
    ['http://127.0.0.1:3000/', 'http://127.0.0.1:3000/graphql'],
  ])('%s → %s', (apiUrl, graphql) => {
    expect(graphqlUrl(apiUrl)).toBe(graphql)
    expect(offApiUrl(new URL(graphql), new URL(apiUrl))).toBeUndefined()
  })

  it('lets nothing else outside GHES’s /api/v3 through', () => {
    expect(
      offApiUrl(new URL('https://ghes.example.com/api/other'), new URL('https://ghes.example.com/api/v3')),
    ).toMatch(/not under api-url's path/)
  })
})

describe('result files', () => {
  const origin = { operation: 'report-runners', scope: 'organization:acme' }

  it('start an object result with its operation and scope, keeping every other key', () => {
    const text = resultFileJson({ total: 3, 'by-os': {} }, origin)
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['operation', 'scope', 'total', 'by-os'])
  })

  it('leave lists, plain values, and objects that have such keys of their own as they were', () => {
    expect(resultFileJson([1, 2], origin)).toBe('[1,2]')
    expect(resultFileJson('x', origin)).toBe('x')
    expect(resultFileJson({ scope: 'mine' }, origin)).toBe('{"scope":"mine"}')
    expect(resultFileJson({ a: 1 }, undefined)).toBe('{"a":1}')
  })
})

function report(over: Partial<FleetReport> = {}): FleetReport {
  return {
    ...{ total: 2, online: 1, offline: 1, busy: 0, idle: 1 },
    ...{ 'by-os': { linux: 2 }, 'by-label': { 'self-hosted': 2 }, 'by-group': { '1': 2 } },
    'by-version': { '2.300.0': 2 },
    'end-of-life': [],
    'end-of-life-unknown': [],
    ...over,
  }
}
const eol = (
  version: string,
  runners: number,
  runtime: string | null,
  registration: string | null = null,
): EndOfLife => ({
  version,
  runners,
  runtime_deprecates_at: runtime,
  registration_deprecates_at: registration,
})
const file = (name: string, scope: string, value: object, operation = 'report-runners') =>
  readResult(name, resultFileJson(value, { operation, scope }))

describe('merging', () => {
  it('sums counts and maps, merges end-of-life by version (earliest dates, soonest first), and counts each scope', () => {
    const a = report({ 'end-of-life': [eol('2.300.0', 2, '2027-01-01T00:00:00Z')] })
    const b = report({
      total: 5,
      'by-os': { windows: 5 },
      'by-version': { '2.300.0': 1, '2.310.0': 4 },
      'end-of-life': [
        eol('2.310.0', 4, '2026-06-01T00:00:00Z'),
        eol('2.300.0', 1, '2026-12-01T00:00:00Z', '2026-10-01T00:00:00Z'),
      ],
    })
    const { report: merged, byOrganization } = mergeFleetReports([
      { scope: 'organization:b', report: b },
      { scope: 'organization:a', report: a },
    ])
    expect(merged).toMatchObject({
      total: 7,
      'by-os': { linux: 2, windows: 5 },
      'by-version': { '2.300.0': 3, '2.310.0': 4 },
    })
    expect(merged['end-of-life']).toEqual([
      eol('2.310.0', 4, '2026-06-01T00:00:00Z'),
      eol('2.300.0', 3, '2026-12-01T00:00:00Z', '2026-10-01T00:00:00Z'),
    ])
    expect(Object.keys(byOrganization)).toEqual(['organization:a', 'organization:b'])
    expect(byOrganization['organization:b']).toMatchObject({ total: 5, 'outdated-count': 5 })
  })

  it('sums prunes and maps each scope to its deletions', () => {
    const prune = (n: number) => ({ deleted: [], skipped: [], failed: [], deleted_count: n, dry_run: false })
    expect(
      mergePrunes([
        { scope: 'organization:x', prune: prune(2) },
        { scope: 'organization:a', prune: prune(5) },
      ]),
    ).toEqual({ deletedCount: 7, byOrganization: { 'organization:a': 5, 'organization:x': 2 } })
  })

  it('refuses what is no such result, one scope twice (in any case), and a mix', () => {
    expect(() => readResult('f.json', '{')).toThrow(/f\.json is not a result-file .*not JSON/)
    expect(() => file('f.json', 'organization:a', { total: 'many' })).toThrow(/not of its shape/)
    expect(() => file('f.json', 'somewhere', report())).toThrow(/names no scope/)
    const a = file('a.json', 'organization:Acme', report())
    expect(() => checkResults([a, file('b.json', 'organization:acme', report())])).toThrow(
      /a\.json and b\.json are both results for organization:acme/,
    )
    const p = file(
      'p.json',
      'organization:b',
      { deleted: [], skipped: [], failed: [], deleted_count: 0, dry_run: true },
      'prune-runners',
    )
    expect(() => checkResults([a, p])).toThrow(/separate steps/)
    expect(checkResults([p])).toBe('prune-runners')
  })
})
