import { describe, expect, it } from 'vitest'
import { budgetLine, exhaustionAt, primaryLimitOf, RequestBudget } from '../../src/transport/rate-budget.js'

const HOUR = 3_600_000
const headers = (remaining: number, used: number, resource = 'core') => ({
  'x-ratelimit-limit': '5000',
  'x-ratelimit-remaining': String(remaining),
  'x-ratelimit-used': String(used),
  'x-ratelimit-reset': String((12 * HOUR + 41 * 60_000) / 1000),
  'x-ratelimit-resource': resource,
})

describe('budgetLine', () => {
  it('names requests, free 304s, and the primary limit used and left', () => {
    const primary = primaryLimitOf(headers(4812, 188))!
    expect(budgetLine({ requests: 12, notModified: 3, charged: 9, primary })).toBe(
      '12 requests (3 answered 304, free) · primary rate limit: 9 used by this step, 4,812 of 5,000 left, resets 12:41 UTC',
    )
  })

  it('says so when the server reports no rate limit (GitHub Enterprise Server with rate limits off)', () => {
    expect(budgetLine({ requests: 1, notModified: 0, charged: 0 })).toMatch(
      /^1 request · primary rate limit: none reported/,
    )
  })

  it('a step that sent no request (merge-reports) used none, and blames no server', () => {
    expect(budgetLine({ requests: 0, notModified: 0, charged: 0 })).toBe(
      '0 requests · primary rate limit: none used (no request was sent)',
    )
  })

  it('reads only the core resource', () => {
    expect(primaryLimitOf(headers(10, 20, 'search'))).toBeUndefined()
    expect(primaryLimitOf({})).toBeUndefined()
  })
})

describe('exhaustionAt', () => {
  const primary = { limit: 5000, remaining: 100, used: 4900, resetAt: 10 * HOUR }
  it('is the moment the remaining requests run out, when that comes before the end', () => {
    expect(exhaustionAt({ now: 0, perMinute: 10, primary, endsAt: HOUR, announced: true })).toBe(10 * 60_000)
  })
  it('is undefined when the step ends first, when the limit resets first, or at no pace', () => {
    expect(
      exhaustionAt({ now: 0, perMinute: 10, primary, endsAt: 5 * 60_000, announced: true }),
    ).toBeUndefined()
    const soon = { ...primary, resetAt: 5 * 60_000 }
    expect(
      exhaustionAt({ now: 0, perMinute: 10, primary: soon, endsAt: HOUR, announced: true }),
    ).toBeUndefined()
    expect(exhaustionAt({ now: 0, perMinute: 0, primary, endsAt: HOUR, announced: true })).toBeUndefined()
  })
})

describe('RequestBudget', () => {
  it('counts 304s as free, and warns once when the pace would use up the limit before the announced end', () => {
    let now = 0
    const warnings: string[] = []
    const budget = new RequestBudget(
      () => now,
      (m) => void warnings.push(m),
    )
    budget.expectEndBy(HOUR)
    for (let i = 0; i < 5; i++) {
      budget.sent()
      budget.answered(i % 2 ? 304 : 200, headers(40 - i, 4960 + i))
      now += 1000
    }
    expect(budget.figures()).toMatchObject({ requests: 5, notModified: 2, charged: 3 })
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^At its present pace \(30 requests a minute/)
  })

  it('does not judge a pace from one answer', () => {
    const warnings: string[] = []
    const budget = new RequestBudget(
      () => 0,
      (m) => void warnings.push(m),
    )
    budget.expectEndBy(HOUR)
    budget.answered(200, headers(1, 4999))
    expect(warnings).toEqual([])
  })
})
