import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Checkpoint } from "../../src/core/engine/checkpoint.js";
import type { RunResult } from "../../src/core/engine/index.js";
import { readCheckpoint, writeCheckpoint } from "../../src/node/checkpoint.js";
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

describe("writeCheckpoint() and readCheckpoint()", () => {
  const input = loadScenario("china-2020", ["population.size=2000", "run.days=40", ...BUSY]);
  const staging = mkdtempSync(join(tmpdir(), "controlocracy-checkpoint-"));
  afterAll(() => rmSync(staging, { recursive: true, force: true }));
  const message = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return (error as Error).message.replaceAll(staging, "STAGING");
    }
    return "no error";
  };

  it("write a checkpoint that reads back equal, replacing the previous one atomically", async () => {
    expect(message(() => readCheckpoint(staging, input))).toMatchInlineSnapshot(
      `"STAGING holds no checkpoint: the run stopped before its first one; run it again (with --checkpoint-every)"`,
    );
    const taken: Checkpoint[] = [];
    await simulateOnThreads(input, 2, { checkpointEvery: 15, onCheckpoint: (c) => taken.push(c) });
    for (const checkpoint of taken) {
      const cost = writeCheckpoint(staging, checkpoint, input);
      expect(cost.bytes).toBeGreaterThan(2000 * 43);
      expect(readdirSync(staging)).toEqual(["checkpoint"]);
      expect(readCheckpoint(staging, input)).toEqual(checkpoint);
    }
    expect(readdirSync(join(staging, "checkpoint")).sort()).toEqual([
      "manifest.json",
      "series.bin",
      "shard-0.bin",
      "shard-1024.bin",
    ]);
  });

  it("readCheckpoint() refuses a checkpoint of another engine version, another scenario, or damaged", () => {
    const other = loadScenario("china-2020", ["population.size=2000", "run.days=40", "run.seed=8", ...BUSY]);
    expect(message(() => readCheckpoint(staging, other))).toMatchInlineSnapshot(
      `"the checkpoint in STAGING/checkpoint is of another scenario than the one in STAGING/resume.yaml (its hash differs): it cannot be resumed"`,
    );
    const path = join(staging, "checkpoint", "manifest.json");
    const manifest = readFileSync(path, "utf8");
    writeFileSync(path, manifest.replace(/"engine": "[^"]*"/, '"engine": "0.0.1"'));
    expect(
      message(() => readCheckpoint(staging, input)).replace(/this is \S+/, "this is VERSION"),
    ).toMatchInlineSnapshot(
      `"the checkpoint in STAGING/checkpoint was written by controlocracy 0.0.1 (checkpoint format 1); this is VERSION (format 1), which cannot resume it: run the scenario again"`,
    );
    writeFileSync(path, manifest);
    writeFileSync(join(staging, "checkpoint", "shard-1024.bin"), "short");
    expect(message(() => readCheckpoint(staging, input))).toMatchInlineSnapshot(
      `"the checkpoint in STAGING/checkpoint is damaged: STAGING/checkpoint/shard-1024.bin is shorter than its manifest says"`,
    );
  });
});
