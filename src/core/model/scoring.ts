import type { Scenario } from "../scenario/index.js";
import { lookup } from "./lookup.js";
import type { ScoringTables } from "./model.js";

// The scoring section compiled: the score's range, initial distribution, decay and bands. With scoring off, no
// bands and neutral values (the engine reads `scoring` before any of them).

/**
 * The initial distribution of each (group, income band) cell: for the mean and the sd apart, the income band's value
 * if `byIncome` gives it, else the group's (`byGroup`), else the scenario's.
 */
function initialByCell(
  scenario: Scenario,
  initial: NonNullable<Scenario["scoring"]>["initial"],
): ScoringTables["initialByCell"] {
  if (initial.byGroup === undefined && initial.byIncome === undefined) return null;
  const groups = scenario.population.groups;
  const bands = scenario.population.incomeBands;
  const mean = new Float64Array(groups.length * bands.length);
  const sd = new Float64Array(groups.length * bands.length);
  groups.forEach((group, g) => {
    bands.forEach((band, k) => {
      const ofGroup = initial.byGroup?.[group.id];
      const ofBand = initial.byIncome?.[band.id];
      mean[g * bands.length + k] = ofBand?.mean ?? ofGroup?.mean ?? initial.mean;
      sd[g * bands.length + k] = ofBand?.sd ?? ofGroup?.sd ?? initial.sd;
    });
  });
  return { mean, sd };
}

/**
 * The 32-bit float nearest x on the side of `towards` (1: at least x; −1: at most x). Scores are held as 32-bit floats,
 * so the range's bounds are taken inwards: a score clamped to a bound then keeps it exactly when held, where a bound
 * such as 0.1, rounded to the nearest 32-bit float, would lie outside the range.
 */
export function float32Inside(x: number, towards: 1 | -1): number {
  const nearest = Math.fround(x);
  if (nearest === x || Math.sign(nearest - x) === towards) return nearest;
  FLOAT[0] = nearest;
  // One unit in the last place towards `towards`: the integer view steps away from zero for a positive float and
  // towards zero for a negative one (0 itself is exact, so never reaches here).
  BITS[0] += nearest > 0 === (towards === 1) ? 1 : -1;
  return FLOAT[0];
}

const FLOAT = new Float32Array(1);
const BITS = new Int32Array(FLOAT.buffer);

export function compileScoring(scenario: Scenario): ScoringTables {
  const scoring = scenario.scoring?.enabled === true ? scenario.scoring : undefined;
  const bands = scoring ? [...scoring.bands].sort((x, y) => x.min - y.min) : [];
  const categoryNames = [...new Set(bands.map((band) => band.category ?? band.id))];
  const category = lookup(
    categoryNames.map((id) => ({ id })),
    "category",
  );
  return {
    scoring: scoring !== undefined,
    scoreMin: float32Inside(scoring?.range.min ?? 0, 1),
    scoreMax: float32Inside(scoring?.range.max ?? 0, -1),
    initialMean: scoring?.initial.mean ?? 0,
    initialSd: scoring?.initial.sd ?? 0,
    initialByCell: scoring ? initialByCell(scenario, scoring.initial) : null,
    decay: scoring?.decay?.enabled === true,
    decayTowards: scoring?.decay?.towards ?? scoring?.initial.mean ?? 0,
    decayHalfLifeDays: scoring?.decay?.halfLifeDays ?? Number.POSITIVE_INFINITY,
    bandMin: Float64Array.from(bands, (band) => band.min),
    bandCategory: Uint8Array.from(bands, (band) => category(band.category ?? band.id, "scoring.bands")),
    categoryNames,
  };
}
