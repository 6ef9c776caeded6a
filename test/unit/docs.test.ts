/**
 * The manual holds together: every page in docs/ is linked from the README and links back,
 * every relative link (and its #anchor) in README.md, CONTRIBUTING.md, SECURITY.md, CHANGELOG.md and docs/ resolves, every
 * operation has a YAML example in docs/, and the generated parts are current.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { FAMILY_PAGES, generatedFiles, updateActionYml } from '../../scripts/docs.js'
import type { Operation } from '../../src/registry/define.js'
import { FAMILIES } from '../../src/registry/define.js'
import { OPERATION_NAMES } from '../../src/registry/registry.js'

const rootUrl = new URL('../../', import.meta.url)
const root = fileURLToPath(rootUrl)
const read = (file: string) => readFileSync(join(root, file), 'utf8')

const DOCS = readdirSync(join(root, 'docs'))
  .filter((n) => n.endsWith('.md'))
  .sort()
  .map((n) => `docs/${n}`)
const MANUAL = ['README.md', 'CONTRIBUTING.md', 'SECURITY.md', 'CHANGELOG.md', ...DOCS]

/** Markdown without its fenced code blocks (a link in an example is not a link). */
const prose = (text: string) => text.replace(/^```[\s\S]*?^```/gm, '')

/** The relative links of a Markdown text: [text](target), without web and mail addresses. */
function relativeLinks(text: string): string[] {
  return [...prose(text).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t))
}

/** The anchors a Markdown page has: GitHub's heading ids (duplicates numbered) and `<a id>`s. */
function anchorsOf(text: string): Set<string> {
  const found = new Set<string>()
  const seen = new Map<string, number>()
  for (const m of prose(text).matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = m[1]!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-')
    const n = seen.get(slug) ?? 0
    seen.set(slug, n + 1)
    found.add(n === 0 ? slug : `${slug}-${n}`)
  }
  for (const m of text.matchAll(/<a (?:id|name)="([^"]+)"/g)) found.add(m[1]!)
  return found
}

/** Links of `file` that point at no file, or at an anchor its target lacks. */
function brokenLinks(file: string, text: string, readTarget: (path: string) => string | undefined) {
  const broken: string[] = []
  for (const link of relativeLinks(text)) {
    const [path, anchor] = link.split('#') as [string, string | undefined]
    const target = path === '' ? file : normalize(join(dirname(file), path))
    const content = readTarget(target)
    if (content === undefined) broken.push(`${file}: ${link} (no such file)`)
    else if (anchor && target.endsWith('.md') && !anchorsOf(content).has(anchor))
      broken.push(`${file}: ${link} (no such anchor in ${target})`)
  }
  return broken
}

const readTarget = (path: string): string | undefined => {
  const full = join(root, path)
  if (!existsSync(full)) return undefined
  return statSync(full).isDirectory() ? '' : readFileSync(full, 'utf8')
}

describe('the link checker', () => {
  it('finds a missing file and a missing anchor, and accepts headings and <a id> anchors', () => {
    const pages: Record<string, string> = {
      'docs/a.md': '# Title\n\n## The `api-url` input\n\n<a id="list-runners"></a>\n',
    }
    const text = [
      '[ok](a.md#the-api-url-input) [ok](a.md#list-runners) [ok](#title)',
      '[no file](b.md) [no anchor](a.md#nope) [web](https://example.com/x)',
      '```md\n[in an example](nowhere.md)\n```',
    ].join('\n')
    expect(brokenLinks('docs/a.md', `# Title\n${text}`, (p) => pages[p])).toEqual([
      'docs/a.md: b.md (no such file)',
      'docs/a.md: a.md#nope (no such anchor in docs/a.md)',
    ])
  })
})

describe('the generated "Read by" and "Set by" sentences', () => {
  const op = (name: string, inputNames: string[], outputs: string[]) =>
    ({
      name,
      family: 'Labels',
      reach: 'scope',
      scopes: ['organization'],
      inputNames,
      outputs,
    }) as unknown as Operation
  const ops = [op('add-labels', ['labels'], ['labels']), op('set-labels', ['labels'], [])]
  const yml = [
    'inputs:',
    '  operation:',
    '    description: >-',
    '      old list',
    '  labels:',
    '    description: >-',
    '      Labels to change. Read by:',
    '      remove-label.',
    '    required: false',
    'outputs:',
    '  labels:',
    '    description: >-',
    '      The labels after the change.',
    'runs:',
    '  using: node24',
  ].join('\n')

  it('replace a stale list with the operations that read or set each name, and stay put once current', () => {
    const once = updateActionYml(yml, ops)
    expect(once).toContain('      Labels to change. Read by: add-labels, set-labels.\n    required: false')
    expect(once).toContain('      The labels after the change. Set by: add-labels.\nruns:')
    const parsed = parse(once) as { inputs: { operation: { description: string } } }
    expect(parsed.inputs.operation.description).toContain('Labels (organization): add-labels, set-labels.')
    expect(updateActionYml(once, ops)).toBe(once)
  })

  it('refuse a written description that names an operation the registry does not have', () => {
    const typo = yml.replace('Labels to change.', 'Labels to change (not for add-label).')
    expect(() => updateActionYml(typo, ops)).toThrow(
      /inputs\.labels names operations that do not exist: add-label/,
    )
  })
})

describe('the manual', () => {
  it('has a page for every operation family', () => {
    for (const family of FAMILIES) expect(DOCS, family).toContain(FAMILY_PAGES[family])
  })

  it.each(DOCS)('%s is linked from the README and links back to it', (page) => {
    expect(relativeLinks(read('README.md')).map((l) => l.split('#')[0])).toContain(page)
    expect(relativeLinks(read(page)).map((l) => l.split('#')[0])).toContain('../README.md')
  })

  it.each(MANUAL)('%s: every relative link resolves', (file) => {
    expect(brokenLinks(file, read(file), readTarget)).toEqual([])
  })

  it('shows every operation in a YAML example (`operation: <name>`) in docs/', () => {
    const snippets = DOCS.flatMap((page) => [...read(page).matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)])
      .map((m) => m[1]!)
      .join('\n')
    const missing = OPERATION_NAMES.filter(
      (name) => !new RegExp(`^\\s*(?:- )?operation: ${name}(?:\\s|$)`, 'm').test(snippets),
    )
    expect(missing).toEqual([])
  })

  it('is in step with the registry and action.yml (npm run docs)', () => {
    const stale = generatedFiles(rootUrl)
      .filter((f) => f.next !== f.now)
      .map((f) => f.file)
    expect(stale).toEqual([])
  })

  it('states the Node versions package.json and .node-version hold', () => {
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node
    // `^20.19.0 || >=22.12.0`: 20.19+ or 22.12+ (Node 21 and 22.0 to 22.11 are outside it).
    const ranges = /^\^(\d+\.\d+)\.0 \|\| >=(\d+\.\d+)\.0$/.exec(engines)
    expect(ranges, engines).not.toBeNull()
    const versions = `Node.js ${ranges![1]}+ or ${ranges![2]}+`
    expect(read('README.md')).toContain(versions)
    expect(read('CONTRIBUTING.md')).toContain(`${versions} (\`engines\` in \`package.json\`: \`${engines}\``)
    const actionNode = read('.node-version').trim()
    expect(read('action.yml')).toContain(`using: node${actionNode}`)
    expect(read('README.md')).toContain(`the action itself runs on Node ${actionNode}`)
  })

  it('keeps the README short: at most 400 lines', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(400)
  })
})
