import { describe, expect, it } from "vitest";
import { type Checkpoint, cutSnapshot } from "../../../src/core/engine/checkpoint.js";
import {
  compileModel,
  Simulation,
  shardRanges,
  simulate,
  simulateSharded,
} from "../../../src/core/engine/index.js";
import { createPopulation } from "../../../src/core/population/index.js";
import type { Scenario } from "../../../src/core/scenario/index.js";
import { loadScenario } from "../../../src/node/scenarios.js";
import { BUSY, outputs } from "../../helpers/busy.js";
import { ALPHA, binomialZTest, scenario, zTest } from "./harness.js";

// Behaviour that depends on state (`responses.byState`): a behaviour's rate × m(state), drawn at the bound M and
// thinned with probability m/M; and compliance exits as a compliance behaviour that happens only while listed.

/** Practically no heterogeneity: every citizen's propensity is 1 within about 10^−3. */
const FLAT = { shape: 1e6 };

/**
 * Steps a run day by day and hands every act to `onAct` with the actor's state as the engine reads it (at the start
 * of the day: lists and scores change only at a day's end, so the state at the act is the state of the morning).
 */
function runWatchingActs(
  input: Scenario,
  onAct: (simulation: Simulation, i: number, b: number, day: number) => void,
  afterDay?: (simulation: Simulation, day: number) => void,
): Simulation {
  const model = compileModel(input);
  const simulation = new Simulation(model, createPopulation(input, model.seed));
  const apparatus = simulation.apparatus;
  const act = apparatus.act.bind(apparatus);
  apparatus.act = (i, b, day, event) => {
    onAct(simulation, i, b, day);
    act(i, b, day, event);
  };
  for (let day = 0; day < model.days; day++) {
    simulation.step(day);
    afterDay?.(simulation, day);
  }
  return simulation;
}

describe("simulate() with a compliance hazard (a compliance behaviour only while listed)", () => {
  // λ = 0.05 compliance acts a day while listed, seen at once by a court (detection 1, delay 0); minimum m = 30 days.
  const lambda = 0.05;
  const minimumDays = 30;
  const days = 400;
  const input = scenario({
    population: { size: 20_000 },
    behaviours: [
      { id: "debt", rate: 0.02 * 365, heterogeneity: FLAT },
      { id: "pay", rate: lambda * 365, heterogeneity: FLAT },
    ],
    sources: [{ id: "court", observes: ["debt", "pay"], detection: 1, delay: { days: 0 } }],
    blacklist: { entry: { behaviours: ["debt"] }, minimumDays, exit: { complianceBehaviours: ["pay"] } },
    responses: { byState: [{ behaviours: ["pay"], when: { listed: false }, multiplier: 0 }] },
    run: { days },
  });
  let paidUnlisted = 0;
  let paidListed = 0;
  let ledgersDiffer = 0;
  const simulation = runWatchingActs(
    input,
    (run, i, b) => {
      if (b !== 1) return;
      if (run.isListed(i)) paidListed++;
      else paidUnlisted++;
    },
    (run) => {
      for (let i = 0; i < run.population.size; i++)
        if (run.isListed(i) !== run.isTrulyListed(i)) ledgersDiffer++;
    },
  );

  it("draws no compliance act from a citizen who is not listed (multiplier 0 while not listed)", () => {
    expect(paidListed).toBeGreaterThan(10_000);
    expect(paidUnlisted).toBe(0);
  });

  it("ends the truth's listings by compliance as the record's: both ledgers list the same citizens every day", () => {
    expect(simulation.listings.length).toBeGreaterThan(10_000);
    expect(ledgersDiffer).toBe(0);
  });

  // Listed at the end of day L (listedSince = L, counted as day 1), the citizen is listed from the morning of L + 1;
  // a compliance act on day d is applied at d's end, and the listing ends at the end of day E = max(first act day,
  // L + m − 1). Its length D = E − L + 1 exceeds the minimum by X = D − m, with, for p = 1 − e^(−λ) (a day with at
  // least one act of a Poisson(λ) count):
  //   P(X = 0) = 1 − e^(−λ(m − 1))          (an act on one of the m − 1 days L + 1 … L + m − 1),
  //   P(X = k) = e^(−λ(m − 1)) (1 − p)^(k − 1) p for k ≥ 1 — beyond the minimum, X is geometric with mean 1/p.
  // Listings are counted when they start by day days − m − 250, so that those still open at the end (X > 250,
  // probability < 0.95^249 ≈ 3·10^−6) bias nothing.
  const excess: number[] = [];
  const log = simulation.listings;
  for (let k = 0; k < log.length; k++) {
    if (log.day.data[k] > days - minimumDays - 250) continue;
    expect(log.endDay.data[k]).toBeGreaterThanOrEqual(0);
    excess.push(log.endDay.data[k] - log.day.data[k] + 1 - minimumDays);
  }
  const p = 1 - Math.exp(-lambda);
  const atMinimum = 1 - Math.exp(-lambda * (minimumDays - 1));

  it(`ends a listing at its minimum with probability 1 − e^(−λ(m − 1)) (binomial z-test, α = ${ALPHA})`, () => {
    expect(excess.length).toBeGreaterThan(5000);
    expect(Math.min(...excess)).toBe(0);
    const ended = excess.filter((x) => x === 0).length;
    expect(binomialZTest(ended, excess.length, atMinimum)).toBeGreaterThan(ALPHA);
  });

  it(`beyond the minimum, lasts a geometric number of days with mean 1/(1 − e^(−λ)) (z-test of the mean, α = ${ALPHA})`, () => {
    const beyond = excess.filter((x) => x > 0);
    expect(beyond.length).toBeGreaterThan(1000);
    const sum = beyond.reduce((total, x) => total + x, 0);
    // A geometric count on {1, 2, …} with success probability p: mean 1/p, variance (1 − p)/p².
    const n = beyond.length;
    expect(zTest(sum, n / p, (n * (1 - p)) / (p * p))).toBeGreaterThan(ALPHA);
    // And by days: P(X = k | X ≥ 1) = (1 − p)^(k − 1) p, for k = 1 … 3 (binomial z-tests).
    for (let k = 1; k <= 3; k++) {
      const count = beyond.filter((x) => x === k).length;
      expect(binomialZTest(count, n, (1 - p) ** (k - 1) * p), `X = ${k}`).toBeGreaterThan(ALPHA);
    }
  });
});

