import { describe, expect, it } from "vitest";
import {
  chooseStory,
  LISTING_END_NAMES,
  TraceEventType,
  traceStory,
} from "../../../src/core/engine/index.js";
import { SERIES_MEASURES } from "../../../src/core/metrics/index.js";
import { RecordKind } from "../../../src/core/model/index.js";
import { attributeColumns } from "../../../src/core/population/index.js";
import { loadScenario } from "../../../src/node/scenarios.js";
import { runStepped } from "../engine/harness.js";

// The streaming series against a brute-force recomputation: after every day, scan every citizen and count.
// china-2020 with high misattribution and spurious rates and a short minimum listing, so listings, wrongful
// listings, exits, truth listings and denials all happen at 5,000 citizens within 200 days.
const input = loadScenario("china-2020", [
  "population.size=5000",
  "run.days=200",
  "sources.cctv.misattribution.rate=0.05",
  "behaviours.drunk-driving.rate=0.5",
  "sources.cctv.spurious.rate=2",
  "blacklist.minimumDays=20",
  "measurement.seriesEveryDays=1",
  "measurement.trajectories=7",
]);

interface Expected {
  day: number;
  part: string;
  dimension: string;
  measure: string;
  value: number;
}

const expected: Expected[] = [];
/** The series measure of listings ended by `cause` (`removedScore` for `score`). */
const removedMeasure = (cause: string) => `removed${cause[0].toUpperCase()}${cause.slice(1)}`;
let deniedBefore = 0;
let actsBefore: number[] = [];
const { simulation } = runStepped(input, {
  afterDay: (sim, day) => {
    const { group, region, incomeBand } = attributeColumns(sim.population);
    const { size } = sim.population;
    const scenario = sim.model.scenario;
    const partsOf = (i: number) => [
      ["all", "all"],
      ["group", scenario.population.groups[group[i]].id],
      ["region", scenario.population.regions[region[i]].id],
      ["incomeBand", scenario.population.incomeBands[incomeBand[i]].id],
    ];
    const counts = new Map<
      string,
      { listed: number; wrongful: number; truly: number; rec: number; tru: number; n: number }
    >();
    for (let i = 0; i < size; i++) {
      for (const [dimension, part] of partsOf(i)) {
        const key = `${dimension}/${part}`;
        let entry = counts.get(key);
        if (!entry) {
          entry = { listed: 0, wrongful: 0, truly: 0, rec: 0, tru: 0, n: 0 };
          counts.set(key, entry);
        }
        const listed = sim.isListed(i);
        const truly = sim.isTrulyListed(i);
        entry.listed += listed ? 1 : 0;
        entry.wrongful += listed && !truly ? 1 : 0;
        entry.truly += truly ? 1 : 0;
        entry.rec += sim.recordedScoreOn(i, day);
        entry.tru += sim.trueScoreOn(i, day);
        entry.n++;
      }
    }
    for (const [key, entry] of counts) {
      const [dimension, part] = key.split("/");
      expected.push({ day, dimension, part, measure: "listed", value: entry.listed });
      expected.push({ day, dimension, part, measure: "wrongfullyListed", value: entry.wrongful });
      expected.push({ day, dimension, part, measure: "trulyListed", value: entry.truly });
      expected.push({ day, dimension, part, measure: "meanRecordedScore", value: entry.rec / entry.n });
      expected.push({ day, dimension, part, measure: "meanTrueScore", value: entry.tru / entry.n });
    }
    const log = sim.listings;
    let newListings = 0;
    let wrongful = 0;
    for (let k = 0; k < log.length; k++) {
      if (log.day.data[k] !== day) continue;
      newListings++;
      wrongful += log.wrongful.data[k];
    }
    expected.push({ day, dimension: "all", part: "all", measure: "newListings", value: newListings });
    // Listings that ended today, by cause and part (every part and cause has a row, 0 when none ended).
    const removed = new Map<string, number>();
    for (const key of counts.keys())
      for (const cause of LISTING_END_NAMES) removed.set(`${key}/${removedMeasure(cause)}`, 0);
    for (let k = 0; k < log.length; k++) {
      if (log.endDay.data[k] !== day) continue;
      const measure = removedMeasure(LISTING_END_NAMES[log.endReason.data[k]]);
      for (const [dimension, part] of partsOf(log.citizen.data[k])) {
        const key = `${dimension}/${part}/${measure}`;
        removed.set(key, (removed.get(key) ?? 0) + 1);
      }
    }
    for (const [key, value] of removed) {
      const [dimension, part, measure] = key.split("/");
      expected.push({ day, dimension, part, measure, value });
    }
    expected.push({ day, dimension: "all", part: "all", measure: "wrongfulListings", value: wrongful });
    const denied = sim.counts.denied.reduce((a, b) => a + b, 0);
    expected.push({ day, dimension: "all", part: "all", measure: "denied", value: denied - deniedBefore });
    deniedBefore = denied;
    const acts = Array.from(sim.counts.trueActs);
    const harm = acts.reduce(
      (total, count, b) => total + (count - (actsBefore[b] ?? 0)) * sim.model.harm[b],
      0,
    );
    expected.push({ day, dimension: "all", part: "all", measure: "harm", value: harm });
    actsBefore = acts;
  },
});
const rows = simulation.series.rows();
const byKey = new Map(
  rows.map((row) => [`${row.day}/${row.dimension}/${row.part}/${row.measure}`, row.value]),
);

