/**
 * Fast time for a child process of the bundle tests, where the action's clock cannot be faked:
 * test/support/fast-time.mjs, loaded first into the child, runs its timers and clocks
 * FAST_TIME_SPEED times faster than the wall clock.
 */
import { fileURLToPath, pathToFileURL } from 'node:url'

export const FAST_TIME_SPEED = 10

/** runAction options that run the child on fast time. */
export const onFastTime = {
  nodeArgs: ['--import', pathToFileURL(fileURLToPath(new URL('fast-time.mjs', import.meta.url))).href],
  env: { FAST_TIME_SPEED: String(FAST_TIME_SPEED) },
}
