/**
 * A drain of 10 runners in a 50,000-runner organization, three of them busy until a while after
 * their labels are taken away, with latency and GitHub's secondary limits. The selection is
 * listed once (500 pages); then, since 10 runners are fewer than the fleet's pages, each poll
 * looks at the runners waited for by id instead of listing the fleet again. Its requests: the
 * selection listing plus a handful per selected runner (label look and write, a look a poll,
 * the last look and the DELETE), not 500 pages a poll.
 */
import { pages, serialSeconds } from '../limits.js'
import { benchSimulator, measure, OWNER } from '../measure.js'
import { countOutput, int, limitRows, outcomeRow, rateLimitRow, secs, wallRow } from '../rows.js'
import { scaled, type Scenario } from '../scenario.js'
import { finishJobsAfterLabels } from './drain.js'

/** Requests per selected runner besides its polls: label look and write, last look and DELETE. */
const PER_RUNNER = 4

export const drainSelectionScenario: Scenario = {
  name: 'drain-selection',
  about:
    'drain-runners on 10 runners in a fleet of 50,000, 3 busy finishing meanwhile: polls by id, not a listing a poll',
  async run(ctx) {
    const fleetSize = scaled(ctx, 50_000, 1000)
    const drained = 10
    const jobMs = Math.max(1000, Math.round(5_000 * ctx.scale))
    const pollInterval = 1
    const idleFor = 2
    const sim = await benchSimulator(ctx.latencyMs)
    const timers = new Set<NodeJS.Timeout>()
    try {
      sim.addRunners(OWNER, fleetSize, { namePrefix: 'keep', labels: ['pool-a'] })
      const busy = 3
      const pool = Array.from({ length: drained }, (_, i) =>
        sim.addRunner(OWNER, { name: `drain-${i}`, labels: ['pool-b'], busy: i < busy }),
      )
      finishJobsAfterLabels(sim, new Set(pool.filter((r) => r.busy).map((r) => r.id)), jobMs, timers)
      ctx.log(`drain-selection: ${drained} of ${int(fleetSize + drained)} runners...`)
      const m = await measure(sim, {
        operation: 'drain-runners',
        'name-pattern': 'drain-*',
        'poll-interval': String(pollInterval),
        'idle-for': String(idleFor),
        timeout: '600',
      })
      const listPages = pages(fleetSize + drained)
      const minimum = listPages + PER_RUNNER * drained
      const pollLooks = m.requests.looks - 2 * drained
      // A poll looks at each runner still waited for once: at most one look per runner per second of the wait.
      const waitSeconds = m.run.ms / 1000
      const left = sim.runners(OWNER).filter((r) => r.name.startsWith('drain-')).length
      return {
        name: this.name,
        title: `drain-runners on ${drained} runners among ${int(fleetSize + drained)}, 3 busy (each done ${secs(jobMs / 1000)} after losing its labels), poll-interval ${pollInterval} s, idle-for ${idleFor} s, ${ctx.latencyMs} ms latency, secondary limits enforced`,
        rows: [
          outcomeRow(
            m,
            `deleted-count ${countOutput(m, 'deleted-count')}, still-busy ${countOutput(m, 'still-busy')}, ${left} left`,
            `deleted-count ${drained}, still-busy [], 0 left`,
            m.run.outputs['deleted-count'] === String(drained) && left === 0,
          ),
          {
            figure: 'requests',
            measured: `${int(m.requests.total)}: ${int(m.requests.pages)} list pages, ${int(m.requests.writes)} writes, ${int(m.requests.looks)} looks by id (${int(pollLooks)} of them polls)`,
            reference: `minimum ${int(minimum)}: the selection listing (${int(listPages)} pages, once) + ${PER_RUNNER} per runner (label look and write, last look and DELETE), plus one look per waited-for runner per poll; a listing a poll would cost ${int(listPages)} pages each`,
            ok:
              m.requests.pages === listPages &&
              m.requests.total === minimum + pollLooks &&
              pollLooks <= drained * Math.ceil(waitSeconds / pollInterval + 1),
          },
          rateLimitRow(
            m,
            minimum + drained + busy,
            `the selection listing and ${PER_RUNNER} per runner, plus each runner's first poll and the poll that sees a busy one go idle; a poll of an unchanged runner answers 304, free`,
          ),
          wallRow(
            m,
            serialSeconds(minimum, ctx.latencyMs) + jobMs / 1000 + idleFor + pollInterval,
            `the minimum's requests one after the other, plus the jobs' ${secs(jobMs / 1000)}, idle-for and a poll interval`,
          ),
          ...limitRows(m),
        ],
      }
    } finally {
      for (const t of timers) clearTimeout(t)
      await sim.close()
    }
  },
}
