import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cli } from "../cliHarness.js";

let root: string;
let run: string;
let comparison: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "controlocracy-report-command-"));
  run = join(root, "run");
  comparison = join(root, "comparison");
  const small = ["--population", "2000", "--days", "30", "--threads", "1"];
  expect((await cli(["run", ...small, "--out", run, "--json"])).code).toBe(0);
  const compared = await cli([
    "compare",
    "china-2020",
    "no-system",
    "--replicates",
    "2",
    ...small,
    "--out",
    comparison,
  ]);
  expect(compared.code).toBe(0);
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs `report` on a copy of the run directory whose summary.json is replaced by `summary`. */
async function reportWithSummary(summary: string) {
  const path = join(run, "summary.json");
  const original = readFileSync(path, "utf8");
  writeFileSync(path, summary);
  try {
    const result = await cli(["report", run]);
    return { ...result, stderr: result.stderr.replaceAll(root, "ROOT") };
  } finally {
    writeFileSync(path, original);
  }
}

describe("controlocracy report", () => {
  test("report on a foreign summary.json exits 2 naming the field at fault", async () => {
    const result = await reportWithSummary('{ "hello": "world" }\n');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "✖ ROOT/run/summary.json is not a summary written by controlocracy: at scenario, expected a string; the field is missing (and 19 more problems)
      "
    `);
  });

  test("report on a damaged summary.json exits 2 naming the field, what was expected and what was found", async () => {
    const summary = JSON.parse(readFileSync(join(run, "summary.json"), "utf8"));
    summary.listings.precision = "high";
    delete summary.groups.majority.listingRate;
    const result = await reportWithSummary(JSON.stringify(summary));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "✖ ROOT/run/summary.json is not a summary written by controlocracy: at listings.precision, expected a number, found "high" (and 1 more problem)
      "
    `);
  });

  test("report on a summary.json that is not JSON exits 2", async () => {
    const result = await reportWithSummary('{ "scenario": ');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "✖ ROOT/run/summary.json is not valid JSON (Unexpected end of JSON input); was it written by controlocracy?
      "
    `);
  });

  test("report on a damaged story.json exits 2 naming the field", async () => {
    const path = join(run, "story.json");
    const original = existsSync(path) ? readFileSync(path, "utf8") : undefined;
    writeFileSync(path, JSON.stringify({ citizen: "Citizen ABC-DEF", events: "none" }));
    try {
      const result = await cli(["report", run]);
      expect(result.code).toBe(2);
      expect(result.stderr.replaceAll(root, "ROOT")).toMatchInlineSnapshot(`
        "✖ ROOT/run/story.json is not a story written by controlocracy: at group, expected a string; the field is missing (and 5 more problems)
        "
      `);
    } finally {
      if (original === undefined) rmSync(path);
      else writeFileSync(path, original);
    }
  });

  test("report on a comparison directory rebuilds its report.html, byte for byte", async () => {
    const path = join(comparison, "report.html");
    const before = readFileSync(path, "utf8");
    rmSync(path);
    const result = await cli(["report", comparison]);
    expect(result.code).toBe(0);
    expect(result.stdout.replaceAll(root, "ROOT")).toMatchInlineSnapshot(`
      "wrote ROOT/comparison/report.html (a comparison's report)
      "
    `);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, "utf8")).toBe(before);
  });

  test("report on a damaged comparison.json exits 2 naming the field", async () => {
    const path = join(comparison, "comparison.json");
    const original = readFileSync(path, "utf8");
    const damaged = JSON.parse(original);
    damaged.rows[0].values = "none";
    writeFileSync(path, JSON.stringify(damaged));
    try {
      const result = await cli(["report", comparison]);
      expect(result.code).toBe(2);
      expect(result.stderr.replaceAll(root, "ROOT")).toMatchInlineSnapshot(`
        "✖ ROOT/comparison/comparison.json is not a comparison written by controlocracy: at rows[0].values, expected an array, found "none"
        "
      `);
    } finally {
      writeFileSync(path, original);
    }
  });
});
