/**
 * Sensitivity estimators: Sobol indices from Saltelli's scheme, Morris's elementary effects and partial rank
 * correlations, each with percentile bootstrap intervals. Missing outputs (NaN) drop their whole block, trajectory or
 * row: the estimators use the complete cases and say how many.
 *
 * @module
 */
import { CounterRng, purposeId, seedKey } from "../rng/index.js";
import { saltelliBlockSize } from "./designs.js";
import type { Estimate, MorrisIndices, RankCorrelations, SobolIndices, UnitPoint } from "./types.js";

/** How the bootstrap intervals are drawn. */
export interface EstimatorOptions {
  /** Bootstrap resamples (default 1000); 0 gives point estimates with null bounds. */
  resamples?: number;
  /** The seed of the bootstrap's streams (default 0). */
  seed?: number;
  /** The interval's coverage, between 0 and 1 (default 0.95). */
  confidence?: number;
}

interface Bootstrap {
  resamples: number;
  seed: number;
  confidence: number;
}

/**
 * Sobol's first-order, total and (with `secondOrder`) second-order indices from outputs in `saltelliDesign`'s row
 * order (d + 2 or 2d + 2 rows per block). A block with a missing value (NaN, or any non-finite value) is left out;
 * a prefix of whole blocks is a smaller valid design, which is how a convergence plot is drawn.
 *
 * With f_A, f_B, f_ABi and f_BAi the outputs of a block's rows, means over the m blocks used, and
 * V = the population variance of the 2m values f_A and f_B (as SALib):
 * - first order (Saltelli et al. 2010): S_i = mean(f_B · (f_ABi − f_A)) / V;
 * - total (Jansen 1999): ST_i = mean((f_A − f_ABi)²) / (2V);
 * - second order (Saltelli 2002, as SALib computes it): S_ij = mean(f_BAi · f_ABj − f_A · f_B) / V − S_i − S_j.
 *
 * Outputs are first centred on their mean over the blocks used (as SALib does; the indices' expectations do not
 * change, their variance shrinks). Intervals: the percentile bootstrap over blocks (`options`), each resample r
 * drawing m blocks with replacement from its own stream (purpose "sensitivity.bootstrap", citizen r); null bounds
 * with fewer than 2 blocks used or no resamples.
 */
export function sobolIndices(
  values: ArrayLike<number>,
  dimension: number,
  secondOrder: boolean,
  options: EstimatorOptions = {},
): SobolIndices {
  const bootstrap = bootstrapOptions(options);
  const size = saltelliBlockSize(dimension, secondOrder);
  if (values.length % size !== 0) {
    throw new RangeError(
      `Sobol indices need whole blocks of ${size} values (Saltelli's scheme in ${dimension} dimensions` +
        `${secondOrder ? ", second order" : ""}), received ${values.length} values`,
    );
  }
  const blocks = values.length / size;
  const complete: number[] = [];
  let sum = 0;
  for (let block = 0; block < blocks; block++) {
    let blockSum = 0;
    for (let row = 0; row < size; row++) blockSum += values[block * size + row];
    if (Number.isFinite(blockSum)) {
      complete.push(block);
      sum += blockSum;
    }
  }
  const used = complete.length;
  const mean = sum / (used * size);
  const centred = new Float64Array(used * size);
  for (let k = 0; k < used; k++) {
    for (let row = 0; row < size; row++) centred[k * size + row] = values[complete[k] * size + row] - mean;
  }
  const pairs = secondOrder ? (dimension * (dimension - 1)) / 2 : 0;
  const statistics = 2 * dimension + pairs;
  const estimate = (picks: Int32Array, out: Float64Array) =>
    saltelliEstimates(centred, dimension, secondOrder, picks, out);
  const estimates = withBootstrap(used, statistics, estimate, bootstrap);
  const result: SobolIndices = {
    first: estimates.slice(0, dimension),
    total: estimates.slice(dimension, 2 * dimension),
    blocks,
    used,
  };
  if (secondOrder) {
    result.second = [];
    let pair = 2 * dimension;
    for (let i = 0; i < dimension; i++) {
      for (let j = i + 1; j < dimension; j++) result.second.push({ i, j, estimate: estimates[pair++] });
    }
  }
  return result;
}

