import { describe, expect, it } from "vitest";
import { simulate, simulateSharded } from "../../../src/core/engine/index.js";
import { type Summary, summarySchema } from "../../../src/core/metrics/index.js";
import type { Scenario } from "../../../src/core/scenario/index.js";
import { listingRows } from "../../../src/node/output/listings.js";
import { loadScenario } from "../../../src/node/scenarios.js";
import { createStyle } from "../../../src/node/style.js";
import { formatSummary } from "../../../src/node/terminalSummary.js";

// china-2020 with frequent drunk driving and false matches, so that a short warm-up lists people.
const overrides = [
  "population.size=4000",
  "behaviours.drunk-driving.rate=0.3",
  "sources.cctv.misattribution.rate=0.05",
  "measurement.trajectories=3",
];
const WARMUP = 60;
const DAYS = 40;

function china(days: number, warmupDays: number): Scenario {
  return loadScenario("china-2020", [...overrides, `run.days=${days}`, `run.warmupDays=${warmupDays}`]);
}

const whole = simulate(china(WARMUP + DAYS, 0));
const warmupOnly = simulate(china(WARMUP, 0));
const measured = simulate(china(DAYS, WARMUP));

const totalDenied = (summary: Summary) =>
  Object.values(summary.denied).reduce((total, entry) => total + entry.denied, 0);

describe("run.warmupDays", () => {
  it("simulates the warm-up and measures only the days after it: the state is the whole run's", () => {
    expect(measured.summary.days).toBe(DAYS);
    expect(measured.summary.warmupDays).toBe(WARMUP);
    expect(whole.summary).not.toHaveProperty("warmupDays");
    expect(summarySchema.parse(measured.summary)).toEqual(measured.summary);
    expect(formatSummary(measured.summary, { wallSeconds: 1 }, createStyle(false)).split("\n")[0]).toContain(
      `${DAYS} days after a ${WARMUP}-day warm-up`,
    );
    expect(measured.summary.listings.current).toBe(whole.summary.listings.current);
    expect(measured.summary.listings.current).toBeGreaterThan(0);
    expect(measured.summary.listings.trulyListed).toBe(whole.summary.listings.trulyListed);
  });

  it("counts acts, records and denials of the measured days only: the whole run's less the warm-up's", () => {
    expect(measured.summary.acts.true).toBe(whole.summary.acts.true - warmupOnly.summary.acts.true);
    expect(measured.summary.acts.true).toBeGreaterThan(0);
    expect(totalDenied(measured.summary)).toBe(totalDenied(whole.summary) - totalDenied(warmupOnly.summary));
    expect(measured.summary.listings.personDays).toBe(
      whole.summary.listings.personDays - warmupOnly.summary.listings.personDays,
    );
  });

  it("counts those on the list when the warm-up ends as listed during the measured days", () => {
    const { listings } = measured.summary;
    const rows = listingRows(measured.simulation.model.scenario, measured.simulation);
    expect(listings.ever).toBe(new Set(rows.map((row) => row.citizen)).size);
    expect(listings.ever).toBeGreaterThanOrEqual(listings.current);
    expect(rows.some((row) => row.day < 0)).toBe(true);
  });

  it("writes the series from the end of the warm-up, numbered from 0: the whole run's later rows", () => {
    const later = whole.simulation.series
      .rows()
      .filter((row) => row.day >= WARMUP)
      .map((row) => ({ ...row, day: row.day - WARMUP }));
    const rows = measured.simulation.series.rows();
    expect(rows[0].day).toBe(0);
    expect(rows.at(-1)?.day).toBe(DAYS - 1);
    expect(rows).toEqual(later);
  });

  it("samples trajectories and score distributions from the end of the warm-up", () => {
    const { trajectory, bins } = measured.simulation.samples;
    expect(Math.min(...trajectory.day)).toBe(0);
    expect(Math.max(...trajectory.day)).toBe(DAYS - 1);
    expect([...new Set(bins.day)]).toEqual([0, 30, DAYS - 1]);
    const wholeTrajectory = whole.simulation.samples.trajectory;
    const at = (t: typeof trajectory, day: number) =>
      t.day.flatMap((d, k) => (d === day ? [t.recordedScore[k]] : []));
    expect(at(trajectory, 0)).toEqual(at(wholeTrajectory, WARMUP));
  });

  it("writes listings in effect during the measured days, those of the warm-up with negative days", () => {
    const rows = listingRows(measured.simulation.model.scenario, measured.simulation);
    expect(rows.some((row) => row.day < 0)).toBe(true);
    for (const row of rows) expect(row.endDay === "" || row.endDay >= 0).toBe(true);
    const still = rows.filter((row) => row.endDay === "").length;
    expect(still).toBe(measured.summary.listings.current);
  });

  it("gives different measures for different warm-ups (0, 30 and 60 days)", () => {
    const acts = [0, 30, 60].map((w) => simulate(china(DAYS, w)).summary.listings.current);
    expect(new Set(acts).size).toBe(3);
  });

  it("gives the same summary split into shards", () => {
    const sharded = simulateSharded(china(DAYS, WARMUP), 3);
    expect(JSON.stringify(sharded.summary)).toBe(JSON.stringify(measured.summary));
  });
});
