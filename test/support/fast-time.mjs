/**
 * Loaded first into a child process of the bundle tests (`node --import`, see onFastTime in
 * test/support/fast-time.ts): the process's time runs FAST_TIME_SPEED times faster than the
 * wall clock. Timers fire after 1/SPEED of their delay and Date.now and performance.now advance
 * SPEED times as fast, so a step that waits seconds (request time limits, retry back-off) sees
 * those seconds pass while the test waits a fraction of them.
 */
const SPEED = Number(process.env.FAST_TIME_SPEED)
if (!(SPEED > 0)) throw new Error('fast-time.mjs: FAST_TIME_SPEED must be a positive number')

const { performance } = globalThis
const realNow = Date.now
const realPerformanceNow = performance.now.bind(performance)
const realSetTimeout = globalThis.setTimeout
const realSetInterval = globalThis.setInterval
const startedAt = realNow()
const startedPerf = realPerformanceNow()

Date.now = () => startedAt + (realNow() - startedAt) * SPEED
performance.now = () => startedPerf + (realPerformanceNow() - startedPerf) * SPEED
globalThis.setTimeout = (fn, ms, ...args) => realSetTimeout(fn, (Number(ms) || 0) / SPEED, ...args)
globalThis.setInterval = (fn, ms, ...args) => realSetInterval(fn, (Number(ms) || 0) / SPEED, ...args)
