/**
 * The figures a scenario reports, each against its reference (a floor, a minimum or a limit),
 * the rows every scenario shares, and the tables they print as.
 */
import {
  MAX_OUTPUT_BYTES,
  MAX_RSS_BYTES,
  MAX_STEP_OUTPUT_BYTES,
  MAX_SUMMARY_BYTES,
  WRITES_PER_WINDOW,
} from './limits.js'
import type { Measured } from './measure.js'

export interface Row {
  figure: string
  measured: string
  reference: string
  /** true: within the reference; false: not; undefined: a figure without a bar. */
  ok?: boolean
  /** A wall-time figure: shown against its target, never a failure (timings vary from machine to machine). */
  timed?: boolean
}

export interface ScenarioReport {
  name: string
  title: string
  rows: Row[]
}

/** The wall-time target: under this many times the floor. */
export const WALL_TARGET = 1.5

export const int = (n: number) => Math.round(n).toLocaleString('en-US')
export const secs = (s: number) => `${s.toFixed(1)} s`
export const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`
/** A count output as the step set it, with thousands separators ('unset' when it was not set). */
export const countOutput = (m: Measured, name: string) => {
  const v = m.run.outputs[name]
  return v === undefined ? 'unset' : /^\d+$/.test(v) ? int(Number(v)) : v
}
const kib = (bytes: number) => `${int(bytes / 1024)} KiB`

/** The step's exit code and what it did, against what it should have done. */
export function outcomeRow(m: Measured, did: string, expected: string, ok: boolean): Row {
  const errors = m.run.errors.length ? `; errors: ${m.run.errors.join(' | ')}` : ''
  return {
    figure: 'outcome',
    measured: `exit ${m.run.code}; ${did}${errors}`,
    reference: `exit 0; ${expected}`,
    ok: ok && m.run.code === 0,
  }
}

/** Requests made against the number the work needs. */
export function requestsRow(m: Measured, expected: number, how: string): Row {
  const other = m.requests.other ? ` (${m.requests.other} others: ${m.requests.otherKinds.join(', ')})` : ''
  return {
    figure: 'requests',
    measured: `${int(m.requests.total)}${other}`,
    reference: `${int(expected)}: ${how}`,
    ok: m.requests.total === expected,
  }
}

/** The last line of the step's job summary: its requests and the primary rate limit (src/transport/rate-budget.ts). */
export function budgetLineOf(m: Measured): string | undefined {
  return /_([^_\n]*primary rate limit:[^_\n]*)_\s*$/.exec(m.run.summary)?.[1]
}

/**
 * The primary rate limit the step used (every answer but a 304 counts, as GitHub counts),
 * against the least the work needs; with the line the step's own summary ends with. Any
 * scenario can show it.
 */
export function rateLimitRow(m: Measured, minimum: number, how: string): Row {
  const used = m.requests.total - m.requests.notModified
  const line = budgetLineOf(m)
  return {
    figure: 'primary rate limit used',
    measured:
      `${int(used)} of ${int(m.requests.total)} requests (${int(m.requests.notModified)} answered 304, free)` +
      `; the step's summary: ${line ?? 'no budget line'}`,
    reference: `${int(minimum)}: ${how}`,
    ok: used <= minimum && line !== undefined,
  }
}

/** Secondary-limit hits, requests in flight and OpenAPI violations: the same bars for every scenario. */
export function limitRows(m: Measured): Row[] {
  return [
    {
      figure: 'secondary-limit hits',
      measured: int(m.secondaryHits),
      reference: 'must be 0',
      ok: m.secondaryHits === 0 && m.primaryHits === 0,
    },
    {
      figure: 'requests in flight at once',
      measured: int(m.maxInFlight),
      reference: '1: GitHub asks for mutations one at a time; pages follow their Link',
      ok: m.maxInFlight === 1,
    },
    {
      figure: 'OpenAPI violations',
      measured: m.violations.length ? `${m.violations.length}: ${m.violations.slice(0, 3).join(' | ')}` : '0',
      reference: '0',
      ok: m.violations.length === 0,
    },
  ]
}

/** Peak RSS; `capped`: the project's limit for large fleets applies. */
export function memoryRow(m: Measured, capped: boolean): Row {
  return {
    figure: 'peak memory (max RSS of the action)',
    measured: mb(m.rssBytes),
    reference: capped ? `under ${mb(MAX_RSS_BYTES)}` : '',
    ...(capped ? { ok: m.rssBytes < MAX_RSS_BYTES } : {}),
  }
}

