/**
 * The README's input and output tables, generated from action.yml between markers.
 *   tsx scripts/readme-tables.ts --write   rewrite README.md
 *   tsx scripts/readme-tables.ts --check   exit 1 when README.md is out of date
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
}

const cell = (s: string) => s.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|')

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

export function renderTables(actionYml: string): { inputs: string; outputs: string } {
  const action = parse(actionYml) as ActionYml
  const starts = sections(actionYml)
  const inputs: string[] = []
  for (const [name, i] of Object.entries(action.inputs)) {
    const section = starts.get(name)
    if (section || inputs.length === 0) {
      if (inputs.length) inputs.push('')
      if (section) inputs.push(`**${section}**`, '')
      inputs.push('| Input | Description | Default |', '| --- | --- | --- |')
    }
    const def = i.default ? `\`${cell(i.default)}\`` : ''
    inputs.push(`| \`${name}\`${i.required ? ' (required)' : ''} | ${cell(i.description)} | ${def} |`)
  }
  const outputs = [
    '| Output | Description |',
    '| --- | --- |',
    ...Object.entries(action.outputs).map(([name, o]) => `| \`${name}\` | ${cell(o.description)} |`),
  ].join('\n')
  return { inputs: inputs.join('\n'), outputs }
}

export function updateReadme(readme: string, actionYml: string): string {
  const t = renderTables(actionYml)
  let out = readme
  for (const [key, table] of Object.entries(t)) {
    const re = new RegExp(`(<!-- ${key}:start -->)[\\s\\S]*?(<!-- ${key}:end -->)`)
    if (!re.test(out))
      throw new Error(`README.md has no <!-- ${key}:start --> ... <!-- ${key}:end --> markers`)
    out = out.replace(re, (_m, start: string, end: string) => `${start}\n${table}\n${end}`)
  }
  return out
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = new URL('../', import.meta.url)
  const readmePath = new URL('README.md', root)
  const readme = readFileSync(readmePath, 'utf8')
  const next = updateReadme(readme, readFileSync(new URL('action.yml', root), 'utf8'))
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      console.error('README.md tables are out of date with action.yml: run `npm run docs`.')
      process.exit(1)
    }
    console.log('README.md tables match action.yml.')
  } else if (next !== readme) {
    writeFileSync(readmePath, next)
    console.log('README.md tables updated.')
  }
}
