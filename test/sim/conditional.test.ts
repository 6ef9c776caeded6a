/** The simulator answers conditional GETs as GitHub does: ETag on every 200, 304 when unchanged, free. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_TOKEN, startSimulator, type Simulator } from '../../sim/index.js'
import { noneMatchHits } from '../../sim/conditional.js'

let sim: Simulator
beforeEach(async () => {
  sim = await startSimulator()
  sim.addOrg('octo')
})
afterEach(async () => {
  expect(sim.violations).toEqual([])
  await sim.close()
})

const get = (path: string, etag?: string) =>
  fetch(sim.url + path, {
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `token ${DEFAULT_TOKEN}`,
      ...(etag ? { 'if-none-match': etag } : {}),
    },
  })

describe('conditional requests', () => {
  it('answers 304 with no body when If-None-Match names the current ETag, without moving x-ratelimit-used', async () => {
    const r = sim.addRunner('org:octo', { name: 'a' })
    const path = `/orgs/octo/actions/runners/${r.id}`
    const first = await get(path)
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^"[0-9a-f]{40}"$/)
    expect(first.headers.get('x-ratelimit-used')).toBe('1')
    const again = await get(path, etag)
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    expect(again.headers.get('etag')).toBe(etag)
    expect(again.headers.get('x-ratelimit-used')).toBe('1')
    expect(again.headers.get('x-ratelimit-remaining')).toBe('4999')
    r.busy = true
    const changed = await get(path, etag)
    expect(changed.status).toBe(200)
    expect(changed.headers.get('etag')).not.toBe(etag)
    expect(changed.headers.get('x-ratelimit-used')).toBe('2')
    expect(sim.requests.map((q) => q.status)).toEqual([200, 304, 200])
  })

  it('compares weakly, takes lists and *, and never answers 304 to a tag it did not send', () => {
    expect(noneMatchHits('W/"abc"', '"abc"')).toBe(true)
    expect(noneMatchHits('"x", "abc"', '"abc"')).toBe(true)
    expect(noneMatchHits('*', '"abc"')).toBe(true)
    expect(noneMatchHits('"abd"', '"abc"')).toBe(false)
    expect(noneMatchHits(undefined, '"abc"')).toBe(false)
  })
})
