/**
 * The inputs of the many-organizations operations: `name-pattern` and `exclude` on logins (the
 * same glob rules as runner names), `shard` (`i/n`), and `report-files` (globs of result files,
 * relative to the workspace unless absolute).
 */
import { InputError } from '../errors.js'
import type { OrganizationFilter, Shard } from '../decisions/org-selection.js'
import { given, reader, type InputReader } from './read.js'
import { parseGlobList, selectionGlobs } from './selection-inputs.js'

/** `shard: i/n` with 1 ≤ i ≤ n; not set: the whole list. */
export const shard = reader('shard', (raw): Shard | undefined => {
  if (raw === undefined) return undefined
  const m = /^(\d+)\s*\/\s*(\d+)$/.exec(raw)
  const index = Number(m?.[1])
  const count = Number(m?.[2])
  if (!m || count < 1 || index < 1 || index > count)
    throw new InputError('shard', `'${raw}' is not i/n with 1 ≤ i ≤ n (e.g. 1/2 and 2/2 for two parts)`)
  return { index, count }
})

/** `name-pattern`, `exclude` (globs on organization logins) and `shard`. */
export const organizationFilter: InputReader<OrganizationFilter> = {
  names: ['name-pattern', 'exclude', 'shard'],
  read: (values, ctx) => ({
    namePatterns: selectionGlobs('name-pattern', given(values, 'name-pattern'), 'organization'),
    exclude: selectionGlobs('exclude', given(values, 'exclude'), 'organization'),
    shard: shard.read(values, ctx),
  }),
}

/** One `report-files` entry: the glob as given, and the directory a relative one starts from. */
export interface FileGlob {
  glob: string
  cwd: string
}

/**
 * `report-files` (required): globs of result files, relative to GITHUB_WORKSPACE (or the working
 * directory outside Actions) unless absolute. A comma inside braces belongs to the glob.
 */
export const reportFiles = reader('report-files', (raw, ctx): FileGlob[] => {
  const globs = parseGlobList('report-files', raw ?? '')
  if (globs.length === 0)
    throw new InputError(
      'report-files',
      'required: the result files to merge, as globs (e.g. reports/**/result.json, from actions/download-artifact)',
    )
  const workspace = ctx.env.GITHUB_WORKSPACE?.trim() || process.cwd()
  return globs.map((g) => {
    if (g.startsWith('!'))
      throw new InputError(
        'report-files',
        `'${g}' negates: list the files to read, not the ones to leave out`,
      )
    return { glob: g, cwd: workspace }
  })
})
