/**
 * A label change over a selection: add-labels on the 1,000 runners a name-pattern picks in an
 * organization of 3,000, with latency and GitHub's secondary limits. The action lists every
 * page, then for each runner takes a write slot, looks at it (GET) and writes (POST): each
 * write decided on a fresh look.
 */
import {
  ACTION_WRITES_PER_WINDOW,
  bareLimitSeconds,
  pages,
  slotFloorSeconds,
  WRITES_PER_WINDOW,
} from '../limits.js'
import { benchSimulator, measure, OWNER } from '../measure.js'
import {
  countOutput,
  int,
  limitRows,
  memoryRow,
  outcomeRow,
  outputRows,
  requestsRow,
  secs,
  wallRow,
  writeFloorText,
} from '../rows.js'
import { scaled, type Scenario } from '../scenario.js'

const ADDED = 'bench-added'

export const labelsScenario: Scenario = {
  name: 'labels',
  about: 'add-labels on 1,000 runners a name-pattern picks among 3,000 (latency, secondary limits)',
  async run(ctx) {
    const picked = scaled(ctx, 1000, 2)
    const runners = Math.max(scaled(ctx, 3000), 3 * picked)
    const sim = await benchSimulator(ctx.latencyMs)
    try {
      // Every third runner is a build-* runner: the selection is spread over every page.
      const fleet = sim.addRunners(OWNER, runners, (i) => ({
        name: i % 3 === 0 && i / 3 <= picked ? `build-${i}` : `other-${i}`,
        status: i % 2 ? 'online' : 'offline',
        busy: i % 5 === 0,
        labels: ['pool-a'],
      }))
      const selected = fleet.filter((r) => r.name.startsWith('build-')).length
      ctx.log(`labels: add-labels on ${int(selected)} of ${int(runners)} runners...`)
      const m = await measure(sim, {
        operation: 'add-labels',
        'name-pattern': 'build-*',
        labels: ADDED,
        'max-runners': String(selected),
      })
      const labelled = sim.runners(OWNER).filter((r) => r.labels.some((l) => l.name === ADDED)).length
      const listPages = pages(runners)
      const work = { lead: listPages, slots: selected, requestsPerSlot: 2, latencyMs: ctx.latencyMs }
      return {
        name: this.name,
        title: `add-labels on ${int(selected)} runners a name-pattern picks among ${int(runners)}, ${ctx.latencyMs} ms latency, secondary limits enforced`,
        rows: [
          outcomeRow(
            m,
            `count ${countOutput(m, 'count')}; ${int(labelled)} runners carry ${ADDED}`,
            `count ${int(selected)}; ${int(selected)} carry it`,
            m.run.outputs.count === String(selected) && labelled === selected,
          ),
          requestsRow(
            m,
            listPages + 2 * selected,
            `${listPages} list pages + one GET and one POST per runner (each write decided on a fresh look in its write slot)`,
          ),
          wallRow(
            m,
            slotFloorSeconds({ ...work, perWindow: WRITES_PER_WINDOW }),
            `${writeFloorText(selected, ctx.latencyMs)}; the limit alone ${secs(bareLimitSeconds(selected))}; at the action's own ${ACTION_WRITES_PER_WINDOW} a minute ${secs(slotFloorSeconds({ ...work, perWindow: ACTION_WRITES_PER_WINDOW }))}`,
          ),
          ...limitRows(m),
          memoryRow(m, false),
          ...outputRows(m, ['runners', 'count', 'failed', 'skipped']),
        ],
      }
    } finally {
      await sim.close()
    }
  },
}