/**
 * The estimators of `sobolIndices` over the blocks `picks` (indexes into `centred`, repeats allowed), written to
 * `out`: S_1 … S_d, ST_1 … ST_d, then S_ij for i < j in order.
 */
function saltelliEstimates(
  centred: Float64Array,
  dimension: number,
  secondOrder: boolean,
  picks: Int32Array,
  out: Float64Array,
): void {
  const size = saltelliBlockSize(dimension, secondOrder);
  out.fill(0);
  let sum = 0;
  let sumOfSquares = 0;
  let product = 0;
  for (let k = 0; k < picks.length; k++) {
    const base = picks[k] * size;
    const fA = centred[base];
    const fB = centred[base + size - 1];
    sum += fA + fB;
    sumOfSquares += fA * fA + fB * fB;
    product += fA * fB;
    for (let i = 0; i < dimension; i++) {
      const fAB = centred[base + 1 + i];
      out[i] += fB * (fAB - fA);
      out[dimension + i] += (fA - fAB) * (fA - fAB);
    }
    if (secondOrder) {
      let pair = 2 * dimension;
      for (let i = 0; i < dimension; i++) {
        const fBA = centred[base + 1 + dimension + i];
        for (let j = i + 1; j < dimension; j++) out[pair++] += fBA * centred[base + 1 + j];
      }
    }
  }
  const m = picks.length;
  const mean = sum / (2 * m);
  const variance = sumOfSquares / (2 * m) - mean * mean;
  for (let i = 0; i < dimension; i++) {
    out[i] /= m * variance;
    out[dimension + i] /= 2 * m * variance;
  }
  if (secondOrder) {
    let pair = 2 * dimension;
    for (let i = 0; i < dimension; i++) {
      for (let j = i + 1; j < dimension; j++) {
        out[pair] = (out[pair] - product) / (m * variance) - out[i] - out[j];
        pair++;
      }
    }
  }
}

/**
 * Morris's (1991) elementary-effect statistics from the rows of `morrisDesign` (d + 1 per trajectory) and their
 * outputs. Between consecutive rows x and x′ of a trajectory, which differ in coordinate i alone, the elementary
 * effect of input i is EE_i = (f(x′) − f(x)) / (x′_i − x_i). Over the r trajectories used: μ_i = mean EE_i,
 * μ*_i = mean |EE_i| (Campolongo, Cariboni and Saltelli 2007), σ_i = the sample standard deviation of EE_i (n − 1).
 * A trajectory with a missing (non-finite) output is left out. μ*'s interval: the percentile bootstrap over
 * trajectories (streams as in `sobolIndices`).
 */
