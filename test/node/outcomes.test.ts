import { describe, expect, it } from "vitest";
import type { Checkpoint } from "../../src/core/engine/checkpoint.js";
import { loadScenario } from "../../src/node/scenarios.js";
import { simulate } from "../../src/node/threads/run.js";
import { BUSY, outputs } from "../helpers/busy.js";

// Outcomes on worker threads: obligations live in their citizen's shard, and outcome acts' records (false matches
// included) cross threads like any act's.
describe("simulate() on threads with outcomes of opportunities", { timeout: 180_000 }, () => {
  const input = loadScenario("china-2020", [
    "population.size=3000",
    "run.days=80",
    ...BUSY,
    "consequences.opportunities.rail-ticket.outcomes={ granted: { afterDays: 15, distribution: exponential, " +
      "behaviours: [helping-elderly, disrespect], probability: { logistic: { intercept: 0.5, slope: 0.02, " +
      "centre: 650 } } }, denied: { afterDays: 3, behaviours: [drunk-driving, jaywalking, smoking] } }",
  ]);

  it("gives the same outputs on 1 and 2 threads, and resumed on 1 from a checkpoint taken on 2", async () => {
    const one = await simulate(input, { threads: 1 });
    expect(one.summary.outcomes?.["rail-ticket"].granted?.obligations).toBeGreaterThan(1000);
    const reference = outputs(one);
    const taken: Checkpoint[] = [];
    const two = await simulate(input, {
      threads: 2,
      checkpointEvery: 40,
      onCheckpoint: (checkpoint) => taken.push(checkpoint),
    });
    expect(outputs(two)).toEqual(reference);
    expect(taken[0].shards.length).toBe(2);
    expect(taken[0].shards.some((shard) => shard.arrays.obligations.length > 0)).toBe(true);
    expect(outputs(await simulate(input, { threads: 1, resumeFrom: taken[0] }))).toEqual(reference);
  });
});
