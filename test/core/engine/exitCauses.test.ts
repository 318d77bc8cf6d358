import { describe, expect, it } from "vitest";
import {
  type Checkpoint,
  LISTING_END_NAMES,
  ListingEnd,
  type RunResult,
  simulate,
  simulateSharded,
} from "../../../src/core/engine/index.js";
import type { Scenario } from "../../../src/core/scenario/index.js";
import { NOT_LISTED } from "../../../src/core/state/citizens.js";
import { loadScenario } from "../../../src/node/scenarios.js";
import { outputs } from "../../helpers/busy.js";
import { scenario } from "./harness.js";

// Every listing that ends records its cause — compliance, score, maximum, minimum, overturned — in the listing log,
// the summary (in all and by group) and the daily series (removals by cause, by part); all three agree.

/** Listings that ended on the record, by cause (in `LISTING_END_NAMES`'s order), read off the log. */
function causesInLog({ simulation }: RunResult): number[] {
  const counts = LISTING_END_NAMES.map(() => 0);
  const { listings } = simulation;
  for (let k = 0; k < listings.length; k++) {
    const cause = listings.endReason.data[k];
    if (cause !== ListingEnd.ongoing) counts[cause]++;
  }
  return counts;
}

/**
 * Checks that the summary's delistings by cause (in all and by group) and the series' removals by cause agree with
 * the log and add up to the delistings; that each day's listed count moves by its listings less its removals; and
 * returns the causes as a record.
 */
function expectCausesAddUp(result: RunResult): Record<string, number> {
  const { summary, simulation } = result;
  const fromLog = causesInLog(result);
  const byCause = summary.listings.delistingsByCause;
  expect(Object.keys(byCause)).toEqual([...LISTING_END_NAMES]);
  expect(Object.values(byCause)).toEqual(fromLog);
  expect(fromLog.reduce((a, b) => a + b, 0)).toBe(summary.listings.delistings);
  // By group: each cause's groups add up to it.
  for (const [c, cause] of LISTING_END_NAMES.entries()) {
    const groups = Object.values(summary.listings.delistingsByGroup).reduce(
      (total, g) => total + g[cause],
      0,
    );
    expect(groups, cause).toBe(fromLog[c]);
  }
  // The series (one row a day): removals by cause summed over the days and, for every part, the listed count moves
  // by the day's new listings less its removals.
  const rows = simulation.series.rows();
  expect(simulation.model.scenario.measurement.seriesEveryDays).toBe(1);
  const value = new Map(
    rows.map((row) => [`${row.day}/${row.dimension}/${row.part}/${row.measure}`, row.value]),
  );
  const removed = LISTING_END_NAMES.map((cause) => `removed${cause[0].toUpperCase()}${cause.slice(1)}`);
  removed.forEach((measure, c) => {
    const total = rows
      .filter((row) => row.dimension === "all" && row.measure === measure)
      .reduce((sum, row) => sum + row.value, 0);
    expect(total, measure).toBe(fromLog[c]);
  });
  const parts = [...new Set(rows.map((row) => `${row.dimension}/${row.part}`))];
  const days = summary.days;
  for (const part of parts) {
    let listed = 0;
    for (let day = 0; day < days; day++) {
      const at = (measure: string) => value.get(`${day}/${part}/${measure}`) ?? Number.NaN;
      listed += at("newListings") - removed.reduce((sum, measure) => sum + at(measure), 0);
      expect(at("listed"), `${part} on day ${day}`).toBe(listed);
    }
  }
  return byCause;
}

