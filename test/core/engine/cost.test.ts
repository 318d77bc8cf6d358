import { describe, expect, it } from "vitest";
import {
  COMPACT_RECORD_BYTES,
  estimateCost,
  farWaitShares,
  OBLIGATION_BYTES,
  OUTPUT_LIMIT,
  OWN_RECORD_BYTES,
  outputOverflows,
  RECORD_BYTES,
  STREAM_SLACK,
  scheduleBytes,
  sourceRecordBytes,
  streamedRecordBytes,
  streamedSources,
  wideSchedules,
} from "../../../src/core/engine/cost.js";
import { compileModel, Simulation, simulate } from "../../../src/core/engine/index.js";
import { createPopulation } from "../../../src/core/population/index.js";
import type { Scenario } from "../../../src/core/scenario/index.js";
import { largestPropensity } from "../../../src/core/scenario/references.js";
import { NextDays } from "../../../src/core/state/buffers.js";
import { CostError } from "../../../src/core/state/costError.js";
import { loadScenario } from "../../../src/node/scenarios.js";
import { xorshift32 } from "../../helpers/xorshift.js";
import { ALPHA, scenario, zTest } from "./harness.js";

const SIZE = 20_000;
const DAYS = 365;

/** The share of a day's events that are among its first `first`, E[min(N, first)] / λ for N ~ Poisson(λ). */
function firstEvents(lambda: number, first: number): number {
  let expected = 0;
  for (let n = 1, p = Math.exp(-lambda); n < 200; n++) {
    p *= lambda / n;
    expected += Math.min(n, first) * p;
  }
  return expected / lambda;
}

/**
 * Two regions, the minority's share depending on the region (`groupShareByRegion`), a rate modulated by region
 * and group: the estimate must weigh each cell by its share of the population.
 */
const population = {
  size: SIZE,
  regions: [
    { id: "east", share: 0.3, surveillance: 1 },
    { id: "west", share: 0.7, surveillance: 1 },
  ],
  groups: [
    { id: "majority", share: 0.9 },
    { id: "minority", share: 0.1 },
  ],
  groupShareByRegion: { west: { majority: 0.5, minority: 0.5 } },
};
// Cell shares by hand: east 0.3 × (0.9, 0.1), west 0.7 × (0.5, 0.5).
const cells = [
  { share: 0.3 * 0.9, factor: 1 },
  { share: 0.3 * 0.1, factor: 4 },
  { share: 0.7 * 0.5, factor: 2 },
  { share: 0.7 * 0.5, factor: 8 },
];

/**
 * Mean and variance of one citizen's count over the run when its cell is drawn by share and it acts at
 * μ·factor·G (G ~ Gamma(k, 1/k), or G = 1 without propensity, k = ∞): E = Σ s·m; Var = Σ s·(m + m²/k) + Σ s·m² − E².
 */
function perCitizen(mu: number, shape: number) {
  let mean = 0;
  let square = 0;
  let within = 0;
  for (const { share, factor } of cells) {
    const m = mu * factor;
    mean += share * m;
    square += share * m * m;
    within += share * (m + (m * m) / shape);
  }
  return { mean, variance: within + square - mean * mean };
}

