import { describe, expect, it } from "vitest";
import { type Checkpoint, cutSnapshot } from "../../../src/core/engine/checkpoint.js";
import {
  compileModel,
  estimateCost,
  shardRanges,
  simulate,
  simulateSharded,
} from "../../../src/core/engine/index.js";
import { attributeColumns } from "../../../src/core/population/index.js";
import { loadScenario } from "../../../src/node/scenarios.js";
import { BUSY, outputs } from "../../helpers/busy.js";
import { ALPHA, binomialZTest, runStepped, scenario } from "./harness.js";

const groups = [
  { id: "a", share: 0.5 },
  { id: "b", share: 0.5 },
];
const incomeBands = [
  { id: "low", share: 0.5 },
  { id: "high", share: 0.5 },
];
/** The two acts a loan can end in; nobody does them but as outcomes. */
const loanBehaviours = [
  { id: "repayment", rate: 0, points: 75 },
  { id: "default", rate: 0, points: -150 },
];

/** A loan every citizen asks for about `rate` times a year, always granted, with `granted` as its outcome. */
function lending(granted: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return scenario({
    population: { size: 20_000, groups, incomeBands },
    behaviours: loanBehaviours,
    consequences: { opportunities: [{ id: "loan", rate: 4, outcomes: { granted } }] },
    run: { days: 200 },
    ...extra,
  });
}

