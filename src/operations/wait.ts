/**
 * wait-for-runner: polls one runner until it is online, idle, busy, offline or absent. How a
 * workflow waits for the runner it just started (or for one to go away). Each look is a
 * conditional request: while the runner does not change, GitHub answers 304, which costs no
 * primary rate limit.
 */
import { ApiError } from '../github/api.js'
import { beforeDeadline, clock, DeadlinePassed } from '../transport/clock.js'
import { ActionError, errorMessage } from '../errors.js'
import { choice, whole, withDefault } from '../inputs/read.js'
import { runner } from '../inputs/runner-inputs.js'
import { shapeRunner, type RunnerOutput } from '../decisions/runner-shape.js'
import { describeTarget, SCOPES } from '../github/target.js'
import { defineOperation } from '../registry/define.js'
import { isLostAnswer } from '../github/lost-answer.js'
import { lookUpRunner } from '../github/runner-lookup.js'
import { runnersTable } from '../publish/tables.js'
import { summaryText } from '../publish/printable.js'

const WAIT_STATES = ['online', 'idle', 'busy', 'offline', 'absent'] as const
export type WaitFor = (typeof WAIT_STATES)[number]

/** The least time a look is given, even at the deadline (a wait may end this much after its timeout). */
const LOOK_GRACE_MS = 2000

/** What one look saw: the runner, or undefined when it does not exist. */
type Look = RunnerOutput | undefined

export function reached(look: Look, want: WaitFor): boolean {
  if (want === 'absent') return look === undefined
  if (look === undefined) return false
  switch (want) {
    case 'online':
      return look.status === 'online'
    case 'idle':
      return look.status === 'online' && !look.busy
    case 'busy':
      return look.busy
    case 'offline':
      return look.status === 'offline'
  }
}

export function describeLook(look: Look): string {
  return look === undefined ? 'absent' : `${look.status}, ${look.busy ? 'busy' : 'idle'}`
}

/** Errors worth polling through (GitHub hiccups); anything else ends the wait at once. */
function transient(e: unknown): boolean {
  return isLostAnswer(e) || (e instanceof ApiError && e.status === 429)
}

export const waitOperation = defineOperation({
  name: 'wait-for-runner',
  family: 'Self-hosted runners',
  description:
    'Wait until a runner is online, idle, busy, offline or absent; fail after timeout with the last state seen.',
  scopes: SCOPES,
  changes: false,
  inputs: {
    runner,
    waitFor: withDefault(choice('wait-for', WAIT_STATES), 'online'),
    timeout: whole('timeout', { min: 1, max: 6 * 3600 }, 300),
    pollInterval: whole('poll-interval', { min: 1, max: 3600 }, 10),
  },
  outputs: ['runner', 'runner-id', 'status', 'busy'],
  run: async (api, target, s) => {
    const deadline = clock.now() + s.timeout * 1000
    api.budget.expectEndBy(deadline)
    const who = s.runner.name !== undefined ? `'${s.runner.name}'` : `id ${s.runner.id}`
    let last: Look
    let seen = false
    let lastError: string | undefined
    for (;;) {
      try {
        // A look gets at least LOOK_GRACE_MS, so the last one, at the deadline, can be answered.
        const found = await beforeDeadline(
          // A poll: an unchanged runner (304) costs no primary rate limit.
          lookUpRunner(api, target, s.runner, { poll: true }),
          Math.max(deadline, clock.now() + LOOK_GRACE_MS),
        )
        last = found && shapeRunner(found)
        seen = true
        lastError = undefined
        if (reached(last, s.waitFor)) break
      } catch (e) {
        if (e instanceof DeadlinePassed) lastError = 'the last look had not been answered'
        else if (!transient(e)) throw e
        else lastError = errorMessage(e)
      }
      const left = deadline - clock.now()
      if (left <= 0) {
        const state = seen ? `last seen: ${describeLook(last)}` : 'never seen'
        throw new ActionError(
          `Runner ${who} in ${describeTarget(target)} was not ${s.waitFor} within ${s.timeout} s (${state}` +
            `${lastError ? `; last error: ${lastError}` : ''}).`,
        )
      }
      await clock.sleep(Math.min(s.pollInterval * 1000, left))
    }
    const r = last
    return {
      result: r ?? null,
      outputs: {
        runner: r ?? '',
        'runner-id': r ? String(r.id) : s.runner.id !== undefined ? String(s.runner.id) : '',
        status: r?.status ?? 'absent',
        busy: r ? String(r.busy) : 'false',
      },
      summary: r
        ? runnersTable(`Runner ${r.name} is ${s.waitFor}`, [r])
        : {
            heading: `Runner ${who} is absent`,
            text: [`No runner ${summaryText(who)} in ${describeTarget(target)}.`],
          },
    }
  },
})
