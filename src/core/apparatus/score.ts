/**
 * A score decayed lazily from day `from` to day `to` towards `baseline`, in closed form:
 * s(to) = b + (s(from) − b) · 2^(−(to − from) / halfLife). With an infinite half-life the score stays put.
 */
export function decayed(
  score: number,
  from: number,
  to: number,
  baseline: number,
  halfLifeDays: number,
): number {
  if (to <= from || halfLifeDays === Number.POSITIVE_INFINITY) return score;
  return baseline + (score - baseline) * 2 ** (-(to - from) / halfLifeDays);
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
