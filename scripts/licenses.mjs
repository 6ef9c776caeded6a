// Writes dist/licenses.txt: the license of every package in the bundle, all chunks together.
// ncc's own --license file keeps only the last chunk's packages once the bundle has more than
// one chunk (a dynamic import()), so the build lists them from ncc's --stats-out instead, in
// the same format: name, license, license text, a blank line.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const [statsFile, outFile] = process.argv.slice(2)
if (!statsFile || !outFile) {
  console.error('usage: node scripts/licenses.mjs STATS.json OUT.txt')
  process.exit(2)
}
const stats = JSON.parse(readFileSync(statsFile, 'utf8'))
const names = new Set()
const visit = (modules) => {
  for (const m of modules ?? []) {
    for (const [, name] of `${m.name ?? ''} ${m.identifier ?? ''}`.matchAll(
      /node_modules\/((?:@[^/]+\/)?[^/\s!]+)/g,
    ))
      names.add(name)
    visit(m.modules)
  }
}
visit(stats.modules)
const entries = [...names].sort().map((name) => {
  const dir = join('node_modules', name)
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  const file = existsSync(dir)
    ? readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f))
    : undefined
  const text = file ? readFileSync(join(dir, file), 'utf8').trim() : ''
  return `${name}\n${pkg.license ?? 'UNKNOWN'}\n${text}\n`
})
writeFileSync(outFile, `${entries.join('\n')}`)
console.log(`${outFile}: ${entries.length} packages`)
