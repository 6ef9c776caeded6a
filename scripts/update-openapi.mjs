// Regenerates openapi/runner-api.openapi.json: the runner, runner-group and hosted-runner
// paths of GitHub's official OpenAPI description (GHEC edition), plus single operations of a few
// other paths: the two lookups that resolve names to ids (GET /repos/{owner}/{repo},
// GET /orgs/{org}) and the three GitHub App calls that turn an App's JWT into an installation
// token (GET /repos/{owner}/{repo}/installation, GET /orgs/{org}/installation,
// POST /app/installations/{installation_id}/access_tokens). Taken from the MIT-licensed
// @octokit/openapi package on the npm registry.
//
//   node scripts/update-openapi.mjs [version]      (default: the version pinned below)
//
// Steps: keep only /actions/(runners|runner-groups|hosted-runners) paths, and only the listed
// method of each path in SINGLE_OPERATIONS; replace dangling external $refs with a plain object
// schema; drop `Link` response headers (their examples point at api.github.com); keep only the
// components reachable from the kept paths.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const PINNED = '23.0.2'
/** Paths of which only one operation is kept: name → id lookups, then the GitHub App token exchange. */
const SINGLE_OPERATIONS = [
  ['/repos/{owner}/{repo}', 'get'],
  ['/orgs/{org}', 'get'],
  ['/repos/{owner}/{repo}/installation', 'get'],
  ['/orgs/{org}/installation', 'get'],
  ['/app/installations/{installation_id}/access_tokens', 'post'],
]
const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options', 'trace']
const version = process.argv[2] ?? PINNED
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'openapi', 'runner-api.openapi.json')

const work = mkdtempSync(join(tmpdir(), 'openapi-'))
try {
  execFileSync('npm', ['pack', `@octokit/openapi@${version}`, '--silent'], {
    cwd: work,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'))
  execFileSync('tar', ['xzf', tgz, 'package/generated/ghec.json'], { cwd: work })
  const spec = JSON.parse(readFileSync(join(work, 'package/generated/ghec.json'), 'utf8'))
  const cut = cutRunnerSpec(spec)
  writeFileSync(out, JSON.stringify(cut, null, 1) + '\n')
  console.log(`wrote ${out}: ${Object.keys(cut.paths).length} paths from @octokit/openapi@${version}`)
} finally {
  rmSync(work, { recursive: true, force: true })
}

export function cutRunnerSpec(spec) {
  const keepPath = /\/actions\/(runners|runner-groups|hosted-runners)/
  const paths = Object.entries(spec.paths).filter(([p]) => keepPath.test(p))
  for (const [p, method] of SINGLE_OPERATIONS) {
    const item = spec.paths[p]
    if (!item?.[method]) throw new Error(`${p} has no ${method} operation`)
    const shared = Object.entries(item).filter(([k]) => !METHODS.includes(k))
    paths.push([p, Object.fromEntries([...shared, [method, item[method]]])])
  }
  spec.paths = Object.fromEntries(paths)
  delete spec['x-webhooks']
  delete spec.webhooks
  const walk = (node) => {
    if (Array.isArray(node)) return node.map(walk)
    if (!node || typeof node !== 'object') return node
    if (typeof node.$ref === 'string' && !node.$ref.startsWith('#')) return { type: 'object' }
    const copy = {}
    for (const [k, v] of Object.entries(node)) copy[k] = walk(v)
    if (copy.headers && typeof copy.headers === 'object' && !Array.isArray(copy.headers)) {
      copy.headers = Object.fromEntries(
        Object.entries(copy.headers).filter(([h]) => h.toLowerCase() !== 'link'),
      )
    }
    return copy
  }
  const walked = walk(spec)
  // keep only the components reachable from the paths
  const keep = new Set()
  const queue = [walked.paths]
  const visit = (n) => {
    if (Array.isArray(n)) return n.forEach(visit)
    if (!n || typeof n !== 'object') return
    for (const [k, v] of Object.entries(n)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/')) {
        if (!keep.has(v)) {
          keep.add(v)
          const [, , section, name] = v.split('/')
          queue.push(walked.components[section]?.[name])
        }
      } else visit(v)
    }
  }
  while (queue.length) visit(queue.shift())
  for (const [section, entries] of Object.entries(walked.components)) {
    walked.components[section] = Object.fromEntries(
      Object.entries(entries).filter(([name]) => keep.has(`#/components/${section}/${name}`)),
    )
  }
  return walked
}
