/**
 * The ledger file on disk: read whole, written whole and atomically (a temporary file in the
 * same folder, then a rename), so that a reader (or a cache save) never sees half a ledger.
 * Synchronous, so that a cancelled step can write it before it exits.
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'

/** The file's text, or undefined when there is no file yet. */
export function readLedgerFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw e
  }
}

/** Writes `text` (a string, or its pieces) to `path` atomically, creating its folder when missing. */
export function writeLedgerFile(path: string, text: string | Iterable<string>): void {
  const folder = dirname(path)
  mkdirSync(folder, { recursive: true })
  const temporary = join(folder, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`)
  try {
    const fd = openSync(temporary, 'w')
    try {
      for (const piece of typeof text === 'string' ? [text] : text) writeSync(fd, piece)
    } finally {
      closeSync(fd)
    }
    renameSync(temporary, path)
  } catch (e) {
    rmSync(temporary, { force: true })
    throw e
  }
}

/** A path input: relative to the workspace (`GITHUB_WORKSPACE`, else the working directory) unless absolute. */
export function workspacePath(path: string, env: NodeJS.ProcessEnv): string {
  return isAbsolute(path) ? path : resolve(env.GITHUB_WORKSPACE || process.cwd(), path)
}
