import { morrisIndices, partialRankCorrelations, sobolIndices } from "../sensitivity/index.js";
import type { Estimate } from "../sensitivity/types.js";
import type { DesignPoint } from "./design.js";
import type { IndexRow, SweepIndices, SweepSpec } from "./types.js";

/** A measure's values: `[point][replicate]`, null where the run failed or the measure is undefined for it. */
export type MeasureValues = (number | null)[][];

/** The mean of a point's defined values over its replicates; NaN (a missing case) when none is defined. */
export function pointMeans(values: MeasureValues): Float64Array {
  return Float64Array.from(values, (replicates) => {
    let sum = 0;
    let count = 0;
    for (const value of replicates) {
      if (value === null || !Number.isFinite(value)) continue;
      sum += value;
      count++;
    }
    return count === 0 ? Number.NaN : sum / count;
  });
}

/** The sample variance (n − 1) of the finite values; NaN with fewer than two. */
function sampleVariance(values: ArrayLike<number>): number {
  let count = 0;
  let mean = 0;
  let squares = 0;
  for (let k = 0; k < values.length; k++) {
    const value = values[k];
    if (!Number.isFinite(value)) continue;
    count++;
    const delta = value - mean;
    mean += delta / count;
    squares += delta * (value - mean);
  }
  return count < 2 ? Number.NaN : squares / (count - 1);
}

/**
 * Noise between replicates beside the effects: `replicateVariance` is the mean, over points with at least two
 * defined replicates, of the sample variance of their replicates; `pointVariance` the sample variance of the points'
 * means; `ratio` the share of the latter that noise alone would give, replicateVariance / R / pointVariance (R the
 * replicates). Null with one replicate or when either variance cannot be computed.
 */
export function replicateNoise(
  values: MeasureValues,
  replicates: number,
): { replicateVariance: number; pointVariance: number; ratio: number } | null {
  if (replicates < 2) return null;
  let total = 0;
  let points = 0;
  for (const runs of values) {
    const variance = sampleVariance(runs.map((value) => (value === null ? Number.NaN : value)));
    if (Number.isNaN(variance)) continue;
    total += variance;
    points++;
  }
  const pointVariance = sampleVariance(pointMeans(values));
  if (points === 0 || !Number.isFinite(pointVariance)) return null;
  const replicateVariance = total / points;
  return {
    replicateVariance,
    pointVariance,
    ratio:
      pointVariance === 0
        ? replicateVariance === 0
          ? 0
          : Number.POSITIVE_INFINITY
        : replicateVariance / replicates / pointVariance,
  };
}

/** Prefix sizes at which convergence is shown: powers of two from 2, then the whole design. */
function prefixes(total: number): number[] {
  const sizes: number[] = [];
  for (let n = 2; n < total; n *= 2) sizes.push(n);
  if (total >= 2) sizes.push(total);
  return sizes;
}

function row(
  measure: string,
  method: IndexRow["method"],
  index: IndexRow["index"],
  parameter: string,
  estimate: Estimate | number,
  n: number,
  parameter2: string | null = null,
): IndexRow {
  const { value, low, high } =
    typeof estimate === "number" ? { value: estimate, low: null, high: null } : estimate;
  const finite = (x: number | null) => (x === null || !Number.isFinite(x) ? null : x);
  return {
    measure,
    method,
    index,
    parameter,
    parameter2,
    value: finite(value),
    low: finite(low),
    high: finite(high),
    n,
  };
}

/** The rows `estimate` gives on the first n base samples or trajectories, each with that n (not its complete cases). */
function atPrefix(n: number, estimate: (rows: IndexRow[]) => unknown): IndexRow[] {
  const rows: IndexRow[] = [];
  estimate(rows);
  return rows.map((row) => ({ ...row, n }));
}

/**
 * The sweep's indices, per measure, from each point's mean over its replicates (complete cases only): Sobol
 * first-order, total and second-order indices for a Sobol design, Morris μ*, μ and σ for a Morris design, partial
 * rank correlations for a Latin hypercube; a grid gets none. With how many cases each used, how noisy replicates
 * were, and the indices on growing prefixes of the design (convergence).
 */
export function sweepIndices(
  spec: SweepSpec,
  design: readonly DesignPoint[],
  measures: readonly { id: string; values: MeasureValues }[],
): SweepIndices {
  const names = spec.parameters.map((parameter) => parameter.name);
  const options = { resamples: spec.resamples, seed: spec.seed };
  const { design: kind } = spec;
  const dimension = names.length;
  const rows: IndexRow[] = [];
  const convergence: IndexRow[] = [];
  const summaries: SweepIndices["measures"] = [];
  const units = design.map((point) => point.unit ?? new Float64Array(dimension));
  for (const { id, values } of measures) {
    const means = pointMeans(values);
    const noise = replicateNoise(values, spec.replicates);
    if (kind.kind === "sobol") {
      const perBlock = kind.secondOrder ? 2 * dimension + 2 : dimension + 2;
      const sobol = (blocks: number, target: IndexRow[], interval: boolean) => {
        const result = sobolIndices(means.subarray(0, blocks * perBlock), dimension, kind.secondOrder, {
          ...options,
          resamples: interval ? spec.resamples : 0,
        });
        names.forEach((name, i) => {
          target.push(row(id, "sobol", "S1", name, result.first[i], result.used));
          target.push(row(id, "sobol", "ST", name, result.total[i], result.used));
        });
        for (const { i, j, estimate } of result.second ?? []) {
          target.push(row(id, "sobol", "S2", names[i], estimate, result.used, names[j]));
        }
        return result;
      };
      const result = sobol(kind.n, rows, true);
      summaries.push({ measure: id, used: result.used, missing: result.blocks - result.used, noise });
      for (const n of prefixes(kind.n).slice(0, -1))
        convergence.push(...atPrefix(n, (rows) => sobol(n, rows, true)));
    } else if (kind.kind === "morris") {
      const perTrajectory = dimension + 1;
      const morris = (trajectories: number, target: IndexRow[]) => {
        const count = trajectories * perTrajectory;
        const result = morrisIndices(units.slice(0, count), means.subarray(0, count), options);
        names.forEach((name, i) => {
          target.push(row(id, "morris", "muStar", name, result.muStar[i], result.used));
          target.push(row(id, "morris", "mu", name, result.mu[i], result.used));
          target.push(row(id, "morris", "sigma", name, result.sigma[i], result.used));
        });
        return result;
      };
      const result = morris(kind.trajectories, rows);
      summaries.push({ measure: id, used: result.used, missing: result.trajectories - result.used, noise });
      for (const n of prefixes(kind.trajectories).slice(0, -1)) {
        convergence.push(...atPrefix(n, (rows) => morris(n, rows)));
      }
    } else if (kind.kind === "lhs") {
      const result = partialRankCorrelations(units, means, options);
      names.forEach((name, i) => {
        rows.push(row(id, "prcc", "prcc", name, result.prcc[i], result.used));
      });
      summaries.push({ measure: id, used: result.used, missing: result.samples - result.used, noise });
    } else {
      const used = means.filter((value) => !Number.isNaN(value)).length;
      summaries.push({ measure: id, used, missing: means.length - used, noise });
    }
  }
  return {
    design: kind.kind,
    resamples: spec.resamples,
    measures: summaries,
    rows,
    convergence: convergence as SweepIndices["convergence"],
  };
}
