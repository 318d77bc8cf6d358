import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Checkpoint } from "../../src/core/engine/checkpoint.js";
import {
  CHECKPOINT_BYTES_PER_CITIZEN,
  readCheckpoint,
  readResumeInfo,
  writeCheckpoint,
} from "../../src/node/checkpoint.js";
import { UsageError } from "../../src/node/errors.js";
import { loadScenario } from "../../src/node/scenarios.js";
import { simulate } from "../../src/node/threads/run.js";
import { BUSY, outputs } from "../helpers/busy.js";
import { bin, root } from "./cliHarness.js";

// Several runs on worker threads each: under load (2 cores shared) they take minutes of wall time, though seconds of CPU.
describe("simulate() on threads with checkpoints", { timeout: 180_000 }, () => {
  const input = loadScenario("china-2020", ["population.size=3000", "run.days=80", ...BUSY]);

  it("resumes on any number of threads from a checkpoint taken on any number, with the same outputs", async () => {
    const reference = outputs(await simulate(input, { threads: 1 }));
    const taken: Record<number, Checkpoint[]> = {};
    for (const threads of [1, 3]) {
      taken[threads] = [];
      const run = await simulate(input, {
        threads,
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
      const resumed = await simulate(input, { threads: to, resumeFrom: taken[from][1] });
      expect(outputs(resumed), `checkpoint on ${from} threads, resumed on ${to}`).toEqual(reference);
    }
  });
});

describe("writeCheckpoint() and readCheckpoint()", { timeout: 180_000 }, () => {
  const input = loadScenario("china-2020", ["population.size=2000", "run.days=40", ...BUSY]);
  // Made when a test runs (a suite filtered out runs no hook, so would leave it behind).
  let staging = "";
  beforeAll(() => {
    staging = mkdtempSync(join(tmpdir(), "controlocracy-checkpoint-"));
  });
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
      `"STAGING holds no checkpoint: its run stopped before the first one; remove it and run again"`,
    );
    const taken: Checkpoint[] = [];
    await simulate(input, { threads: 2, checkpointEvery: 15, onCheckpoint: (c) => taken.push(c) });
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
      `"the checkpoint in STAGING/checkpoint was written by controlocracy 0.0.1 (checkpoint format 7); this is VERSION (format 7), which cannot resume it: run the scenario again"`,
    );
    writeFileSync(path, manifest);
    const shard = join(staging, "checkpoint", "shard-1024.bin");
    const bytes = readFileSync(shard);
    writeFileSync(shard, "short");
    expect(message(() => readCheckpoint(staging, input))).toMatchInlineSnapshot(
      `"the checkpoint in STAGING/checkpoint is damaged: STAGING/checkpoint/shard-1024.bin is shorter than its manifest says"`,
    );
    writeFileSync(shard, bytes);
  });

  it("readCheckpoint() parses the manifest: a field of the wrong type is a usage error naming the file and field", () => {
    const path = join(staging, "checkpoint", "manifest.json");
    const manifest = readFileSync(path, "utf8");
    const refusal = (edit: (parsed: Record<string, unknown>) => void) => {
      const parsed = JSON.parse(manifest);
      edit(parsed);
      writeFileSync(path, JSON.stringify(parsed));
      expect(() => readCheckpoint(staging, input)).toThrow(UsageError);
      return message(() => readCheckpoint(staging, input));
    };
    try {
      expect(refusal((parsed) => Object.assign(parsed, { day: "ten" }))).toMatchInlineSnapshot(
        `"the checkpoint in STAGING/checkpoint is damaged: STAGING/checkpoint/manifest.json: at day, expected a number, found "ten""`,
      );
      expect(
        refusal((parsed) => Object.assign(parsed, { series: { file: "../series.bin", arrays: [] } })),
      ).toMatchInlineSnapshot(
        `"the checkpoint in STAGING/checkpoint is damaged: STAGING/checkpoint/manifest.json: at series.file, expected a file name ending in .bin, found "../series.bin""`,
      );
      // A shard's next days one citizen short: the schedules are columns, one day per citizen.
      const shortSchedule = (parsed: Record<string, unknown>) => {
        const [shard] = parsed.shards as { arrays: { name: string; length: number }[] }[];
        const entry = shard.arrays.find(({ name }) => name === "apparatusScheduled");
        if (entry) entry.length -= 1;
      };
      expect(refusal(shortSchedule)).toMatchInlineSnapshot(
        `"the checkpoint in STAGING/checkpoint is damaged: shard 0's columns are not its size"`,
      );
      // A record in flight whose target is not a citizen of its shard (−1 here, which the queue would store as a
      // record about citizen 0): refused, not resumed with its neighbours garbled.
      writeFileSync(path, manifest);
      type Entry = { name: string; offset: number; length: number };
      const [first] = JSON.parse(manifest).shards as { file: string; arrays: Entry[] }[];
      const records = first.arrays.find(({ name }) => name === "records");
      expect(records?.length).toBeGreaterThan(0);
      const file = join(staging, "checkpoint", first.file);
      const bytes = readFileSync(file);
      const broken = Buffer.from(bytes);
      expect(broken.readInt32LE((records?.offset ?? 0) + 4)).toBeGreaterThanOrEqual(0);
      broken.writeInt32LE(-1, (records?.offset ?? 0) + 4);
      writeFileSync(file, broken);
      try {
        expect(message(() => readCheckpoint(staging, input))).toMatchInlineSnapshot(
          `"the checkpoint in STAGING/checkpoint is damaged: shard 0's records in flight are not records of its citizens"`,
        );
      } finally {
        writeFileSync(file, bytes);
      }
      expect(refusal((parsed) => Object.assign(parsed, { engine: 2 }))).toMatchInlineSnapshot(
        `"the checkpoint in STAGING/checkpoint is damaged: STAGING/checkpoint/manifest.json: at engine, expected a string, found 2"`,
      );
    } finally {
      writeFileSync(path, manifest);
    }
  });

  it("readResumeInfo() parses resume.yaml: a field of the wrong type is a usage error naming the file and field", () => {
    const path = join(staging, "resume.yaml");
    writeFileSync(path, "scenario: {}\nout: runs/x\nforce: false\ncheckpointEvery: often\n");
    try {
      expect(() => readResumeInfo(staging)).toThrow(UsageError);
      expect(message(() => readResumeInfo(staging))).toMatchInlineSnapshot(
        `"STAGING/resume.yaml is not a resume file written by controlocracy: at checkpointEvery, expected a number, found "often""`,
      );
      writeFileSync(path, "scenario: [1, 2]\nout: runs/x\ncheckpointEvery: 5\n");
      expect(message(() => readResumeInfo(staging))).toMatchInlineSnapshot(
        `"STAGING/resume.yaml is not a resume file written by controlocracy: at scenario, expected the resolved scenario (a mapping), found a list of 2"`,
      );
    } finally {
      rmSync(path);
    }
  });
});

