/**
 * The ledger during one step: opened before the operation (before any request), fed by every
 * listing and every look at a runner (src/github/runner-lookup.ts), written back whole when
 * the operation ends, fails or is cancelled. Only a complete listing tells which known runners
 * it no longer shows; a listing that failed half-way, or a look at one runner, only adds what
 * it saw of the runners it saw.
 */
import type { Api } from '../github/api.js'
import { clock } from '../transport/clock.js'
import { errorMessage, InputError } from '../errors.js'
import { readLedgerFile, writeLedgerFile } from './ledger-file.js'
import {
  isoSecond,
  ledgerChunks,
  missingIds,
  newIds,
  observe,
  offlineStretch,
  parseLedger,
  sameScope,
  unexpired,
  type LedgerEntry,
  type LedgerRunners,
  type SeenRunner,
} from './runner-ledger.js'
import type { OperationResult } from '../registry/operation-result.js'
import type { NamedRunner } from '../decisions/runner-shape.js'
import type { SelectionInput } from '../inputs/selection-inputs.js'
import { scopeKey, type Target } from '../github/target.js'

export class LedgerSession {
  private runners: LedgerRunners
  private readonly knownBefore: ReadonlySet<string>
  /** Ids seen by the listing under way. */
  private listing: Set<string> | undefined
  /** Ids of this step's last complete listing. */
  private complete: ReadonlySet<string> | undefined

  constructor(
    readonly path: string,
    readonly scope: string,
    /** The records of earlier runs; undefined on a first run (no file, or one replaced). */
    prior: LedgerRunners | undefined,
    readonly warnings: string[] = [],
  ) {
    this.firstRun = prior === undefined
    this.runners = prior ?? new Map<string, LedgerEntry>()
    this.knownBefore = new Set(this.runners.keys())
  }

  readonly firstRun: boolean

  /** A listing of every runner of the scope starts. */
  startListing(): void {
    this.listing = new Set()
  }

  /** A page of the listing under way (or of a partial one): each runner's record is updated. */
  seePage(page: readonly SeenRunner[]): void {
    const at = isoSecond(clock.now())
    for (const r of page) {
      this.see(r, at)
      this.listing?.add(String(r.id))
    }
  }

  /** The listing showed every page. */
  endListing(): void {
    if (this.listing) this.complete = this.listing
    this.listing = undefined
  }

  /** A look at one runner. */
  see(r: SeenRunner, at = isoSecond(clock.now())): void {
    const id = String(r.id)
    this.runners.set(id, observe(this.runners.get(id), r, at))
  }

  /** A look (404) or this step's deletion says the runner is gone: its record goes. */
  gone(id: number): void {
    this.runners.delete(String(id))
  }

  entry(id: number): LedgerEntry | undefined {
    return this.runners.get(String(id))
  }

  /** How long (ms) the ledger has seen the runner offline without a break; undefined when not known. */
  stretch(id: number): number | undefined {
    return offlineStretch(this.entry(id), this.knownBefore.has(String(id)))
  }

  /**
   * After a complete listing: the runners new to the ledger (none on a first run) and the
   * known ones the listing did not show (gone, or skipped by a shifting list: a look tells).
   * Undefined without a complete listing.
   */
  listingChanges(): { added: NamedRunner[]; missing: NamedRunner[] } | undefined {
    const seen = this.complete
    if (!seen) return undefined
    const named = (id: string) => ({ id: Number(id), name: this.runners.get(id)?.name ?? '' })
    return {
      added: this.firstRun ? [] : newIds(this.knownBefore, seen).map(named),
      missing: missingIds(this.runners, seen).map(named),
    }
  }

  /** Writes the ledger back whole and atomically, without the records not seen for 30 days. */
  save(): void {
    const now = clock.now()
    this.runners = unexpired(this.runners, now)
    writeLedgerFile(this.path, ledgerChunks(this.scope, this.runners, now))
  }
}

/**
 * Opens the ledger at `path` for `target`. No file: a first run. A ledger of another scope is
 * an input error. One that cannot be read fails an operation that changes things (before any
 * change); a read-only one starts a new ledger, with a warning.
 */
