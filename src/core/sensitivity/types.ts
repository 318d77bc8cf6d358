// The shapes the sensitivity library hands back: designs in the unit hypercube and indices with their intervals.

/**
 * A point of a design in the unit hypercube [0, 1)^d, one coordinate per parameter; [0, 1]^d, both ends included, in
 * a Morris design.
 */
export type UnitPoint = Float64Array;

/** An estimate with its bootstrap interval (percentile, 95% unless told); null bounds when none can be given. */
export interface Estimate {
  value: number;
  low: number | null;
  high: number | null;
}

/** Sobol indices of one output: first-order and total per input, optionally second-order per pair (i < j). */
export interface SobolIndices {
  first: Estimate[];
  total: Estimate[];
  second?: { i: number; j: number; estimate: Estimate }[];
  /** Blocks (base samples) in the design, and those used: complete, no missing value among their points. */
  blocks: number;
  used: number;
}

/** Morris elementary-effect statistics of one output, per input. */
export interface MorrisIndices {
  /** Mean of the absolute elementary effects, with a bootstrap interval over trajectories. */
  muStar: Estimate[];
  /** Mean of the elementary effects. */
  mu: number[];
  /** Standard deviation of the elementary effects (n − 1 in the denominator); NaN with one trajectory. */
  sigma: number[];
  /** Trajectories in the design, and those used: complete, no missing value among their points. */
  trajectories: number;
  used: number;
}

/** Partial rank correlation coefficients of one output with each input (from a Latin hypercube or any sample). */
export interface RankCorrelations {
  prcc: Estimate[];
  samples: number;
  used: number;
}