/** Starts `controlocracy run …` and kills it (SIGKILL) as soon as `path` exists; fails if the run ends first. */
async function killWhenExists(args: string[], path: string): Promise<void> {
  const child = spawn(process.execPath, ["bin/controlocracy.js", ...args], { cwd: root, stdio: "ignore" });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let ended: number | null | undefined;
  exited.then((code) => {
    ended = code;
  });
  while (!existsSync(path)) {
    if (ended !== undefined) throw new Error(`the run ended (exit code ${ended}) before ${path} existed`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  child.kill("SIGKILL");
  await exited;
}

/** Files that hold the run's wall time and thread count. */
const TIMED = new Set(["run.json", "report.html"]);

// Under load (2 cores shared) a few runs of the CLI can take minutes of wall time, though seconds of CPU.
describe("controlocracy resume", { timeout: 180_000 }, () => {
  let base = "";
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), "controlocracy-resume-"));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  // Small and long: the first checkpoint (day 7) comes long before the end. Association penalties, the costliest
  // mechanism here, are left to the tests above.
  const cheap = BUSY.filter((assignment) => !assignment.startsWith("responses.association"));
  const flags = ["-n", "2000", "-d", "300", ...cheap.flatMap((assignment) => ["--set", assignment])];
  const clean = (text: string) => text.replaceAll(base, "BASE").trim();

  it("continues a run killed after a checkpoint, on other threads, to the same bytes as a run never stopped", async () => {
    const reference = join(base, "reference");
    const whole = bin(["run", ...flags, "-t", "1", "-o", reference, "--json"]);
    expect(whole.code, whole.stderr).toBe(0);

    const killed = join(base, "killed");
    const partial = join(base, ".killed.partial");
    const args = ["run", ...flags, "-t", "2", "--checkpoint-every", "7", "-o", killed];
    await killWhenExists(args, join(partial, "checkpoint", "manifest.json"));
    expect(existsSync(killed)).toBe(false);

    // Refused: a checkpoint written by another version, or of another scenario.
    const manifestPath = join(partial, "checkpoint", "manifest.json");
    const manifest = readFileSync(manifestPath, "utf8");
    writeFileSync(manifestPath, manifest.replace(/"engine": "[^"]*"/, '"engine": "0.0.1"'));
    const otherVersion = bin(["resume", killed]);
    expect(otherVersion.code).toBe(2);
    expect(clean(otherVersion.stderr).replace(/this is \S+/, "this is VERSION")).toMatchInlineSnapshot(
      `"✖ the checkpoint in BASE/.killed.partial/checkpoint was written by controlocracy 0.0.1 (checkpoint format 7); this is VERSION (format 7), which cannot resume it: run the scenario again"`,
    );
    writeFileSync(manifestPath, manifest.replace(/"scenario": "[^"]*"/, '"scenario": "0"'));
    const otherScenario = bin(["resume", killed]);
    expect(otherScenario.code).toBe(2);
    expect(clean(otherScenario.stderr)).toMatchInlineSnapshot(
      `"✖ the checkpoint in BASE/.killed.partial/checkpoint is of another scenario than the one in BASE/.killed.partial/resume.yaml (its hash differs): it cannot be resumed"`,
    );
    writeFileSync(manifestPath, manifest);

    // Resumed from the staging directory's own path, on three threads.
    const resumed = bin(["resume", partial, "-t", "3", "--json"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout).runtime.threads).toBe(3);
    expect(existsSync(partial)).toBe(false);
    const names = readdirSync(reference).sort();
    expect(readdirSync(killed).sort()).toEqual(names);
    for (const name of names.filter((file) => !TIMED.has(file))) {
      expect(readFileSync(join(killed, name)).equals(readFileSync(join(reference, name))), name).toBe(true);
    }
  });

  it("refuses, with exit code 2, a run killed before its first checkpoint, and a directory with nothing to resume", async () => {
    const early = join(base, "early");
    const args = ["run", ...flags, "--checkpoint-every", "1000", "-o", early];
    await killWhenExists(args, join(base, ".early.partial", "resume.yaml"));
    const result = bin(["resume", early]);
    expect(result.code).toBe(2);
    expect(clean(result.stderr)).toMatchInlineSnapshot(
      `"✖ BASE/.early.partial holds no checkpoint: its run stopped before the first one; remove it and run again"`,
    );
    const zero = bin(["run", "-n", "100", "--checkpoint-every", "0", "-o", join(base, "zero")]);
    expect(zero.code).toBe(2);
    expect(clean(zero.stderr)).toMatchInlineSnapshot(
      `"✖ --checkpoint-every expects a whole number of days ≥ 1, received "0""`,
    );
    expect(existsSync(join(base, ".zero.partial"))).toBe(false);
    // A run that checkpoints needs memory for the checkpoint as it is taken: the memory check counts it.
    const perCitizen = (extra: string[]) => {
      const refused = bin(["run", "-n", "1000", "-t", "1", "--max-memory", "1K", ...extra]);
      expect(refused.code).toBe(2);
      return Number(/(\d+) bytes per citizen/.exec(refused.stderr)?.[1]);
    };
    expect(perCitizen(["--checkpoint-every", "30"]) - perCitizen([])).toBe(CHECKPOINT_BYTES_PER_CITIZEN);
    const nothing = bin(["resume", join(base, "nowhere")]);
    expect(nothing.code).toBe(2);
    expect(clean(nothing.stderr)).toMatchInlineSnapshot(
      `"✖ nothing to resume at BASE/nowhere: there is no BASE/.nowhere.partial (a run leaves one only when it is stopped)"`,
    );
  });
});
