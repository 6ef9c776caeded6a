/** Runner versions' end-of-life dates, as GitHub schedules them (`GET …/actions/runners/deprecations/{version}`). */
import { isNotFound, type Api } from './api.js'
import type { Target } from './target.js'

export interface VersionEol {
  runner_version: string
  /** When runners of this version can no longer register (ISO 8601); null when no date is set. */
  registration_deprecates_at: string | null
  /** When GitHub stops sending jobs to runners of this version; null when no date is set. */
  runtime_deprecates_at: string | null
}

interface Deprecation {
  runner_version: string
  registration_deprecates_at?: string | null
  runtime_deprecates_at?: string | null
}

/** The version's end-of-life dates; undefined when GitHub does not know the version (404). */
export async function versionEol(api: Api, target: Target, version: string): Promise<VersionEol | undefined> {
  try {
    const { data } = await api.request<Deprecation>(target, 'GET /actions/runners/deprecations/{version}', {
      version,
    })
    return {
      runner_version: data.runner_version,
      registration_deprecates_at: data.registration_deprecates_at ?? null,
      runtime_deprecates_at: data.runtime_deprecates_at ?? null,
    }
  } catch (e) {
    if (isNotFound(e)) return undefined
    throw e
  }
}

/** Whether GitHub has set an end-of-life date for the version (passed or not). */
export function hasEndOfLife(eol: VersionEol | undefined): boolean {
  return eol !== undefined && (eol.registration_deprecates_at !== null || eol.runtime_deprecates_at !== null)
}
