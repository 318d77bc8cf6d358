/**
 * Optimal string alignment distance between two strings: the fewest insertions, deletions, substitutions and swaps
 * of two adjacent characters (each costing 1) that turn `a` into `b`, no substring edited twice. A swap
 * (`rtae` → `rate`) costs 1, as people make it.
 */
export function editDistance(a: string, b: string): number {
  let previous2 = new Array<number>(b.length + 1).fill(0);
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, previous2[j - 2] + 1);
      current[j] = best;
    }
    [previous2, previous, current] = [previous, current, previous2];
  }
  return previous[b.length];
}

/**
 * The known name closest to `name`, if it is close: within a third of the name's length in edits (at least 1),
 * or equal ignoring case, hyphens and underscores, or one containing the other.
 */
export function closest(name: string, known: readonly string[]): string | undefined {
  const squash = (text: string) => text.toLowerCase().replace(/[-_\s]/g, "");
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    if (squash(candidate) === squash(name)) return candidate;
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  if (best === undefined) return undefined;
  if (bestDistance <= Math.max(1, Math.floor(name.length / 3))) return best;
  const squashed = squash(name);
  if (squashed.length >= 4) {
    for (const candidate of known) {
      const other = squash(candidate);
      if (other.includes(squashed) || squashed.includes(other)) return candidate;
    }
  }
  return undefined;
}