describe("estimateCost()", () => {
  const input = scenario({
    population,
    behaviours: [
      { id: "jaywalking", rate: 3, rateByRegion: { west: 2 }, rateByGroup: { minority: 4 } },
      { id: "littering", rate: 0.5 },
    ],
    consequences: {
      opportunities: [{ id: "rail", rate: 6 }],
    },
  });
  const cost = estimateCost(compileModel(input, DAYS));
  const { summary } = simulate(input, { seed: 5, days: DAYS });

  it(`predicts a run's acts, cell by cell (z-test against the unconditional variance, α = ${ALPHA})`, () => {
    const jaywalking = perCitizen((3 * DAYS) / 365, 2);
    const littering = {
      mean: (0.5 * DAYS) / 365,
      variance: (0.5 * DAYS) / 365 + ((0.5 * DAYS) / 365) ** 2 / 2,
    };
    expect(cost.acts).toBeCloseTo(SIZE * (jaywalking.mean + littering.mean), 6);
    const variance = SIZE * (jaywalking.variance + littering.variance);
    expect(zTest(summary.acts.true, cost.acts, variance)).toBeGreaterThan(ALPHA);
  });

  it(`predicts a run's opportunity requests (Poisson z-test, α = ${ALPHA})`, () => {
    const requests = summary.denied.rail.requests;
    expect(cost.opportunities).toBeCloseTo((SIZE * 6 * DAYS) / 365, 6);
    expect(zTest(requests, cost.opportunities, cost.opportunities)).toBeGreaterThan(ALPHA);
    expect(cost.events).toBeCloseTo(cost.acts + cost.opportunities, 6);
    expect(cost.channels[0].path).toBe("behaviours.jaywalking.rate");
  });

  it("counts the records waiting for a source's delay: records a day × (delay + 1)", () => {
    const delayed = scenario({
      population: { size: 1000 },
      behaviours: [{ id: "jaywalking", rate: 365 }],
      sources: [{ id: "clerk", observes: ["jaywalking"], detection: 0.5, delay: { days: 30 } }],
    });
    const estimate = estimateCost(compileModel(delayed, DAYS));
    // 1000 citizens × 1 act a day × 0.5 seen = 500 records a day, each waiting 30 days and the day it is applied.
    expect(estimate.recordsInFlight).toBeCloseTo(500 * 31, 6);
    expect(estimate.sources[0]).toMatchObject({ id: "clerk", recordsPerDay: 500 });
    // A source with a fixed delay: records about their own actor of a day's first 16 events are streamed (3 bytes,
    // gaps between targets below 128, times the slack), the others take 3 integers (14 bytes with the slack).
    const streamed = 500 * firstEvents(largestPropensity(delayed.population.propensity.shape), 16);
    expect(streamedRecordBytes(streamed / 1000)).toBeCloseTo(3 * STREAM_SLACK, 6);
    expect(estimate.recordBytes).toBeCloseTo(
      streamed * 31 * 3 * STREAM_SLACK + (500 - streamed) * 31 * OWN_RECORD_BYTES,
      6,
    );
  });

  it("counts a streamed record's gap in as many bytes as its stream's density needs", () => {
    // A gap of mean 1 / density needs a second byte past 128 (with probability e^(−128 × density)), a third past
    // 16,384, up to 5 bytes.
    expect(streamedRecordBytes(1 / 128)).toBeCloseTo(STREAM_SLACK * (3 + Math.exp(-1) + Math.exp(-128)), 9);
    expect(streamedRecordBytes(1e-12)).toBeCloseTo(STREAM_SLACK * 7, 2);
    expect(streamedRecordBytes(0)).toBe(STREAM_SLACK * 7);
  });

  it("counts records due 128 days or more after their act, and spurious records, in 3 integers", () => {
    const late = (delay: object, spurious?: object) =>
      scenario({
        population: { size: 1000, propensity: { shape: 1000 } },
        behaviours: [{ id: "jaywalking", rate: 0.365 }],
        sources: [{ id: "clerk", observes: ["jaywalking"], detection: 1, delay, spurious }],
      });
    const bytes = (scenario: Scenario) => {
      const estimate = estimateCost(compileModel(scenario, DAYS));
      return estimate.recordBytes / estimate.recordsInFlight;
    };
    // 1 act in 1,000 a day: all of a day's first 4 events. A fixed delay streams them, whatever it is, in 3 bytes
    // and the gaps' between targets 1,000 apart on average.
    const sparse = streamedRecordBytes(1 / 1000);
    expect(bytes(late({ days: 127 }))).toBeCloseTo(sparse, 3);
    expect(bytes(late({ days: 128 }))).toBeCloseTo(sparse, 3);
    // A geometric delay of mean 128 days is below 128 days with probability 1 − (128/129)^128: compact, not
    // streamed (its records of a due day are of many act days).
    const within = 1 - (128 / 129) ** 128;
    expect(bytes(late({ days: 128, distribution: "exponential" }))).toBeCloseTo(
      within * COMPACT_RECORD_BYTES + (1 - within) * OWN_RECORD_BYTES,
      3,
    );
    // As many spurious records as acts' records: half of them in 3 integers (the estimate streams only the acts').
    expect(bytes(late({ days: 7, distribution: "exponential" }, { rate: 0.365 }))).toBeCloseTo(
      (COMPACT_RECORD_BYTES + OWN_RECORD_BYTES) / 2,
      2,
    );
    expect(bytes(late({ days: 7 }, { rate: 0.365 }))).toBeCloseTo((sparse + OWN_RECORD_BYTES) / 2, 2);
  });

  it("counts the bytes of records that name another citizen than their actor: a false match's share of them", () => {
    const matching = (rate: number) =>
      scenario({
        population: { size: 1000 },
        behaviours: [{ id: "jaywalking", rate: 365 }],
        sources: [
          {
            id: "camera",
            observes: ["jaywalking"],
            detection: 0.5,
            misattribution: { rate },
            delay: { days: 30 },
          },
        ],
      });
    const bytes = (rate: number) => estimateCost(compileModel(matching(rate), DAYS)).recordBytes;
    expect(bytes(1)).toBeCloseTo(500 * 31 * RECORD_BYTES, 6);
    // The others are streamed (a fixed delay) but for those past a day's first 16 events.
    const inStream = firstEvents(largestPropensity(matching(1).population.propensity.shape), 16);
    const own =
      inStream * streamedRecordBytes((500 * 0.75 * inStream) / 1000) + (1 - inStream) * OWN_RECORD_BYTES;
    expect(bytes(0.25)).toBeCloseTo(500 * 31 * (0.75 * own + 0.25 * RECORD_BYTES), 6);
  });

  it("draws at distress's raised rate only when someone can be distressed (a list, or a sanction that denies)", () => {
    const listedInput = scenario({
      population: { size: 1000 },
      behaviours: [
        { id: "fraud", rate: 0.01, severity: "severe" },
        { id: "absence", rate: 4 },
      ],
      sources: [{ id: "court", observes: ["fraud"], detection: 1 }],
      blacklist: { entry: { severity: "severe" } },
      responses: { distress: { multiplier: 1000, durationDays: 30, behaviours: ["absence"] } },
    });
    // Validation refuses distress with nothing to be distressed by; a scenario built in code can still hold it.
    const nobodyInput = unchecked(listedInput, (input) => {
      input.blacklist = undefined;
      input.sources = [];
    });
    const nobody = compileModel(nobodyInput, DAYS);
    expect(Array.from(nobody.channelBound)).toEqual([1, 1]);
    expect(estimateCost(nobody).events).toBeCloseTo(1000 * 4.01, 6);
    const listed = compileModel(listedInput, DAYS);
    expect(Math.max(...listed.channelBound)).toBe(1000);
    const estimate = estimateCost(listed);
    expect(estimate.channels[0]).toMatchObject({ path: "behaviours.absence.rate" });
    expect(estimate.channels[0].events).toBeCloseTo(1000 * 4 * 1000, 0);
    expect(estimate.channels[0].distressEvents).toBeCloseTo(1000 * 4 * (1000 - 1), 0);
  });
});

