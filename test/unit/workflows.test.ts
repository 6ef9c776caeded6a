/**
 * The workflows in .github/workflows/ and examples/, and the ```yaml snippets of README.md and docs/, use
 * this action (`uses: ./` or `uses: OWNER/runner-manager-action@...`) only with what action.yml
 * and the operation registry declare: every `with:` key is an input, every `operation:` an
 * operation, every `steps.<id>.outputs.<name>` of such a step an output. actionlint cannot check
 * this offline (it does not read a local or unpublished action.yml).
 *
 * They also follow the rules the README gives users: `${{ }}` reaches `run:` through `env:`,
 * never inline; the examples set least-privilege `permissions:`, `timeout-minutes:` on every
 * job, `concurrency:` on scheduled workflows, and take credentials from `secrets.*`.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isMap, isScalar, isSeq, LineCounter, parse, parseDocument, type Node, type YAMLMap } from 'yaml'
import { OPERATION_NAMES } from '../../src/registry/registry.js'

const root = new URL('../../', import.meta.url)
const read = (path: string) => readFileSync(new URL(path, root), 'utf8')

const action = parse(read('action.yml')) as {
  inputs: Record<string, unknown>
  outputs: Record<string, unknown>
}
const DECLARED = {
  inputs: new Set(Object.keys(action.inputs)),
  outputs: new Set(Object.keys(action.outputs)),
  operations: new Set<string>(OPERATION_NAMES),
}

/** `uses:` values that mean this action: the checkout itself, or the published repository (any owner: a GHES copy may live elsewhere). */
const THIS_ACTION = /^(?:\.\/?|[\w.-]+\/runner-manager-action@[\w./-]+)$/
/** `steps.<id>.outputs.<name>`, `steps.<id>.outputs['<name>']`, or the bare `steps.<id>` of `steps.<id>.outcome`. */
const STEP_REF =
  /\bsteps\.([A-Za-z_][\w-]*)\.(?:outputs(?:\.([A-Za-z_][\w-]*)|\[\s*['"]([^'"]+)['"]\s*\])|\w+)/g

interface Source {
  /** Where problems are reported: the file, with line numbers added. */
  file: string
  text: string
  /** Line of `text`'s first line in the file. */
  firstLine: number
}

interface Step {
  where: string
  /** file:line of an offset in the step's source. */
  lineOf: (offset: number) => string
  map: YAMLMap
  id: string | undefined
  ours: boolean
}

interface Scope {
  /** Label for problems: file and job. */
  label: string
  steps: Step[]
  /** `steps.` references in the scope's text, comments included. */
  refs: { where: string; id: string; output: string | undefined }[]
}

function workflowFiles(dir: string): string[] {
  let names: string[] = []
  try {
    names = readdirSync(new URL(dir, root))
  } catch {
    return []
  }
  return names
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => `${dir}/${n}`)
}

function markdownSnippets(file: string): Source[] {
  const text = read(file)
  const out: Source[] = []
  for (const m of text.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)) {
    const firstLine = text.slice(0, m.index).split('\n').length + 1
    out.push({ file, text: m[1]!, firstLine })
  }
  return out
}

/** README.md and the pages of docs/: the Markdown files whose snippets are checked. */
const MANUAL = [
  'README.md',
  ...readdirSync(new URL('docs/', root))
    .filter((n) => n.endsWith('.md'))
    .sort()
    .map((n) => `docs/${n}`),
]

function str(node: unknown): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')
    ? String(node.value)
    : undefined
}

function get(map: YAMLMap, key: string): unknown {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key)?.value
}

/** Every mapping under `node` (itself included) that has a `uses:` or a `run:`: a step. */
function findSteps(node: unknown, visit: (map: YAMLMap) => void): void {
  if (isMap(node)) {
    if (get(node, 'uses') !== undefined || get(node, 'run') !== undefined) visit(node)
    for (const p of node.items) findSteps(p.value, visit)
  } else if (isSeq(node)) {
    for (const item of node.items) findSteps(item, visit)
  }
}

/** Parses a source into scopes: one per job of a workflow, or the whole text for a list of steps. */
function scopesOf(src: Source): { scopes: Scope[]; errors: string[]; lineOf: (offset: number) => string } {
  const lineCounter = new LineCounter()
  const doc = parseDocument(src.text, { lineCounter })
  const lineOf = (offset: number) => `${src.file}:${src.firstLine + lineCounter.linePos(offset).line - 1}`
  const errors = doc.errors.map((e) => `${lineOf(e.pos[0])}: not valid YAML: ${e.message}`)
  const parts: { label: string; node: unknown }[] = []
  const jobs = isMap(doc.contents) ? get(doc.contents, 'jobs') : undefined
  if (isMap(jobs)) {
    for (const p of jobs.items) parts.push({ label: `${src.file} job ${str(p.key)}`, node: p.value })
  } else {
    parts.push({ label: src.file, node: doc.contents })
  }
  const scopes = parts.map(({ label, node }): Scope => {
    const steps: Step[] = []
    findSteps(node, (map) => {
      const uses = str(get(map, 'uses'))
      steps.push({
        where: lineOf(map.range?.[0] ?? 0),
        lineOf,
        map,
        id: str(get(map, 'id')),
        ours: uses !== undefined && THIS_ACTION.test(uses),
      })
    })
    const [start, , end] = (node as Node | null)?.range ?? [0, 0, src.text.length]
    const refs = [...src.text.slice(start, end).matchAll(STEP_REF)].map((m) => ({
      where: lineOf(start + m.index),
      id: m[1]!,
      output: m[2] ?? m[3],
    }))
    return { label, steps, refs }
  })
  return { scopes, errors, lineOf }
}

