/** Time, in one place, so that waits (grace periods, polling) can be driven by tests. */
export const clock = {
  now: (): number => Date.now(),
  sleep: (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms)),
}
