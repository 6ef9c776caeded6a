/**
 * GitHub Enterprise Server: which operations of the description a given server version lacks.
 * Such a server answers them 404 `Not Found`, like any path it does not know, and names its
 * version in the `x-github-enterprise-version` header of every response.
 */

interface Unavailable {
  /** Tested against the operation's route template. */
  template: RegExp
  /** First version that has the operation; none: no GHES version has it. */
  since?: string
}

const UNAVAILABLE: Unavailable[] = [
  // just-in-time runner configuration
  { template: /\/actions\/runners\/generate-jitconfig$/, since: '3.10' },
  // GitHub-hosted runners, and the hosted runners of a runner group
  { template: /\/actions\/hosted-runners(\/|$)/ },
  { template: /\/runner-groups\/\{runner_group_id\}\/hosted-runners$/ },
]

/** `3.9.4`, `3.10` and the like. */
export function isGhesVersion(version: string): boolean {
  return /^\d+\.\d+(\.\d+)?$/.test(version)
}

/** Whether a server running `version` has the operation with route template `template`. */
export function ghesHas(version: string, template: string): boolean {
  const rule = UNAVAILABLE.find((u) => u.template.test(template))
  if (!rule) return true
  return rule.since !== undefined && !olderThan(version, rule.since)
}

/** The REST documentation root of a server version (`https://docs.github.com/enterprise-server@3.9/rest`). */
export function ghesDocs(version: string): string {
  const [major, minor] = version.split('.')
  return `https://docs.github.com/enterprise-server@${major ?? ''}.${minor ?? ''}/rest`
}

function olderThan(version: string, since: string): boolean {
  const a = version.split('.').map(Number)
  const b = since.split('.').map(Number)
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0
    const y = b[i] ?? 0
    if (x !== y) return x < y
  }
  return false
}