describe("simulate() outcomes of opportunities", () => {
  it(`with a constant probability p, the share of outcomes that are the first behaviour is p (binomial, α = ${ALPHA}); every granted request opens one obligation, ended or pending`, () => {
    const input = lending({ afterDays: 10, behaviours: ["repayment", "default"], probability: 0.8 });
    const { summary } = simulate(input, { seed: 5 });
    const loan = summary.denied.loan;
    const outcome = summary.outcomes?.loan.granted;
    if (!outcome) throw new Error("no outcome summary");
    expect(outcome.obligations).toBe(loan.requests);
    const { repayment, default: defaulted } = outcome.byBehaviour;
    expect(repayment + defaulted + outcome.pending).toBe(outcome.obligations);
    // Requests of the last 10 days are due after the run: about 10/200 of them.
    expect(outcome.pending).toBeGreaterThan(0.03 * loan.requests);
    expect(outcome.pending).toBeLessThan(0.07 * loan.requests);
    expect(binomialZTest(repayment, repayment + defaulted, 0.8)).toBeGreaterThan(ALPHA);
    // They are acts of the truth like any other.
    expect(summary.acts.byBehaviour.repayment.true).toBe(repayment);
    expect(summary.acts.byBehaviour.default.true).toBe(defaulted);
    expect(summary.outcomes?.loan.denied).toBeUndefined();
  });

  it(`follows a timeline: a probability changed on day 100 applies to the outcomes due from then on (binomial, α = ${ALPHA})`, () => {
    const input = lending(
      { afterDays: 0, behaviours: ["repayment", "default"], probability: 0.2 },
      {
        timeline: [
          { day: 100, set: { "consequences.opportunities.loan.outcomes.granted.probability": 0.8 } },
        ],
      },
    );
    let before = [0, 0];
    const { simulation } = runStepped(input, {
      afterDay: (run, day) => {
        // Outcome acts by behaviour (one group each way: sum both groups).
        if (day === 99)
          before = [0, 1].map((j) => run.counts.outcomes[j * 2] + run.counts.outcomes[j * 2 + 1]);
      },
    });
    const all = [0, 1].map((j) => simulation.counts.outcomes[j * 2] + simulation.counts.outcomes[j * 2 + 1]);
    expect(binomialZTest(before[0], before[0] + before[1], 0.2)).toBeGreaterThan(ALPHA);
    const after = [all[0] - before[0], all[1] - before[1]];
    expect(binomialZTest(after[0], after[0] + after[1], 0.8)).toBeGreaterThan(ALPHA);
  });

  it(`with a table, each group × income band repays with min(1, base × byGroup × byIncome) (binomial per group, α = ${ALPHA})`, () => {
    const input = lending({
      afterDays: 5,
      distribution: "exponential",
      behaviours: ["repayment", "default"],
      probability: { base: 0.5, byGroup: { b: 1.6 }, byIncome: { high: 3 } },
    });
    const expected: Record<string, number> = { "a low": 0.5, "a high": 1, "b low": 0.8, "b high": 1 };
    const repaid: Record<string, number> = {};
    const ended: Record<string, number> = {};
    const { simulation } = simulate(input, { seed: 6 });
    const { group, incomeBand } = attributeColumns(simulation.population);
    const counts = simulation.counts;
    // Outcome acts by (branch behaviour, group): the counts are kept by group, not by income band.
    const G = 2;
    for (const [g, id] of ["a", "b"].entries()) {
      const repayments = counts.outcomes[0 * G + g];
      const defaults = counts.outcomes[1 * G + g];
      repaid[id] = repayments;
      ended[id] = repayments + defaults;
    }
    // Every citizen asks at the same rate, so an outcome of group g is one of its low-income citizens' with
    // probability (its low-income citizens)/(its citizens): each outcome is Bernoulli with the weighted mean of p.
    for (const [g, id] of ["a", "b"].entries()) {
      let low = 0;
      let all = 0;
      for (let i = 0; i < group.length; i++) {
        if (group[i] !== g) continue;
        all++;
        if (incomeBand[i] === 0) low++;
      }
      const p = (low * expected[`${id} low`] + (all - low) * expected[`${id} high`]) / all;
      expect(binomialZTest(repaid[id], ended[id], p), id).toBeGreaterThan(ALPHA);
    }
    // The bounds: group a (× 0) never repays, group b (0.5 × 3, capped at 1) never defaults.
    const { simulation: capped } = simulate(
      lending({
        afterDays: 5,
        behaviours: ["repayment", "default"],
        probability: { base: 0.5, byGroup: { a: 0, b: 3 } },
      }),
      { seed: 6 },
    );
    const [repaidA, repaidB, defaultedA, defaultedB] = capped.counts.outcomes;
    expect([repaidA, defaultedB]).toEqual([0, 0]);
    expect(Math.min(repaidB, defaultedA)).toBeGreaterThan(1000);
  });

  it(`with a logistic in the score, repays with 1/(1 + e^−(a + b·(score − c))) at a known score, on the ledger asked for (binomial, α = ${ALPHA})`, () => {
    // Every score starts at 650. A penalty nobody observes drives the true score to the range's floor (0) within
    // days (two a day; outcomes come 60 days after the request), while the record stays at 650.
    const logistic = { intercept: 1, slope: 0.02, centre: 600 };
    const outcome = (ledger: string) => ({
      afterDays: 60,
      behaviours: ["repayment", "default"],
      probability: { logistic, ledger },
    });
    const input = scenario({
      population: { size: 10_000, groups },
      behaviours: [
        { id: "repayment", rate: 0 },
        { id: "default", rate: 0 },
        { id: "penalty", rate: 730, points: -1000, heterogeneity: { shape: 1000 } },
      ],
      scoring: { range: { min: 0, max: 1000 }, initial: { mean: 650, sd: 0 } },
      consequences: {
        opportunities: [
          { id: "by-record", rate: 4, outcomes: { granted: outcome("record") } },
          { id: "by-truth", rate: 4, outcomes: { granted: outcome("truth") } },
        ],
      },
      run: { days: 150 },
    });
    const { summary } = simulate(input, { seed: 7 });
    const logisticAt = (score: number) =>
      1 / (1 + Math.exp(-(logistic.intercept + logistic.slope * (score - logistic.centre))));
    const record = summary.outcomes?.["by-record"].granted?.byBehaviour ?? {};
    const truth = summary.outcomes?.["by-truth"].granted?.byBehaviour ?? {};
    expect(record.repayment + record.default).toBeGreaterThan(3000);
    expect(
      binomialZTest(record.repayment, record.repayment + record.default, logisticAt(650)),
    ).toBeGreaterThan(ALPHA);
    // At the floor, p = 1/(1 + e^11) ≈ 1.7·10^−5: about 0.06 repayments expected.
    expect(logisticAt(0)).toBeLessThan(2e-5);
    expect(truth.repayment).toBeLessThanOrEqual(2);
    expect(truth.default).toBeGreaterThan(3000);
  });

  it("outcome acts are in the truth on their due day and, seen by a source with detection 1, on the record after its delay (exact, day by day)", () => {
    const input = scenario({
      population: { size: 3_000, groups },
      behaviours: [...loanBehaviours, { id: "jaywalking", rate: 20 }],
      sources: [
        { id: "bank", observes: ["repayment", "default"], detection: 1, delay: { days: 7 } },
        { id: "cctv", observes: ["jaywalking"], detection: 0.5 },
      ],
      scoring: { range: { min: -1e6, max: 1e6 }, initial: { mean: 0, sd: 0 } },
      consequences: {
        opportunities: [
          {
            id: "loan",
            rate: 6,
            outcomes: { granted: { afterDays: 12, behaviours: ["repayment", "default"], probability: 0.7 } },
          },
        ],
      },
      run: { days: 60 },
    });
    const trueActs: number[][] = [];
    const records: number[][] = [];
    const obligations: number[] = [];
    const { summary } = runStepped(input, {
      seed: 8,
      afterDay: (simulation) => {
        const { counts } = simulation;
        trueActs.push([counts.trueActs[0], counts.trueActs[1]]);
        records.push([counts.recordsByBehaviour[0], counts.recordsByBehaviour[1]]);
        obligations.push(counts.obligations[0] + counts.obligations[1]);
      },
    });
    for (let day = 0; day < 60; day++) {
      // Outcomes come 12 days after the request: none before day 12; then those of the requests of day − 12.
      const ended = trueActs[day][0] + trueActs[day][1];
      expect(ended, `day ${day}`).toBe(day < 12 ? 0 : obligations[day - 12]);
      // The bank records each of them 7 days later.
      expect(records[day], `day ${day}`).toEqual(day < 7 ? [0, 0] : trueActs[day - 7]);
    }
    expect(summary.acts.byBehaviour.repayment.true).toBeGreaterThan(500);
    // The record's score is the truth's, 7 days late: points of the outcomes recorded by the last day.
    expect(summary.groups.a.meanRecordedScore).not.toBe(summary.groups.a.meanTrueScore);
  });

  it("a citizen's outcomes due the same day draw in turn from one stream, whatever days they were opened on (bound: ≤ 0.02 such days expected)", () => {
    // Two citizens, ten loans a day each, outcomes after a geometric wait: a day's outcomes were opened on several
    // days. With p = 1/2, a day with n ≥ 15 outcomes drawn in turn has them all one behaviour with probability
    // 2^(1 − n) ≤ 2^−14 (≤ 0.02 such days in 200). Were a citizen's stream started again for each day its outcomes
    // were opened on, those would repeat the same draws, and such days would come.
    const input = scenario({
      population: { size: 2 },
      behaviours: loanBehaviours,
      consequences: {
        opportunities: [
          {
            id: "loan",
            rate: 3650,
            outcomes: {
              granted: {
                afterDays: 5,
                distribution: "exponential",
                behaviours: ["repayment", "default"],
                probability: 0.5,
              },
            },
          },
        ],
      },
      run: { days: 200 },
    });
    let previous = [0, 0];
    let busyDays = 0;
    let uniformDays = 0;
    runStepped(input, {
      seed: 10,
      afterDay: (simulation) => {
        const now = [simulation.counts.trueActs[0], simulation.counts.trueActs[1]];
        const [repaid, defaulted] = [now[0] - previous[0], now[1] - previous[1]];
        previous = now;
        if (repaid + defaulted < 15) return;
        busyDays++;
        if (repaid === 0 || defaulted === 0) uniformDays++;
      },
    });
    expect(busyDays).toBeGreaterThan(100);
    expect(uniformDays).toBe(0);
  });

  it("a request that is not granted (denied, or refused by ostracism) follows `denied`, and opens nothing on `granted`", () => {
    const input = scenario({
      population: { size: 4_000, groups },
      behaviours: [
        ...loanBehaviours,
        { id: "appeal-letter", rate: 0 },
        { id: "curfew", rate: 3650, severity: "severe", heterogeneity: { shape: 1000 } },
      ],
      sources: [{ id: "cctv", observes: ["curfew"], detection: 1 }],
      blacklist: { entry: { severity: "severe" }, minimumDays: 10_000, public: { reach: 1, ostracism: 0.5 } },
      consequences: {
        opportunities: [
          {
            id: "loan",
            rate: 10,
            deniedTo: { listed: true },
            outcomes: {
              granted: { afterDays: 0, behaviours: ["repayment"] },
              denied: { afterDays: 0, behaviours: ["appeal-letter"] },
            },
          },
          // Not denied by any rule, only by ostracism: half its requests of listed citizens are refused.
          {
            id: "flat",
            rate: 10,
            outcomes: {
              granted: { afterDays: 0, behaviours: ["repayment"] },
              denied: { afterDays: 0, behaviours: ["default"] },
            },
          },
        ],
      },
      run: { days: 30 },
    });
    const { summary } = simulate(input, { seed: 9 });
    const loan = summary.denied.loan;
    const flat = summary.denied.flat;
    const outcomes = summary.outcomes ?? {};
    expect(outcomes.loan.denied?.obligations).toBe(loan.denied);
    expect(outcomes.loan.granted?.obligations).toBe(loan.requests - loan.denied);
    expect(outcomes.flat.denied?.obligations).toBe(flat.ostracised);
    expect(outcomes.flat.granted?.obligations).toBe(flat.requests - flat.ostracised);
    expect(flat.ostracised).toBeGreaterThan(1000);
    // Due the same day (afterDays 0): every one ended within the run.
    expect(outcomes.loan.denied?.byBehaviour["appeal-letter"]).toBe(loan.denied);
    expect(summary.acts.byBehaviour.default.true).toBe(flat.ostracised);
  });

  it("estimateCost() bounds outcome acts by the requests, and counts the obligations and their records in flight", () => {
    const input = lending(
      { afterDays: 10, behaviours: ["repayment", "default"], probability: 0.8 },
      { sources: [{ id: "bank", observes: ["repayment"], detection: 0.5, delay: { days: 3 } }] },
    );
    const cost = estimateCost(compileModel(input));
    const requestsPerDay = (20_000 * 4) / 365;
    expect(cost.opportunities).toBeCloseTo(requestsPerDay * 200, 6);
    expect(cost.acts).toBeCloseTo(cost.opportunities, 6);
    expect(cost.obligationsInFlight).toBeCloseTo(requestsPerDay * 11, 6);
    expect(cost.sources[0].recordsPerDay).toBeCloseTo(requestsPerDay * 0.5, 6);
    const without = estimateCost(compileModel(lending({ afterDays: 10, behaviours: ["repayment"] })));
    expect(without.obligationsInFlight).toBeCloseTo(requestsPerDay * 11, 6);
    const none = estimateCost(
      compileModel(scenario({ population: { size: 500 }, behaviours: loanBehaviours })),
    );
    expect(none.obligationsInFlight).toBe(0);
  });

  it("a scenario without outcomes has no outcomes in its summary", () => {
    const { summary } = simulate(scenario({ population: { size: 500 }, behaviours: loanBehaviours }));
    expect("outcomes" in summary).toBe(false);
  });
});

