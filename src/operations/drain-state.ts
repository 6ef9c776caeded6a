/** What a drain-runners run knows as it goes: shared by its phases and its report. */
import type { IdleSince } from '../decisions/idle-watch.js'
import type { Selection } from '../decisions/runner-filter.js'
import type { ApiRunner, Failed, NamedRunner } from '../decisions/runner-shape.js'
import type { BulkProgress } from '../github/bulk-change.js'

export interface DrainSettings {
  selection: Selection
  /** Custom labels to take away; undefined: all of them. */
  labels: string[] | undefined
  timeout: number
  pollInterval: number
  /** Seconds an online runner must be seen idle, at two looks that far apart, before its DELETE. */
  idleFor: number
  delete: boolean
  maxRunners: number
  dryRun: boolean
}

export interface Drain {
  listed: number
  selected: ApiRunner[]
  overCap: boolean
  /** Runner name → the labels taken away. */
  removed: Record<string, string[]>
  /** Phase one: the labels. A runner whose labels could not be taken, or that no longer matches, is not drained. */
  labelling: BulkProgress<string[]>
  drained: NamedRunner[]
  deleted: number
  /** Runners whose deletion failed (they keep running, without their labels). */
  failed: Failed[]
  /** Runners waited for (labels gone, not yet drained). */
  waiting: ApiRunner[]
  /** The latest look at each waited-for runner. */
  lastLook: Map<number, ApiRunner>
  /** The first look of each waited-for runner's current idle stretch (idle-for). */
  idleSince: IdleSince
  /** The runner whose last look and DELETE are under way. */
  retiring?: ApiRunner
  /** The runner whose DELETE was still unanswered at the deadline: it may have been deleted. */
  inDoubt?: ApiRunner
  warnings: string[]
  stopped?: string
}