export function morrisIndices(
  points: readonly UnitPoint[],
  values: ArrayLike<number>,
  options: EstimatorOptions = {},
): MorrisIndices {
  const bootstrap = bootstrapOptions(options);
  if (points.length !== values.length) {
    throw new RangeError(
      `Morris indices need one value per point, received ${values.length} for ${points.length}`,
    );
  }
  const dimension = points.length === 0 ? 0 : points[0].length;
  const size = dimension + 1;
  if (points.length === 0 || points.length % size !== 0) {
    throw new RangeError(
      `Morris indices need whole trajectories of ${size} points (d + 1), received ${points.length} points`,
    );
  }
  const trajectories = points.length / size;
  // effects[k · d + i]: the elementary effect of input i in the k-th trajectory used.
  const effects: number[] = [];
  const row = new Float64Array(dimension);
  // seen[i] = t + 1 once coordinate i has moved in trajectory t.
  const seen = new Int32Array(dimension);
  for (let t = 0; t < trajectories; t++) {
    row.fill(Number.NaN);
    let complete = true;
    for (let step = 1; step < size; step++) {
      const before = points[t * size + step - 1];
      const after = points[t * size + step];
      const moved = changedCoordinate(before, after, t * size + step);
      if (seen[moved] === t + 1) {
        throw new RangeError(`not a Morris design: coordinate ${moved} moves twice in trajectory ${t}`);
      }
      seen[moved] = t + 1;
      const effect = (values[t * size + step] - values[t * size + step - 1]) / (after[moved] - before[moved]);
      if (!Number.isFinite(effect)) complete = false;
      row[moved] = effect;
    }
    if (complete) effects.push(...row);
  }
  const used = effects.length / Math.max(dimension, 1);
  const mu: number[] = [];
  const sigma: number[] = [];
  for (let i = 0; i < dimension; i++) {
    let sum = 0;
    for (let k = 0; k < used; k++) sum += effects[k * dimension + i];
    const mean = sum / used;
    let squares = 0;
    for (let k = 0; k < used; k++) squares += (effects[k * dimension + i] - mean) ** 2;
    mu.push(mean);
    sigma.push(Math.sqrt(squares / (used - 1)));
  }
  const absolute = Float64Array.from(effects, Math.abs);
  const muStar = withBootstrap(
    used,
    dimension,
    (picks, out) => {
      out.fill(0);
      for (let k = 0; k < picks.length; k++) {
        for (let i = 0; i < dimension; i++) out[i] += absolute[picks[k] * dimension + i];
      }
      for (let i = 0; i < dimension; i++) out[i] /= picks.length;
    },
    bootstrap,
  );
  return { muStar, mu, sigma, trajectories, used };
}

/** The one coordinate in which two consecutive rows of a trajectory differ; throws if not exactly one. */
function changedCoordinate(before: UnitPoint, after: UnitPoint, index: number): number {
  let moved = -1;
  let count = 0;
  for (let i = 0; i < before.length; i++) {
    if (before[i] !== after[i]) {
      moved = i;
      count++;
    }
  }
  if (count !== 1) {
    throw new RangeError(
      `not a Morris design: points ${index - 1} and ${index} differ in ${count} coordinates, not one`,
    );
  }
  return moved;
}

/**
 * Partial rank correlation coefficients (Iman and Conover 1979; Marino et al. 2008) of the output with each input,
 * from any sample of points (a Latin hypercube, say) and their outputs. Rows with a missing (non-finite) output or
 * coordinate are left out.
 *
 * Inputs and output are replaced by their ranks (1 … n, ties sharing their average rank). PRCC_i is the correlation
 * of the residuals of input i's ranks and of the output's ranks, each regressed (least squares, with an intercept)
 * on the other inputs' ranks. It is computed through the identity PRCC_i = −P_iy / √(P_ii · P_yy), P the inverse of
 * the correlation matrix of the ranks of (x_1 … x_d, y) (Whittaker 1990, §5.7), inverted through its Cholesky
 * factor; when that matrix is singular (the output follows inputs exactly), of it plus 1e−9 on its diagonal; NaN for
 * an input that never varies. Intervals: the percentile bootstrap
 * over rows (streams as in `sobolIndices`), ranks recomputed in each resample.
 */
