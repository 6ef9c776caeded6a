/** A runner as GitHub's API returns it, for pure tests: online, idle, no labels, unless `over` says otherwise. */
import type { ApiRunner } from '../../src/decisions/runner-shape.js'

export function apiRunner(over: Partial<ApiRunner> = {}): ApiRunner {
  return {
    id: 1,
    name: 'r',
    os: 'linux',
    status: 'online',
    busy: false,
    ephemeral: false,
    labels: [],
    ...over,
  }
}
