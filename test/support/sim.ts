/** Runs operations in-process against the GitHub API simulator, the way the action would. */
import { afterEach, beforeEach, expect } from 'vitest'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { startSimulator, DEFAULT_TOKEN, type Simulator, type SimOptions } from '../../sim/index.js'
import type { ClientOptions } from '../../src/transport/client.js'
import { execute, prepare } from '../../src/main.js'
import { seedWorld } from './world.js'
import type { StepContext } from '../../src/registry/define.js'
import type { OperationResult } from '../../src/registry/operation-result.js'

const TOKEN = DEFAULT_TOKEN

const declaredOutputs = new Set(
  Object.keys(
    (parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as { outputs: object })
      .outputs,
  ),
)

interface Logged {
  warnings: string[]
  debug: string[]
  info: string[]
}

export interface OpOptions {
  env?: NodeJS.ProcessEnv
  client?: Partial<ClientOptions>
  step?: Partial<StepContext>
}

/**
 * Starts a simulator per test, seeded with the fixture world (test/support/world.ts); checks after each
 * test that no request broke the OpenAPI description.
 */
export function useSimulator(options: SimOptions = {}) {
  const ctx = {
    sim: undefined as unknown as Simulator,
    log: { warnings: [], debug: [], info: [] } as Logged,
    /** Runs one operation with these inputs (token and api-url filled in). */
    run: async (inputs: Record<string, string>, opts: OpOptions = {}): Promise<OperationResult> => {
      const all: Record<string, string> = { token: TOKEN, 'api-url': ctx.sim.url, ...inputs }
      const prepared = prepare(all, {
        GITHUB_REPOSITORY: 'octo-fleet/app',
        ...opts.env,
      })
      const result = await execute(
        prepared,
        {
          waitScale: 0.001,
          pacer: { windowMs: 1000, capacity: 10_000 },
          log: {
            debug: (m: string) => void ctx.log.debug.push(m),
            warning: (m: string | Error) => void ctx.log.warnings.push(String(m)),
          },
          ...opts.client,
        },
        {
          log: { info: (m) => void ctx.log.info.push(m), warning: (m) => void ctx.log.warnings.push(m) },
          ...opts.step,
        },
      )
      for (const name of Object.keys(result.outputs)) {
        expect(declaredOutputs, `output ${name} is declared`).toContain(name)
        expect(prepared.op.outputs, `${prepared.op.name} lists its output ${name}`).toContain(name)
      }
      return result
    },
    /** Requests the simulator saw, as `METHOD /path`. */
    calls: (): string[] => ctx.sim.requests.map((r) => `${r.method} ${r.path}`),
  }
  beforeEach(async () => {
    ctx.sim = await startSimulator(options)
    seedWorld(ctx.sim)
    ctx.log = { warnings: [], debug: [], info: [] }
  })
  afterEach(async () => {
    const violations = ctx.sim.violations
    await ctx.sim.close()
    expect(violations, 'requests and responses match the OpenAPI description').toEqual([])
  })
  return ctx
}

/** The three scopes, each with the owner key the simulator uses and the inputs that choose it. */
export const SCOPES = [
  { scope: 'repository', owner: 'repo:octo-fleet/app', inputs: { repository: 'octo-fleet/app' } },
  { scope: 'organization', owner: 'org:octo-fleet', inputs: { organization: 'octo-fleet' } },
  { scope: 'enterprise', owner: 'enterprise:octo-corp', inputs: { enterprise: 'octo-corp' } },
] as const
