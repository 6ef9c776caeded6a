// Regenerates two files from GitHub's official OpenAPI descriptions, as published in the
// MIT-licensed @octokit/openapi package on the npm registry:
//
// openapi/runner-api.openapi.json: the paths the action and its simulator use, from the GHEC
//   edition (generated/ghec.json) of the pinned package:
//   - self-hosted runners, runner groups and GitHub-hosted runners (/actions/runners,
//     /actions/runner-groups, /actions/hosted-runners), all methods;
//   - self-hosted runner settings (/orgs/{org}/actions/permissions/self-hosted-runners...,
//     /enterprises/{enterprise}/actions/permissions/self-hosted-runners), all methods;
//   - hosted-compute networking (/orgs/{org}/settings/network-configurations...,
//     /orgs/{org}/settings/network-settings/{id}, /enterprises/{enterprise}/network-configurations...,
//     /enterprises/{enterprise}/network-settings/{id}), all methods;
//   - single operations of a few other paths (SINGLE_OPERATIONS): the two lookups that resolve
//     names to ids, the GitHub App calls that turn an App's JWT into an installation token, and
//     the revocation of that token (DELETE /installation/token); the lists list-organizations
//     reads (GET /app/installations, GET /user/orgs).
//   Dangling external $refs become a plain object schema, `Link` response headers are dropped
//   (their examples point at api.github.com), and only the components the kept paths reach stay.
//
// openapi/ghes-availability.json: from which GitHub Enterprise Server version each operation of
//   the cut exists, read off the GHES editions (generated/ghes-X.Y.json). The pinned package only
//   carries the newest GHES versions, so older ones come from older releases of the same package
//   (GHES_PACKAGES); each GHES version is read from the newest of these packages that has it.
//   `since` is the oldest checked version from which every checked version has the operation
//   (null: the newest checked version lacks it); route families get the latest `since` of their
//   operations (null when any is null). GHES versions no package carries are listed as unchecked.
//
//   node scripts/update-openapi.mjs [--cache DIR]
//
// --cache DIR keeps the downloaded tarballs in DIR and reuses them. The output depends on
// nothing but the package versions pinned below: same versions, same bytes.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

/** The newest @octokit/openapi on the registry: the only one with every path kept here. */
const PINNED = '23.0.2'
/**
 * Older releases, for the GHES versions the pinned one no longer carries: 2.2.1 (2.18-2.22),
 * 10.0.0 (3.4-3.5), 12.0.0 (3.6-3.8), 16.6.0 (3.9-3.12), 19.1.0 (3.13-3.16). No release on the
 * registry carries 3.0-3.3.
 */
const GHES_PACKAGES = ['2.2.1', '10.0.0', '12.0.0', '16.6.0', '19.1.0']
/** Paths of which every operation is kept. */
const KEEP_PATH = [
  /\/actions\/(runners|runner-groups|hosted-runners)(\/|$)/,
  /^\/(orgs\/\{org\}|enterprises\/\{enterprise\})\/actions\/permissions\/self-hosted-runners(\/|$)/,
  /^\/(orgs\/\{org\}\/settings|enterprises\/\{enterprise\})\/network-(configurations|settings)(\/|$)/,
]
/** Paths of which only one operation is kept: name → id lookups, then the GitHub App token's life. */
const SINGLE_OPERATIONS = [
  ['/repos/{owner}/{repo}', 'get'],
  ['/orgs/{org}', 'get'],
  ['/repos/{owner}/{repo}/installation', 'get'],
  ['/orgs/{org}/installation', 'get'],
  ['/app/installations/{installation_id}/access_tokens', 'post'],
  ['/installation/token', 'delete'],
  // list-organizations: the App's installations (its JWT), the token user's organizations.
  ['/app/installations', 'get'],
  ['/user/orgs', 'get'],
]
/** Route families the action reports GHES support for, by the operations' route templates. */
const FAMILIES = {
  'jit-config': /\/actions\/runners\/generate-jitconfig$/,
  'hosted-runners': /\/actions\/hosted-runners(\/|$)|\/runner-groups\/\{runner_group_id\}\/hosted-runners$/,
  'runner-version-deprecations': /\/actions\/runners\/deprecations\/\{version\}$/,
  'self-hosted-runner-settings': /\/actions\/permissions\/self-hosted-runners(\/|$)/,
  'network-configurations': /\/network-configurations(\/|$)/,
  'network-settings': /\/network-settings\/\{network_settings_id\}$/,
  'installation-token-revocation': /^\/installation\/token$/,
}
const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options', 'trace']

