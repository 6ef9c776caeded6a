/**
 * Generated documentation, kept in step with its sources:
 * - README.md's input and output tables, from action.yml (between <!-- inputs:start/end --> and
 *   <!-- outputs:start/end -->);
 * - README.md's operation table and action.yml's `operation` description, from the operation
 *   registry (src/operations/registry.ts).
 *
 *   tsx scripts/docs.ts --write   rewrite README.md and action.yml
 *   tsx scripts/docs.ts --check   exit 1 when either is out of date
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { FAMILIES, type Operation } from '../src/operations/define.js'
import { OPERATIONS } from '../src/operations/registry.js'
import { SCOPES } from '../src/target.js'

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
}

const cell = (s: string) => s.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|')
const code = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(', ')

/** The `# == Title ==` comments that divide action.yml's inputs into sections, by first input. */
function sections(actionYml: string): Map<string, string> {
  const found = new Map<string, string>()
  let title: string | undefined
  for (const line of actionYml.split('\n')) {
    const heading = /^ {2}# == (.+) ==\s*$/.exec(line)
    if (heading) title = heading[1]
    const input = /^ {2}([a-z][a-z0-9-]*):\s*$/.exec(line)
    if (input && title) {
      found.set(input[1]!, title)
      title = undefined
    }
    if (/^outputs:/.test(line)) break
  }
  return found
}

function inputTables(actionYml: string): string {
  const action = parse(actionYml) as ActionYml
  const starts = sections(actionYml)
  const out: string[] = []
  for (const [name, i] of Object.entries(action.inputs)) {
    const section = starts.get(name)
    if (section || out.length === 0) {
      if (out.length) out.push('')
      if (section) out.push(`**${section}**`, '')
      out.push('| Input | Description | Default |', '| --- | --- | --- |')
    }
    const def = i.default ? `\`${cell(i.default)}\`` : ''
    out.push(`| \`${name}\`${i.required ? ' (required)' : ''} | ${cell(i.description)} | ${def} |`)
  }
  return out.join('\n')
}

function outputTable(actionYml: string): string {
  const action = parse(actionYml) as ActionYml
  return [
    '| Output | Description |',
    '| --- | --- |',
    ...Object.entries(action.outputs).map(([name, o]) => `| \`${name}\` | ${cell(o.description)} |`),
  ].join('\n')
}

function scopesOf(op: Operation): string {
  // Operations on the caller's own account or on files name no scope, or only an enterprise.
  if (op.reach === 'files') return 'none'
  if (op.reach === 'account') return 'none, enterprise'
  return op.scopes.length === SCOPES.length ? 'all' : op.scopes.join(', ')
}

function operationTable(ops: readonly Operation[]): string {
  const out: string[] = []
  for (const family of FAMILIES) {
    const members = ops.filter((o) => o.family === family)
    if (members.length === 0) continue
    if (out.length) out.push('')
    out.push(
      `**${family}**`,
      '',
      '| Operation | Scopes | Inputs | Outputs | What it does |',
      '| --- | --- | --- | --- | --- |',
    )
    for (const o of members) {
      out.push(
        `| \`${o.name}\` | ${scopesOf(o)} | ${code(o.inputNames)} | ${code(o.outputs)} | ${cell(o.description)} |`,
      )
    }
  }
  return out.join('\n')
}

/** action.yml's `operation` description: every operation by family, wrapped for YAML. */
function operationDescription(ops: readonly Operation[]): string {
  const parts = ['Required. What to do (one operation per step).']
  for (const family of FAMILIES) {
    const members = ops.filter((o) => o.family === family)
    const scoped = members.filter((o) => o.reach === 'scope')
    const scopes = SCOPES.filter((sc) => scoped.some((o) => o.scopes.includes(sc)))
    const where = scoped.length > 0 && scopes.length < SCOPES.length ? ` (${scopes.join(', ')})` : ''
    parts.push(`${family}${where}: ${members.map((o) => o.name).join(', ')}.`)
  }
  const words = parts.join(' ').split(' ')
  const lines: string[] = []
  let line = ''
  for (const w of words) {
    if (line && line.length + w.length + 1 > 92) {
      lines.push(line)
      line = w
    } else line = line ? `${line} ${w}` : w
  }
  lines.push(line)
  return lines.map((l) => `      ${l}`).join('\n')
}

function replaceBetween(text: string, key: string, body: string): string {
  const re = new RegExp(`(<!-- ${key}:start -->)[\\s\\S]*?(<!-- ${key}:end -->)`)
  if (!re.test(text))
    throw new Error(`README.md has no <!-- ${key}:start --> ... <!-- ${key}:end --> markers`)
  return text.replace(re, (_m, start: string, end: string) => `${start}\n${body}\n${end}`)
}

export function updateActionYml(actionYml: string, ops: readonly Operation[] = OPERATIONS): string {
  const re = /(\n {2}operation:\n {4}description: >-\n)(?: {6}.*\n)+/
  if (!re.test(actionYml)) throw new Error("action.yml has no 'operation:' input with a '>-' description")
  return actionYml.replace(re, (_m, head: string) => `${head}${operationDescription(ops)}\n`)
}

export function updateReadme(
  readme: string,
  actionYml: string,
  ops: readonly Operation[] = OPERATIONS,
): string {
  let out = replaceBetween(readme, 'inputs', inputTables(actionYml))
  out = replaceBetween(out, 'outputs', outputTable(actionYml))
  return replaceBetween(out, 'operations', operationTable(ops))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = new URL('../', import.meta.url)
  const files = { readme: new URL('README.md', root), action: new URL('action.yml', root) }
  const action = readFileSync(files.action, 'utf8')
  const readme = readFileSync(files.readme, 'utf8')
  const nextAction = updateActionYml(action)
  const nextReadme = updateReadme(readme, nextAction)
  const stale = [nextAction !== action ? 'action.yml' : '', nextReadme !== readme ? 'README.md' : ''].filter(
    Boolean,
  )
  if (process.argv.includes('--check')) {
    if (stale.length) {
      console.error(
        `${stale.join(' and ')} out of date with the operation registry and action.yml: run \`npm run docs\`.`,
      )
      process.exit(1)
    }
    console.log('README.md and action.yml match the operation registry.')
  } else {
    writeFileSync(files.action, nextAction)
    writeFileSync(files.readme, nextReadme)
    console.log(stale.length ? `Updated ${stale.join(' and ')}.` : 'Docs were up to date.')
  }
}