describe("SeriesRecorder", () => {
  it("writes one row per day × part × measure (14 measures with scoring)", () => {
    const parts = 1 + 2 + 3 + 3;
    expect(rows.length).toBe(200 * parts * SERIES_MEASURES.length);
  });

  it("counts listed, wrongfully listed and truly listed citizens exactly as a scan of every citizen does", () => {
    const counts = expected.filter((row) =>
      ["listed", "wrongfullyListed", "trulyListed"].includes(row.measure),
    );
    for (const row of counts) {
      expect(byKey.get(`${row.day}/${row.dimension}/${row.part}/${row.measure}`), JSON.stringify(row)).toBe(
        row.value,
      );
    }
    // The scenario made all of these happen.
    expect(
      Math.max(...counts.filter((r) => r.measure === "wrongfullyListed").map((r) => r.value)),
    ).toBeGreaterThan(0);
    expect(simulation.counts.delistings).toBeGreaterThan(0);
  });

  // Scores are held as 32-bit floats: each update rounds a score by at most 2^−24 of it (3.9e-5 points at 650),
  // which the series' running sums do not see. Unbiased, these roundings walk: over 200 days a part's mean drifts by
  // a few 1e-9 of itself (1.0e-9 measured), while one act of 5 points missed in a part of 1,000 citizens would move
  // it by 7.7e-6.
  it("gives mean scores on both ledgers equal to a scan of decayed scores (relative 1e-7)", () => {
    for (const row of expected.filter((r) => r.measure.startsWith("mean"))) {
      const value = byKey.get(`${row.day}/${row.dimension}/${row.part}/${row.measure}`) ?? Number.NaN;
      expect(Math.abs(value - row.value) / Math.abs(row.value), JSON.stringify(row)).toBeLessThan(1e-7);
    }
  });

  it("counts each day's listings, wrongful listings, denials and harm as the listing log and the totals do", () => {
    for (const row of expected.filter((r) =>
      ["newListings", "wrongfulListings", "denied"].includes(r.measure),
    )) {
      expect(byKey.get(`${row.day}/${row.dimension}/${row.part}/${row.measure}`), JSON.stringify(row)).toBe(
        row.value,
      );
    }
    for (const row of expected.filter((r) => r.measure === "harm")) {
      const value = byKey.get(`${row.day}/${row.dimension}/${row.part}/${row.measure}`) ?? Number.NaN;
      expect(Math.abs(value - row.value), JSON.stringify(row)).toBeLessThan(1e-9);
    }
  });
});

describe("SeriesRecorder removals", () => {
  it("counts each day's listings ended, by cause and part, as the listing log does", () => {
    const removals = expected.filter((row) => row.measure.startsWith("removed"));
    expect(removals.length).toBe(200 * (1 + 2 + 3 + 3) * LISTING_END_NAMES.length);
    for (const row of removals) {
      expect(byKey.get(`${row.day}/${row.dimension}/${row.part}/${row.measure}`), JSON.stringify(row)).toBe(
        row.value,
      );
    }
    // Listings ended, in more than one part, by score and by compliance (china-2020's debtors pay).
    const ended = removals.filter((row) => row.dimension === "group" && row.value > 0);
    expect(new Set(ended.map((row) => row.part)).size).toBe(2);
    expect(new Set(ended.map((row) => row.measure))).toEqual(new Set(["removedScore", "removedCompliance"]));
  });
});

describe("SampleRecorder", () => {
  it("keeps each sampled citizen's scores and listing state for every day", () => {
    const trajectory = simulation.samples.trajectory;
    expect(trajectory.day.length).toBe(7 * 200);
    expect(new Set(trajectory.citizen).size).toBe(7);
  });

  it("bins every citizen's score on both ledgers, on day 0, every 30 days and the last day", () => {
    const bins = simulation.samples.bins;
    const days = [...new Set(bins.day)];
    expect(days).toEqual([0, 30, 60, 90, 120, 150, 180, 199]);
    for (const day of days) {
      for (const ledger of ["recorded", "true"] as const) {
        const total = bins.count.reduce(
          (sum, count, k) => sum + (bins.day[k] === day && bins.ledger[k] === ledger ? count : 0),
          0,
        );
        expect(total).toBe(5000);
      }
    }
  });
});

describe("chooseStory() and traceStory()", () => {
  it("follow the first citizen listed on a false match, with the listing and its trigger in the trace", () => {
    const choice = chooseStory(simulation);
    expect(choice?.why).toContain("false match");
    if (!choice) return;
    const trace = traceStory(input, {}, choice);
    expect(trace.citizen).toBe(choice.citizen);
    const listing = trace.events.find((event) => event.type === TraceEventType.listed);
    expect(listing?.day).toBe(choice.day);
    const falseMatch = trace.events.find(
      (event) => event.type === TraceEventType.record && event.kind === RecordKind.misattributed,
    );
    expect(falseMatch).toBeDefined();
    expect(falseMatch?.actor).not.toBe(choice.citizen);
    // Day by day until the story ends, listed from the listing day on.
    expect(trace.days.length).toBe(Math.min(200, choice.day + 121));
    expect(trace.days[choice.day].listed).toBe(true);
  });
});

describe("reading the series as it grows (the explorable streams it)", () => {
  it("gives the rows from a row on, counts them, and sizes each part", () => {
    const rows = simulation.series.rows();
    expect(simulation.series.rowCount).toBe(rows.length);
    expect(simulation.series.rows(rows.length - 40)).toEqual(rows.slice(rows.length - 40));
    expect(simulation.series.rows(rows.length)).toEqual([]);
    const sizes = simulation.series.partSizes();
    expect(sizes[0]).toEqual({ dimension: "all", part: "all", size: 5000 });
    for (const dimension of ["group", "region", "incomeBand"]) {
      const parts = sizes.filter((size) => size.dimension === dimension);
      expect(parts.length, dimension).toBeGreaterThan(1);
      expect(
        parts.reduce((sum, part) => sum + part.size, 0),
        dimension,
      ).toBe(5000);
    }
  });
});
