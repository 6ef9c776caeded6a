/** What a benchmark scenario is, and what it is given. */
import type { ScenarioReport } from './rows.js'

export interface BenchContext {
  /** Sizes are the (2,500 runners, 50,000 runners...) times this, each at least its minimum. */
  scale: number
  /** Added by the simulator before every answer. */
  latencyMs: number
  /** Cold starts to time (prune scenario). */
  coldStarts: number
  /** Progress lines while a scenario runs. */
  log: (line: string) => void
}

export interface Scenario {
  /** The name --only takes. */
  name: string
  /** What it measures, for --help. */
  about: string
  run(ctx: BenchContext): Promise<ScenarioReport>
}

/** `n` at the context's scale, at least `min`. */
export const scaled = (ctx: Pick<BenchContext, 'scale'>, n: number, min = 1) =>
  Math.max(min, Math.round(n * ctx.scale))