export function openLedger(
  path: string,
  target: Target,
  op: { name: string; changes: boolean },
): LedgerSession {
  const scope = scopeKey(target)
  let text: string | undefined
  try {
    text = readLedgerFile(path)
  } catch (e) {
    throw new InputError('ledger', `${path} cannot be read: ${errorMessage(e)}`)
  }
  if (text === undefined) return new LedgerSession(path, scope, undefined)
  const parsed = parseLedger(text)
  if ('problem' in parsed) {
    if (op.changes) {
      throw new InputError(
        'ledger',
        `${path} cannot be read as a runner ledger: ${parsed.problem}. ${op.name} changes things, so it does not run on a ledger it cannot read; fix or delete the file (a new one starts then).`,
      )
    }
    return new LedgerSession(path, scope, undefined, [
      `The ledger ${path} cannot be read (${parsed.problem}); a new one replaces it, so nothing has a history yet.`,
    ])
  }
  if (!sameScope(parsed.ledger.scope, scope)) {
    throw new InputError(
      'ledger',
      `${path} is the ledger of ${parsed.ledger.scope}, not of ${scope}; keep one ledger file per scope`,
    )
  }
  return new LedgerSession(path, scope, unexpired(parsed.ledger.runners, clock.now()))
}

/** A selection input (`SelectionInput`) among an operation's settings, or inside one (`{selection}`). */
function findSelection(settings: readonly unknown[]): SelectionInput | undefined {
  const isSelection = (v: unknown): v is SelectionInput =>
    typeof v === 'object' && v !== null && 'namePatterns' in v && 'ledger' in v
  for (const v of settings) {
    if (isSelection(v)) return v
    const inner = (v as { selection?: unknown } | null)?.selection
    if (isSelection(inner)) return inner
  }
  return undefined
}

/**
 * Opens the ledger of the selection among an operation's settings, when it names one, and
 * lets its `offline-for` measure runners by it. Undefined without a ledger.
 */
export function openSelectionLedger(
  settings: readonly unknown[],
  target: Target,
  op: { name: string; changes: boolean },
): LedgerSession | undefined {
  const selection = findSelection(settings)
  if (selection?.ledger === undefined) return undefined
  const session = openLedger(selection.ledger, target, op)
  if (selection.offlineFor) selection.offlineFor.stretch = (id) => session.stretch(id)
  return session
}

/** The session of the step an Api serves. */
const attached = new WeakMap<Api, LedgerSession>()
/** Sessions of operations still running: a cancelled step writes them before it exits. */
const running = new Set<LedgerSession>()

export const ledgerFor = (api: Api): LedgerSession | undefined => attached.get(api)

/** Adds `first_seen` and `offline_since` to the runner objects of `runners` and `runner` outputs. */
function addLedgerFields(outputs: Record<string, unknown>, session: LedgerSession): void {
  const objects = [outputs.runners, outputs.runner].flatMap((v): unknown[] => (Array.isArray(v) ? v : [v]))
  for (const o of objects as Record<string, unknown>[]) {
    if (typeof o !== 'object' || o === null || typeof o.id !== 'number' || !('os' in o)) continue
    const entry = session.entry(o.id)
    o.first_seen = entry?.first_seen ?? null
    o.offline_since = entry?.offline_since ?? null
  }
}

/** Writes the ledger; a message saying why it could not be written, or undefined. */
function trySave(session: LedgerSession): string | undefined {
  try {
    session.save()
    return undefined
  } catch (e) {
    return `Could not write the ledger ${session.path}: ${errorMessage(e)}`
  }
}

/**
 * Runs an operation with its ledger: attached to its Api, written back however it ends. A
 * ledger that cannot be written fails the step (the next run would lose this one's looks).
 */
export async function runWithLedger(
  session: LedgerSession,
  api: Api,
  warn: (message: string) => void,
  operation: () => Promise<OperationResult>,
): Promise<OperationResult> {
  attached.set(api, session)
  running.add(session)
  for (const w of session.warnings) warn(w)
  let result: OperationResult
  try {
    result = await operation()
  } catch (e) {
    running.delete(session)
    const unsaved = trySave(session)
    if (unsaved) warn(unsaved)
    throw e
  }
  running.delete(session)
  addLedgerFields(result.outputs, session)
  const unsaved = trySave(session)
  if (!unsaved) return result
  return { ...result, errors: [...(result.errors ?? []), unsaved], failure: result.failure ?? unsaved }
}

/** A cancelled step writes the ledgers of the operations still running (what they saw so far). */
export function saveRunningLedgers(warn: (message: string) => void): void {
  for (const session of running) {
    const unsaved = trySave(session)
    if (unsaved) warn(unsaved)
  }
}
