import { afterEach, describe, expect, it } from 'vitest'
import { clock } from '../../src/transport/clock.js'
import { DEFAULT_WRITES_PER_WINDOW, WritePacer } from '../../src/transport/pacer.js'

const realClock = { ...clock }
afterEach(() => Object.assign(clock, realClock))

function fakeClock() {
  let now = 0
  clock.now = () => now
  clock.sleep = (ms) => {
    now += ms
    return Promise.resolve()
  }
  return { now: () => now, advance: (ms: number) => (now += ms) }
}

describe('WritePacer', () => {
  it('keeps 92% of GitHub’s budget: 165 mutations a rolling minute', () => {
    expect(DEFAULT_WRITES_PER_WINDOW).toBe(165)
  })

  it('lets a window’s budget go at once, then one more each time an old one ages out', async () => {
    const time = fakeClock()
    const pacer = new WritePacer({ capacity: 3, windowMs: 60_000 })
    const sentAt: number[] = []
    for (let i = 0; i < 7; i++) {
      await pacer.run(() => {
        sentAt.push(time.now())
        time.advance(100) // the request's latency
        return Promise.resolve()
      })
    }
    expect(sentAt).toEqual([0, 100, 200, 60_000, 60_100, 60_200, 120_000])
    // never more than 3 in any 60 s
    for (const t of sentAt)
      expect(sentAt.filter((s) => s > t - 60_000 && s <= t).length).toBeLessThanOrEqual(3)
  })

  it('sends one mutation at a time, even when asked concurrently', async () => {
    fakeClock()
    const pacer = new WritePacer({ capacity: 100 })
    let inFlight = 0
    let most = 0
    const order: number[] = []
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        pacer.run(async () => {
          most = Math.max(most, ++inFlight)
          await new Promise((r) => setImmediate(r)) // the others are asked meanwhile
          order.push(i)
          inFlight--
        }),
      ),
    )
    expect(most).toBe(1)
    expect(order).toEqual([0, 1, 2, 3, 4])
  })

  it('a failed mutation does not block the next one', async () => {
    fakeClock()
    const pacer = new WritePacer()
    await expect(pacer.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    await expect(pacer.run(() => Promise.resolve(7))).resolves.toBe(7)
  })

  it('shrinks its budget by a third when GitHub pushes back', () => {
    const pacer = new WritePacer({ capacity: 165 })
    pacer.backOff()
    expect(pacer.capacity).toBe(110)
    for (let i = 0; i < 20; i++) pacer.backOff()
    expect(pacer.capacity).toBe(1)
  })
})
