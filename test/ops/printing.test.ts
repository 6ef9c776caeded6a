/**
 * Everything a step prints: GitHub text never becomes a workflow command in the log nor a link,
 * an image or HTML in the job summary; failures name ten runners at most and come first in the
 * summary; result-file never holds a secret.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { publish } from '../../src/publish/outputs.js'
import type { OperationResult } from '../../src/registry/operation-result.js'
import { fakeTime } from '../support/clock.js'
import { useSimulator } from '../support/sim.js'

const t = useSimulator()
const OWNER = 'org:octo-fleet' as const
const org = { organization: 'octo-fleet' }

/** What a step wrote: log lines (info, annotations, the failure) and the job summary. */
async function published(r: OperationResult) {
  const log: string[] = []
  const outputs: Record<string, string> = {}
  let summary = ''
  const core = {
    setSecret: () => undefined,
    setOutput: (k: string, v: unknown) => void (outputs[k] = String(v)),
    warning: (m: string | Error) => void log.push(`::warning::${String(m)}`),
    error: (m: string | Error) => void log.push(`::error::${String(m)}`),
    info: (m: string) => void log.push(m),
    summary: { addRaw: (md: string) => ({ write: () => Promise.resolve(void (summary += md)) }) },
  } as unknown as Parameters<typeof publish>[0]
  await publish(core, r)
  return { log, outputs, summary }
}

let temp = ''
const saved = { RUNNER_TEMP: process.env.RUNNER_TEMP, GITHUB_STEP_SUMMARY: process.env.GITHUB_STEP_SUMMARY }
beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'printing-test-'))
  process.env.RUNNER_TEMP = temp
  process.env.GITHUB_STEP_SUMMARY = join(temp, 'summary.md')
})
afterEach(() => {
  rmSync(temp, { recursive: true, force: true })
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
})

/** No line is a workflow command: none starts with `::` (but the annotations' own), none holds `##[`. */
function expectNoCommands(lines: string[]) {
  for (const entry of lines) {
    const own = /^::(warning|error)::/.exec(entry)?.[0] ?? ''
    for (const line of entry.slice(own.length).split(/\r?\n|\r/)) {
      expect(line.trimStart().startsWith('::'), line).toBe(false)
      expect(line.includes('##['), line).toBe(false)
    }
  }
}

const HOSTILE_LABEL = 'gpu##[warning]All runners are healthy'
const HOSTILE_NAMES = [
  '::warning::pwned',
  'x](https://evil.example/steal)',
  '<img src=x onerror=alert(1)>',
  'line\n::error::injected',
  '![pic](https://evil.example/p.png)',
]

describe('GitHub text in the log and the summary', () => {
  it('runner names and labels never become workflow commands, links, images or HTML', async () => {
    for (const name of HOSTILE_NAMES) t.sim.addRunner(OWNER, { name, labels: [HOSTILE_LABEL] })
    const listed = await t.run({ ...org, operation: 'list-runners' })
    const changed = await t.run({
      ...org,
      operation: 'remove-label',
      'has-labels': HOSTILE_LABEL,
      labels: HOSTILE_LABEL,
    })
    expect(changed.outputs.count).toBe(String(HOSTILE_NAMES.length))
    for (const r of [listed, changed]) {
      const { log, summary } = await published(r)
      expectNoCommands([...log, ...t.log.info, ...t.log.warnings])
      // Escaped, the characters show as they are: no tag, link, image or autolink is left.
      expect(summary).not.toMatch(/<img|(?<!\\)\]\(|!\[|https:\/\//)
      // Each runner stays one table row: a newline in a name does not start a new line.
      expect(summary.split('\n').filter((l) => l.includes('injected'))).toHaveLength(1)
    }
    // The text itself is still there to read.
    const { summary } = await published(listed)
    expect(summary).toContain('gpu##\\[warning\\]All runners are healthy')
    expect(t.log.info).toContainEqual(
      expect.stringMatching(
        /^Changed the labels of runner line\n:\u200b:error:\u200b:injected \(id \d+\)\.$/,
      ),
    )
  })

  it('a failure names ten runners at most, counts the rest, and comes first in the summary', async () => {
    for (let i = 0; i < 25; i++)
      t.sim.addRunner(OWNER, { name: `pool-${String(i).padStart(2, '0')}`, labels: ['pool'], busy: true })
    fakeTime()
    const r = await t.run({
      ...org,
      operation: 'drain-runners',
      'name-pattern': 'pool-*',
      timeout: '60',
      'poll-interval': '20',
    })
    expect(r.failure).toMatch(/25 runners were still busy after 60 s: pool-00, .*, pool-09 and 15 more\./)
    expect(r.failure).not.toContain('pool-10')
    const { summary } = await published(r)
    const firstLines = summary.split('\n').slice(0, 4).join('\n')
    expect(firstLines).toMatch(/⛔ .*25 runners were still busy/)
    expect(summary.match(/⛔/g)).toHaveLength(1)
  })
})

describe('result-file', () => {
  it('holds "***" where the JIT configuration is; the masked output holds it', async () => {
    const r = await t.run({ ...org, operation: 'create-jit-config', labels: 'gpu', 'runner-name': 'jit-1' })
    const secret = r.outputs['encoded-jit-config'] as string
    expect(secret.length).toBeGreaterThan(20)
    const { outputs } = await published(r)
    const file = readFileSync(outputs['result-file']!, 'utf8')
    expect(file).not.toContain(secret)
    expect((JSON.parse(file) as { encoded_jit_config: string }).encoded_jit_config).toBe('***')
    expect(outputs['encoded-jit-config']).toBe(secret)
  })

  it('holds "***" where a registration token is', async () => {
    const r = await t.run({ ...org, operation: 'create-registration-token' })
    const { outputs } = await published(r)
    const file = JSON.parse(readFileSync(outputs['result-file']!, 'utf8')) as { token: string }
    expect(file.token).toBe('***')
    expect(t.sim.issuedSecrets).toContain(outputs.token)
  })
})
