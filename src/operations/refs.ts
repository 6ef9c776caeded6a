/**
 * Inputs that name a thing by id or by name (`runner-group`, `hosted-runner`, `custom-image`,
 * entries of `runners`, `repositories`, `organizations`): a value of digits only is an id.
 */
export function asId(ref: string): number | undefined {
  return /^[1-9]\d*$/.test(ref) ? Number(ref) : undefined
}

/** Ids for refs that are ids already or names, each name looked up on its own. */
export async function idsOf(
  refs: readonly string[],
  lookup: (name: string) => Promise<number>,
): Promise<number[]> {
  const ids: number[] = []
  for (const ref of refs) ids.push(asId(ref) ?? (await lookup(ref)))
  return ids
}
