import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  FOLD_ROWS,
  MAX_OUTPUT_BYTES,
  MAX_STEP_OUTPUT_BYTES,
  MAX_SUMMARY_BYTES,
  MAX_SUMMARY_ROWS,
  planOutputs,
  publish,
  renderSummary,
} from '../../src/publish/outputs.js'

let temp = ''
const savedTemp = process.env.RUNNER_TEMP
beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'outputs-test-'))
  process.env.RUNNER_TEMP = temp
})
afterEach(() => {
  rmSync(temp, { recursive: true, force: true })
  if (savedTemp === undefined) delete process.env.RUNNER_TEMP
  else process.env.RUNNER_TEMP = savedTemp
})

function fakeCore() {
  const calls: string[] = []
  const outputs: Record<string, string> = {}
  const warnings: string[] = []
  return {
    calls,
    outputs,
    warnings,
    core: {
      setSecret: (s: string) => void calls.push(`secret:${s}`),
      setOutput: (k: string, v: unknown) => {
        calls.push(`output:${k}`)
        outputs[k] = String(v)
      },
      warning: (m: string | Error) => void warnings.push(String(m)),
      error: () => {},
      info: (m: string) => void calls.push(`info:${m}`),
    } as unknown as Parameters<typeof publish>[0],
  }
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8')

/** Runner objects as the outputs carry them, with multi-byte names. */
function runners(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    id: 100_000 + i,
    name: `ランナー-東京-${i}-🚀`,
    os: 'Linux',
    status: i % 3 ? 'offline' : 'online',
    busy: false,
    ephemeral: true,
    labels: ['self-hosted', 'linux', 'x64', 'gpu'],
    version: '2.329.0',
    runner_group_id: 1,
  }))
}

describe('publish', () => {
  it('masks every secret before writing any output, and writes JSON for structured values', async () => {
    const f = fakeCore()
    await publish(f.core, {
      result: { token: 'SECRET1' },
      outputs: { token: 'SECRET1', count: '2', runners: [{ id: 1 }] },
      secrets: ['SECRET1'],
    })
    const firstOutput = f.calls.findIndex((c) => c.startsWith('output:'))
    expect(f.calls.indexOf('secret:SECRET1')).toBeLessThan(firstOutput)
    expect(f.outputs).toEqual({
      'result-file': expect.stringMatching(/result\.json$/) as string,
      token: 'SECRET1',
      count: '2',
      runners: '[{"id":1}]',
      result: '{"token":"SECRET1"}',
    })
    expect(f.warnings).toEqual([])
  })

  it('writes the complete result to result-file under RUNNER_TEMP', async () => {
    const f = fakeCore()
    await publish(f.core, { result: { runners: runners(3) }, outputs: {} })
    const file = f.outputs['result-file']!
    expect(dirname(dirname(file))).toBe(temp)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ runners: runners(3) })
  })

  it('12,000 runners: no output over 1 MB, all within 1 MiB, the lists left out with a warning naming result-file', async () => {
    const f = fakeCore()
    const list = runners(12_000)
    await publish(f.core, { result: list, outputs: { runners: list, count: '12000' } })
    expect(bytes(JSON.stringify(list))).toBeGreaterThan(MAX_OUTPUT_BYTES) // the case at hand
    const all = Object.entries(f.outputs)
    for (const [, v] of all) expect(bytes(v)).toBeLessThanOrEqual(MAX_OUTPUT_BYTES)
    expect(all.reduce((n, [k, v]) => n + bytes(k) + bytes(v), 0)).toBeLessThanOrEqual(MAX_STEP_OUTPUT_BYTES)
    expect(Object.keys(f.outputs).sort()).toEqual(['count', 'result', 'result-file'])
    const file = f.outputs['result-file']!
    // `result` is always set: left out, it names the file that holds it
    expect(JSON.parse(f.outputs.result!)).toEqual({ left_out: 'too large for an output', result_file: file })
    expect(f.warnings).toHaveLength(2)
    for (const w of f.warnings) {
      expect(w).toMatch(
        /^Output '(result|runners)' \(\d+\.\d MiB\) is left out: it is larger than GitHub's limit of 1 MB/,
      )
      expect(w).toContain(`in the file named by the result-file output (${file})`)
    }
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveLength(12_000)
  })

  it('two lists that each fit but not together: the smaller outputs stay', async () => {
    const f = fakeCore()
    const list = runners(3_000) // about 0.5 MB as JSON
    await publish(f.core, {
      result: { count: 3000 },
      outputs: { runners: list, deleted: list, count: '3000' },
    })
    expect(Object.keys(f.outputs).sort()).toEqual(['count', 'result', 'result-file', 'runners'])
    expect(f.warnings).toEqual([expect.stringContaining("Output 'deleted' (") as string])
    expect(f.warnings[0]).toContain("the step's outputs would pass 1 MiB together")
  })
})

