/**
 * A drain of 200 runners (a name-pattern's, in an organization of 1,000), a quarter of them busy,
 * each busy one finishing its job a while after its labels are taken away, with latency and
 * GitHub's secondary limits. The action lists every page, takes each runner's labels (GET, then
 * one write), then lists once a poll (by id once fewer runners are left than the fleet has
 * pages) and deletes each idle runner (GET, then DELETE).
 */
import type { RecordedRequestStart, Simulator } from '../../../sim/index.js'
import {
  ACTION_WRITES_PER_WINDOW,
  bareLimitSeconds,
  pages,
  serialSeconds,
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

/** The first page of a listing of the runners (the next pages carry `page`). */
const listingStart = (r: RecordedRequestStart) =>
  r.method === 'GET' && /\/actions\/runners$/.test(r.path) && (r.query.page ?? '1') === '1'

/**
 * Each busy runner of `busy` finishes its job `jobMs` after its labels are taken away (its first
 * label write), then calls `ended`. The timers go into `timers`, for the caller to clear.
 */
export function finishJobsAfterLabels(
  sim: Simulator,
  busy: Set<number>,
  jobMs: number,
  timers: Set<NodeJS.Timeout>,
  ended: () => void = () => undefined,
): void {
  sim.onRequest((req: RecordedRequestStart) => {
    const id = Number(/\/actions\/runners\/(\d+)\/labels$/.exec(req.path)?.[1])
    if (req.method === 'GET' || !busy.delete(id)) return
    const timer = setTimeout(() => {
      timers.delete(timer)
      const r = sim.runner(id)
      if (r) r.busy = false
      ended()
    }, jobMs)
    timers.add(timer)
  })
}

/** The listings: one to select, then one a poll while a runner is busy. */
const listingsRow = (listings: number, afterLastJob: number) => ({
  figure: 'listings',
  measured: `${listings}, ${afterLastJob} of them after the last job ended`,
  reference: '1 to select, then one a poll while a runner is busy: at most 1 after the last job ended',
  ok: afterLastJob <= 1,
})

export const drainScenario: Scenario = {
  name: 'drain',
  about: 'drain-runners on 200 runners among 1,000, 50 busy finishing meanwhile (latency, secondary limits)',
  async run(ctx) {
    const drained = scaled(ctx, 200, 4)
    const runners = Math.max(scaled(ctx, 1000), 5 * drained)
    const busyEvery = 4
    /** A busy runner finishes its job this long after its labels were taken away. */
    const jobMs = Math.max(500, Math.round(30_000 * ctx.scale))
    const pollInterval = ctx.scale >= 0.5 ? 2 : 1
    const sim = await benchSimulator(ctx.latencyMs)
    const timers = new Set<NodeJS.Timeout>()
    let lastJobEnded = 0
    /** Each listing: when it began, and the pages the organization's runners filled then (deletions shrink it). */
    const listings: { at: number; pages: number }[] = []
    try {
      let n = 0
      const fleet = sim.addRunners(OWNER, runners, (i) => {
        const pick = i % 5 === 0 && n < drained
        const busy = pick && n++ % busyEvery === 0
        return { name: pick ? `drain-${i}` : `keep-${i}`, busy, labels: ['pool-a', 'gpu'] }
      })
      const busy = new Set(fleet.filter((r) => r.busy).map((r) => r.id))
      const busyCount = busy.size
      sim.onRequest((req: RecordedRequestStart) => {
        if (listingStart(req)) listings.push({ at: Date.now(), pages: pages(sim.runners(OWNER).length) })
      })
      finishJobsAfterLabels(sim, busy, jobMs, timers, () => (lastJobEnded = Date.now()))
      ctx.log(`drain: ${int(drained)} of ${int(runners)} runners, ${busyCount} busy...`)
      const m = await measure(sim, {
        operation: 'drain-runners',
        'name-pattern': 'drain-*',
        'max-runners': String(drained),
        'poll-interval': String(pollInterval),
        timeout: '1800',
        // The work and its pacing, not idle-for's fixed wait (drain-selection runs with one).
        'idle-for': '0',
      })
      const listPages = pages(runners)
      const listed = listings.reduce((sum, l) => sum + l.pages, 0)
      const afterLastJob = listings.filter((l) => l.at >= lastJobEnded).length
      const refused = sim.requests.filter((r) => r.method === 'DELETE' && r.status === 422).length
      const left = sim.runners(OWNER).filter((r) => r.name.startsWith('drain-')).length
      const writes = 2 * drained
      const perRunner = 4 * drained
      // Polls by id once fewer runners are waited for than the fleet has pages.
      const pollLooks = m.requests.looks - 2 * drained
      const serial = serialSeconds(listed + perRunner, ctx.latencyMs)
      const work = { lead: 2 * listPages, slots: writes, requestsPerSlot: 2, latencyMs: ctx.latencyMs }
      const floor = slotFloorSeconds({ ...work, perWindow: WRITES_PER_WINDOW })
      return {
        name: this.name,
        title: `drain-runners on ${int(drained)} runners among ${int(runners)}, ${busyCount} busy (each done ${secs(jobMs / 1000)} after losing its labels), poll-interval ${pollInterval} s, ${ctx.latencyMs} ms latency, secondary limits enforced`,
        rows: [
          outcomeRow(
            m,
            `deleted-count ${countOutput(m, 'deleted-count')}, still-busy ${countOutput(m, 'still-busy')}, ${left} left; DELETEs refused as busy: ${refused}`,
            `deleted-count ${drained}, still-busy [], 0 left; none refused`,
            m.run.outputs['deleted-count'] === String(drained) && left === 0 && refused === 0,
          ),
          requestsRow(
            m,
            listed + perRunner + pollLooks,
            `${listed} list pages (${listings.map((l) => l.pages).join(' + ')}: the ${listings.length} listings, as many pages as runners were left) + per runner one GET and one write for the labels, one GET and one DELETE + ${pollLooks} polls by id (once fewer runners were waited for than the fleet has pages)`,
          ),
          listingsRow(listings.length, afterLastJob),
          wallRow(
            m,
            floor,
            `${writeFloorText(writes, ctx.latencyMs)}, counted together as the action paces them; the limit alone ${secs(bareLimitSeconds(writes))}; at the action's own ${ACTION_WRITES_PER_WINDOW} a minute ${secs(slotFloorSeconds({ ...work, perWindow: ACTION_WRITES_PER_WINDOW }))}; with a budget per endpoint, as the simulator counts, only the requests one after the other: ${secs(serial)}`,
          ),
          ...limitRows(m),
          memoryRow(m, false),
          ...outputRows(m, ['drained', 'still-busy', 'removed-labels', 'deleted-count', 'failed', 'skipped']),
        ],
      }
    } finally {
      for (const t of timers) clearTimeout(t)
      await sim.close()
    }
  },
}