describe("simulate() paired with its baseline, with a behaviour only while listed", () => {
  it("keeps the state rules in the baseline, where nobody is listed: the behaviour never happens there", () => {
    const input = scenario({
      population: { size: 2000 },
      behaviours: [
        { id: "debt", rate: 3.65 },
        { id: "pay", rate: 36.5, harm: -1 },
      ],
      sources: [{ id: "court", observes: ["debt", "pay"], detection: 1 }],
      blacklist: {
        entry: { behaviours: ["debt"] },
        minimumDays: 10,
        exit: { complianceBehaviours: ["pay"] },
      },
      responses: { byState: [{ behaviours: ["pay"], when: { listed: false }, multiplier: 0 }] },
      measurement: { pairedBaseline: true },
      run: { days: 100 },
    });
    const { summary } = simulate(input);
    expect(summary.behaviour.harm).toBeLessThan(-100);
    expect(summary.behaviour.baselineHarm).toBe(0);
  });
});

describe("simulate() with rates by score category", () => {
  // Scores never move (no points, no decay), so each citizen stays in its category; `x` is 3 times as frequent in
  // category "bad" (scores below 500) as in "good".
  const size = 20_000;
  const days = 100;
  const dailyRate = 0.1;
  const input = scenario({
    population: { size },
    behaviours: [{ id: "x", rate: dailyRate * 365, heterogeneity: FLAT }],
    scoring: {
      range: { min: 0, max: 1000 },
      initial: { mean: 500, sd: 100 },
      bands: [
        { id: "low", min: 0, max: 500, category: "bad" },
        { id: "high", min: 500, max: 1000, category: "good" },
      ],
    },
    responses: { byState: [{ behaviours: ["x"], when: { categories: ["bad"] }, multiplier: 3 }] },
    run: { days },
  });

  it(`multiplies the act rate by the rule's multiplier in that category, and only there (Poisson z-tests, α = ${ALPHA})`, () => {
    const acts = { bad: 0, good: 0 };
    const simulation = runWatchingActs(input, (run, i, _b, day) => {
      if (run.recordedScoreOn(i, day) < 500) acts.bad++;
      else acts.good++;
    });
    let bad = 0;
    for (let i = 0; i < size; i++) if (simulation.recordedScoreOn(i, days - 1) < 500) bad++;
    expect(bad).toBeGreaterThan(size / 3);
    expect(size - bad).toBeGreaterThan(size / 3);
    const expectedBad = 3 * dailyRate * bad * days;
    const expectedGood = dailyRate * (size - bad) * days;
    expect(zTest(acts.bad, expectedBad, expectedBad)).toBeGreaterThan(ALPHA);
    expect(zTest(acts.good, expectedGood, expectedGood)).toBeGreaterThan(ALPHA);
  });

  it("compiles the bound M = 3 for x, which the engine draws at before thinning", () => {
    const model = compileModel(input);
    expect(model.channelBound[0]).toBe(3);
    expect(model.stateReadsScore).toBe(true);
  });
});

