/** Shared set-up for the rng tests: fixed seeds and a way to fill a sample from many streams. */

import type { RandomSource } from "../../../src/core/rng/index.js";
import { CounterRng, purposeId, seedKey } from "../../../src/core/rng/index.js";

/** Significance level of every statistical test in this folder. */
export const ALPHA = 0.001;
/** The seed of every statistical test, fixed so that results are reproducible. */
export const TEST_SEED = 20_251_014;

/**
 * Draws `count` values, the i-th from citizen i's stream on day 0 for the named purpose, the way the engine draws
 * one value per citizen; a statistical pass then also speaks for the independence of neighbouring streams.
 */
export function drawPerCitizen(
  count: number,
  purposeName: string,
  draw: (rng: RandomSource) => number,
  seed: number = TEST_SEED,
): Float64Array {
  const rng = new CounterRng(seedKey(seed));
  const purpose = purposeId(purposeName);
  const values = new Float64Array(count);
  for (let citizen = 0; citizen < count; citizen++) values[citizen] = draw(rng.reset(purpose, citizen, 0));
  return values;
}

/** Draws `count` values in a row from one stream (citizen 0, day 0) for the named purpose. */
export function drawFromOneStream(
  count: number,
  purposeName: string,
  draw: (rng: RandomSource) => number,
  seed: number = TEST_SEED,
): Float64Array {
  const rng = new CounterRng(seedKey(seed), purposeId(purposeName), 0, 0);
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = draw(rng);
  return values;
}
