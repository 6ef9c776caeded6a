/**
 * Repositories of an organization named in a `repositories` input: `owner/repo` (of that
 * organization), a repository name in it, or an id. Checked before any request; names are
 * looked up (`GET /repos/{owner}/{repo}`) for the ids the API wants. Runner group access and
 * the organization's self-hosted runner settings take them alike.
 */
import type { components } from '@octokit/openapi-types'
import type { Api } from './api.js'
import { InputError } from '../errors.js'
import { isRepositoryName, type Target } from './target.js'
import { asId, idsOf, lookUpId } from './id-or-name.js'

type MinimalRepository = components['schemas']['minimal-repository']

/** A repository in outputs: `{"id","name","full_name"}`. */
export type RepositoryEntry = {
  id: number
  name: string
  full_name: string
}

export function repositoryEntry(r: Pick<MinimalRepository, 'id' | 'name' | 'full_name'>): RepositoryEntry {
  return { id: Number(r.id), name: r.name, full_name: r.full_name }
}

/** Each ref is `owner/repo` of organization `org`, a repository name, or an id; else an input error. */
export function checkRepositoryRefs(refs: readonly string[], org: string, input: string): void {
  for (const ref of refs) {
    if (asId(ref) !== undefined) continue
    const [owner, repo, ...rest] = ref.includes('/') ? ref.split('/') : [org, ref]
    if (rest.length > 0 || !isRepositoryName(repo ?? '') || owner?.toLowerCase() !== org.toLowerCase()) {
      throw new InputError(
        input,
        `'${ref}' is not a repository of organization ${org} (owner/repo, a name or an id)`,
      )
    }
  }
}

/** Ids for checked repository refs of the target organization: ids as given, names looked up one by one. */
export function repositoryIds(api: Api, target: Target & { scope: 'organization' }, refs: readonly string[]) {
  return idsOf(refs, (ref) => {
    const [owner, repo] = ref.includes('/') ? (ref.split('/', 2) as [string, string]) : [target.org, ref]
    return lookUpId(api, target, 'GET /repos/{owner}/{repo}', { owner, repo }, `Repository ${owner}/${repo}`)
  })
}
