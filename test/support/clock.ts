/** Time under the test's control: it moves only when the action sleeps. Restored after each test. */
import { afterEach } from 'vitest'
import { clock } from '../../src/clock.js'

const real = { ...clock }
afterEach(() => void Object.assign(clock, real))

/**
 * Fakes the action's clock: each sleep advances it by its length at once and then calls
 * `onSleep(n, ms)` (n counts the sleeps from 1), where a test changes the world "meanwhile".
 */
export function fakeTime(onSleep: (n: number, ms: number) => void = () => {}) {
  let now = 5_000_000
  const slept: number[] = []
  clock.now = () => now
  clock.sleep = (ms) => {
    now += ms
    slept.push(ms)
    onSleep(slept.length, ms)
    return Promise.resolve()
  }
  return { slept, sleeps: () => slept.length }
}
