/** The declared name a misspelled one most likely meant (edit distance, ignoring '-' and '_'). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return row[b.length]!
}

/** The candidate closest to `name`, when one is close enough to be a likely misspelling. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const plain = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '')
  let best: { name: string; d: number } | undefined
  for (const c of candidates) {
    const d = distance(plain(name), plain(c))
    if (!best || d < best.d) best = { name: c, d }
  }
  return best && best.d <= Math.max(2, Math.floor(name.length / 3)) ? best.name : undefined
}
