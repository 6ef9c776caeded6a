/**
 * What an operation is: one object in the registry (src/registry/registry.ts) that says its
 * name, the scopes it exists at, the inputs it reads (each with its parser and checks), the
 * outputs it sets, a one-line description, and `run`. `defineOperation` types `run`'s settings
 * from the declared inputs, so an operation can reach only what it reads.
 */
import type { Api } from '../github/api.js'
import type { InputReader, InputValues, ReadContext } from '../inputs/read.js'
import { openSelectionLedger, runWithLedger } from '../ledger/ledger-session.js'
import type { Scope, Target } from '../github/target.js'
import type { OperationResult } from './operation-result.js'

/** The families operations are grouped in, in the order docs list them. */
export const FAMILIES = [
  'Tokens and just-in-time runners',
  'Self-hosted runners',
  'Labels',
  'Fleet',
  'Runner groups',
  'Settings and versions',
  'Hosted-compute networking',
  'GitHub-hosted runners',
  'Many organizations',
] as const
type Family = (typeof FAMILIES)[number]

type Readers = Record<string, InputReader<unknown>>

/** The typed settings an operation's readers produce. */
type SettingsOf<R extends Readers> = { [K in keyof R]: R[K] extends InputReader<infer T> ? T : never }

/** What a running operation may use besides the API. */
export interface StepContext {
  /** Where progress goes (each deletion of a bulk operation is logged as it happens). */
  log: {
    info(message: string): void
    warning(message: string): void
  }
  /** Aborted when the job is cancelled: bulk work stops before its next change. */
  signal: AbortSignal
  /** Bulk work registers how to report what it has done so far: written out if the step is cancelled. */
  checkpoint(partial: () => OperationResult): void
}

export interface OperationSpec<R extends Readers> {
  name: string
  family: Family
  /** One line, for docs and the operation list. */
  description: string
  scopes: readonly Scope[]
  /** It creates, changes or deletes something (not only reads). */
  changes: boolean
  /** What it acts on (default `scope`); see Reach. */
  reach?: Reach
  /**
   * The GitHub App permission it needs at organization scope (at repository scope it is always
   * `administration`). Default `organization_self_hosted_runners`.
   */
  orgPermission?: string
  /**
   * The organization permissions these settings need, when they differ from `orgPermission`
   * (a hosted runner from a custom image needs the custom images permission too).
   */
  orgPermissionsFor?: (settings: SettingsOf<R>) => string[]
  inputs: R
  /** The outputs it sets besides `result`. */
  outputs: readonly string[]
  /** Checks across its inputs (and the target), before any request; throws InputError. */
  check?: (settings: SettingsOf<R>, ctx: ReadContext) => void
  run: (api: Api, target: Target, settings: SettingsOf<R>, step: StepContext) => Promise<OperationResult>
}

/**
 * What an operation acts on. `scope`: the runners of a repository, organization or enterprise.
 * `account`: what the credentials reach (list-organizations): no scope, or an enterprise; a
 * GitHub App authenticates with its own JWT and mints no installation token. `files`: files on
 * the runner (merge-reports): no scope, no credentials, no request.
 */
export type Reach = 'scope' | 'account' | 'files'

/** An operation whose inputs are read and checked, ready to run, with the organization permissions it needs. */
export type PreparedRun = ((api: Api, step: StepContext) => Promise<OperationResult>) & {
  readonly orgPermissions: readonly string[]
}

export interface Operation {
  readonly name: string
  readonly family: Family
  readonly description: string
  readonly scopes: readonly Scope[]
  readonly changes: boolean
  readonly reach: Reach
  readonly orgPermission: string
  /** Every input it reads, in declaration order. */
  readonly inputNames: readonly string[]
  readonly outputs: readonly string[]
  /** Reads and checks its inputs (no request); the returned function runs it. */
  prepare(values: InputValues, ctx: ReadContext): PreparedRun
}

export function defineOperation<R extends Readers>(spec: OperationSpec<R>): Operation {
  const readers = Object.entries(spec.inputs)
  return {
    name: spec.name,
    family: spec.family,
    description: spec.description,
    scopes: spec.scopes,
    changes: spec.changes,
    reach: spec.reach ?? 'scope',
    orgPermission: spec.orgPermission ?? 'organization_self_hosted_runners',
    inputNames: [...new Set(readers.flatMap(([, r]) => r.names))],
    outputs: spec.outputs,
    prepare: (values, ctx) => {
      const settings = Object.fromEntries(
        readers.map(([key, r]) => [key, r.read(values, ctx)]),
      ) as SettingsOf<R>
      spec.check?.(settings, ctx)
      const orgPermissions = spec.orgPermissionsFor?.(settings) ?? [
        spec.orgPermission ?? 'organization_self_hosted_runners',
      ]
      // The ledger (of a selection that names one) is read now, before any request.
      const ledger = openSelectionLedger(Object.values(settings), ctx.target, spec)
      const run = (api: Api, step: StepContext) =>
        ledger
          ? runWithLedger(
              ledger,
              api,
              (m) => step.log.warning(m),
              () => spec.run(api, ctx.target, settings, step),
            )
          : spec.run(api, ctx.target, settings, step)
      return Object.assign(run, { orgPermissions })
    },
  }
}
