/** The folders of src/ are its layers: the bottom ones (pure decisions, the wire) stand alone. */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src')

/** Every relative import of every file under `folder`, as paths relative to src/. */
function importsOf(folder: string): { file: string; target: string }[] {
  const dir = join(SRC, folder)
  return readdirSync(dir).flatMap((name) => {
    const file = join(dir, name)
    const text = readFileSync(file, 'utf8')
    return [...text.matchAll(/from '(\.{1,2}\/[^']+)'/g)].map((m) => ({
      file: relative(SRC, file),
      target: relative(SRC, resolve(dir, m[1]!)),
    }))
  })
}

describe('the layers of src/', () => {
  it.each(['decisions', 'transport'])('%s/ imports nothing of the other layers but errors.ts', (folder) => {
    const imports = importsOf(folder)
    expect(imports.length).toBeGreaterThan(0)
    const outside = imports.filter((i) => !i.target.startsWith(`${folder}/`) && i.target !== 'errors.js')
    expect(outside).toEqual([])
  })

  it('every folder is one of the layers the code map names', () => {
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()
    const map = readFileSync(join(SRC, '../CONTRIBUTING.md'), 'utf8')
    for (const f of folders) expect(map).toContain(`**\`${f}/\`**`)
    expect(folders).toEqual([
      'decisions',
      'github',
      'inputs',
      'ledger',
      'operations',
      'publish',
      'registry',
      'transport',
    ])
  })

  it('the code map names every file of src/', () => {
    const map = readFileSync(join(SRC, '../CONTRIBUTING.md'), 'utf8')
    const code = map.slice(map.indexOf('## Code map'), map.indexOf('## Add an operation'))
    const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
    const unnamed = files.filter((f) => !code.includes(`\`${f.split('/').pop()!.replace(/\.ts$/, '')}`))
    expect(unnamed).toEqual([])
  })
})