/** A copy of a validated scenario changed in code, past what validation allows (as a library user may do). */
function unchecked(input: Scenario, change: (copy: Scenario) => void): Scenario {
  const copy = structuredClone(input);
  change(copy);
  return copy;
}

/** china-2020 with fields set past their bounds: `path` names list items by id, as `--set` does. */
function chinaWith(fields: Record<string, number>): Scenario {
  return unchecked(loadScenario("china-2020"), (copy) => {
    // Without its roll-out: each change of a timeline is laid over the scenario and validated again.
    copy.timeline = undefined;
    for (const [path, value] of Object.entries(fields)) {
      const segments = path.split(".");
      let node = copy as unknown as Record<string, unknown>;
      for (let k = 0; k < segments.length - 1; k++) {
        const next = node[segments[k]] as Record<string, unknown> | Record<string, unknown>[];
        // A list's item is named by its id, the next segment.
        if (Array.isArray(next)) {
          const id = segments[++k];
          node = next.find((item) => item.id === id)!;
        } else node = next;
      }
      node[segments[segments.length - 1]] = value;
    }
  });
}

describe("farWaitShares()", () => {
  const requests = (rate: number, days: number) =>
    scenario({
      population: { size: 20_000 },
      behaviours: [{ id: "littering", rate: 0 }],
      consequences: { opportunities: [{ id: "rail", rate }] },
      run: { days },
    });

  it("bounds the share of citizens waiting far ahead, which a run never passes, and widens a schedule only then", () => {
    // Requests at 1.5 a year: a gap longer than 254 days covers a given day with probability (1 + x)e^(−x), x =
    // 254 × 1.5 / 365; acts at 0 a year: nobody waits.
    const input = requests(1.5, 1000);
    const model = compileModel(input, 1000);
    const x = (254 * 1.5) / 365;
    expect(farWaitShares(model).apparatus).toBeCloseTo((1 + x) * Math.exp(-x), 12);
    expect(farWaitShares(model).acts).toBe(0);
    expect(wideSchedules(model)).toEqual({ acts: false, apparatus: true });
    // A byte schedule of 20,000 citizens whose days come at those gaps, as the apparatus draws them (⌊E⌋ first, then
    // 1 + ⌊E⌋ after each day): the citizens in far lists, every 25 days, never pass the bound and come near it.
    const next = xorshift32(0x5eed);
    const gap = () => Math.floor(-Math.log(1 - next() / 2 ** 32) / (1.5 / 365));
    const schedule = new NextDays(1000, 20_000);
    for (let i = 0; i < 20_000; i++) schedule.push(gap(), i);
    let most = 0;
    for (let day = 0; day < 1000; day++) {
      const due = schedule.take(day);
      const citizens = Array.from(due.data.subarray(0, due.length));
      for (const i of citizens) schedule.push(day + 1 + gap(), i);
      if (day % 25 === 0) most = Math.max(most, schedule.waitingFar);
    }
    const bound = farWaitShares(model).apparatus * 20_000;
    expect(most).toBeLessThanOrEqual(bound);
    // Near it once the gaps have settled (the share is that of a stationary renewal; from a start, it climbs to it).
    expect(most).toBeGreaterThan(0.85 * bound);
    // At 6 a year few wait far ahead (8%): a byte and its lists take less than 2 bytes a citizen.
    expect(wideSchedules(compileModel(requests(6, 1000), 1000)).apparatus).toBe(false);
    expect(scheduleBytes(compileModel(requests(6, 1000), 1000))).toBeLessThan(3);
  });

  it("counts a timeline's records and obligations waiting at their largest segment's", () => {
    // lending, its loans asked twice as often from day 100: obligations wait as in the second segment.
    const lending = loadScenario("lending");
    const loans = (lending.consequences?.opportunities ?? [])[0];
    const doubledRate = {
      ...lending,
      consequences: { ...lending.consequences, opportunities: [{ ...loans, rate: 2 * loans.rate }] },
    } as Scenario;
    const model = compileModel(
      { ...lending, timeline: [{ day: 100, set: { "consequences.opportunities.0.rate": 2 * loans.rate } }] },
      365,
    );
    const estimate = estimateCost(model);
    const doubled = estimateCost(compileModel(doubledRate, 365));
    expect(doubled.obligationsInFlight).toBeGreaterThan(0);
    expect(estimate.obligationsInFlight).toBeCloseTo(doubled.obligationsInFlight, 6);
    const segments = [model, model.timeline[0].model];
    const records = estimate.sources.reduce(
      (total, source) =>
        total +
        source.recordsInFlight *
          Math.max(...segments.map((segment) => sourceRecordBytes(segment, source.index))),
      0,
    );
    expect(estimate.recordBytes).toBeCloseTo(
      records + estimate.associationRecords * RECORD_BYTES + doubled.obligationsInFlight * OBLIGATION_BYTES,
      6,
    );
  });

  it("streams a source's records only where its delay is fixed in every segment of a timeline", () => {
    const clerk = (timeline?: Scenario["timeline"]) =>
      scenario({
        population: { size: 1000 },
        behaviours: [{ id: "jaywalking", rate: 365 }],
        sources: [{ id: "clerk", observes: ["jaywalking"], detection: 0.5, delay: { days: 30 } }],
        timeline,
      });
    expect(streamedSources(compileModel(clerk(), DAYS))).toEqual([0]);
    const exponential = [{ day: 100, set: { "sources.0.delay.distribution": "exponential" } }];
    expect(streamedSources(compileModel(clerk(exponential), DAYS))).toEqual([]);
  });

  it("takes a timeline's largest share: a rate lowered on day 300 makes the schedule wide from the first day", () => {
    // 6 requests a year (8% far ahead: a byte), then 1.5 from day 300 (72%): the schedule, made on day 0, is wide.
    const lowered = (rate: number) =>
      scenario({
        population: { size: 1000 },
        behaviours: [{ id: "littering", rate: 0 }],
        consequences: { opportunities: [{ id: "rail", rate: 6 }] },
        run: { days: 1000 },
        timeline: [{ day: 300, set: { "consequences.opportunities.0.rate": rate } }],
      });
    const model = compileModel(lowered(1.5), 1000);
    expect(farWaitShares(model).apparatus).toBeCloseTo(
      farWaitShares(compileModel(requests(1.5, 1000), 1000)).apparatus,
      12,
    );
    expect(wideSchedules(model).apparatus).toBe(true);
    expect(wideSchedules(compileModel(lowered(6), 1000)).apparatus).toBe(false);
  });

  it("finds nobody waiting far ahead in a run of 255 days or fewer", () => {
    expect(farWaitShares(compileModel(requests(0.1, 255), 255))).toEqual({ acts: 0, apparatus: 0 });
    expect(scheduleBytes(compileModel(requests(0.1, 255), 255))).toBe(2);
  });
});