// china-2020 busy with state between days, plus outcomes of rail tickets (granted: an act the cameras observe with
// false matches that cross shards; refused: a choice among three, one severe enough to list).
const busy = loadScenario("china-2020", [
  "population.size=3000",
  "run.days=100",
  ...BUSY,
  "consequences.opportunities.rail-ticket.outcomes={ granted: { afterDays: 15, distribution: exponential, " +
    "behaviours: [helping-elderly, disrespect], probability: { logistic: { intercept: 0.5, slope: 0.02, " +
    "centre: 650 } } }, denied: { afterDays: 3, behaviours: [drunk-driving, jaywalking, smoking] } }",
]);

describe("simulate() with outcomes, on shards and from checkpoints", () => {
  const checkpoints: Checkpoint[] = [];
  const uninterrupted = simulate(busy, {
    checkpointEvery: 30,
    onCheckpoint: (checkpoint) => checkpoints.push(checkpoint),
  });
  const reference = outputs(uninterrupted);

  it("gives the unsharded run's outputs, byte for byte, on 2 and 3 shards", () => {
    const rail = uninterrupted.summary.outcomes?.["rail-ticket"];
    expect(rail?.granted?.obligations).toBeGreaterThan(1000);
    expect(rail?.denied?.obligations).toBeGreaterThan(10);
    for (const shards of [2, 3])
      expect(outputs(simulateSharded(busy, shards)), `${shards} shards`).toEqual(reference);
  });

  it("resumed from a checkpoint (cut into another layout or not) gives the uninterrupted run's outputs", () => {
    // Obligations wait for their outcome at the checkpoint: the state is not trivial.
    expect(checkpoints[1].shards[0].arrays.obligations.length).toBeGreaterThan(0);
    for (const checkpoint of checkpoints) {
      expect(outputs(simulate(busy, { resumeFrom: checkpoint }))).toEqual(reference);
    }
    const checkpoint = checkpoints[1];
    const shards = shardRanges(busy.population.size, 3).map(([start, size]) =>
      cutSnapshot(checkpoint.shards, start, size),
    );
    expect(outputs(simulate(busy, { resumeFrom: { ...checkpoint, shards } }))).toEqual(reference);
  });
});