describe("simulate() with rates that rise with the sanctions suffered", () => {
  // Everyone is in category "bad", so every loan request (0.02 a day) is denied; a denial on day d makes the citizen
  // sanctioned on days d + 1 … d + 30 (sanctionDays), when x is 4 times as frequent.
  const size = 10_000;
  const days = 150;
  const dailyRate = 0.05;
  const input = scenario({
    population: { size },
    behaviours: [{ id: "x", rate: dailyRate * 365, heterogeneity: FLAT }],
    scoring: {
      range: { min: 0, max: 1000 },
      initial: { mean: 100, sd: 0 },
      bands: [
        { id: "low", min: 0, max: 500, category: "bad" },
        { id: "high", min: 500, max: 1000, category: "good" },
      ],
    },
    consequences: { opportunities: [{ id: "loan", rate: 0.02 * 365, deniedTo: { categories: ["bad"] } }] },
    responses: {
      sanctionDays: 30,
      byState: [{ behaviours: ["x"], when: { sanctioned: true }, multiplier: 4 }],
    },
    run: { days },
  });

  it(`multiplies the rate while sanctioned, within the window (Poisson z-tests, α = ${ALPHA})`, () => {
    // The state of day d, as at its start: sanctioned when d < distressUntil as the previous day's end left it.
    const morning = new Int32Array(size);
    const acts = { sanctioned: 0, not: 0 };
    const personDays = { sanctioned: 0, not: size };
    let windowsChecked = 0;
    runWatchingActs(
      input,
      (_run, i, _b, day) => {
        if (day < morning[i]) acts.sanctioned++;
        else acts.not++;
      },
      (run, day) => {
        const until = run.standing.column("distressUntil");
        for (let i = 0; i < size; i++) {
          // A denial today sets the window to end after day + 30.
          if (until[i] === day + 31) windowsChecked++;
          morning[i] = until[i];
          if (day + 1 < days) {
            if (day + 1 < until[i]) personDays.sanctioned++;
            else personDays.not++;
          }
        }
      },
    );
    expect(windowsChecked).toBeGreaterThan(10_000);
    expect(personDays.sanctioned).toBeGreaterThan(size * 20);
    const expectedSanctioned = 4 * dailyRate * personDays.sanctioned;
    const expectedNot = dailyRate * personDays.not;
    expect(zTest(acts.sanctioned, expectedSanctioned, expectedSanctioned)).toBeGreaterThan(ALPHA);
    expect(zTest(acts.not, expectedNot, expectedNot)).toBeGreaterThan(ALPHA);
  });
});

describe("simulate() with state rules, across shards and checkpoints", () => {
  // china-2020, busy, with a compliance hazard that rises with sanctions suffered, a rate by category and by band.
  const input = loadScenario("china-2020", [
    "population.size=3000",
    "run.days=100",
    ...BUSY,
    "blacklist.exit.complianceBehaviours=[paying-on-time]",
    "responses.sanctionDays=60",
    "responses.distress.enabled=false",
    "responses.byState=[{ behaviours: [paying-on-time], when: { listed: false }, multiplier: 0.2 }, " +
      "{ behaviours: [paying-on-time], when: { sanctioned: true }, multiplier: 4 }, " +
      "{ behaviours: [jaywalking, absence], when: { categories: [bad] }, multiplier: 2 }, " +
      "{ behaviours: [absence], when: { bands: [outstanding], listed: false }, multiplier: 0.5 }]",
  ]);
  const reference = outputs(simulate(input));

  it("gives the same bytes for 1, 2 and 3 shards", () => {
    const one = JSON.parse(reference.summary);
    expect(one.listings.delistings).toBeGreaterThan(0);
    for (const shards of [2, 3]) expect(outputs(simulateSharded(input, shards))).toEqual(reference);
  });

  it("resumed from a checkpoint, or from one cut into another layout, gives the same bytes", () => {
    const checkpoints: Checkpoint[] = [];
    simulate(input, { checkpointEvery: 40, onCheckpoint: (checkpoint) => checkpoints.push(checkpoint) });
    expect(checkpoints.map((checkpoint) => checkpoint.day)).toEqual([39, 79]);
    for (const checkpoint of checkpoints)
      expect(outputs(simulate(input, { resumeFrom: checkpoint }))).toEqual(reference);
    const ranges = shardRanges(input.population.size, 2);
    const shards = ranges.map(([start, size]) => cutSnapshot(checkpoints[0].shards, start, size));
    expect(outputs(simulate(input, { resumeFrom: { ...checkpoints[0], shards } }))).toEqual(reference);
  });
});
