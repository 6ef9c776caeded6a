/** idle-for: two idle looks at least idle-for apart, no busy look between; offline runners not held back. */
import { describe, expect, it } from 'vitest'
import { deletableAt, heldBack, recordLook, type IdleSince } from '../../src/decisions/idle-watch.js'
import type { ApiRunner } from '../../src/decisions/runner-shape.js'
import { apiRunner } from '../support/runners.js'

const runner = (over: Partial<ApiRunner> = {}): ApiRunner => apiRunner({ id: 7, ...over })
const MIN = 60_000

describe('idle-watch', () => {
  it('an online runner is deletable idle-for after its first idle look, on a last look that finds it idle', () => {
    const since: IdleSince = new Map()
    recordLook(since, runner(), 1000)
    recordLook(since, runner(), 20_000) // a later idle look does not restart the stretch
    expect(deletableAt(since, runner(), MIN)).toBe(1000 + MIN)
    expect(heldBack(since, runner(), 1000 + MIN - 1, MIN)).toMatch(/idle for less than idle-for \(60 s\)/)
    expect(heldBack(since, runner(), 1000 + MIN, MIN)).toBeUndefined()
  })

  it('a busy look between restarts the wait', () => {
    const since: IdleSince = new Map()
    recordLook(since, runner(), 0)
    recordLook(since, runner({ busy: true }), 30_000)
    expect(deletableAt(since, runner(), MIN)).toBeUndefined()
    recordLook(since, runner(), 40_000)
    expect(heldBack(since, runner(), MIN, MIN)).toBeDefined()
    expect(heldBack(since, runner(), 40_000 + MIN, MIN)).toBeUndefined()
  })

  it('a last look that finds it busy holds it back and ends its idle stretch', () => {
    const since: IdleSince = new Map()
    recordLook(since, runner(), 0)
    expect(heldBack(since, runner({ busy: true }), 2 * MIN, MIN)).toBe('busy: running a job')
    expect(since.has(7)).toBe(false)
  })

  it('an offline runner is not held back; an offline look does not count as an online idle look', () => {
    const since: IdleSince = new Map()
    expect(heldBack(since, runner({ status: 'offline' }), 0, MIN)).toBeUndefined()
    recordLook(since, runner({ status: 'offline' }), 0)
    expect(heldBack(since, runner(), MIN, MIN)).toBeDefined() // came online: its wait starts now
  })

  it('idle-for 0 holds back nothing idle', () => {
    const since: IdleSince = new Map()
    expect(heldBack(since, runner(), 0, 0)).toBeUndefined()
    expect(heldBack(since, runner({ busy: true }), 0, 0)).toBeDefined()
  })
})
