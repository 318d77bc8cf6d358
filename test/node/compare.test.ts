import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "./cliHarness.js";

const base = mkdtempSync(join(tmpdir(), "controlocracy-compare-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

interface Entry {
  scenario: string;
  mean: number;
  low: number | null;
  high: number | null;
  replicates?: number[];
}
interface Row {
  measure: string;
  scales: { values: string; differences: string };
  values: Entry[];
  differences: Entry[];
}

const SHARES = ["listedShare", "wrongfulShare", "precision", "recall", "listingRateRatio"];
const SMALL = ["--population", "2000", "--days", "60"];

async function compare(names: string[], flags: string[], out: string) {
  const result = await cli(["compare", ...names, ...SMALL, ...flags, "--out", join(base, out), "--json"]);
  expect(result.stderr).not.toContain("internal error");
  expect(result.code).toBe(0);
  return {
    result,
    report: JSON.parse(result.stdout) as { rows: Row[]; notes: string[]; warnings: string[] },
  };
}

describe("controlocracy compare: intervals that respect each measure's range", () => {
  it("keeps shares' intervals in [0, 1], rates' at or above 0 and differences of shares in [−1, 1], and says how", async () => {
    const { report } = await compare(["china-2020", "due-process"], ["--replicates", "3"], "ranges");
    for (const row of report.rows) {
      const share = SHARES.includes(row.measure);
      for (const value of row.values) {
        // A measure undefined in all replicates but one (nobody listed: no precision) has no interval.
        if (value.low === null) {
          expect(value.replicates).toHaveLength(1);
          continue;
        }
        expect(value.low as number).toBeLessThanOrEqual(value.mean);
        expect(value.high as number).toBeGreaterThanOrEqual(value.mean);
        if (share) expect(value.high as number).toBeLessThanOrEqual(1);
        if (row.measure !== "harm") expect(value.low as number).toBeGreaterThanOrEqual(0);
      }
      for (const difference of row.differences) {
        if (!share || difference.low === null) continue;
        expect(difference.low as number).toBeGreaterThanOrEqual(-1);
        expect(difference.high as number).toBeLessThanOrEqual(1);
      }
    }
    expect(report.rows.find((row) => row.measure === "recall")?.scales).toEqual({
      values: "logit",
      differences: "atanh",
    });
    expect(report.notes.join(" ")).toContain("logit scale");
    expect(report.warnings).toEqual([]);
  });

  it("with one replicate, gives no interval: n/a in the table and a note, null in comparison.json", async () => {
    const out = join(base, "one");
    const result = await cli([
      "compare",
      "china-2020",
      "no-system",
      ...SMALL,
      "--replicates",
      "1",
      "--out",
      out,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("[n/a]");
    expect(result.stdout).toContain("n/a: one replicate gives no interval");
    // No zero-width interval anywhere: `x [x, x]`.
    expect(result.stdout).not.toMatch(/(\S+) \[\1, \1\]/);
    const report = JSON.parse(readFileSync(join(out, "comparison.json"), "utf8")) as {
      rows: Row[];
      notes: string[];
    };
    for (const row of report.rows) {
      for (const entry of [...row.values, ...row.differences])
        expect([entry.low, entry.high]).toEqual([null, null]);
    }
    expect(report.notes[0]).toMatch(/^n\/a: one replicate gives no interval/);
  });
});

describe("controlocracy compare: paired differences", () => {
  it("warns that differences are not paired citizen by citizen when the populations differ", async () => {
    const { result, report } = await compare(["china-2020", "sesame-credit"], ["--replicates", "2"], "warn");
    expect(result.stderr).toContain(
      "warning: the populations of china-2020 and sesame-credit differ (population.",
    );
    expect(result.stderr).toContain("not citizen by citizen");
    expect(report.warnings).toHaveLength(1);
  });

  it("gives a harm difference of exactly 0 between a scenario without responses and the same without the apparatus", async () => {
    // china-2020 with every response that feeds back on behaviour off, against no-system: the same acts.
    const quiet = join(base, "china-quiet.yaml");
    writeFileSync(
      quiet,
      [
        "name: china-quiet",
        "extends: china-2020",
        "responses:",
        "  deterrence: { enabled: false }",
        "  chilling: { enabled: false }",
        "  gaming: { enabled: false }",
        "  distress: { enabled: false }",
        "",
      ].join("\n"),
    );
    const { report } = await compare([quiet, "no-system"], ["--replicates", "3"], "harm");
    const harm = report.rows.find((row) => row.measure === "harm");
    expect(harm?.differences[0]).toMatchObject({ scenario: "no-system", mean: 0, low: 0, high: 0 });
    const legitimate = report.rows.find((row) => row.measure === "legitimateActs");
    expect(legitimate?.differences[0]).toMatchObject({ mean: 0, low: 0, high: 0 });
    expect(report.warnings).toEqual([]);
  });
});
