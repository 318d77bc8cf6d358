/**
 * Experimental designs in the unit hypercube: Saltelli's scheme on a Sobol sequence (for Sobol indices), a Latin
 * hypercube (for rank correlations) and Morris trajectories (for elementary effects). Random designs draw from the
 * core's counter-based streams, so the same seed gives the same points.
 *
 * @module
 */
import { CounterRng, purposeId, seedKey } from "../rng/index.js";
import { SOBOL_MAX_DIMENSION, sobolPoints } from "./sobolSequence.js";
import type { UnitPoint } from "./types.js";

/** Rows per base sample of Saltelli's scheme: A, AB⁽¹⁾ … AB⁽ᵈ⁾, (BA⁽¹⁾ … BA⁽ᵈ⁾,) B. */
export function saltelliBlockSize(dimension: number, secondOrder: boolean): number {
  return secondOrder ? 2 * dimension + 2 : dimension + 2;
}

/**
 * Saltelli's scheme (Saltelli 2002; Saltelli et al. 2010) for `n` base samples (a power of two, at least 2) in
 * `dimension` dimensions: n(d + 2) rows, n(2d + 2) with `secondOrder`.
 *
 * The base matrices come from the Sobol sequence in 2d dimensions, points n … 2n − 1: A_j is the first d coordinates
 * of point n + j, B_j the last d. Skipping the first n points (as SALib does) leaves out the all-zero point and, n
 * being a power of two, keeps the n points taken a balanced net (every dyadic box of volume 1/n holds one point).
 *
 * Rows come in blocks, one per base sample j, in SALib's order: A_j; AB_j⁽ⁱ⁾ for i = 1 … d (A_j with coordinate i
 * from B_j); with `secondOrder`, BA_j⁽ⁱ⁾ for i = 1 … d (B_j with coordinate i from A_j); then B_j.
 * `sobolIndices` reads values in this order.
 */
export function saltelliDesign(n: number, dimension: number, secondOrder: boolean): UnitPoint[] {
  if (!Number.isInteger(n) || n < 2 || (n & (n - 1)) !== 0 || n > 2 ** 30) {
    throw new RangeError(`Saltelli's scheme needs a power of two from 2 to 2^30 base samples, received ${n}`);
  }
  if (!Number.isInteger(dimension) || dimension < 1 || 2 * dimension > SOBOL_MAX_DIMENSION) {
    throw new RangeError(
      `Saltelli's scheme takes 1 to ${SOBOL_MAX_DIMENSION / 2} parameters (a Sobol sequence in twice as many ` +
        `dimensions), received ${dimension}`,
    );
  }
  const base = sobolPoints(2 * dimension, n, n);
  const rows: UnitPoint[] = [];
  for (const point of base) {
    const a = point.slice(0, dimension);
    const b = point.slice(dimension);
    rows.push(a);
    for (let i = 0; i < dimension; i++) {
      const ab = a.slice();
      ab[i] = b[i];
      rows.push(ab);
    }
    if (secondOrder) {
      for (let i = 0; i < dimension; i++) {
        const ba = b.slice();
        ba[i] = a[i];
        rows.push(ba);
      }
    }
    rows.push(b);
  }
  return rows;
}

/**
 * A Latin hypercube of `samples` points in `dimension` dimensions (McKay, Beckman and Conover 1979): in each
 * coordinate, the points fall one in each of the strata [k/n, (k + 1)/n), k = 0 … n − 1, in a random order, each
 * at a uniform position within its stratum: x_jc = (π_c(j) + u_jc) / n.
 *
 * Coordinate c draws from its own stream (purpose "sensitivity.lhs", citizen c, day 0 under the seed): first the
 * permutation π_c by a Fisher–Yates shuffle (for k = n − 1 down to 1, swap k with ⌊u · (k + 1)⌋), then u_jc for
 * j = 0 … n − 1, every u a `nextDouble()`.
 */