describe('planOutputs', () => {
  it('keeps smaller outputs first, and the earlier of two equal ones', () => {
    const plan = planOutputs(
      [
        ['a', 'x'.repeat(600)],
        ['b', 'y'.repeat(600)],
        ['c', '1'],
      ],
      1000,
    )
    expect(plan.set.map(([n]) => n)).toEqual(['a', 'c'])
    expect(plan.leftOut.map((o) => o.name)).toEqual(['b'])
  })
})

describe('renderSummary', () => {
  it('renders a table and escapes cell content', () => {
    const md = renderSummary({
      heading: 'Runners',
      table: { header: ['Name', 'Busy'], rows: [['a|<b>', true]] },
    })
    expect(md).toContain('### Runners')
    expect(md).toContain('| Name | Busy |')
    expect(md).toContain('| a\\|&lt;b&gt; | true |')
    expect(md).not.toContain('<details') // short: not folded
  })

  it('caps the rows and says how many more there are', () => {
    const rows = Array.from({ length: MAX_SUMMARY_ROWS + 7 }, (_, i) => [`r${i}`])
    const md = renderSummary({ heading: 'Many', table: { header: ['Name'], rows } })
    expect(md.split('\n').filter((l) => l.startsWith('| r')).length).toBe(MAX_SUMMARY_ROWS)
    expect(md).toContain(
      '…and 7 more (left out of this summary; the full list is in the file named by the `result-file` output)',
    )
  })

  it('says so when a table is empty', () => {
    expect(renderSummary({ heading: 'None', table: { header: ['Name'], rows: [] } })).toContain('_None._')
  })

  it('folds a long table in <details>, open when asked', () => {
    const rows = Array.from({ length: FOLD_ROWS + 1 }, (_, i) => [`r${i}`])
    const md = renderSummary({
      heading: 'Prune',
      sections: [
        { heading: 'Failed', table: { header: ['Name'], rows }, open: true },
        { heading: 'Deleted', table: { header: ['Name'], rows } },
      ],
    })
    expect(md).toContain(`<details open><summary>${FOLD_ROWS + 1} rows</summary>`)
    expect(md).toContain(`<details><summary>${FOLD_ROWS + 1} rows</summary>`)
    expect(md.indexOf('#### Failed')).toBeLessThan(md.indexOf('#### Deleted'))
  })

  it('stays under the byte cap with 12,000 multi-byte rows: counts first, failures before successes, each table cut with a note', () => {
    const long = (i: number) => [`ランナー-東京-${i}-🚀`, 100_000 + i, '理由: '.repeat(60)]
    const rows = (n: number) => Array.from({ length: n }, (_, i) => long(i))
    const header = ['Name', 'ID', 'Reason']
    const md = renderSummary({
      heading: 'Prune runners',
      text: ['Listed 36000 runners; deleted 12000, skipped 12000, failed 12000.'],
      sections: [
        { heading: 'Failed', table: { header, rows: rows(12_000) }, open: true },
        { heading: 'Skipped', table: { header, rows: rows(12_000) } },
        { heading: 'Deleted', table: { header, rows: rows(12_000) } },
      ],
    })
    expect(bytes(md)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES)
    expect(md.length * 3).toBeGreaterThan(MAX_SUMMARY_BYTES) // characters would have missed it
    const order = ['Listed 36000', '#### Failed', '#### Skipped', '#### Deleted'].map((s) => md.indexOf(s))
    expect(order).toEqual([...order].sort((a, b) => a - b))
    expect(order[0]).toBeGreaterThan(0)
    const notes = md.match(
      /_…and \d+ more \(left out of this summary; the full list is in the file named by the `result-file` output\)\._/g,
    )
    expect(notes).toHaveLength(3)
    // Each table got rows: a long first table does not starve the others.
    for (const part of md.split('#### ').slice(1))
      expect(part.split('\n').filter((l) => l.startsWith('| ランナー')).length).toBeGreaterThan(50)
  })

  it('keeps to a smaller cap when given one', () => {
    const rows = Array.from({ length: 400 }, (_, i) => [`😀😀😀😀-${i}`])
    expect(
      bytes(renderSummary({ heading: 'x', table: { header: ['Name'], rows } }, 4096)),
    ).toBeLessThanOrEqual(4096)
  })
})
