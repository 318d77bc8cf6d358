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
    scoreMin: scoring?.range.min ?? 0,
    scoreMax: scoring?.range.max ?? 0,
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