/** Wall time against the floor GitHub's limits (and the latency) allow. */
export function wallRow(m: Measured, floorSeconds: number, floorIs: string): Row {
  const wall = m.run.ms / 1000
  const ratio = wall / floorSeconds
  // Without latency there is no floor to speak of (a quick check, the smoke test).
  const judged = floorSeconds >= 1
  return {
    figure: 'wall time',
    measured: secs(wall),
    reference: `floor ${secs(floorSeconds)} (${floorIs})${judged ? `; ratio ${ratio.toFixed(2)}, target under ${WALL_TARGET}` : ''}`,
    ...(judged ? { ok: ratio < WALL_TARGET } : {}),
    timed: true,
  }
}

/** What the floor of `writes` paced writes rests on, for a wall-time row. */
export function writeFloorText(writes: number, latencyMs: number): string {
  return `${int(writes)} writes, at most ${WRITES_PER_WINDOW} a rolling minute, each after its GET, one request at a time at ${latencyMs} ms`
}

/**
 * The outputs against GitHub's limits: each value's size, all of them together (the
 * GITHUB_OUTPUT file), the ones left out (each must be named in a warning that points at
 * result-file), the result file, the job summary. `declared`: the outputs the operation sets.
 */
export function outputRows(m: Measured, declared: readonly string[]): Row[] {
  const set = new Map(m.outputBytes)
  const biggest = Math.max(0, ...set.values())
  const missing = [...declared, 'result'].filter((n) => !set.has(n))
  const unexplained = missing.filter((n) => !m.leftOut.includes(n))
  const fileBytes = m.run.resultFileBytes
  return [
    {
      figure: 'outputs (bytes each)',
      measured: m.outputBytes.map(([k, v]) => `${k} ${int(v)}`).join(', '),
      reference: `none over ${int(MAX_OUTPUT_BYTES)}`,
      ok: biggest <= MAX_OUTPUT_BYTES,
    },
    {
      figure: 'outputs together (GITHUB_OUTPUT)',
      measured: `${int(m.run.outputFileBytes)} bytes`,
      reference: `within 1 MiB (${int(MAX_STEP_OUTPUT_BYTES)} bytes)`,
      ok: m.run.outputFileBytes <= MAX_STEP_OUTPUT_BYTES,
    },
    {
      figure: 'outputs left out',
      measured: missing.length
        ? `${missing.join(', ')}${unexplained.length ? `; no warning naming result-file for ${unexplained.join(', ')}` : ', each with a warning naming result-file'}`
        : 'none',
      reference: 'only a list that does not fit, with a warning naming result-file',
      ok: unexplained.length === 0,
    },
    {
      figure: 'result file',
      measured: fileBytes === undefined ? 'none' : `${int(fileBytes)} bytes (${mb(fileBytes)})`,
      reference: 'the complete result, never cut',
      ok: fileBytes !== undefined,
    },
    {
      figure: 'job summary',
      measured: `${int(m.summaryBytes)} bytes`,
      reference: `GitHub's limit 1 MiB (${kib(MAX_SUMMARY_BYTES)}); the action keeps it under 512 KiB`,
      ok: m.summaryBytes <= MAX_SUMMARY_BYTES / 2,
    },
  ]
}

const mark = (r: Row) => (r.ok === undefined ? '' : r.ok ? 'ok' : r.timed ? 'slow' : 'FAIL')

export function textTable(report: ScenarioReport): string {
  const cells = report.rows.map((r) => [r.figure, r.measured, mark(r), r.reference])
  const width = (i: number) => Math.max(...cells.map((c) => c[i]!.length))
  const w = [width(0), Math.min(width(1), 60), width(2)]
  const lines = cells.map(
    (c) => `  ${c[0]!.padEnd(w[0]!)}  ${c[1]!.padEnd(w[1]!)}  ${c[2]!.padEnd(w[2]!)}  ${c[3]}`,
  )
  return [`${report.name}: ${report.title}`, ...lines].join('\n')
}

export function markdownTable(report: ScenarioReport): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|')
  return [
    `**${report.title}**`,
    '',
    '| figure | measured | reference |',
    '| --- | --- | --- |',
    ...report.rows.map((r) => `| ${esc(r.figure)} | ${esc(r.measured)} | ${esc(r.reference)} |`),
  ].join('\n')
}

/** Rows that fail their bar (wall time aside). */
export const failures = (report: ScenarioReport) => report.rows.filter((r) => r.ok === false && !r.timed)
