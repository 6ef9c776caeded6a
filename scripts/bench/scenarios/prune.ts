/**
 * A prune of an organization of 2,500 runners, 1,000 of them offline ghosts, with latency and
 * GitHub's secondary limits: every page, then one GET and one DELETE per deletion, paced. With
 * the bundle's size and its cold start (process start to first request).
 */
import { startupRows } from '../startup.js'
import {
  ACTION_WRITES_PER_WINDOW,
  bareLimitSeconds,
  pages,
  slotFloorSeconds,
  WRITES_PER_WINDOW,
} from '../limits.js'
import { benchSimulator, measure, OWNER } from '../measure.js'
import { int, limitRows, memoryRow, outcomeRow, requestsRow, secs, wallRow, writeFloorText } from '../rows.js'
import { scaled, type Scenario } from '../scenario.js'

export const pruneScenario: Scenario = {
  name: 'prune',
  about:
    'prune-runners over 2,500 runners, 1,000 offline ghosts (latency, secondary limits); bundle, cold start',
  async run(ctx) {
    const runners = scaled(ctx, 2500, 5)
    const ghosts = scaled(ctx, 1000, 2)
    const sim = await benchSimulator(ctx.latencyMs)
    try {
      // Seeded runners have connected (they have a version): no grace-period wait either way.
      sim.addRunners(OWNER, runners, (i) => {
        const ghost = i <= ghosts
        return {
          name: ghost ? `ephemeral-${i.toString(36)}` : `live-${i}`,
          status: ghost ? 'offline' : 'online',
          busy: !ghost && i % 3 === 0,
          ephemeral: ghost,
        }
      })
      ctx.log(`prune: ${int(runners)} runners, ${int(ghosts)} offline ghosts...`)
      const m = await measure(sim, {
        operation: 'prune-runners',
        'max-deletions': String(ghosts),
        'grace-period': '0',
      })
      const deleted = Number(m.run.outputs['deleted-count'] ?? 0)
      const left = sim.runners(OWNER).length
      const listPages = pages(runners)
      const work = { lead: listPages, slots: ghosts, requestsPerSlot: 2, latencyMs: ctx.latencyMs }
      const floor = slotFloorSeconds({ ...work, perWindow: WRITES_PER_WINDOW })
      const paced = slotFloorSeconds({ ...work, perWindow: ACTION_WRITES_PER_WINDOW })
      return {
        name: this.name,
        title: `prune-runners, ${int(runners)} runners, ${int(ghosts)} offline ghosts, ${ctx.latencyMs} ms latency, secondary limits enforced`,
        rows: [
          outcomeRow(
            m,
            `deleted ${int(deleted)}, ${int(left)} runners left`,
            `deleted ${int(ghosts)}, ${int(runners - ghosts)} left`,
            deleted === ghosts && left === runners - ghosts,
          ),
          requestsRow(
            m,
            listPages + 2 * ghosts,
            `${listPages} list pages + one GET and one DELETE per deletion`,
          ),
          wallRow(
            m,
            floor,
            `${writeFloorText(ghosts, ctx.latencyMs)}; the limit alone ${secs(bareLimitSeconds(ghosts))}; at the action's own ${ACTION_WRITES_PER_WINDOW} a minute ${secs(paced)}`,
          ),
          ...limitRows(m),
          memoryRow(m, false),
          ...(await startupRows(ctx.coldStarts)),
        ],
      }
    } finally {
      await sim.close()
    }
  },
}
