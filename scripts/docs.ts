/**
 * Generated documentation, kept in step with its sources (the operation registry,
 * src/registry/registry.ts, and action.yml):
 * - action.yml: the `operation` input's list of operations, and the closing "Read by: ..." and
 *   "Set by: ..." sentence of every input and output an operation declares;
 * - README.md: the operation index (one line per operation, linking to its family's page);
 * - docs/<family>.md: each family's operations, and the inputs and outputs they use;
 * - docs/inputs-and-outputs.md: every input and output, from action.yml.
 * Each generated part sits between `<!-- KEY:start -->` and `<!-- KEY:end -->`.
 *
 *   tsx scripts/docs.ts --write   rewrite what is out of date
 *   tsx scripts/docs.ts --check   exit 1 naming each file that is out of date
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { COMMON_INPUTS } from '../src/inputs/common.js'
import { FAMILIES, type Operation } from '../src/registry/define.js'
import { OPERATIONS } from '../src/registry/registry.js'
import { SCOPES } from '../src/github/target.js'

type Family = (typeof FAMILIES)[number]

/** The page in docs/ that holds each family's operations. */
export const FAMILY_PAGES: Record<Family, string> = {
  'Tokens and just-in-time runners': 'docs/tokens-and-jit.md',
  'Self-hosted runners': 'docs/runners.md',
  Labels: 'docs/labels.md',
  Fleet: 'docs/fleet.md',
  'Runner groups': 'docs/runner-groups.md',
  'Settings and versions': 'docs/settings-and-versions.md',
  'Hosted-compute networking': 'docs/networking.md',
  'GitHub-hosted runners': 'docs/hosted-runners.md',
  'Many organizations': 'docs/many-organizations.md',
}
export const REFERENCE_PAGE = 'docs/inputs-and-outputs.md'

/** Outputs every operation sets: no "Set by" list. */
const ALWAYS_SET = ['result', 'result-file']

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
}

const cell = (s: string) => s.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|')
const code = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(', ')
const GENERATED_SENTENCE = /\s*(?:Read|Set) by: [a-z0-9, -]+\.$/

/** An action.yml description without its generated "Read by" / "Set by" sentence. */
export function writtenPart(description: string): string {
  return description.replace(/\s+/g, ' ').trim().replace(GENERATED_SENTENCE, '')
}

/** The operations that read an input or set an output. */
export function usersOf(kind: 'inputs' | 'outputs', name: string, ops = OPERATIONS): Operation[] {
  return ops.filter((o) => (kind === 'inputs' ? o.inputNames : o.outputs).includes(name))
}

function wrap(text: string, indent: number, width = 92): string[] {
  const lines: string[] = []
  let line = ''
  for (const w of text.split(' ')) {
    if (line && line.length + w.length + 1 > width) {
      lines.push(line)
      line = w
    } else line = line ? `${line} ${w}` : w
  }
  lines.push(line)
  return lines.map((l) => `${' '.repeat(indent)}${l}`)
}

/** action.yml's `operation` description: every operation by family. */
function operationDescription(ops: readonly Operation[]): string {
  const parts = ['Required. What to do (one operation per step).']
  for (const family of FAMILIES) {
    const members = ops.filter((o) => o.family === family)
    const scoped = members.filter((o) => o.reach === 'scope')
    const scopes = SCOPES.filter((sc) => scoped.some((o) => o.scopes.includes(sc)))
    const where = scoped.length > 0 && scopes.length < SCOPES.length ? ` (${scopes.join(', ')})` : ''
    parts.push(`${family}${where}: ${members.map((o) => o.name).join(', ')}.`)
  }
  return parts.join(' ')
}

/** Replaces the description of `inputs.<name>` or `outputs.<name>` with a folded `>-` block. */
function setDescription(yml: string, section: string, name: string, text: string): string {
  const lines = yml.split('\n')
  let inSection = false
  for (let i = 0; i < lines.length; i++) {
    if (/^\S/.test(lines[i]!)) inSection = lines[i] === `${section}:`
    if (!inSection || lines[i] !== `  ${name}:`) continue
    let j = i + 1
    while (j < lines.length && !/^ {4}description:/.test(lines[j]!)) j++
    let k = j + 1
    while (k < lines.length && /^ {6}/.test(lines[k]!)) k++
    lines.splice(j, k - j, '    description: >-', ...wrap(text, 6))
    return lines.join('\n')
  }
  throw new Error(`action.yml has no ${section}.${name}`)
}

/** Operation names that a written description mentions but the registry does not know. */
function unknownMentions(text: string, ops: readonly Operation[]): string[] {
  const names = new Set(ops.map((o) => o.name))
  const looksLikeOperation =
    /\b(?:create|get|list|delete|update|set|add|remove|prune|wait|drain|report)-[a-z-]*[a-z]/g
  return [...text.matchAll(looksLikeOperation)]
    .map((m) => m[0])
    .filter((w) => !names.has(w) && !/-(?:runner-group-access|self-hosted-runners-repositories)$/.test(w))
}

export function updateActionYml(actionYml: string, ops: readonly Operation[] = OPERATIONS): string {
  let out = setDescription(actionYml, 'inputs', 'operation', operationDescription(ops))
  const action = parse(out) as ActionYml
  const sections = [
    [
      'inputs',
      'Read by',
      Object.keys(action.inputs).filter((n) => !(COMMON_INPUTS as readonly string[]).includes(n)),
    ],
    ['outputs', 'Set by', Object.keys(action.outputs).filter((n) => !ALWAYS_SET.includes(n))],
  ] as const
  for (const [kind, verb, names] of sections) {
    for (const name of names) {
      const written = writtenPart(action[kind][name]!.description)
      const unknown = unknownMentions(written, ops)
      if (unknown.length)
        throw new Error(
          `action.yml ${kind}.${name} names operations that do not exist: ${unknown.join(', ')}`,
        )
      const users = usersOf(kind, name, ops).map((o) => o.name)
      const text = users.length ? `${written} ${verb}: ${users.join(', ')}.` : written
      out = setDescription(out, kind, name, text)
    }
  }
  return out
}

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

