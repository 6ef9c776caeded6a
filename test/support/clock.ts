/**
 * Time under the test's control: it moves only when the action sleeps. Restored after each test
 * (test/support/setup.ts calls restoreClock).
 */
import { clock } from '../../src/transport/clock.js'

const real = { ...clock }

/** Puts the real clock back. */
export function restoreClock(): void {
  Object.assign(clock, real)
}

/**
 * Fakes the action's clock: each sleep advances it by its length at once and then calls
 * `onSleep(n, ms)` (n counts the sleeps from 1), where a test changes the world "meanwhile".
 * Deadlines (`clock.after`) fire when the fake time reaches them: by a sleep, or by `advance`,
 * which a test calls while a request hangs.
 */
export function fakeTime(onSleep: (n: number, ms: number) => void = () => {}) {
  let now = 5_000_000
  const slept: number[] = []
  const timers = new Set<{ at: number; then: () => void }>()
  const advance = (ms: number) => {
    now += ms
    for (const timer of [...timers].sort((a, b) => a.at - b.at))
      if (timer.at <= now) {
        timers.delete(timer)
        timer.then()
      }
  }
  clock.now = () => now
  clock.sleep = (ms) => {
    advance(ms)
    slept.push(ms)
    onSleep(slept.length, ms)
    return Promise.resolve()
  }
  clock.after = (ms, then) => {
    const timer = { at: now + ms, then }
    timers.add(timer)
    return () => void timers.delete(timer)
  }
  return { slept, sleeps: () => slept.length, advance }
}
