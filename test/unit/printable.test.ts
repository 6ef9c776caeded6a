/** The two escaping functions: GitHub text in the log and in the job summary. */
import { describe, expect, it } from 'vitest'
import { renderSummary, withFailureFirst } from '../../src/publish/job-summary.js'
import { logText, summaryText } from '../../src/publish/printable.js'

describe('logText', () => {
  it.each([
    ['::warning::All runners are healthy', ':\u200b:warning:\u200b:All runners are healthy'],
    ['gpu##[warning]All runners are healthy', 'gpu#\u200b#[warning]All runners are healthy'],
    ['a\n::add-mask::x', 'a\n:\u200b:add-mask:\u200b:x'],
    ['a\r\n##[error]b', 'a\n#\u200b#[error]b'],
    ['bell\u0007 and cr\r', 'bell\\u0007 and cr\\u000d'],
    ['::::', ':\u200b:\u200b:\u200b:'],
    ['runner-01 (id 5)', 'runner-01 (id 5)'],
  ])('%j → %j', (text, shown) => expect(logText(text)).toBe(shown))

  it('leaves no line that the runner would read as a command', () => {
    const out = logText('x\n  ::error::y\n##[group]z\nw ##[endgroup]')
    for (const line of out.split('\n')) {
      expect(line.trimStart().startsWith('::')).toBe(false)
      expect(line).not.toContain('##[')
    }
  })
})

describe('summaryText', () => {
  it.each([
    ['x](https://evil.example)', 'x\\](https:\\/\\/evil.example)'],
    ['![i](y)', '!\\[i\\](y)'],
    ['<img src=x>', '&lt;img src=x&gt;'],
    ['a|b', 'a\\|b'],
    ['line\nbreak', 'line break'],
    ['`code` *em* _u_ ~s~ $m$', '\\`code\\` \\*em\\* \\_u\\_ \\~s\\~ \\$m\\$'],
    ['see www.evil.example', 'see www\\.evil.example'],
    ['&amp;', '&amp;amp;'],
    ['runner-01', 'runner-01'],
  ])('%j → %j', (text, shown) => expect(summaryText(text)).toBe(shown))
})

describe('withFailureFirst', () => {
  it('puts the reason first, cut short, even when the summary would be too large for it', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [`runner-${i}`, i])
    const failure = `3000 runners were still busy: ${'x, '.repeat(5000)}`
    const md = renderSummary(
      withFailureFirst(
        { heading: 'Drain', text: ['counts', `⛔ ${failure}`], table: { header: ['Name', 'ID'], rows } },
        failure,
      ),
      64 * 1024,
    )
    const lines = md.split('\n')
    expect(lines[0]).toBe('### Drain')
    expect(lines[2]).toMatch(/^⛔ 3000 runners were still busy: x, x, .*…$/)
    expect(lines[2]!.length).toBeLessThan(2100)
    expect(md.match(/⛔/g)).toHaveLength(1)
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(64 * 1024)
  })

  it('makes a summary when the operation had none', () => {
    expect(renderSummary(withFailureFirst(undefined, 'GitHub refused the token'))).toMatch(
      /^### The step failed\n\n⛔ GitHub refused the token/,
    )
  })
})
