/**
 * A one-hour wait on an unchanged runner, without waiting an hour: wait-for-runner polls an
 * offline runner every second for `seconds` (60 at scale 1), then the runner comes online. Every
 * poll but the first and the last finds it unchanged. The figures are measured on those polls
 * and then given per hour at the default poll-interval (10 s: 360 polls), labelled as such: the
 * requests grow with the polls, the primary rate limit only with the changes.
 */
import { benchSimulator, measure, OWNER } from '../measure.js'
import { int, limitRows, outcomeRow, rateLimitRow, type Row } from '../rows.js'
import { scaled, type Scenario } from '../scenario.js'

const DEFAULT_POLL_SECONDS = 10
const HOUR_POLLS = 3600 / DEFAULT_POLL_SECONDS

export const waitScenario: Scenario = {
  name: 'wait',
  about:
    'wait-for-runner on an unchanged runner, polled every second, scaled to one hour at the default poll-interval',
  async run(ctx) {
    const seconds = scaled(ctx, 60, 3)
    const sim = await benchSimulator(ctx.latencyMs)
    const runner = sim.addRunner(OWNER, { name: 'booting', status: 'offline' })
    const online = setTimeout(() => (runner.status = 'online'), seconds * 1000)
    try {
      const m = await measure(sim, {
        operation: 'wait-for-runner',
        'runner-id': String(runner.id),
        'poll-interval': '1',
        timeout: String(seconds * 3),
      })
      const polls = m.requests.total
      const charged = polls - m.requests.notModified
      // Per hour: every poll is a request; of them only the first look counts while the runner
      // stays unchanged (the last look here, which sees the change, ends the wait).
      const hourCounted = charged - 1
      const rows: Row[] = [
        outcomeRow(
          m,
          `status ${m.run.outputs.status ?? 'unset'} after ${int(polls)} polls`,
          `status online after about ${seconds} polls`,
          m.run.outputs.status === 'online',
        ),
        rateLimitRow(
          m,
          2,
          'the first look and the look that sees the change; the polls in between answered 304',
        ),
        {
          figure: 'one hour at poll-interval 10 s (scaled from the polls above)',
          measured: `${int(HOUR_POLLS)} requests, ${int(hourCounted)} of them counted against the primary rate limit`,
          reference: `minimum ${int(HOUR_POLLS)} requests and 1 counted (the first look; 304s cost 0); without conditional requests ${int(HOUR_POLLS)} counted`,
          ok: hourCounted <= 1,
        },
        ...limitRows(m),
      ]
      return {
        name: this.name,
        title: `wait-for-runner on a runner offline for ${seconds} s, poll-interval 1 s, ${ctx.latencyMs} ms latency`,
        rows,
      }
    } finally {
      clearTimeout(online)
      await sim.close()
    }
  },
}
