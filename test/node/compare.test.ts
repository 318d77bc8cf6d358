import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "./cliHarness.js";

const base = mkdtempSync(join(tmpdir(), "controlocracy-compare-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

interface Entry {
  scenario: string;
  mean: number | null;
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
        // A measure undefined in every replicate (nobody listed: no precision) has a null mean.
        if (value.mean === null) {
          expect(value.replicates).toHaveLength(0);
          continue;
        }
        // A measure undefined in all replicates but one has no interval.
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
        // Paying a judgment happens only while listed (a state rule): without it nobody pays, as in no-system.
        "  byState: []",
        "behaviours:",
        "  - { id: paying-judgment, rate: 0 }",
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

describe("controlocracy compare: measures a user chooses", () => {
  const TINY = ["--population", "2000", "--days", "20", "--replicates", "2", "--threads", "1"];

  it("--measure compares any numeric field of summary.json, on the scale its range calls for, null where undefined", async () => {
    const out = join(base, "chosen");
    const result = await cli([
      "compare",
      "china-2020",
      "no-system",
      ...TINY,
      "--measure",
      "groups.minority.meanRecordedScoreChange",
      "--measure",
      "listings.current",
      "--measure",
      "groups.minority.listingRate",
      "--measure",
      "harm",
      "--out",
      out,
      "--json",
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { rows: Row[] };
    expect(report.rows.map((row) => [row.measure, row.scales.values])).toEqual([
      ["groups.minority.meanRecordedScoreChange", "linear"],
      ["listings.current", "log"],
      ["groups.minority.listingRate", "logit"],
      ["harm", "linear"],
    ]);
    // no-system has no score and no list: its values are null, and so are the differences that need them.
    for (const row of report.rows.slice(0, 3)) {
      expect(row.values[0].mean).toEqual(expect.any(Number));
      expect(row.values[1]).toMatchObject({ scenario: "no-system", mean: null, low: null, high: null });
      expect(row.differences[0]).toMatchObject({ scenario: "no-system", mean: null });
    }
    const csv = readFileSync(join(out, "comparison.csv"), "utf8");
    expect(csv).toContain("groups.minority.meanRecordedScoreChange,china-2020,0,");
    expect(csv).toMatch(/\ngroups\.minority\.meanRecordedScoreChange,no-system,0,\d+,\n/);
  });

  it("refuses a misspelt measure with exit code 2, naming what it knows and the closest", async () => {
    const misspelt = async (measure: string) => {
      const result = await cli(["compare", "china-2020", "no-system", ...TINY, "--measure", measure]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      return result.stderr;
    };
    expect(await misspelt("listings.curent")).toMatchInlineSnapshot(`
      "✖ --measure "listings.curent": unknown field "curent" of summary.json in listings; did you mean "current"? known: current, ever, entries, wrongful, wrongfulShare, precision, recall, wrongfulPersonDays, personDays, missedOffenders, trulyListed, trapped, byRule, byTrigger, delistings, delistingsByCause, delistingsByGroup
      "
    `);
    expect(await misspelt("groups.minorty.meanTrueScoreChange")).toMatchInlineSnapshot(`
      "✖ --measure "groups.minorty.meanTrueScoreChange": unknown group "minorty" in the compared scenarios; did you mean "minority"? known: majority, minority
      "
    `);
    expect(await misspelt("listings.byRule")).toMatchInlineSnapshot(`
      "✖ --measure "listings.byRule": expected a number of summary.json, found a mapping keyed by ids; its keys: threshold, severity, behaviour, court, atLeast
      "
    `);
    // Outcomes' keys are checked too: the opportunity (one with outcomes), the behaviour, the group.
    const outcome = await cli([
      "compare",
      "lending",
      "lending-group-aware",
      ...TINY,
      "--measure",
      "outcomes.loan.granted.byGroup.group-b.byBehaviour.repaymnt",
    ]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatchInlineSnapshot(`
      "✖ --measure "outcomes.loan.granted.byGroup.group-b.byBehaviour.repaymnt": unknown behaviour "repaymnt" in the compared scenarios; did you mean "repayment"? known: repayment, default
      "
    `);
  });

  it("shows a blank, not 0.000%, for a measure a scenario without a list does not define, and null in comparison.json", async () => {
    const out = join(base, "blanks");
    const result = await cli(["compare", "china-2020", "sesame-credit", ...TINY, "--out", out]);
    expect(result.code).toBe(0);
    const line = result.stdout.split("\n").find((text) => text.startsWith("share of citizens listed"));
    expect(line).toMatch(/%.*—\s+—\s*$/);
    expect(line).not.toContain("0.000%  ");
    const report = JSON.parse(readFileSync(join(out, "comparison.json"), "utf8")) as { rows: Row[] };
    for (const measure of ["listedShare", "wrongfulShare", "precision", "recall", "wrongfulPersonDays"]) {
      const row = report.rows.find((entry) => entry.measure === measure) as Row;
      expect(row.values[1]).toMatchObject({ scenario: "sesame-credit", mean: null, low: null, high: null });
    }
  });
});
