/**
 * wait-for-runner: polls one runner until it is online, idle, busy, offline or absent. How a
 * workflow waits for the runner it just started (or for one to go away).
 */
import { ApiError, type Api } from '../api.js'
import { clock } from '../clock.js'
import { ActionError, errorMessage } from '../errors.js'
import { shapeRunner, type ApiRunner, type RunnerOutput } from '../runners.js'
import type { Settings, WaitFor } from '../settings.js'
import { describeTarget, SCOPES, type Target } from '../target.js'
import { isLostAnswer } from './create-once.js'
import { confirmTargetAnswers, findRunnerByName, requireRunnerRef } from './runner-ref.js'
import { runnersTable } from './runners.js'
import type { Operation } from './types.js'

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

/** One look at the runner. `confirmed`: the target is known to exist (a 404 then means the runner is gone). */
async function look(client: Api, target: Target, s: Settings, confirmed: { target: boolean }): Promise<Look> {
  if (s.runnerName !== undefined) {
    const r = await findRunnerByName(client, target, s.runnerName)
    return r && shapeRunner(r)
  }
  try {
    return shapeRunner(
      (await client.request<ApiRunner>(target, 'GET /actions/runners/{runner_id}', { runner_id: s.runnerId }))
        .data,
    )
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 404)) throw e
    if (!confirmed.target) await confirmTargetAnswers(client, target)
    confirmed.target = true
    return undefined
  }
}

/** Errors worth polling through (GitHub hiccups); anything else ends the wait at once. */
function transient(e: unknown): boolean {
  return isLostAnswer(e) || (e instanceof ApiError && e.status === 429)
}

export const waitForRunner: Operation = {
  description:
    'Wait until a runner is online, idle, busy, offline or absent; fail after timeout with the last state seen.',
  scopes: SCOPES,
  validate: requireRunnerRef,
  run: async (client, target, s) => {
    const deadline = clock.now() + s.timeout * 1000
    const who = s.runnerName !== undefined ? `'${s.runnerName}'` : `id ${s.runnerId}`
    let last: Look
    let seen = false
    let lastError: string | undefined
    const confirmed = { target: false }
    for (;;) {
      try {
        last = await look(client, target, s, confirmed)
        seen = true
        lastError = undefined
        if (reached(last, s.waitFor)) break
      } catch (e) {
        if (!transient(e)) throw e
        lastError = errorMessage(e)
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
    const runner = last
    return {
      result: runner ?? null,
      outputs: {
        runner: runner ?? '',
        'runner-id': runner ? String(runner.id) : s.runnerId !== undefined ? String(s.runnerId) : '',
        status: runner?.status ?? 'absent',
        busy: runner ? String(runner.busy) : 'false',
      },
      summary: runner
        ? runnersTable(`Runner ${runner.name} is ${s.waitFor}`, [runner])
        : { heading: `Runner ${who} is absent`, text: [`No runner ${who} in ${describeTarget(target)}.`] },
    }
  },
}