/** What does not match action.yml: unknown inputs, operations and outputs, references to no step. */
function contractProblems(scopes: Scope[]): string[] {
  const problems: string[] = []
  for (const scope of scopes) {
    const ids = new Map(scope.steps.filter((s) => s.id !== undefined).map((s) => [s.id!, s]))
    for (const step of scope.steps.filter((s) => s.ours)) {
      const withMap = get(step.map, 'with')
      if (!isMap(withMap)) {
        problems.push(`${step.where}: a step of this action without \`with:\``)
        continue
      }
      const at = (node: unknown) => step.lineOf((node as Node | null)?.range?.[0] ?? 0)
      for (const pair of withMap.items) {
        const key = str(pair.key) ?? ''
        if (!DECLARED.inputs.has(key)) problems.push(`${at(pair.key)}: input \`${key}\` is not in action.yml`)
      }
      const operationNode = get(withMap, 'operation')
      const operation = str(operationNode)
      if (operation === undefined) problems.push(`${step.where}: no \`operation:\``)
      else if (!operation.includes('${{') && !DECLARED.operations.has(operation))
        problems.push(`${at(operationNode)}: operation \`${operation}\` is not one the action knows`)
    }
    for (const ref of scope.refs) {
      const step = ids.get(ref.id)
      if (step === undefined) problems.push(`${ref.where}: \`steps.${ref.id}\` is no step of ${scope.label}`)
      else if (step.ours && ref.output !== undefined && !DECLARED.outputs.has(ref.output))
        problems.push(`${ref.where}: output \`${ref.output}\` (of step ${ref.id}) is not in action.yml`)
    }
  }
  return problems
}

/** `${{ }}` inside a `run:` script: a value that can inject shell. It goes through `env:`. */
function inlineExpressionProblems(scopes: Scope[], lineOf: (offset: number) => string): string[] {
  const problems: string[] = []
  for (const step of scopes.flatMap((s) => s.steps)) {
    const run = get(step.map, 'run')
    const script = str(run)
    if (script?.includes('${{'))
      problems.push(`${lineOf((run as Node).range?.[0] ?? 0)}: \`\${{ }}\` inside run: pass it through env:`)
  }
  return problems
}

/** Credentials come from secrets, never from a literal in the file. */
function credentialProblems(scopes: Scope[]): string[] {
  const problems: string[] = []
  for (const step of scopes.flatMap((s) => s.steps).filter((s) => s.ours)) {
    const withMap = get(step.map, 'with')
    if (!isMap(withMap)) continue
    for (const key of ['token', 'private-key']) {
      const value = str(get(withMap, key))
      if (value !== undefined && !/\$\{\{\s*secrets\.\w+\s*\}\}/.test(value))
        problems.push(`${step.where}: \`${key}\` is not taken from secrets.*: ${value}`)
    }
  }
  return problems
}

const WORKFLOWS = workflowFiles('.github/workflows')
const EXAMPLES = workflowFiles('examples')

function analyse(file: string) {
  return scopesOf({ file, text: read(file), firstLine: 1 })
}

/** A page's snippets continue one another (a later snippet uses `steps.jit` of an earlier one): one scope. */
function analyseMarkdown(file: string) {
  const parsed = markdownSnippets(file).map(scopesOf)
  const merged: Scope = {
    label: file,
    steps: parsed.flatMap((p) => p.scopes.flatMap((s) => s.steps)),
    refs: parsed.flatMap((p) => p.scopes.flatMap((s) => s.refs)),
  }
  return {
    scopes: [merged],
    errors: parsed.flatMap((p) => p.errors),
    inline: parsed.flatMap((p) => inlineExpressionProblems(p.scopes, p.lineOf)),
  }
}

describe('the checker', () => {
  it('finds an unknown input, operation and output, and a reference to no step', () => {
    const { scopes } = scopesOf({
      file: 'bad.yml',
      firstLine: 1,
      text: [
        '- uses: OWNER/runner-manager-action@v1',
        '  id: p',
        '  with:',
        '    operation: prune',
        '    dryrun: true',
        '- run: echo "$X"',
        '  env:',
        "    X: ${{ steps.p.outputs.deleted-count }} ${{ steps.p.outputs['nope'] }} ${{ steps.q.outputs.a }}",
      ].join('\n'),
    })
    expect(contractProblems(scopes)).toEqual([
      'bad.yml:5: input `dryrun` is not in action.yml',
      'bad.yml:4: operation `prune` is not one the action knows',
      'bad.yml:8: output `nope` (of step p) is not in action.yml',
      'bad.yml:8: `steps.q` is no step of bad.yml',
    ])
  })

  it('finds `${{ }}` inside run: and a literal token', () => {
    const { scopes, lineOf } = scopesOf({
      file: 'bad.yml',
      firstLine: 10,
      text: [
        '- uses: ./',
        '  with:',
        '    operation: list-runners',
        '    token: ghp_literal',
        '- run: echo "${{ github.event.issue.title }}"',
      ].join('\n'),
    })
    expect(inlineExpressionProblems(scopes, lineOf)).toEqual([
      'bad.yml:14: `${{ }}` inside run: pass it through env:',
    ])
    expect(credentialProblems(scopes)).toEqual([
      'bad.yml:10: `token` is not taken from secrets.*: ghp_literal',
    ])
  })
})

