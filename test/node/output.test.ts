import { readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetMetadata, parquetReadObjects, parquetSchema } from "hyparquet";
import { describe, expect, it } from "vitest";
import { SERIES_MEASURES } from "../../src/core/metrics/index.js";
import { parseCsv } from "../../src/node/output/tableFiles.js";
import { cli } from "./cliHarness.js";

const directory = join(tmpdir(), `controlocracy-output-${process.pid}`);
rmSync(directory, { recursive: true, force: true });
const run = await cli([
  "run",
  "--population",
  "3000",
  "--days",
  "90",
  "--set",
  "measurement.trajectories=5",
  "--set",
  "sources.cctv.misattribution.rate=0.2",
  "--set",
  "behaviours.drunk-driving.rate=0.5",
  "--set",
  "blacklist.minimumDays=20",
  "--set",
  "blacklist.exit.maximumDays=40",
  "--out",
  directory,
  "--json",
]);

function parquet(name: string) {
  const buffer = readFileSync(join(directory, name));
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
}

describe("controlocracy run's directory", () => {
  it("holds the scenario, summary, series (CSV and Parquet), score bins, trajectories, story and report", () => {
    expect(run.code).toBe(0);
    expect(readdirSync(directory).sort()).toEqual([
      ".controlocracy",
      "listings.csv",
      "report.html",
      "run.json",
      "scenario.yaml",
      "score-bins.csv",
      "series.csv",
      "series.parquet",
      "story.json",
      "summary.json",
      "trajectories.parquet",
    ]);
  });

  it("writes series.parquet that a real reader reads back: its columns, types and every row of series.csv", async () => {
    const file = parquet("series.parquet");
    const schema = parquetSchema(parquetMetadata(file));
    expect(schema.children.map((child) => [child.element.name, child.element.type])).toEqual([
      ["day", "INT32"],
      ["dimension", "BYTE_ARRAY"],
      ["part", "BYTE_ARRAY"],
      ["measure", "BYTE_ARRAY"],
      ["value", "DOUBLE"],
    ]);
    const rows = await parquetReadObjects({ file });
    const csv = parseCsv(readFileSync(join(directory, "series.csv"), "utf8"));
    // 90 days × (1 + 2 groups + 3 regions + 3 income bands) × the measures.
    expect(rows.length).toBe(90 * 9 * SERIES_MEASURES.length);
    expect(csv.length).toBe(rows.length);
    rows.forEach((row, k) => {
      expect(row).toEqual({
        day: Number(csv[k].day),
        dimension: csv[k].dimension,
        part: csv[k].part,
        measure: csv[k].measure,
        value: Number(csv[k].value),
      });
    });
  });

  it("writes trajectories.parquet with truth and record side by side for each sampled citizen and day", async () => {
    const rows = await parquetReadObjects({ file: parquet("trajectories.parquet") });
    expect(rows.length).toBe(5 * 90);
    expect(Object.keys(rows[0])).toEqual([
      "citizen",
      "group",
      "day",
      "trueScore",
      "recordedScore",
      "listed",
      "trulyListed",
    ]);
    expect(new Set(rows.map((row) => row.citizen)).size).toBe(5);
    for (const row of rows) expect(String(row.citizen)).toMatch(/^Citizen [2-9A-Z]{3}-[2-9A-Z]{3}$/);
  });

  it("tells a story with the listing, a false match and its real actor", () => {
    const story = JSON.parse(readFileSync(join(directory, "story.json"), "utf8"));
    expect(story.why).toContain("false match");
    const falseMatch = story.events.find((event: { kind?: string }) => event.kind === "misattributed");
    expect(falseMatch.actor).toMatch(/^Citizen /);
    expect(falseMatch.actor).not.toBe(story.citizen);
    expect(story.events.some((event: { type: string }) => event.type === "listed")).toBe(true);
  });
});

describe("listings.csv", () => {
  it("has one row per listing with its cause, agreeing with the summary's counts", () => {
    const rows = parseCsv(readFileSync(join(directory, "listings.csv"), "utf8"));
    const summary = JSON.parse(readFileSync(join(directory, "summary.json"), "utf8"));
    expect(rows.length).toBe(summary.listings.entries);
    expect(rows.filter((row) => row.wrongful === "true").length).toBe(summary.listings.wrongful);
    expect(rows.filter((row) => row.kind === "misattributed").length).toBe(
      summary.listings.byTrigger.misattributed,
    );
    // Every ended listing gives its cause, as the summary counts them; this run ends listings by score and maximum.
    for (const [cause, count] of Object.entries(summary.listings.delistingsByCause))
      expect(rows.filter((row) => row.end === cause).length, cause).toBe(count);
    expect(summary.listings.delistingsByCause.score).toBeGreaterThan(0);
    expect(summary.listings.delistingsByCause.maximum).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.citizen).toMatch(/^Citizen /);
      expect(["threshold", "severity", "behaviour", "court", "atLeast"]).toContain(row.rule);
      expect(["", "compliance", "score", "maximum", "minimum", "overturned"]).toContain(row.end);
      expect(row.endDay === "", JSON.stringify(row)).toBe(row.end === "");
      if (row.kind === "misattributed") expect(row.actor).not.toBe(row.citizen);
      if (row.kind === "true") expect(row.actor).toBe(row.citizen);
    }
  });
});

describe("controlocracy report", () => {
  it("rebuilds report.html from the run directory, byte for byte", async () => {
    const before = readFileSync(join(directory, "report.html"), "utf8");
    rmSync(join(directory, "report.html"));
    const result = await cli(["report", directory]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("report.html");
    expect(readFileSync(join(directory, "report.html"), "utf8")).toBe(before);
  });

  it("says what is missing when the directory is not a run directory", async () => {
    const result = await cli(["report", tmpdir()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("summary.json");
    expect(result.stderr).toContain("is it a run directory");
  });
});

describe("controlocracy compare", () => {
  const out = join(tmpdir(), `controlocracy-compare-${process.pid}`);

  it("runs paired replicates, prints means with 95% intervals and differences, and writes its report", async () => {
    const result = await cli([
      "compare",
      "china-2020",
      "no-system",
      "--replicates",
      "3",
      "--population",
      "2000",
      "--days",
      "60",
      "--out",
      out,
      "--force",
      "--json",
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.scenarios).toEqual(["china-2020", "no-system"]);
    expect(report.seeds).toHaveLength(3);
    const harm = report.rows.find((row: { measure: string }) => row.measure === "harm");
    expect(harm.values).toHaveLength(2);
    expect(harm.differences[0].scenario).toBe("no-system");
    for (const value of harm.values) expect(value.low).toBeLessThanOrEqual(value.mean);
    expect(readdirSync(out).sort()).toEqual([
      ".controlocracy",
      "comparison.csv",
      "comparison.json",
      "report.html",
      "run.json",
    ]);
  });

  it("prints a table with one row per measure", async () => {
    const result = await cli([
      "compare",
      "china-2020",
      "no-system",
      "-r",
      "2",
      "-n",
      "1000",
      "-d",
      "30",
      "--out",
      `${out}-table`,
      "--force",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/china-2020 vs no-system · 1,000 citizens · 30 days · 2 paired replicates/);
    expect(result.stdout).toContain("china-2020 (95% CI)");
    expect(result.stdout).toContain("no-system − china-2020");
    expect(result.stdout).toContain("share of listings that were wrongful");
  });

  it("needs two scenarios", async () => {
    const result = await cli(["compare", "china-2020"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("compare needs at least two scenarios");
  });
});
