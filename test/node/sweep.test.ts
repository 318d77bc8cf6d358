import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetReadObjects } from "hyparquet";
import { afterAll, describe, expect, it } from "vitest";
import type { SweepIndices } from "../../src/core/sweep/types.js";
import { bin, cli, root } from "./cliHarness.js";

const base = mkdtempSync(join(tmpdir(), "controlocracy-sweep-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** Writes a sweep file into the test's folder and returns its path. */
function sweepFile(name: string, text: string): string {
  const path = join(base, `${name}.yaml`);
  writeFileSync(path, text);
  return path;
}

async function readParquet(path: string): Promise<Record<string, unknown>[]> {
  const bytes = readFileSync(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return (await parquetReadObjects({ file })) as Record<string, unknown>[];
}

function logLines(directory: string): { point: number; replicate: number }[] {
  return readFileSync(join(directory, "runs.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line));
}

/** A small sweep of china-2020: its files are compared, never its figures. */
const SMALL = (design: string, extra = "") => `
scenario: china-2020
set:
  measurement.pairedBaseline: false
population: 1500
days: 40
seed: 5
replicates: 2
parameters:
  - path: sources.cctv.detection
    name: cctv
    range: [0.2, 0.8]
  - path: behaviours.loan-default.rate
    name: default
    range: [0.004, 0.016]
    scale: log
  - path: blacklist.entry.scoreBelow
    name: threshold
    levels: [500, 550, 600]
design:
${design}
measures:
  - listedShare
  - acts.true
  - { series: listed, day: 39 }
${extra}`;

describe("controlocracy sweep on a test function with known indices", () => {
  it("estimates Ishigami's Sobol indices end to end (N = 1024: within 0.05 of the analytic values)", async () => {
    const file = sweepFile(
      "ishigami",
      `model: ishigami
parameters:
  - { path: x1, range: [-3.141592653589793, 3.141592653589793] }
  - { path: x2, range: [-3.141592653589793, 3.141592653589793] }
  - { path: x3, range: [-3.141592653589793, 3.141592653589793] }
design: { kind: sobol, n: 1024 }
resamples: 200
`,
    );
    const out = join(base, "ishigami-out");
    const result = await cli(["sweep", file, "--out", out, "--json"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const indices = JSON.parse(readFileSync(join(out, "indices.json"), "utf8")) as SweepIndices;
    const value = (index: string, parameter: string) =>
      indices.rows.find((row) => row.index === index && row.parameter === parameter)?.value as number;
    const expected = { S1: [0.3139, 0.4424, 0], ST: [0.5576, 0.4424, 0.2437] };
    for (const [index, values] of Object.entries(expected)) {
      values.forEach((answer, k) => {
        expect(Math.abs(value(index, `x${k + 1}`) - answer)).toBeLessThan(0.05);
      });
    }
    expect(indices.measures).toEqual([{ measure: "y", used: 1024, missing: 0, noise: null }]);
    // The convergence rows: powers of two below N.
    expect([...new Set(indices.convergence.map((row) => row.n))]).toEqual([
      2, 4, 8, 16, 32, 64, 128, 256, 512,
    ]);
    expect(logLines(out)).toHaveLength(1024 * 5);
    // A test function has no citizens: its report does not say they are synthetic.
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain("there are no citizens in it");
    expect(html).not.toContain("Every citizen in this report is synthetic");
  });
});

describe("controlocracy sweep on a scenario: every design, its files", () => {
  const designs = {
    grid: "  kind: grid\n  points: 2",
    lhs: "  kind: lhs\n  samples: 6",
    sobol: "  kind: sobol\n  n: 2",
    morris: "  kind: morris\n  trajectories: 2\n  levels: 4",
  };
  const counts = { grid: 2 * 2 * 3, lhs: 6, sobol: 2 * 5, morris: 2 * 4 };
  for (const [kind, design] of Object.entries(designs)) {
    it(`runs a ${kind} design and writes design, results, indices and the report`, async () => {
      const file = sweepFile(`small-${kind}`, SMALL(design));
      const out = join(base, `small-${kind}-out`);
      const result = await cli(["sweep", file, "--out", out, "--jobs", "2"]);
      expect(result.stderr).not.toContain("internal error");
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`sweep small-${kind}`);
      const points = counts[kind as keyof typeof counts];
      const design_ = await readParquet(join(out, "design.parquet"));
      expect(design_).toHaveLength(points);
      expect(Object.keys(design_[0])).toEqual(["point", "group", "cctv", "default", "threshold"]);
      const results = await readParquet(join(out, "results.parquet"));
      expect(results).toHaveLength(points * 2 * 3);
      expect(Object.keys(results[0])).toEqual([
        "point",
        "replicate",
        "seed",
        "cctv",
        "default",
        "threshold",
        "measure",
        "value",
        "error",
      ]);
      // Common random numbers: replicate r runs on the same seed at every point.
      const seeds = new Set(results.filter((row) => row.replicate === 1).map((row) => row.seed));
      expect(seeds.size).toBe(1);
      expect(results.every((row) => row.error === null && typeof row.value === "number")).toBe(true);
      const indices = JSON.parse(readFileSync(join(out, "indices.json"), "utf8")) as SweepIndices;
      expect(indices.design).toBe(kind);
      expect(indices.measures.map((measure) => measure.measure)).toEqual([
        "listedShare",
        "acts.true",
        "listed@39",
      ]);
      if (kind !== "grid") expect(indices.rows.length).toBeGreaterThan(0);
      expect((await readParquet(join(out, "indices.parquet"))).length).toBe(
        indices.rows.length + indices.convergence.length,
      );
      const html = readFileSync(join(out, "report.html"), "utf8");
      expect(html).toContain("<svg");
      expect(logLines(out)).toHaveLength(points * 2);
    });
  }

  it("gives the same bytes with one job or two", async () => {
    const file = sweepFile("jobs", SMALL("  kind: morris\n  trajectories: 2\n  levels: 4"));
    const one = join(base, "jobs-1");
    const two = join(base, "jobs-2");
    expect((await cli(["sweep", file, "--out", one, "--jobs", "1"])).code).toBe(0);
    expect((await cli(["sweep", file, "--out", two, "--jobs", "2"])).code).toBe(0);
    for (const name of [
      "design.parquet",
      "results.parquet",
      "results.csv",
      "indices.json",
      "indices.parquet",
      "report.html",
    ]) {
      expect(readFileSync(join(two, name)).equals(readFileSync(join(one, name))), name).toBe(true);
    }
  });

  it("records a design point the scenario rejects as a failed run, and the indices use the complete cases", async () => {
    // Detection above 1 is invalid: the points beyond it fail, with the validator's words.
    const file = sweepFile(
      "failing",
      SMALL("  kind: lhs\n  samples: 6").replace("range: [0.2, 0.8]", "range: [0.4, 1.6]"),
    );
    const out = join(base, "failing-out");
    const result = await cli(["sweep", file, "--out", out]);
    expect(result.code).toBe(0);
    const results = await readParquet(join(out, "results.parquet"));
    const failed = results.filter((row) => row.error !== null);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((row) => (row.cctv as number) > 1 && row.value === null)).toBe(true);
    expect(String(failed[0].error)).toMatch(/^parameter cctv = [\d.]+: expected a number from 0 to 1/);
    const indices = JSON.parse(readFileSync(join(out, "indices.json"), "utf8")) as SweepIndices;
    const failedPoints = new Set(failed.map((row) => row.point)).size;
    expect(indices.measures[0]).toMatchObject({ used: 6 - failedPoints, missing: failedPoints });
    expect(result.stdout).toMatch(/\d+ runs? failed/);
  });
});

describe("controlocracy sweep refuses what it cannot run, before running anything", () => {
  it("reports a parameter path the scenario does not have at the parameter's line", async () => {
    const file = sweepFile(
      "typo",
      SMALL("  kind: lhs\n  samples: 4").replace("sources.cctv.detection", "sources.cctv.detectoin"),
    );
    const result = await cli(["sweep", file, "--out", join(base, "typo-out")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:10:`);
    expect(result.stderr).toContain("detectoin");
    expect(existsSync(join(base, "typo-out"))).toBe(false);
  });

  it("checks a sweep of many parameters without enumerating a grid of them (20 parameters)", async () => {
    const behaviours = ["giving-blood", "helping-elderly", "caring-environment", "paying-on-time", "charity"];
    const more = ["drunk-driving", "jaywalking", "absence", "disrespect", "smoking", "loan-default"];
    const rest = ["transport-misconduct", "spreading-rumours", "paying-judgment"];
    const sources = ["purchases", "bank", "social-media", "courts", "employer", "transport-staff"];
    const parameters = [
      ...[...behaviours, ...more, ...rest].map((id) => `behaviours.${id}.rate: [0.5, 1]`),
      ...sources.map((id) => `sources.${id}.detection: [0.1, 0.9]`),
    ].map((line) => {
      const [path, range] = line.split(": ");
      return `  - { path: ${path}, range: ${range} }`;
    });
    expect(parameters).toHaveLength(20);
    const file = sweepFile(
      "many",
      `scenario: china-2020\npopulation: 300\ndays: 3\nparameters:\n${parameters.join("\n")}\n` +
        "design: { kind: lhs, samples: 2 }\nmeasures: [listedShare]\n",
    );
    const result = await cli(["sweep", file, "--out", join(base, "many-out")]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("records a point that would draw more events than --max-events as failed, with the estimate's words", async () => {
    const file = sweepFile(
      "events",
      `scenario: china-2020\npopulation: 2000\ndays: 60\nparameters:\n` +
        "  - { path: behaviours.jaywalking.rate, name: jaywalking, range: [1, 10000], scale: log }\n" +
        "design: { kind: lhs, samples: 4 }\nmeasures: [listedShare]\n",
    );
    const result = await cli(["sweep", file, "--out", join(base, "events-out"), "--max-events", "2e5"]);
    expect(result.code).toBe(0);
    const results = await readParquet(join(base, "events-out", "results.parquet"));
    const failed = results.filter((row) => row.error !== null);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((row) => (row.jaywalking as number) > 300)).toBe(true);
    expect(failed.length).toBeLessThan(results.length);
    expect(String(failed[0].error)).toContain("more than the 200,000 allowed (--max-events)");
  });

  it("warns before running of a measure the scenario leaves undefined (appeals.filed without appeals)", async () => {
    const file = sweepFile(
      "undefined-measure",
      `scenario: china-2020\npopulation: 300\ndays: 5\nparameters:\n` +
        "  - { path: sources.bank.detection, range: [0.5, 0.9] }\n" +
        "design: { kind: lhs, samples: 2 }\nmeasures: [listedShare, appeals.filed]\n",
    );
    const result = await cli(["sweep", file, "--out", join(base, "undefined-measure-out")]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `warning: ${file}:7:25: appeals.filed is defined only with appeals, which china-2020 has off as the sweep ` +
        "sets it: it will be missing in every run unless a parameter turns it on\n",
    );
  });

  it("is checked by validate without running anything", async () => {
    const good = sweepFile("valid", SMALL("  kind: morris\n  trajectories: 2\n  levels: 4"));
    const valid = await cli(["validate", good]);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toBe(
      `✔ ${good} is a valid sweep file: 8 points × 2 replicates = 16 runs of china-2020\n`,
    );
    const bad = sweepFile(
      "invalid",
      SMALL("  kind: sobol\n  n: 3").replace("range: [0.2, 0.8]", "rnage: [0.2, 0.8]"),
    );
    const invalid = await cli(["validate", bad]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('unknown field "rnage"; did you mean "range"?');
    expect(invalid.stderr).toContain("expected a power of two");
  });

  it("reports a measure the summary does not have at the measure's line", async () => {
    const file = sweepFile(
      "measure",
      SMALL("  kind: lhs\n  samples: 4").replace("  - acts.true", "  - acts.truth"),
    );
    const result = await cli(["sweep", file, "--out", join(base, "measure-out")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${file}:25:5: measure "acts.truth": unknown field "truth" of summary.json`,
    );
  });

  it("refuses to run again into a finished sweep without --force, and runs it again with it", async () => {
    const file = sweepFile("again", SMALL("  kind: sobol\n  n: 2"));
    const out = join(base, "again-out");
    expect((await cli(["sweep", file, "--out", out])).code).toBe(0);
    const second = await cli(["sweep", file, "--out", out]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain("finished already; add --force");
    expect((await cli(["sweep", file, "--out", out, "--force"])).code).toBe(0);
    const report = await cli(["report", out]);
    expect(report.code).toBe(2);
    expect(report.stderr).toContain("is a sweep's directory");
  });
});

describe("controlocracy sweep survives SIGKILL", () => {
  it("continues a killed sweep: every run exactly once, and the same bytes as a sweep never stopped", async () => {
    const file = sweepFile(
      "killed",
      SMALL("  kind: morris\n  trajectories: 4\n  levels: 4").replace("days: 40", "days: 60"),
    );
    const whole = join(base, "killed-whole");
    expect((await cli(["sweep", file, "--out", whole, "--jobs", "2"])).code).toBe(0);
    const out = join(base, "killed-out");
    const partial = join(base, ".killed-out.partial");
    const child = spawn(
      process.execPath,
      ["bin/controlocracy.js", "sweep", file, "--out", out, "--jobs", "2"],
      {
        cwd: root,
        stdio: "ignore",
      },
    );
    const exited = new Promise((resolve) => child.on("exit", resolve));
    // Killed once some runs are logged and others are not.
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const log = join(partial, "runs.jsonl");
      if (existsSync(log) && readFileSync(log, "utf8").split("\n").length > 6) break;
    }
    child.kill("SIGKILL");
    await exited;
    const before = logLines(partial).length;
    expect(before).toBeGreaterThan(4);
    expect(before).toBeLessThan(4 * 4 * 2);
    // A title and the bootstrap's resamples may change before a sweep is continued: the runs are the same.
    writeFileSync(file, `title: continued with another title\nresamples: 500\n${readFileSync(file, "utf8")}`);
    const again = bin(["sweep", file, "--out", out, "--jobs", "2"]);
    expect(again.stderr).toContain(`${before} of 32 runs were done`);
    expect(again.code).toBe(0);
    const runs = logLines(out).map((run) => `${run.point}:${run.replicate}`);
    expect(runs).toHaveLength(32);
    expect(new Set(runs).size).toBe(32);
    for (const name of ["design.parquet", "results.parquet"]) {
      expect(readFileSync(join(out, name)).equals(readFileSync(join(whole, name))), name).toBe(true);
    }
  });
});
