/** Time, in one place, so that waits (grace periods, polling) can be driven by tests. */
export const clock = {
  now: (): number => Date.now(),
  sleep: (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms)),
  /** Calls `then` once `ms` have passed, without keeping the process alive; returns its cancel. */
  after: (ms: number, then: () => void): (() => void) => {
    const timer = setTimeout(then, ms)
    timer.unref()
    return () => clearTimeout(timer)
  },
}

/** Thrown by `beforeDeadline` when the deadline passes first. */
export class DeadlinePassed extends Error {
  constructor() {
    super('the deadline passed')
    this.name = 'DeadlinePassed'
  }
}

/**
 * `work`, unless `deadline` (in clock time) passes first: then DeadlinePassed, whatever is in
 * flight (a request that has not answered yet is abandoned).
 */
export function beforeDeadline<T>(work: Promise<T>, deadline: number): Promise<T> {
  // Abandoned at the deadline, its failure must not surface later as an unhandled rejection.
  work.catch(() => undefined)
  const left = deadline - clock.now()
  if (left <= 0) return Promise.reject(new DeadlinePassed())
  let cancel = () => {}
  const passed = new Promise<never>((_, reject) => {
    cancel = clock.after(left, () => reject(new DeadlinePassed()))
  })
  return Promise.race([work, passed]).finally(() => cancel())
}
