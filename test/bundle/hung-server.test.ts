/** The bundle against a server that accepts connections and never answers: nothing hangs. */
import { describe, expect, it } from 'vitest'
import { runAction } from '../../scripts/action-runner.js'
import { FAST_TIME_SPEED, onFastTime } from '../support/fast-time.js'
import { serve, TOKEN } from '../support/servers.js'

describe('a server that never answers', () => {
  it('wait-for-runner stops at its own timeout, whatever is in flight', async () => {
    const s = await serve(() => {})
    const run = await runAction({
      inputs: {
        token: TOKEN,
        'api-url': s.url,
        organization: 'acme',
        operation: 'wait-for-runner',
        'runner-id': '7',
        timeout: '2',
      },
      timeoutMs: 20_000,
    })
    expect(run.code).toBe(1)
    expect(run.ms).toBeLessThan(8_000)
    expect(run.errors.join('\n')).toMatch(
      /Runner id 7 in organization acme was not online within 2 s \(never seen; last error: the last look had not been answered\)/,
    )
  })

  it('list-runners fails after the retries, saying the server did not answer in time', async () => {
    const s = await serve(() => {})
    const run = await runAction({
      inputs: {
        token: TOKEN,
        'api-url': s.url,
        organization: 'acme',
        operation: 'list-runners',
        'request-timeout': '1',
      },
      // 4 attempts of 1 s and back-off of 1, 4 and 9 s: 18 s of the step's time, 1.8 s of the test's
      ...onFastTime,
      timeoutMs: 60_000,
    })
    expect(run.code).toBe(1)
    expect(s.seen).toHaveLength(4)
    expect(run.errors.join('\n')).toContain(`the server at ${s.url} did not answer within 1 s (4 attempts)`)
    // from the first attempt to the exit, in the step's time: the waits were waited, and no more
    const stepMs = (run.startedAt + run.ms - s.seen[0]!.at) * FAST_TIME_SPEED
    expect(stepMs).toBeGreaterThanOrEqual(18_000)
    expect(stepMs).toBeLessThan(40_000)
  })
})
