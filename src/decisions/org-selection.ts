/**
 * Which organizations `list-organizations` hands to a matrix: the logins sorted (one order for
 * every run, so shards are stable), filtered by `name-pattern` and `exclude` with the same glob
 * rules as runner names, and cut into the i-th of n shards. Pure.
 */
import { globMatcher } from './runner-filter.js'

/** GitHub runs at most 256 jobs from one matrix. */
export const MATRIX_LIMIT = 256

/** `shard: i/n`: the i-th (from 1) of n parts. */
export interface Shard {
  index: number
  count: number
}

export interface OrganizationFilter {
  /** Globs on the login; one must match (empty: any login). */
  namePatterns: readonly string[]
  /** Globs of logins never listed. */
  exclude: readonly string[]
  shard?: Shard | undefined
}

/** Logins in one stable order: case-insensitive, then by code point (logins differing only in case). */
export function sortLogins(logins: Iterable<string>): string[] {
  const key = (s: string) => s.toLowerCase()
  return [...new Set(logins)].sort((a, b) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a < b ? -1 : a > b ? 1 : 0,
  )
}

/**
 * The organizations picked: sorted, filtered, then the shard's part (every login whose position
 * in the filtered list, counted from 0, is `index - 1` modulo `count`). `matched` is how many
 * the filter kept before the shard was taken.
 */
export function pickOrganizations(
  logins: Iterable<string>,
  filter: OrganizationFilter,
): { organizations: string[]; matched: number } {
  const named = filter.namePatterns.length === 0 ? () => true : globMatcher(filter.namePatterns)
  const excluded = globMatcher(filter.exclude)
  const kept = sortLogins(logins).filter((login) => named(login) && !excluded(login))
  const { shard } = filter
  const organizations = shard ? kept.filter((_, i) => i % shard.count === shard.index - 1) : kept
  return { organizations, matched: kept.length }
}

/**
 * Why this list cannot feed one matrix (a sentence naming `shard`), or undefined when it can.
 * `matched` is the whole filtered list, from which the number of shards is suggested.
 */
export function matrixTooLarge(count: number, matched: number, shard: Shard | undefined): string | undefined {
  if (count <= MATRIX_LIMIT) return undefined
  const parts = Math.ceil(matched / MATRIX_LIMIT)
  return (
    `${count} organizations are more than the ${MATRIX_LIMIT} jobs GitHub runs from one matrix` +
    (shard ? ` (shard ${shard.index}/${shard.count} holds ${count} of ${matched})` : '') +
    `: set shard to 1/${parts}, 2/${parts}, … (one job or workflow per part), or narrow the list with name-pattern or exclude.`
  )
}

/** The value for `strategy.matrix: ${{ fromJSON(...) }}`. */
export function organizationMatrix(organizations: readonly string[]): { organization: string[] } {
  return { organization: [...organizations] }
}
