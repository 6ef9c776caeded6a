/** Time, in one place, so that waits (grace periods, polling) can be driven by tests. */
export const clock = {
  now: (): number => Date.now(),
  sleep: (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms)),
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
  let timer: NodeJS.Timeout | undefined
  const passed = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlinePassed()), left)
    timer.unref()
  })
  return Promise.race([work, passed]).finally(() => clearTimeout(timer))
}
