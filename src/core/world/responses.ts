import type { Model } from "../model/index.js";
import { STATE_LISTED, STATE_SANCTIONED, STATES_PER_BAND } from "../model/index.js";
import type { CounterRng } from "../rng/index.js";
import { NOT_LISTED } from "../state/citizens.js";
import type { Standing } from "../state/standing.js";

// How citizens respond to the apparatus. Deterrence, chilling and gaming are in the compiled channel rates (the model
// scales each behaviour's rate by the sources and sanctions a citizen's cell faces); what depends on a citizen's state
// is here: the state rules (`responses.byState`, and distress among them) multiply the rates of some behaviours by
// m(state), drawn at their bound M and thinned; and gaming hides a share of acts from the sources' sight by routine
// (counted, not observed less).

/**
 * Citizen i's state at the start of `day` (`STATE_LISTED` + `STATE_SANCTIONED` + 4 × band): listed on the record;
 * sanctioned, before its `distressUntil`; the band of its recorded score decayed to the day (`recordedOn`), read only
 * when a rule needs it. 0 when the model has no state rule.
 */
export function stateOf(
  model: Model,
  standing: Standing,
  recordedOn: (i: number, day: number) => number,
  i: number,
  day: number,
): number {
  if (!model.stateRules) return 0;
  let state = 0;
  const s = standing.slot(i);
  if (s >= 0) {
    if (standing.listedAt[s] !== NOT_LISTED) state |= STATE_LISTED;
    if (day < standing.distressAt[s]) state |= STATE_SANCTIONED;
  }
  if (model.stateReadsScore) {
    // The band: the last whose minimum the score reaches (the first when it reaches none).
    const score = recordedOn(i, day);
    const bandMin = model.bandMin;
    let band = 0;
    for (let k = 1; k < bandMin.length && score >= bandMin[k]; k++) band = k;
    state += STATES_PER_BAND * band;
  }
  return state;
}

/**
 * Thinning: an event drawn at the channel's bound M is kept with probability m/M, m the multiplier of the citizen's
 * state: at once when m = M, else by one draw U from `rng` (a multiple of 2^−32 in [0, 1)), kept when U·M < m.
 */
export function keepsEvent(bound: number, multiplier: number, rng: CounterRng): boolean {
  return multiplier === bound || rng.nextUnit32() * bound < multiplier;
}

/** Whether an act of behaviour b in `cell` is gamed: one draw from `rng` when the gamed share is above zero. */
export function isGamed(model: Model, b: number, cell: number, rng: CounterRng): boolean {
  const share = model.gamedShare[b * model.cells + cell];
  return share > 0 && rng.nextUnit32() < share;
}
