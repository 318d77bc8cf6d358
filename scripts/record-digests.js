#!/usr/bin/env node
// Records the SHA-256 of every file a run writes (except run.json, which holds the time and machine, and
// report.html, which holds run.json's figures) for each built-in scenario at 5,000 citizens × 400 days, seeds 1
// and 2. The fixture guards behaviour across refactors: test/digests.test.ts re-runs them all and compares.
// Re-record only when a change is meant to alter outputs, and say so in the commit.
//
//   npm run build && node scripts/record-digests.js > test/fixtures/digests.json
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));
const run = promisify(execFile);
export const CITIZENS = 5_000;
export const DAYS = 400;
export const SEEDS = [1, 2];
const EXCLUDED = new Set(["run.json", "report.html"]);

export function scenarioNames() {
  return readdirSync(join(root, "scenarios"))
    .filter((name) => name.endsWith(".yaml"))
    .map((name) => name.slice(0, -".yaml".length))
    .sort();
}

/** Runs one scenario and seed into a fresh directory; returns file name → SHA-256. */
export async function digestRun(scenario, seed, threads) {
  const parent = mkdtempSync(join(tmpdir(), "digests-"));
  const out = join(parent, "run");
  try {
    await run(
      process.execPath,
      [
        join(root, "bin/controlocracy.js"),
        "run",
        scenario,
        "-n",
        `${CITIZENS}`,
        "-d",
        `${DAYS}`,
        "-s",
        `${seed}`,
        "-t",
        `${threads}`,
        "-o",
        out,
        "--json",
      ],
      { cwd: root, maxBuffer: 64 << 20 },
    );
    const digests = {};
    for (const name of readdirSync(out).sort()) {
      if (EXCLUDED.has(name)) continue;
      digests[name] = createHash("sha256")
        .update(readFileSync(join(out, name)))
        .digest("hex");
    }
    return digests;
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}

/** Every scenario × seed, two at a time. Seed 1 runs on one thread, seed 2 on two. */
export async function digestAll() {
  const jobs = scenarioNames().flatMap((scenario) => SEEDS.map((seed) => ({ scenario, seed })));
  const result = {};
  let next = 0;
  async function worker() {
    while (next < jobs.length) {
      const { scenario, seed } = jobs[next++];
      result[`${scenario}/seed-${seed}`] = await digestRun(scenario, seed, seed === 1 ? 1 : 2);
    }
  }
  await Promise.all([worker(), worker()]);
  return Object.fromEntries(
    Object.keys(result)
      .sort()
      .map((key) => [key, result[key]]),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const digests = await digestAll();
  process.stdout.write(
    `${JSON.stringify({ citizens: CITIZENS, days: DAYS, seeds: SEEDS, digests }, null, 2)}\n`,
  );
}
