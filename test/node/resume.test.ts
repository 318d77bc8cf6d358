import { describe, expect, it } from "vitest";
import type { Checkpoint } from "../../src/core/engine/checkpoint.js";
import type { RunResult } from "../../src/core/engine/index.js";
import { loadScenario } from "../../src/node/scenarios.js";
import { simulateOnThreads } from "../../src/node/threads/run.js";

// china-2020 with every mechanism that leaves state between days, or crosses shards, busy (see checkpoint.test.ts).
const BUSY = [
  "sources.cctv.misattribution.rate=0.1",
  "sources.cctv.misattribution.sameRegion=false",
  "behaviours.drunk-driving.rate=0.3",
  "responses.association.points=-2",
  "responses.association.everyDays=10",
  "blacklist.minimumDays=30",
  "dueProcess={ appeals: { probability: 0.5, errorDetection: 0.8, reviewDays: 10 } }",
  "measurement.trajectories=9",
];

/** Everything a run's outputs are written from. */
function outputs({ summary, simulation }: RunResult): Record<string, string> {
  return {
    summary: JSON.stringify(summary),
    series: JSON.stringify(simulation.series.rows()),
    listings: JSON.stringify(
      Object.values(simulation.listings.columns()).map((column) => Array.from(column)),
    ),
    trajectories: JSON.stringify(simulation.samples.trajectory),
    bins: JSON.stringify(simulation.samples.bins),
  };
}

describe("simulateOnThreads() with checkpoints", () => {
  const input = loadScenario("china-2020", ["population.size=3000", "run.days=80", ...BUSY]);

  it("resumes on any number of threads from a checkpoint taken on any number, with the same outputs", async () => {
    const reference = outputs(await simulateOnThreads(input, 1));
    const taken: Record<number, Checkpoint[]> = {};
    for (const threads of [1, 3]) {
      taken[threads] = [];
      const run = await simulateOnThreads(input, threads, {
        checkpointEvery: 25,
        onCheckpoint: (checkpoint) => taken[threads].push(checkpoint),
      });
      expect(outputs(run)).toEqual(reference);
      expect(taken[threads].map((checkpoint) => checkpoint.day)).toEqual([24, 49, 74]);
      expect(taken[threads][0].shards.length).toBe(threads);
    }
    for (const [from, to] of [
      [1, 2],
      [3, 1],
      [3, 2],
    ]) {
      const resumed = await simulateOnThreads(input, to, { resumeFrom: taken[from][1] });
      expect(outputs(resumed), `checkpoint on ${from} threads, resumed on ${to}`).toEqual(reference);
    }
  });
});
