import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/setup.ts'],
    // Files share their worker's module cache: the action, the simulator and its compiled
    // OpenAPI validators are loaded once per worker instead of once per file. What a test
    // changes outside itself (the clock, servers, process.env) is undone after it.
    isolate: false,
    // vitest's default leaves one core idle (cores - 1: a single worker on a 2-core machine);
    // much of the suite waits on sockets and child processes, so use every core.
    maxWorkers: Math.max(2, availableParallelism()),
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
})
