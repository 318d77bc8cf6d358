import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
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

/** Runs `report` on the run directory with its file `name` replaced by `content` (put back afterwards). */
async function reportWithFile(name: string, content: string | Uint8Array) {
  const path = join(run, name);
  const original = readFileSync(path);
  writeFileSync(path, content);
  try {
    const result = await cli(["report", run]);
    return { ...result, stderr: result.stderr.replaceAll(root, "ROOT") };
  } finally {
    writeFileSync(path, original);
  }
}

/** Runs `report` on the run directory with its summary.json replaced by `summary`. */
function reportWithSummary(summary: string) {
  return reportWithFile("summary.json", summary);
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

  test("report on a trajectories.parquet with a wrong column exits 2 naming the file and the field", async () => {
    // The columns a run writes, with `trueScore` under another name.
    const parquet = parquetWriteBuffer({
      columnData: [
        { name: "citizen", data: ["Citizen ABC-DEF"], type: "STRING", nullable: false },
        { name: "group", data: ["majority"], type: "STRING", nullable: false },
        { name: "day", data: Int32Array.of(0), type: "INT32", nullable: false },
        { name: "score", data: Float64Array.of(700), type: "DOUBLE", nullable: false },
        { name: "recordedScore", data: Float64Array.of(700), type: "DOUBLE", nullable: false },
        { name: "listed", data: [false], type: "BOOLEAN", nullable: false },
        { name: "trulyListed", data: [false], type: "BOOLEAN", nullable: false },
      ],
    });
    const result = await reportWithFile("trajectories.parquet", new Uint8Array(parquet));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "✖ ROOT/run/trajectories.parquet is not a table of trajectories written by controlocracy: at [0].trueScore, expected a number; the field is missing
      "
    `);
  });

  test("report on a series.csv with a cell that is not a number exits 2 naming the file and the field", async () => {
    const series = readFileSync(join(run, "series.csv"), "utf8").split("\n");
    series[3] = series[3].replace(/,[^,]*$/, ",lots");
    const result = await reportWithFile("series.csv", series.join("\n"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "✖ ROOT/run/series.csv is not a series written by controlocracy: at [2].value, expected a number, found "lots"
      "
    `);
  });

  test("report on a score-bins.csv with an unknown ledger exits 2 naming the file and the field", async () => {
    const bins = readFileSync(join(run, "score-bins.csv"), "utf8").replace(",recorded,", ",believed,");
    const result = await reportWithFile("score-bins.csv", bins);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "✖ ROOT/run/score-bins.csv is not a table of score bins written by controlocracy: at [0].ledger, expected "recorded" or "true", found "believed"
      "
    `);
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
