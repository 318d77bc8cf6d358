import { describe, expect, it } from "vitest";
import { type Checkpoint, cutSnapshot } from "../../../src/core/engine/checkpoint.js";
import { shardRanges, simulate } from "../../../src/core/engine/index.js";
import { loadScenario } from "../../../src/node/scenarios.js";
import { BUSY, outputs } from "../../helpers/busy.js";

// china-2020 with every mechanism that leaves state between days busy (BUSY), plus decay, distress, rewards and a
// paired baseline.
const input = loadScenario("china-2020", [
  "population.size=3000",
  "run.days=100",
  ...BUSY,
  "measurement.pairedBaseline=true",
]);

describe("simulate() with checkpoints", () => {
  const checkpoints: Checkpoint[] = [];
  const uninterrupted = simulate(input, {
    checkpointEvery: 30,
    onCheckpoint: (checkpoint) => checkpoints.push(checkpoint),
  });
  const reference = outputs(uninterrupted);

  it("takes one at the end of every 30th day, none after the last, without changing the run", () => {
    expect(checkpoints.map((checkpoint) => checkpoint.day)).toEqual([29, 59, 89]);
    expect(outputs(simulate(input))).toEqual(reference);
    expect(checkpoints[0].baseline).toEqual({
      harm: uninterrupted.summary.behaviour.baselineHarm,
      legitimateActs: uninterrupted.summary.behaviour.baselineLegitimateActs,
    });
    // Records wait in queues and appeals for review at the checkpoint: the state is not trivial.
    expect(checkpoints[1].shards[0].arrays.records.length).toBeGreaterThan(0);
    expect(checkpoints[1].shards[0].arrays.reviews.length).toBeGreaterThan(0);
  });

  it("resumed from any of them gives the same outputs, bit for bit, as the uninterrupted run", () => {
    for (const checkpoint of checkpoints) {
      expect(outputs(simulate(input, { resumeFrom: checkpoint }))).toEqual(reference);
    }
  });

  it("resumed from a checkpoint cut into the shards of another layout gives the same outputs", () => {
    const checkpoint = checkpoints[1];
    const ranges = shardRanges(input.population.size, 3);
    expect(ranges.length).toBe(3);
    const shards = ranges.map(([start, size]) => cutSnapshot(checkpoint.shards, start, size));
    const resumed = simulate(input, { resumeFrom: { ...checkpoint, shards } });
    expect(outputs(resumed)).toEqual(reference);
  });

  it("resumed, takes the same checkpoints as the uninterrupted run", () => {
    const again: Checkpoint[] = [];
    simulate(input, { resumeFrom: checkpoints[0], checkpointEvery: 30, onCheckpoint: (c) => again.push(c) });
    expect(again.map((checkpoint) => checkpoint.day)).toEqual([59, 89]);
    expect(again[1]).toEqual(checkpoints[2]);
  });
});