describe("outputOverflows()", () => {
  it("finds nothing in the built-in scenarios", () => {
    for (const name of [
      "china-2020",
      "sesame-credit",
      "health-pass",
      "rongcheng",
      "france-tools",
      "due-process",
    ]) {
      expect(outputOverflows(compileModel(loadScenario(name)))).toEqual([]);
    }
  });

  it("names the harm, the reward rate or value, the score range and the reach that would overflow the outputs", () => {
    // Validation bounds every one of these fields; a scenario built in code is checked here all the same.
    const paths = (fields: Record<string, number>) =>
      outputOverflows(compileModel(chinaWith(fields))).map((overflow) => overflow.path);
    expect(paths({ "behaviours.jaywalking.harm": 1e308 })).toEqual(["behaviours.jaywalking.harm"]);
    expect(paths({ "consequences.rewards.transport-discount.rate": 1e308 })).toEqual([
      "consequences.rewards.transport-discount.rate",
    ]);
    expect(paths({ "consequences.rewards.transport-discount.value": 1e300 })).toEqual([
      "consequences.rewards.transport-discount.value",
    ]);
    expect(paths({ "scoring.range.max": 1e300 })).toEqual(["scoring.range"]);
    expect(paths({ "blacklist.public.reach": 1e300 })).toEqual(["blacklist.public.reach"]);
  });

  it("gives the largest magnitude that fits, which does fit", () => {
    const [overflow] = outputOverflows(compileModel(chinaWith({ "behaviours.jaywalking.harm": 1e308 })));
    const fitting = chinaWith({ "behaviours.jaywalking.harm": overflow.largest });
    expect(overflow.largest).toBeGreaterThan(0);
    expect(overflow.largest).toBeLessThan(OUTPUT_LIMIT);
    expect(outputOverflows(compileModel(fitting))).toEqual([]);
  });
});

describe("Simulation association penalties", () => {
  it("stop the run with a CostError when a day needs more than the estimate allows", () => {
    const input = scenario({
      population: { size: 1000 },
      behaviours: [{ id: "curfew", rate: 3650, severity: "severe", heterogeneity: { shape: 1000 } }],
      sources: [{ id: "cctv", observes: ["curfew"], detection: 1 }],
      scoring: { range: { min: 0, max: 1000 }, initial: { mean: 500 } },
      blacklist: { entry: { severity: "severe" }, minimumDays: 10_000 },
      responses: { association: { contacts: 500_000, points: -1, everyDays: 1 } },
    });
    const model = compileModel(input, 10);
    expect(model.associationCap).toBe(524_288);
    const simulation = new Simulation(model, createPopulation(input, model.seed));
    expect(() => simulation.run()).toThrow(CostError);
    expect(() =>
      new Simulation(model, createPopulation(input, model.seed)).run(),
    ).toThrowErrorMatchingInlineSnapshot(
      `[CostError: association penalties on day 2 need 500,000,000 records (1,000 listed × 500,000 contacts), more than the 524,288 a day the run's memory estimate allows (one for every two citizens, at least 524,288); lower responses.association.contacts]`,
    );
  });
});
