import type { Model } from "../model/index.js";
import type { CounterRng } from "../rng/index.js";
import { NOT_LISTED } from "../state/citizens.js";

// How citizens respond to the apparatus. Deterrence and chilling are in the compiled channel rates (the model scales
// each behaviour's rate by the sources and sanctions a citizen's cell faces); what depends on a citizen's state is
// here: distress — being listed, or for `distressDays` after a denial or an ostracism — multiplies the rates of some
// behaviours, and gaming hides a share of acts from the sources' sight by routine (counted, not observed less).

/**
 * Whether citizen i is distressed at the start of `day`: listed on the record, or before its `distressUntil` (the
 * state's columns of those names).
 */
export function isDistressed(
  listedSince: Int32Array,
  distressUntil: Int32Array,
  i: number,
  day: number,
): boolean {
  return listedSince[i] !== NOT_LISTED || day < distressUntil[i];
}

/**
 * Thinning: the act rates assume distress (rate × multiplier); an event on a channel with multiplier `boost` ≠ 1
 * is kept by a citizen who is not distressed with probability 1/boost (one draw from `rng`, only then).
 */
export function keepsEvent(boost: number, distressed: boolean, rng: CounterRng): boolean {
  return boost === 1 || distressed || rng.nextUnit32() * boost < 1;
}

/** Whether an act of behaviour b in `cell` is gamed: one draw from `rng` when the gamed share is above zero. */
export function isGamed(model: Model, b: number, cell: number, rng: CounterRng): boolean {
  const share = model.gamedShare[b * model.cells + cell];
  return share > 0 && rng.nextUnit32() < share;
}
