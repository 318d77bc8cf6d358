// A sweep file once validated: what to run, over which parameters, on which design, measuring what.

/** How a parameter's unit coordinate u ∈ [0, 1) becomes a value (its quantile function). */
export type ParameterSpace =
  | { kind: "uniform"; low: number; high: number }
  /** Uniform in log: low · (high / low)^u; low > 0. */
  | { kind: "logUniform"; low: number; high: number }
  | { kind: "normal"; mean: number; sd: number }
  | { kind: "triangular"; low: number; mode: number; high: number }
  /** Equally likely levels: level ⌊u · L⌋; a grid takes every level. Levels may be any plain YAML value. */
  | { kind: "levels"; levels: unknown[] };

export interface SweepParameter {
  /** The scenario path it sets, as `--set` names it (`sources.cctv.detection`); `x1` … for a test function. */
  path: string;
  /** A short name for tables and charts; the path when none is given. */
  name: string;
  /** Rounds the value to the nearest integer (Math.round) before it is set. */
  integer: boolean;
  space: ParameterSpace;
}

export type SweepDesign =
  /** Every combination of levels; a range or distribution gives `points` values (evenly spaced in u). */
  | { kind: "grid"; points: number }
  | { kind: "lhs"; samples: number }
  /** Saltelli's scheme on a Sobol sequence: N (a power of two) base samples, N(d + 2) points, N(2d + 2) with second order. */
  | { kind: "sobol"; n: number; secondOrder: boolean }
  /** r trajectories of d + 1 points on a p-level grid. */
  | { kind: "morris"; trajectories: number; levels: number };

/** What a sweep runs: a scenario with overrides, or a test function with known indices. */
export type SweepTarget =
  | { kind: "scenario"; scenario: string; set: Record<string, unknown> }
  | { kind: "function"; function: "ishigami"; a: number; b: number }
  | { kind: "function"; function: "g-function"; a: number[] };

/** A measure of each run: a main measure's id or summary.json path, or a daily series' value on one day. */
export type SweepMeasure =
  | { kind: "summary"; id: string }
  | { kind: "series"; measure: string; day: number; id: string }
  /** The output of a test function. */
  | { kind: "function"; id: "y" };

export interface SweepSpec {
  name: string;
  title?: string;
  target: SweepTarget;
  /** Citizens and simulated days of every run (overriding the scenario's); absent for a test function. */
  population?: number;
  days?: number;
  /** The sweep's seed: replicate r of every point runs on the seed `replicateSeed(seed, r)` (common random numbers). */
  seed: number;
  replicates: number;
  parameters: SweepParameter[];
  design: SweepDesign;
  measures: SweepMeasure[];
  /** Bootstrap resamples for the indices' intervals. */
  resamples: number;
}

/** One index of one measure, as indices.json and indices.parquet hold it (tidy: one row an index). */
export interface IndexRow {
  measure: string;
  /** `sobol`, `morris` or `prcc` (partial rank correlation, from a Latin hypercube). */
  method: "sobol" | "morris" | "prcc";
  /** `S1`, `ST`, `S2` (sobol); `muStar`, `mu`, `sigma` (morris); `prcc`. */
  index: "S1" | "ST" | "S2" | "muStar" | "mu" | "sigma" | "prcc";
  parameter: string;
  /** The second parameter of a second-order index; null otherwise. */
  parameter2: string | null;
  value: number | null;
  /** The bootstrap 95% interval; null where none is given (mu, sigma, too few complete cases). */
  low: number | null;
  high: number | null;
  /** Base samples (sobol), trajectories (morris) or samples (prcc) the estimate used: the complete cases. */
  n: number;
}

/** What indices.json holds: the indices and, per measure, how many cases were complete and how noisy runs were. */
export interface SweepIndices {
  design: "grid" | "lhs" | "sobol" | "morris";
  /** Bootstrap resamples behind the intervals. */
  resamples: number;
  measures: {
    measure: string;
    /** Complete cases used (base samples, trajectories, samples, points) and cases dropped for a missing value. */
    used: number;
    missing: number;
    /**
     * Noise between replicates beside the effects: the mean variance of a point's replicates over the variance
     * of the points' means, and that share. Null with one replicate.
     */
    noise: { replicateVariance: number; pointVariance: number; ratio: number } | null;
  }[];
  rows: IndexRow[];
  /** The indices on the first n base samples (sobol: powers of two) or trajectories (morris), to judge convergence. */
  convergence: (IndexRow & { n: number })[];
}