/** Every input, in action.yml's sections (for docs/inputs-and-outputs.md). */
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
    // The operation list is the README's index, with a line and a link for each.
    const text =
      name === 'operation'
        ? 'What to do: one [operation](../README.md#operations) per step.'
        : cell(i.description)
    out.push(`| \`${name}\`${i.required ? ' (required)' : ''} | ${text} | ${def} |`)
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

/** README's index: one line per operation, linking to its family's page. */
function operationIndex(ops: readonly Operation[]): string {
  const out = ['| Operation | Scopes | What it does |', '| --- | --- | --- |']
  for (const family of FAMILIES) {
    const page = FAMILY_PAGES[family]
    out.push(`| **[${family}](${page})** | | |`)
    for (const o of ops.filter((op) => op.family === family))
      out.push(`| [\`${o.name}\`](${page}#${o.name}) | ${scopesOf(o)} | ${cell(o.description)} |`)
  }
  return out.join('\n')
}

/** A family page's operation table; each row is the operation's anchor. */
function familyOperations(ops: readonly Operation[]): string {
  return [
    '| Operation | Scopes | Inputs | Outputs (besides `result`) | What it does |',
    '| --- | --- | --- | --- | --- |',
    ...ops.map(
      (o) =>
        `| <a id="${o.name}"></a>\`${o.name}\` | ${scopesOf(o)} | ${code(o.inputNames)} | ${code(o.outputs)} | ${cell(o.description)} |`,
    ),
  ].join('\n')
}

/** A family page's inputs or outputs: each name its family's operations use, with action.yml's words. */
function familyNames(kind: 'inputs' | 'outputs', ops: readonly Operation[], actionYml: string): string {
  const action = parse(actionYml) as ActionYml
  const names = [...new Set(ops.flatMap((o) => (kind === 'inputs' ? o.inputNames : o.outputs)))]
  const [head, users] = kind === 'inputs' ? ['Input', 'Read by'] : ['Output', 'Set by']
  return [
    `| ${head} | ${users} | Description |`,
    '| --- | --- | --- |',
    ...names.map((n) => {
      const users = usersOf(kind, n, ops).map((o) => o.name)
      const all = users.length === ops.length && ops.length > 1 ? 'all of them' : code(users)
      return `| \`${n}\` | ${all} | ${cell(writtenPart(action[kind][n]?.description ?? ''))} |`
    }),
  ].join('\n')
}

function replaceBetween(text: string, file: string, key: string, body: string): string {
  const re = new RegExp(`(<!-- ${key}:start -->)[\\s\\S]*?(<!-- ${key}:end -->)`)
  if (!re.test(text)) throw new Error(`${file} has no <!-- ${key}:start --> ... <!-- ${key}:end --> markers`)
  return text.replace(re, (_m, start: string, end: string) => `${start}\n${body}\n${end}`)
}

export function updateReadme(
  readme: string,
  _actionYml: string,
  ops: readonly Operation[] = OPERATIONS,
): string {
  return replaceBetween(readme, 'README.md', 'operations', operationIndex(ops))
}

export function updateFamilyPage(
  page: string,
  family: Family,
  actionYml: string,
  ops: readonly Operation[] = OPERATIONS,
): string {
  const file = FAMILY_PAGES[family]
  const members = ops.filter((o) => o.family === family)
  let out = replaceBetween(page, file, 'operations', familyOperations(members))
  out = replaceBetween(out, file, 'inputs', familyNames('inputs', members, actionYml))
  return replaceBetween(out, file, 'outputs', familyNames('outputs', members, actionYml))
}

export function updateReference(page: string, actionYml: string): string {
  const out = replaceBetween(page, REFERENCE_PAGE, 'inputs', inputTables(actionYml))
  return replaceBetween(out, REFERENCE_PAGE, 'outputs', outputTable(actionYml))
}

/** Every generated file, as it is and as it should be. */
export function generatedFiles(root: URL): { file: string; now: string; next: string }[] {
  const read = (file: string) =>
    existsSync(new URL(file, root)) ? readFileSync(new URL(file, root), 'utf8') : ''
  const action = read('action.yml')
  const nextAction = updateActionYml(action)
  const files = [
    { file: 'action.yml', now: action, next: nextAction },
    { file: 'README.md', now: read('README.md'), next: updateReadme(read('README.md'), nextAction) },
    {
      file: REFERENCE_PAGE,
      now: read(REFERENCE_PAGE),
      next: updateReference(read(REFERENCE_PAGE), nextAction),
    },
  ]
  for (const family of FAMILIES) {
    const file = FAMILY_PAGES[family]
    files.push({ file, now: read(file), next: updateFamilyPage(read(file), family, nextAction) })
  }
  return files
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = new URL('../', import.meta.url)
  const stale = generatedFiles(root).filter((f) => f.next !== f.now)
  if (process.argv.includes('--check')) {
    if (stale.length) {
      console.error(
        `${stale.map((f) => f.file).join(', ')}: out of date with the operation registry and action.yml: run \`npm run docs\`.`,
      )
      process.exit(1)
    }
    console.log('action.yml, README.md and docs/ match the operation registry.')
  } else {
    for (const f of stale) writeFileSync(new URL(f.file, root), f.next)
    console.log(stale.length ? `Updated ${stale.map((f) => f.file).join(', ')}.` : 'Docs were up to date.')
  }
}
