/**
 * The runner ledger of a 50,000-runner fleet: its size, reading and writing it (in process, the
 * pure code and the file module), and a report-runners step of the bundle that reads and writes it
 * (no request for the ledger: the list pages and one end-of-life look-up per version, as without).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { readLedgerFile, writeLedgerFile } from '../../../src/ledger/ledger-file.js'
import {
  isoSecond,
  ledgerChunks,
  observe,
  parseLedger,
  type LedgerRunners,
} from '../../../src/ledger/runner-ledger.js'
import { pages } from '../limits.js'
import { benchSimulator, measure, ORG, OWNER } from '../measure.js'
import { int, mb, memoryRow, outcomeRow, requestsRow, secs, type Row } from '../rows.js'
import { scaled, type Scenario } from '../scenario.js'
import { fleetRunner } from './large-fleet.js'

/** Bytes a runner may take in the file: 50,000 runners in under 10 MB. */
const BYTES_PER_RUNNER = 200

/** Writes then reads a ledger of these runners; times in seconds. */
function fileRound(path: string, runners: LedgerRunners) {
  const start = performance.now()
  writeLedgerFile(path, ledgerChunks(`organization:${ORG}`, runners, Date.now()))
  const written = performance.now()
  const parsed = parseLedger(readLedgerFile(path) ?? '')
  const read = performance.now()
  return {
    writeSeconds: (written - start) / 1000,
    readSeconds: (read - written) / 1000,
    bytes: Buffer.byteLength(readFileSync(path)),
    readBack: 'ledger' in parsed ? parsed.ledger.runners.size : -1,
  }
}

const timed = (figure: string, seconds: number): Row => ({
  figure,
  measured: secs(seconds),
  reference: 'target under 1.0 s',
  ok: seconds < 1,
  timed: true,
})

export const ledgerScenario: Scenario = {
  name: 'ledger',
  about:
    'the ledger of 50,000 runners: file size, reading and writing it, and report-runners keeping it (no request)',
  async run(ctx) {
    const count = scaled(ctx, 50_000, 10)
    const dir = mkdtempSync(join(tmpdir(), 'bench-ledger-'))
    const sim = await benchSimulator(ctx.latencyMs)
    try {
      const fleet = sim.addRunners(OWNER, count, fleetRunner)
      const runners: LedgerRunners = new Map()
      const at = isoSecond(Date.now() - 3 * 86_400_000)
      for (const r of fleet) runners.set(String(r.id), observe(undefined, r, at))
      ctx.log(`ledger: writing and reading ${int(count)} runners...`)
      const path = join(dir, 'ledger.json')
      const round = fileRound(path, runners)
      ctx.log(`ledger: report-runners over ${int(count)} runners with the ledger...`)
      const m = await measure(sim, { operation: 'report-runners', ledger: path })
      const after = parseLedger(readLedgerFile(path) ?? '')
      const kept = 'ledger' in after ? after.ledger.runners.size : -1
      const listPages = pages(count)
      const versions = new Set(fleet.flatMap((r) => (r.version === null ? [] : [r.version]))).size
      return {
        name: 'ledger',
        title: `the ledger of ${int(count)} runners, ${ctx.latencyMs} ms latency`,
        rows: [
          outcomeRow(m, `ledger holds ${int(kept)} runners`, `${int(count)}`, kept === count),
          {
            figure: 'ledger file',
            measured: `${mb(round.bytes)} (${int(round.bytes / count)} bytes a runner)`,
            reference: `under ${BYTES_PER_RUNNER} bytes a runner`,
            ok: round.bytes < count * BYTES_PER_RUNNER && round.readBack === count,
          },
          timed('write (text, then file and rename)', round.writeSeconds),
          timed('read (file, then parse and check)', round.readSeconds),
          requestsRow(
            m,
            listPages + versions,
            `${listPages} list pages + ${versions} end-of-life look-ups; the ledger costs none`,
          ),
          memoryRow(m, true),
        ],
      }
    } finally {
      await sim.close()
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
