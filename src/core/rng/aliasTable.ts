/**
 * Walker's alias method, built by Vose's algorithm: O(n) setup, then O(1) draws of an index with probability
 * proportional to its weight.
 *
 * @module
 */
import type { RandomSource } from "./types.js";

/**
 * A table for drawing index i ∈ [0, n) with probability wᵢ / Σw (Walker 1977; construction of Vose 1991, "A linear
 * algorithm for generating random numbers with a given distribution", IEEE TSE 17(9)).
 *
 * Setup scales the weights to pᵢ = n·wᵢ/Σw, so that they average 1, and pairs each column i whose pᵢ < 1 with a
 * column whose pᵢ ≥ 1 that tops it up: column i keeps i with probability `prob[i]` and gives `alias[i]` otherwise.
 */
export class AliasTable {
  /** Number of outcomes n. */
  readonly size: number;
  /** Probability that column i yields i itself rather than `alias[i]`. */
  readonly prob: Float64Array;
  /** The outcome that tops up column i. */
  readonly alias: Uint32Array;

  /**
   * Builds the table from non-negative finite weights, not necessarily normalised. Zero weights are allowed and
   * are never drawn, but at least one weight must be positive.
   */
  constructor(weights: ArrayLike<number>) {
    const size = weights.length;
    if (size === 0) {
      throw new Error("alias table weights must be a non-empty list, received an empty list");
    }
    if (size > 0xffff_ffff) {
      throw new Error(`alias table weights must number at most 2^32−1, received ${size}`);
    }
    let largest = 0;
    for (let i = 0; i < size; i++) {
      const weight = weights[i];
      if (!(weight >= 0 && weight < Number.POSITIVE_INFINITY)) {
        throw new Error(`alias table weights[${i}] must be finite and ≥ 0, received ${weight}`);
      }
      if (weight > largest) largest = weight;
    }
    if (largest === 0) {
      throw new Error("alias table weights are all 0; give at least one positive weight");
    }
    // Dividing by the largest weight first keeps the sum finite whatever the scale of the weights.
    let total = 0;
    for (let i = 0; i < size; i++) total += weights[i] / largest;

    const scaled = new Float64Array(size);
    const small = new Uint32Array(size);
    const large = new Uint32Array(size);
    let smallCount = 0;
    let largeCount = 0;
    for (let i = 0; i < size; i++) {
      scaled[i] = ((weights[i] / largest) * size) / total;
      if (scaled[i] < 1) small[smallCount++] = i;
      else large[largeCount++] = i;
    }

    const prob = new Float64Array(size);
    const alias = new Uint32Array(size);
    while (smallCount > 0 && largeCount > 0) {
      const less = small[--smallCount];
      const more = large[--largeCount];
      prob[less] = scaled[less];
      alias[less] = more;
      scaled[more] = scaled[more] + scaled[less] - 1;
      if (scaled[more] < 1) small[smallCount++] = more;
      else large[largeCount++] = more;
    }
    // Whatever is left is 1 up to rounding (Vose's fix for numerical drift).
    while (largeCount > 0) {
      const index = large[--largeCount];
      prob[index] = 1;
      alias[index] = index;
    }
    while (smallCount > 0) {
      const index = small[--smallCount];
      prob[index] = 1;
      alias[index] = index;
    }

    this.size = size;
    this.prob = prob;
    this.alias = alias;
  }

  /**
   * Draws an index from one double: X = n·U with U = `rng.nextDouble()` picks column ⌊X⌋, and its fractional part
   * X − ⌊X⌋, which keeps 53 − ⌈log₂ n⌉ random bits, is the coin against `prob`. Allocates nothing.
   */
  sample(rng: RandomSource): number {
    const scaled = rng.nextDouble() * this.size;
    const column = Math.floor(scaled);
    return scaled - column < this.prob[column] ? column : this.alias[column];
  }
}
