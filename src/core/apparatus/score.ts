/**
 * The factor by which a score's distance to its baseline shrinks over `gap` days: 2^(−gap / halfLife), so that
 * lazily decayed scores are s(t) = b + (s(t₀) − b) · factor(t − t₀). An infinite half-life gives 1.
 */
export function decayFactor(gap: number, halfLifeDays: number): number {
  if (gap <= 0 || halfLifeDays === Number.POSITIVE_INFINITY) return 1;
  return 2 ** (-gap / halfLifeDays);
}

/** Clamps a score to [min, max]. */
export function clampScore(score: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, score));
}

/** The category of a score: that of the last band whose minimum it reaches (bands sorted by minimum). */
export function categoryOf(score: number, bandMin: Float64Array, bandCategory: Uint8Array): number {
  let category = bandCategory.length > 0 ? bandCategory[0] : 0;
  for (let band = 0; band < bandMin.length; band++) {
    if (score >= bandMin[band]) category = bandCategory[band];
    else break;
  }
  return category;
}
