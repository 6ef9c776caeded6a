import { describe, expect, it } from 'vitest'
import { MAX_SUMMARY_ROWS, publish, renderSummary } from '../../src/outputs.js'

function fakeCore() {
  const calls: string[] = []
  const outputs: Record<string, string> = {}
  return {
    calls,
    outputs,
    core: {
      setSecret: (s: string) => void calls.push(`secret:${s}`),
      setOutput: (k: string, v: unknown) => {
        calls.push(`output:${k}`)
        outputs[k] = String(v)
      },
      warning: (m: string | Error) => void calls.push(`warning:${String(m)}`),
      info: (m: string) => void calls.push(`info:${m}`),
    } as unknown as Parameters<typeof publish>[0],
  }
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
      token: 'SECRET1',
      count: '2',
      runners: '[{"id":1}]',
      result: '{"token":"SECRET1"}',
    })
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
  })
  it('caps the rows and says how many more there are', () => {
    const rows = Array.from({ length: MAX_SUMMARY_ROWS + 7 }, (_, i) => [`r${i}`])
    const md = renderSummary({ heading: 'Many', table: { header: ['Name'], rows } })
    expect(md.split('\n').filter((l) => l.startsWith('| r')).length).toBe(MAX_SUMMARY_ROWS)
    expect(md).toContain('…and 7 more')
  })
  it('says so when a table is empty', () => {
    expect(renderSummary({ heading: 'None', table: { header: ['Name'], rows: [] } })).toContain('_None._')
  })
})