describe('workflows, examples, README and docs/ snippets that use this action', () => {
  it('exist: CI with a self-test of uses: ./, five or more examples, README and docs/ snippets', () => {
    expect(WORKFLOWS).toContain('.github/workflows/ci.yml')
    const selfTest = analyse('.github/workflows/ci.yml').scopes.flatMap((s) => s.steps)
    expect(selfTest.filter((s) => s.ours && str(get(s.map, 'uses')) === './').length).toBeGreaterThan(3)
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(5)
    for (const file of EXAMPLES) {
      const ours = analyse(file).scopes.flatMap((s) => s.steps.filter((st) => st.ours))
      expect(ours.length, `${file} has no step that uses this action`).toBeGreaterThan(0)
    }
    expect(analyseMarkdown('README.md').scopes[0]!.steps.filter((s) => s.ours).length).toBeGreaterThan(4)
    const inDocs = MANUAL.flatMap((file) => analyseMarkdown(file).scopes[0]!.steps.filter((s) => s.ours))
    expect(inDocs.length).toBeGreaterThan(50)
  })

  it.each([...WORKFLOWS, ...EXAMPLES])('%s: inputs, operations and outputs are in action.yml', (file) => {
    const { scopes, errors } = analyse(file)
    expect([...errors, ...contractProblems(scopes)]).toEqual([])
  })

  it.each(MANUAL)('%s snippets: inputs, operations and outputs are in action.yml', (file) => {
    const { scopes, errors } = analyseMarkdown(file)
    expect([...errors, ...contractProblems(scopes)]).toEqual([])
  })

  it.each([...WORKFLOWS, ...EXAMPLES])('%s: `${{ }}` reaches run: through env:', (file) => {
    const { scopes, lineOf } = analyse(file)
    expect(inlineExpressionProblems(scopes, lineOf)).toEqual([])
  })

  it.each(MANUAL)('%s snippets: `${{ }}` reaches run: through env:', (file) => {
    expect(analyseMarkdown(file).inline).toEqual([])
  })

  it('examples, README and docs/ snippets take token and private-key from secrets', () => {
    const problems = [
      ...EXAMPLES.flatMap((file) => credentialProblems(analyse(file).scopes)),
      ...MANUAL.flatMap((file) => credentialProblems(analyseMarkdown(file).scopes)),
    ]
    expect(problems).toEqual([])
  })

  it('examples use the versions of other actions that the project workflows use (Dependabot updates only those)', () => {
    const refs = (file: string) =>
      analyse(file)
        .scopes.flatMap((s) => s.steps)
        .filter((s) => !s.ours)
        .map((s) => ({ where: s.where, uses: str(get(s.map, 'uses')) ?? '' }))
        .filter((u) => /^[\w.-]+\/[\w./-]+@/.test(u.uses))
        .map((u) => ({ ...u, action: u.uses.split('@')[0]!, ref: u.uses.split('@')[1]! }))
    const current = new Map<string, Set<string>>()
    for (const u of WORKFLOWS.flatMap(refs))
      current.set(u.action, (current.get(u.action) ?? new Set()).add(u.ref))
    const stale = EXAMPLES.flatMap(refs)
      .filter((u) => current.has(u.action) && !current.get(u.action)!.has(u.ref))
      .map(
        (u) => `${u.where}: ${u.uses}, while .github/workflows use ${[...current.get(u.action)!].join(', ')}`,
      )
    expect(stale).toEqual([])
  })

  it.each([...WORKFLOWS, ...EXAMPLES])(
    '%s: permissions set, a timeout on every job, concurrency when scheduled',
    (file) => {
      const wf = parse(read(file)) as {
        on: unknown
        permissions?: unknown
        concurrency?: unknown
        jobs: Record<string, { 'timeout-minutes'?: unknown; concurrency?: unknown }>
      }
      const scheduled = typeof wf.on === 'object' && wf.on !== null && 'schedule' in wf.on
      const problems: string[] = []
      if (wf.permissions === undefined) problems.push('no top-level permissions:')
      for (const [id, job] of Object.entries(wf.jobs)) {
        if (job['timeout-minutes'] === undefined) problems.push(`job ${id}: no timeout-minutes`)
        if (scheduled && wf.concurrency === undefined && job.concurrency === undefined)
          problems.push(`job ${id}: scheduled, without concurrency:`)
      }
      expect(problems).toEqual([])
    },
  )
})