export function latinHypercube(samples: number, dimension: number, seed: number): UnitPoint[] {
  assertCount("a Latin hypercube's samples", samples, 1);
  assertCount("a Latin hypercube's dimension", dimension, 1);
  const rng = new CounterRng(seedKey(seed));
  const purpose = purposeId("sensitivity.lhs");
  const points = Array.from({ length: samples }, () => new Float64Array(dimension));
  const strata = new Int32Array(samples);
  for (let coordinate = 0; coordinate < dimension; coordinate++) {
    rng.reset(purpose, coordinate, 0);
    for (let j = 0; j < samples; j++) strata[j] = j;
    shuffle(strata, rng);
    for (let j = 0; j < samples; j++) points[j][coordinate] = (strata[j] + rng.nextDouble()) / samples;
  }
  return points;
}

/**
 * Morris's (1991) random trajectories: `trajectories` of them, each d + 1 consecutive rows in `dimension`
 * dimensions on the p-level grid {0, 1/(p − 1), …, 1} (p = `levels`, even), where consecutive rows differ in exactly
 * one coordinate, by Δ = p / (2(p − 1)), and every coordinate moves once.
 *
 * Unlike the other designs, coordinates lie in [0, 1] with both ends included: a sweep maps u = 1 to the top of a
 * range.
 *
 * Per trajectory t, from its own stream (purpose "sensitivity.morris", citizen t, day 0 under the seed): for each
 * coordinate i in turn, a base level ℓ_i = ⌊u · p/2⌋ (the levels from which +Δ stays in [0, 1]) and a direction
 * (+ when u < ½); then the order of the moves, a Fisher–Yates shuffle of 0 … d − 1 as in `latinHypercube`. A
 * coordinate moving + starts at ℓ_i/(p − 1) and ends Δ higher; one moving − starts Δ higher and ends at ℓ_i/(p − 1).
 * This is Morris's B* = (J x* + (Δ/2)[(2B − J)D* + J])P* with the same x*, D* and P*.
 */
export function morrisDesign(
  trajectories: number,
  dimension: number,
  levels: number,
  seed: number,
): UnitPoint[] {
  assertCount("Morris trajectories", trajectories, 1);
  assertCount("a Morris design's dimension", dimension, 1);
  if (!Number.isInteger(levels) || levels < 2 || levels % 2 !== 0) {
    throw new RangeError(`Morris levels must be an even integer, at least 2, received ${levels}`);
  }
  const rng = new CounterRng(seedKey(seed));
  const purpose = purposeId("sensitivity.morris");
  const half = levels / 2;
  const step = levels - 1;
  // Levels as integers, so that every coordinate is exactly ℓ / (p − 1).
  const level = new Int32Array(dimension);
  const order = new Int32Array(dimension);
  const up = new Uint8Array(dimension);
  const rows: UnitPoint[] = [];
  for (let t = 0; t < trajectories; t++) {
    rng.reset(purpose, t, 0);
    for (let i = 0; i < dimension; i++) {
      level[i] = Math.floor(rng.nextDouble() * half);
      up[i] = rng.nextDouble() < 0.5 ? 1 : 0;
      if (up[i] === 0) level[i] += half;
    }
    for (let i = 0; i < dimension; i++) order[i] = i;
    shuffle(order, rng);
    rows.push(Float64Array.from(level, (l) => l / step));
    for (let k = 0; k < dimension; k++) {
      const i = order[k];
      level[i] += up[i] === 1 ? half : -half;
      rows.push(Float64Array.from(level, (l) => l / step));
    }
  }
  return rows;
}

/** Fisher–Yates: for k = n − 1 down to 1, swap entries k and ⌊u · (k + 1)⌋. */
function shuffle(values: Int32Array, rng: CounterRng): void {
  for (let k = values.length - 1; k > 0; k--) {
    const other = Math.floor(rng.nextDouble() * (k + 1));
    const kept = values[k];
    values[k] = values[other];
    values[other] = kept;
  }
}

function assertCount(what: string, value: number, least: number): void {
  if (!Number.isInteger(value) || value < least) {
    throw new RangeError(`${what} must be an integer, at least ${least}, received ${value}`);
  }
}