// A severe act (rate 1 a year) that a court always records lists its actor; exits vary with the test.
const listing = (blacklist: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  scenario({
    population: {
      size: 4_000,
      groups: [
        { id: "majority", share: 0.8 },
        { id: "minority", share: 0.2 },
      ],
    },
    behaviours: [
      { id: "fraud", rate: 1, points: -100, severity: "severe" },
      { id: "paying", rate: 0, heterogeneity: { shape: 1000 } },
      { id: "good", rate: 0, points: 100 },
    ],
    sources: [{ id: "court", observes: ["fraud", "paying", "good"], detection: 1 }],
    scoring: { range: { min: 0, max: 1000 }, initial: { mean: 500 } },
    blacklist: { entry: { severity: "severe" }, ...blacklist },
    measurement: { seriesEveryDays: 1 },
    run: { days: 150 },
    ...extra,
  });

/** `listing`'s scenario with behaviour `id`'s rate (a year) changed. */
const withRate = (input: Scenario, id: string, rate: number): Scenario => ({
  ...input,
  behaviours: input.behaviours.map((behaviour) => (behaviour.id === id ? { ...behaviour, rate } : behaviour)),
});

describe("simulate() records why each listing ended", () => {
  it("with no exit rule at all: minimum, for every listing, at the end of its minimumDays-th day", () => {
    const result = simulate(listing({ minimumDays: 30 }), { seed: 3 });
    const byCause = expectCausesAddUp(result);
    expect(byCause.minimum).toBeGreaterThan(300);
    expect(byCause.minimum).toBe(result.summary.listings.delistings);
  });

  // The second has no listing at all until fraud starts on day 20.
  const lateStart = withRate(
    listing({ minimumDays: 30 }, { timeline: [{ day: 20, set: { "behaviours.fraud.rate": 1 } }] }),
    "fraud",
    0,
  );
  it.each([
    ["from the first day", listing({ minimumDays: 30 })],
    ["from day 20", lateStart],
  ])("the truth's listings end by the same rule, also in a resumed run (listings %s)", (_, input) => {
    // No exit rule: a truth listing ends at the end of its 30th day, so at the end of day 149 each ongoing one began
    // after day 120. The days when none can end yet are skipped (`Blacklist.endOfDay`); a resumed run does not know
    // when its listings began until it has visited them once.
    const checkpoints: Checkpoint[] = [];
    const straight = simulate(input, {
      seed: 3,
      checkpointEvery: 100,
      onCheckpoint: (checkpoint) => checkpoints.push(checkpoint),
    });
    const resumed = simulate(input, { seed: 3, resumeFrom: checkpoints[0] });
    expect(outputs(resumed)).toEqual(outputs(straight));
    for (const result of [straight, resumed]) {
      const since = Array.from(result.simulation.standing.column("trulyListedSince")).filter(
        (day) => day !== NOT_LISTED,
      );
      expect(since.length).toBeGreaterThan(20);
      expect(Math.min(...since)).toBeGreaterThan(120);
      expect(result.summary.listings.trulyListed).toBe(since.length);
    }
  });

  it("exit.maximumDays that the score cannot beat: maximum", () => {
    const result = simulate(listing({ minimumDays: 20, exit: { scoreAtLeast: 1000, maximumDays: 40 } }), {
      seed: 3,
    });
    const byCause = expectCausesAddUp(result);
    expect(byCause.maximum).toBeGreaterThan(300);
    expect(byCause.maximum).toBe(result.summary.listings.delistings);
  });

  it("exit.scoreAtLeast reached by good acts: score", () => {
    const input = withRate(listing({ minimumDays: 10, exit: { scoreAtLeast: 500 } }), "good", 120);
    const byCause = expectCausesAddUp(simulate(input, { seed: 3 }));
    expect(byCause.score).toBeGreaterThan(300);
    expect(byCause).toMatchObject({ compliance: 0, maximum: 0, minimum: 0, overturned: 0 });
  });

  it("a recorded compliance act: compliance", () => {
    const input = withRate(
      listing({ minimumDays: 10, exit: { complianceBehaviours: ["paying"] } }),
      "paying",
      120,
    );
    const byCause = expectCausesAddUp(simulate(input, { seed: 3 }));
    expect(byCause.compliance).toBeGreaterThan(300);
    expect(byCause).toMatchObject({ score: 0, maximum: 0, minimum: 0, overturned: 0 });
  });

  it("exit.complianceBeforeMinimum: a compliance act ends the listing at the end of the day it is recorded, minimum or not", () => {
    // Paying 120 times a year, a listed citizen pays within days; the minimum of 100 days no longer holds it.
    const input = withRate(
      listing({
        minimumDays: 100,
        exit: { complianceBehaviours: ["paying"], complianceBeforeMinimum: true },
      }),
      "paying",
      120,
    );
    const result = simulate(input, { seed: 3 });
    const byCause = expectCausesAddUp(result);
    expect(byCause.compliance).toBeGreaterThan(300);
    const { listings } = result.simulation;
    let short = 0;
    for (let k = 0; k < listings.length; k++) {
      if (listings.endReason.data[k] === ListingEnd.ongoing) continue;
      const days = listings.endDay.data[k] - listings.day.data[k] + 1;
      if (days < 100) short++;
    }
    expect(short).toBe(byCause.compliance);
    // Without it, nobody leaves before the 100th day.
    const held = simulate(
      withRate(listing({ minimumDays: 100, exit: { complianceBehaviours: ["paying"] } }), "paying", 120),
      { seed: 3 },
    );
    expect(held.summary.listings.delistings).toBeLessThan(byCause.compliance / 3);
  });

  it("when several hold on the same day, the first of compliance, score, maximum counts", () => {
    // exit.scoreAtLeast 0 holds for every score, and maximumDays = minimumDays holds on the same day.
    const all = {
      minimumDays: 20,
      exit: { scoreAtLeast: 0, maximumDays: 20, complianceBehaviours: ["paying"] },
    };
    const complying = expectCausesAddUp(simulate(withRate(listing(all), "paying", 365), { seed: 4 }));
    expect(complying.compliance).toBeGreaterThan(300);
    // Paying about once a day (everyone alike), almost every listed citizen has paid within its 20 days.
    expect(complying.score).toBeLessThanOrEqual(1);
    const scoring = expectCausesAddUp(simulate(listing(all), { seed: 4 }));
    expect(scoring.score).toBeGreaterThan(300);
    expect(scoring).toMatchObject({ compliance: 0, maximum: 0 });
  });

  it("appeals that find the wrong trigger: overturned, beside the other causes", () => {
    // Spurious severe records list; every appeal finds them; some listings end at their minimum before review.
    const input = listing(
      { minimumDays: 15 },
      {
        sources: [
          { id: "court", observes: ["fraud", "paying", "good"], detection: 1 },
          { id: "informant", observes: ["fraud"], detection: 0, spurious: { rate: 1 } },
        ],
        dueProcess: { appeals: { probability: 1, errorDetection: 1, reviewDays: 15 } },
      },
    );
    const result = simulate(input, { seed: 5 });
    const byCause = expectCausesAddUp(result);
    expect(byCause.overturned).toBe(result.summary.appeals.overturned);
    expect(byCause.overturned).toBeGreaterThan(100);
    expect(byCause.minimum).toBeGreaterThan(100);
  });
});

// china-2020 with a short minimum and maximum, a compliance behaviour and appeals: every cause but `minimum` occurs.
const busy = loadScenario("china-2020", [
  "population.size=5000",
  "run.days=150",
  "behaviours.drunk-driving.rate=0.3",
  "sources.cctv.misattribution.rate=0.1",
  "sources.cctv.misattribution.sameRegion=false",
  "blacklist.minimumDays=20",
  "blacklist.exit.maximumDays=40",
  "blacklist.exit.complianceBehaviours=[giving-blood]",
  "dueProcess={ appeals: { probability: 0.5, errorDetection: 0.8, reviewDays: 10 } }",
  "measurement.seriesEveryDays=1",
]);

describe("simulate() exit causes across shards and checkpoints", () => {
  const reference = simulate(busy);

  it("china-2020 with compliance, maximum and appeals: the causes add up, by group and by day", () => {
    const byCause = expectCausesAddUp(reference);
    for (const cause of ["compliance", "score", "maximum", "overturned"])
      expect(byCause[cause], cause).toBeGreaterThan(0);
    expect(byCause.minimum).toBe(0);
  });

  it("the same causes, bit for bit, on 3 shards and resumed from a checkpoint", () => {
    const expected = outputs(reference);
    expect(outputs(simulateSharded(busy, 3))).toEqual(expected);
    const checkpoints: Checkpoint[] = [];
    simulate(busy, { checkpointEvery: 50, onCheckpoint: (checkpoint) => checkpoints.push(checkpoint) });
    expect(checkpoints.map((checkpoint) => checkpoint.day)).toEqual([49, 99]);
    for (const checkpoint of checkpoints)
      expect(outputs(simulate(busy, { resumeFrom: checkpoint }))).toEqual(expected);
  });
});
