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

export function renderTables(actionYml: string): { inputs: string; outputs: string } {
  const action = parse(actionYml) as ActionYml
  const inputs = [
    '| Input | Description | Default |',
    '| --- | --- | --- |',
    ...Object.entries(action.inputs).map(
      ([name, i]) =>
        `| \`${name}\`${i.required ? ' (required)' : ''} | ${cell(i.description)} | ${i.default ? `\`${cell(i.default)}\`` : ''} |`,
    ),
  ].join('\n')
  const outputs = [
    '| Output | Description |',
    '| --- | --- |',
    ...Object.entries(action.outputs).map(([name, o]) => `| \`${name}\` | ${cell(o.description)} |`),
  ].join('\n')
  return { inputs, outputs }
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
