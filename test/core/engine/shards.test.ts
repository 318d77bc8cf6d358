import { describe, expect, it } from "vitest";
import { shardRanges, simulate, simulateSharded } from "../../../src/core/engine/index.js";
import type { ListingLog } from "../../../src/core/state/listings.js";
import { loadScenario } from "../../../src/node/scenarios.js";

// china-2020 with every cross-citizen mechanism busy: frequent false matches (which land in other shards),
// association penalties, appeals and a short minimum listing so exits happen.
const input = loadScenario("china-2020", [
  "population.size=6000",
  "run.days=150",
  "sources.cctv.misattribution.rate=0.1",
  "sources.cctv.misattribution.sameRegion=false",
  "behaviours.drunk-driving.rate=0.3",
  "responses.association.points=-2",
  "responses.association.everyDays=10",
  "blacklist.minimumDays=30",
  "dueProcess={ appeals: { probability: 0.5, errorDetection: 0.8, reviewDays: 10 } }",
  "measurement.trajectories=9",
]);

function logRows(log: ListingLog): number[][] {
  return Object.values(log.columns()).map((column) => Array.from(column));
}

describe("shardRanges()", () => {
  it("splits citizens into contiguous ranges that cover them once, cut on the series' blocks", () => {
    // 640 citizens: ten blocks of 64.
    expect(shardRanges(640, 3)).toEqual([
      [0, 192],
      [192, 192],
      [384, 256],
    ]);
    expect(shardRanges(650, 2)).toEqual([
      [0, 320],
      [320, 330],
    ]);
    // Fewer blocks than shards asked for: one shard per block.
    expect(shardRanges(100, 5)).toEqual([
      [0, 64],
      [64, 36],
    ]);
    expect(shardRanges(10, 3)).toEqual([[0, 10]]);
    // A national population: at most 1024 blocks, ranges still cover everyone once.
    const ranges = shardRanges(1_400_000_017, 7);
    expect(ranges[0][0]).toBe(0);
    for (let k = 1; k < ranges.length; k++) expect(ranges[k][0]).toBe(ranges[k - 1][0] + ranges[k - 1][1]);
    const last = ranges[ranges.length - 1];
    expect(last[0] + last[1]).toBe(1_400_000_017);
  });
});

describe("simulateSharded()", () => {
  const one = simulate(input);
  const reference = {
    summary: JSON.stringify(one.summary),
    series: JSON.stringify(one.simulation.series.rows()),
    listings: JSON.stringify(logRows(one.simulation.listings)),
    trajectories: JSON.stringify(one.simulation.samples.trajectory),
    bins: JSON.stringify(one.simulation.samples.bins),
  };

  it("gives the unsharded run's summary, series, samples and listing log, byte for byte, for 2, 3 and 4 shards", () => {
    // The scenario exercises what crosses shards.
    expect(one.summary.acts.misattributed).toBeGreaterThan(100);
    expect(one.summary.association.penalties).toBeGreaterThan(100);
    expect(one.summary.appeals.reviewed).toBeGreaterThan(0);
    expect(one.summary.listings.delistings).toBeGreaterThan(0);
    for (const shards of [2, 3, 4]) {
      const { summary, simulation } = simulateSharded(input, shards);
      expect(simulation.shards.length).toBe(shards);
      expect(JSON.stringify(summary), `${shards} shards: summary`).toBe(reference.summary);
      expect(JSON.stringify(simulation.series.rows()), `${shards} shards: series`).toBe(reference.series);
      expect(JSON.stringify(logRows(simulation.listings)), `${shards} shards: listings`).toBe(
        reference.listings,
      );
      expect(JSON.stringify(simulation.samples.trajectory), `${shards} shards: trajectories`).toBe(
        reference.trajectories,
      );
      expect(JSON.stringify(simulation.samples.bins), `${shards} shards: score bins`).toBe(reference.bins);
    }
  });
});