export function partialRankCorrelations(
  points: readonly UnitPoint[],
  values: ArrayLike<number>,
  options: EstimatorOptions = {},
): RankCorrelations {
  const bootstrap = bootstrapOptions(options);
  if (points.length !== values.length) {
    throw new RangeError(
      `rank correlations need one value per point, received ${values.length} for ${points.length}`,
    );
  }
  const dimension = points.length === 0 ? 0 : points[0].length;
  const complete: number[] = [];
  for (let row = 0; row < points.length; row++) {
    let finite = Number.isFinite(values[row]);
    for (let i = 0; i < dimension; i++) finite &&= Number.isFinite(points[row][i]);
    if (finite) complete.push(row);
  }
  const used = complete.length;
  // Columns x_1 … x_d, then y, over the rows used, each with its rows in increasing order (sorted once).
  const columns = Array.from({ length: dimension + 1 }, (_, c) =>
    Float64Array.from(complete, (row) => (c < dimension ? points[row][c] : values[row])),
  );
  const orders = columns.map((column) =>
    Int32Array.from({ length: used }, (_, k) => k).sort((a, b) => column[a] - column[b]),
  );
  const scratch = { multiplicity: new Int32Array(used), rankOf: new Float64Array(used) };
  const prcc = withBootstrap(
    used,
    dimension,
    (picks, out) => rankPartialCorrelations(columns, orders, picks, scratch, out),
    bootstrap,
  );
  return { prcc, samples: points.length, used };
}

/**
 * PRCC of the last column with each other one, over the rows `picks` (repeats allowed), written to `out`. A row
 * picked k times counts k times, and its copies tie: ranks come from walking each column's sorted order once.
 */
function rankPartialCorrelations(
  columns: Float64Array[],
  orders: Int32Array[],
  picks: Int32Array,
  { multiplicity, rankOf }: { multiplicity: Int32Array; rankOf: Float64Array },
  out: Float64Array,
): void {
  const n = picks.length;
  const width = columns.length;
  multiplicity.fill(0);
  for (let k = 0; k < n; k++) multiplicity[picks[k]]++;
  const ranks = columns.map((column, c) => {
    const order = orders[c];
    // Equal values form one group: g picks above `below` smaller ones share the average rank below + (g + 1)/2.
    let below = 0;
    for (let start = 0; start < order.length; ) {
      let end = start;
      let count = 0;
      while (end < order.length && column[order[end]] === column[order[start]])
        count += multiplicity[order[end++]];
      for (let k = start; k < end; k++) rankOf[order[k]] = below + (count + 1) / 2;
      below += count;
      start = end;
    }
    return Float64Array.from(picks, (row) => rankOf[row]);
  });
  // Correlation matrix of the ranks; every rank column has mean (n + 1) / 2.
  const centre = (n + 1) / 2;
  const correlation = new Float64Array(width * width);
  for (let a = 0; a < width; a++) {
    for (let b = a; b < width; b++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += (ranks[a][k] - centre) * (ranks[b][k] - centre);
      correlation[a * width + b] = sum;
      correlation[b * width + a] = sum;
    }
  }
  const scale = Float64Array.from({ length: width }, (_, a) => Math.sqrt(correlation[a * width + a]));
  for (let a = 0; a < width; a++) {
    for (let b = 0; b < width; b++) correlation[a * width + b] /= scale[a] * scale[b];
  }
  // A measure that follows some inputs exactly makes the matrix singular: a ridge of 1e−9 on its diagonal then gives
  // the limit (±1 for an input the measure follows, near 0 for the others). A constant column stays NaN.
  let precision = inverseSymmetric(correlation, width);
  if (precision === null) {
    for (let a = 0; a < width; a++) correlation[a * width + a] += RIDGE;
    precision = inverseSymmetric(correlation, width);
  }
  const y = width - 1;
  for (let i = 0; i < y; i++) {
    out[i] =
      precision === null
        ? Number.NaN
        : -precision[i * width + y] / Math.sqrt(precision[i * width + i] * precision[y * width + y]);
  }
}

/** Added to the diagonal of a singular rank correlation matrix (`rankPartialCorrelations`). */
const RIDGE = 1e-9;

/**
 * The inverse of a symmetric positive definite matrix (row-major, `size` × `size`) from its Cholesky factor
 * M = LLᵀ, solving LLᵀx = e_k for each column; null when M is not positive definite (to working precision).
 */
