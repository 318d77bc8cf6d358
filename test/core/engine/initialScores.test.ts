import { describe, expect, it } from "vitest";
import { compileModel, Simulation } from "../../../src/core/engine/index.js";
import { attributeColumns, createPopulation } from "../../../src/core/population/index.js";
import type { Scenario } from "../../../src/core/scenario/index.js";
import { ALPHA, scenario, twoSidedP } from "./harness.js";

const SIZE = 40_000;

/** Two groups and two income bands of equal shares; a range wide enough that no initial score is clamped. */
function withInitial(initial: Record<string, unknown>): Scenario {
  return scenario({
    population: {
      size: SIZE,
      groups: [
        { id: "majority", share: 0.5 },
        { id: "minority", share: 0.5 },
      ],
      incomeBands: [
        { id: "low", share: 0.5 },
        { id: "high", share: 0.5 },
      ],
    },
    behaviours: [{ id: "idle", rate: 0 }],
    scoring: { range: { min: -1e6, max: 1e6 }, initial },
  });
}

/** Every citizen's initial score, with its group and income band. */
function initialScores(input: Scenario) {
  const model = compileModel(input, 1, 2026);
  const population = createPopulation(input, model.seed);
  const simulation = new Simulation(model, population);
  return {
    score: Float64Array.from(simulation.state.recordedScore),
    truth: Float64Array.from(simulation.state.trueScore),
    group: attributeColumns(population).group,
    incomeBand: attributeColumns(population).incomeBand,
  };
}

/** Mean and sample standard deviation of the scores of the citizens `chosen` picks. */
function moments(scores: Float64Array, chosen: (i: number) => boolean) {
  let n = 0;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < scores.length; i++) {
    if (!chosen(i)) continue;
    n++;
    sum += scores[i];
    squares += scores[i] * scores[i];
  }
  const mean = sum / n;
  return { n, mean, sd: Math.sqrt((squares - n * mean * mean) / (n - 1)) };
}

describe("Scores.initialise() with scoring.initial.byGroup and byIncome", () => {
  it(`draws each (group, income band) cell from its own normal: band's value, else group's, else the scenario's (z-tests of mean and sd, α = ${ALPHA})`, () => {
    const run = initialScores(
      withInitial({
        mean: 600,
        sd: 80,
        byGroup: { majority: { mean: 700, sd: 50 }, minority: { mean: 500 } },
        byIncome: { low: { sd: 20 } },
      }),
    );
    // [group, band, expected mean, expected sd]: the low band sets the sd only; minority inherits initial.sd.
    const cells = [
      [0, 0, 700, 20],
      [0, 1, 700, 50],
      [1, 0, 500, 20],
      [1, 1, 500, 80],
    ] as const;
    for (const [g, k, mean, sd] of cells) {
      const observed = moments(run.score, (i) => run.group[i] === g && run.incomeBand[i] === k);
      expect(observed.n).toBeGreaterThan(SIZE / 5);
      // The sample mean has variance sd²/n; the sample sd of a normal, about sd²/(2(n − 1)).
      expect(twoSidedP((observed.mean - mean) / (sd / Math.sqrt(observed.n)))).toBeGreaterThan(ALPHA);
      expect(twoSidedP((observed.sd - sd) / (sd / Math.sqrt(2 * (observed.n - 1))))).toBeGreaterThan(ALPHA);
    }
    // Both ledgers start equal.
    expect(run.truth).toEqual(run.score);
  });

  it("gives the same scores as the scenario's own mean and sd when the tables repeat them (same draw, same stream)", () => {
    const plain = initialScores(withInitial({ mean: 600, sd: 80 }));
    const tabled = initialScores(
      withInitial({
        mean: 600,
        sd: 80,
        byGroup: { majority: { mean: 600 } },
        byIncome: { high: { sd: 80 }, low: {} },
      }),
    );
    expect(tabled.score).toEqual(plain.score);
  });
});
