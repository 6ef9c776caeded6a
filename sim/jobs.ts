/**
 * Jobs on self-hosted runners, with GitHub's lag: a job assigned at time t makes its runner busy
 * at once, but the API answers `busy: false` until t + lag (25 to 60 s on github.com; see
 * github-aws-runners/terraform-aws-github-runner#5085). A DELETE in that window succeeds and
 * kills the job: it is recorded in `lost`, so that tests can assert that none was lost.
 *
 * Time is the simulator's `now` (by default `Date.now`; tests hand it their fake clock).
 */
import type { LostJob, SimRunner } from './types.js'

interface RunningJob {
  startedAt: number
  /** When the API starts answering `busy: true`. */
  busyShowsAt: number
}

export class RunnerJobs {
  private readonly running = new Map<number, RunningJob>()
  /** Jobs killed by a DELETE sent while their runner was running them. */
  readonly lost: LostJob[] = []

  constructor(readonly now: () => number) {}

  /** A job is assigned to the runner now; the API shows it busy after `busyLagMs`. */
  start(runner: SimRunner, busyLagMs = 0): void {
    const at = this.now()
    this.running.set(runner.id, { startedAt: at, busyShowsAt: at + busyLagMs })
  }

  /** The runner's job ends (it is idle again, in reality and in the API). */
  finish(runner: SimRunner): void {
    this.running.delete(runner.id)
    runner.busy = false
  }

  /** `busy` as the API answers it now: set by hand, or a job whose lag has passed. */
  apiBusy(runner: SimRunner): boolean {
    const job = this.running.get(runner.id)
    return runner.busy || (job !== undefined && this.now() >= job.busyShowsAt)
  }

  /** The runner is deleted: a job it was running is lost. */
  deleted(runner: SimRunner): void {
    const job = this.running.get(runner.id)
    if (!job) return
    this.running.delete(runner.id)
    this.lost.push({
      runnerId: runner.id,
      runnerName: runner.name,
      startedAt: job.startedAt,
      deletedAt: this.now(),
    })
  }
}