function inverseSymmetric(matrix: Float64Array, size: number): Float64Array | null {
  const lower = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i * size + j];
      for (let k = 0; k < j; k++) sum -= lower[i * size + k] * lower[j * size + k];
      if (i === j) {
        if (!(sum > 1e-12 * Math.abs(matrix[i * size + i]))) return null;
        lower[i * size + i] = Math.sqrt(sum);
      } else {
        lower[i * size + j] = sum / lower[j * size + j];
      }
    }
  }
  const inverse = new Float64Array(size * size);
  const column = new Float64Array(size);
  for (let target = 0; target < size; target++) {
    // Forward: L z = e_target; then backward: Lᵀ x = z.
    for (let i = 0; i < size; i++) {
      let sum = i === target ? 1 : 0;
      for (let k = 0; k < i; k++) sum -= lower[i * size + k] * column[k];
      column[i] = sum / lower[i * size + i];
    }
    for (let i = size - 1; i >= 0; i--) {
      let sum = column[i];
      for (let k = i + 1; k < size; k++) sum -= lower[k * size + i] * column[k];
      column[i] = sum / lower[i * size + i];
    }
    for (let i = 0; i < size; i++) inverse[i * size + target] = column[i];
  }
  return inverse;
}

/**
 * Point estimates over all `units` (blocks, trajectories or rows) and their percentile bootstrap intervals: resample
 * r (0 … R − 1) draws `units` indexes ⌊u · units⌋ from the stream (purpose "sensitivity.bootstrap", citizen r,
 * day 0); bounds are the (1 − c)/2 and (1 + c)/2 quantiles of the R estimates (linear interpolation between order
 * statistics, numpy's default). Null bounds with fewer than 2 units, no resamples, or a point estimate that is not
 * finite.
 */
function withBootstrap(
  units: number,
  statistics: number,
  estimate: (picks: Int32Array, out: Float64Array) => void,
  { resamples, seed, confidence }: Bootstrap,
): Estimate[] {
  const point = new Float64Array(statistics);
  if (units === 0) point.fill(Number.NaN);
  else
    estimate(
      Int32Array.from({ length: units }, (_, k) => k),
      point,
    );
  if (units < 2 || resamples === 0) {
    return Array.from(point, (value) => ({ value, low: null, high: null }));
  }
  const rng = new CounterRng(seedKey(seed));
  const purpose = purposeId("sensitivity.bootstrap");
  const picks = new Int32Array(units);
  const out = new Float64Array(statistics);
  // draws[s · R + r]: statistic s in resample r.
  const draws = new Float64Array(statistics * resamples);
  for (let r = 0; r < resamples; r++) {
    rng.reset(purpose, r, 0);
    for (let k = 0; k < units; k++) picks[k] = Math.floor(rng.nextDouble() * units);
    estimate(picks, out);
    for (let s = 0; s < statistics; s++) draws[s * resamples + r] = out[s];
  }
  return Array.from(point, (value, s) => {
    if (!Number.isFinite(value)) return { value, low: null, high: null };
    // A resample whose statistic cannot be computed (no variance in it, a singular matrix) is left out; when more
    // than half are, no interval is given rather than one from the few left.
    const sorted = draws
      .subarray(s * resamples, (s + 1) * resamples)
      .filter(Number.isFinite)
      .sort();
    if (2 * sorted.length < resamples) return { value, low: null, high: null };
    return {
      value,
      low: quantile(sorted, (1 - confidence) / 2),
      high: quantile(sorted, (1 + confidence) / 2),
    };
  });
}

/** The q-quantile of sorted values, interpolating linearly between order statistics at h = (n − 1)q. */
function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const below = Math.floor(h);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
}

function bootstrapOptions(options: EstimatorOptions): Bootstrap {
  const { resamples = 1000, seed = 0, confidence = 0.95 } = options;
  if (!Number.isInteger(resamples) || resamples < 0) {
    throw new RangeError(`bootstrap resamples must be a whole number, received ${resamples}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must lie between 0 and 1, received ${confidence}`);
  }
  seedKey(seed);
  return { resamples, seed, confidence };
}