const { values } = parseArgs({ options: { cache: { type: 'string' } } })
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const work = mkdtempSync(join(tmpdir(), 'openapi-'))
const cache = values.cache ?? join(work, 'tarballs')
mkdirSync(cache, { recursive: true })
try {
  const pinned = unpack(PINNED)
  const cut = cutRunnerSpec(readJson(join(pinned, 'ghec.json')))
  write('runner-api.openapi.json', cut, 1)
  console.log(`wrote openapi/runner-api.openapi.json: ${Object.keys(cut.paths).length} paths`)

  const ghes = new Map() // GHES version → { pkg, file }, the newest package wins
  for (const pkg of [...GHES_PACKAGES, PINNED]) {
    const dir = pkg === PINNED ? pinned : unpack(pkg)
    for (const f of readdirSync(dir)) {
      const m = /^ghes-(\d+\.\d+)\.json$/.exec(f)
      if (m) ghes.set(m[1], { pkg, file: join(dir, f) })
    }
  }
  const availability = ghesAvailability(cut, ghes)
  write('ghes-availability.json', availability, 2)
  console.log(`wrote openapi/ghes-availability.json: GHES ${Object.keys(availability.checked).join(', ')}`)
  for (const [family, { since }] of Object.entries(availability.families))
    console.log(`  ${family}: ${since ?? 'no GHES version'}`)
} finally {
  rmSync(work, { recursive: true, force: true })
}

/** Downloads (or finds in the cache) @octokit/openapi@version; returns its `generated` directory. */
function unpack(version) {
  const tgz = join(cache, `octokit-openapi-${version}.tgz`)
  if (!existsSync(tgz)) {
    const packed = execFileSync('npm', ['pack', `@octokit/openapi@${version}`, '--silent'], {
      cwd: cache,
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    }).trim()
    if (join(cache, packed) !== tgz) throw new Error(`npm pack wrote ${packed}, expected ${tgz}`)
  }
  const dir = join(work, version)
  mkdirSync(dir)
  // Only the plain descriptions: not the dereferenced copies, nor the diffs between versions.
  const wanted = execFileSync('tar', ['tzf', tgz], { encoding: 'utf8', maxBuffer: 1 << 26 })
    .split('\n')
    .filter((f) => /^package\/generated\/(ghec|ghes-\d+\.\d+)\.json$/.test(f))
  execFileSync('tar', ['xzf', tgz, '-C', dir, ...wanted])
  return join(dir, 'package', 'generated')
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'))
}

function write(name, value, indent) {
  writeFileSync(join(root, 'openapi', name), JSON.stringify(value, null, indent) + '\n')
}

export function cutRunnerSpec(spec) {
  const paths = Object.entries(spec.paths).filter(([p]) => KEEP_PATH.some((re) => re.test(p)))
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

/** `METHOD /template` of every operation of `spec`, with path parameters renamed `{}` (names differ between editions). */
function operationKeys(spec, normalize) {
  const keys = []
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      if (item[method])
        keys.push(`${method.toUpperCase()} ${normalize ? template.replace(/\{[^}]+\}/g, '{}') : template}`)
    }
  }
  return keys
}

export function ghesAvailability(cut, ghes) {
  const versions = [...ghes.keys()].sort(compareVersions)
  const present = versions.map((v) => new Set(operationKeys(readJson(ghes.get(v).file), true)))
  const operations = {}
  for (const key of operationKeys(cut, false).sort()) {
    const normalized = key.replace(/\{[^}]+\}/g, '{}')
    let since = null
    for (let i = versions.length - 1; i >= 0 && present[i].has(normalized); i--) since = versions[i]
    operations[key] = since
  }
  const families = {}
  for (const [family, re] of Object.entries(FAMILIES)) {
    const keys = Object.keys(operations).filter((k) => re.test(k.slice(k.indexOf(' ') + 1)))
    if (keys.length === 0) throw new Error(`route family ${family} matches no operation`)
    const sinces = keys.map((k) => operations[k])
    const since = sinces.includes(null) ? null : sinces.sort(compareVersions).at(-1)
    families[family] = { since, operations: keys }
  }
  const [oldest, newest] = [versions[0], versions.at(-1)]
  const checked = Object.fromEntries(versions.map((v) => [v, `@octokit/openapi@${ghes.get(v).pkg}`]))
  return {
    description:
      `First GitHub Enterprise Server version with each operation of runner-api.openapi.json, from the GHES descriptions in @octokit/openapi (${oldest} to ${newest}; see checked). ` +
      'since: the oldest checked version from which every checked version has it; null: no checked version up to the newest has it. ' +
      'A family takes the latest since of its operations, null when any is null. Generated by scripts/update-openapi.mjs: do not edit.',
    checked,
    unchecked: uncheckedVersions(versions),
    families,
    operations,
  }
}

/** Minor versions between the oldest and the newest checked one that no package carries. */
function uncheckedVersions(versions) {
  const out = []
  const majors = [...new Set(versions.map((v) => Number(v.split('.')[0])))]
  for (const major of majors) {
    const minors = versions
      .filter((v) => Number(v.split('.')[0]) === major)
      .map((v) => Number(v.split('.')[1]))
    const from = major === majors[0] ? Math.min(...minors) : 0
    for (let m = from; m <= Math.max(...minors); m++) if (!minors.includes(m)) out.push(`${major}.${m}`)
  }
  return out
}

function compareVersions(a, b) {
  const x = a.split('.').map(Number)
  const y = b.split('.').map(Number)
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0)
  }
  return 0
}
