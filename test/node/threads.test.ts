import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simulate, summaryJson } from "../../src/core/index.js";
import { loadScenario } from "../../src/node/scenarios.js";
import { bin } from "./cliHarness.js";

// china-2020 with every mechanism that crosses shards busy: frequent false matches drawn from the whole country
// (which land on other threads' citizens), association penalties on contacts anywhere, appeals and exits of every
// cause but the minimum (compliance, score, maximum, overturned).
const BUSY = [
  "--set",
  "sources.cctv.misattribution.rate=0.1",
  "--set",
  "sources.cctv.misattribution.sameRegion=false",
  "--set",
  "behaviours.drunk-driving.rate=0.3",
  "--set",
  "responses.association.points=-2",
  "--set",
  "responses.association.everyDays=10",
  "--set",
  "blacklist.minimumDays=30",
  "--set",
  "blacklist.exit.maximumDays=50",
  "--set",
  "blacklist.exit.complianceBehaviours=[giving-blood]",
  "--set",
  "dueProcess={ appeals: { probability: 0.5, errorDetection: 0.8, reviewDays: 10 } }",
];

/** Files that hold the run's wall time and thread count (`run.json`, and the report's table of them). */
const TIMED = new Set(["run.json", "report.html"]);

describe("controlocracy run --threads", () => {
  it("with a warm-up, writes the summary that simulate() gives in-process (the workers' model has the same days)", () => {
    const base = mkdtempSync(join(tmpdir(), "controlocracy-warmup-"));
    try {
      const directory = join(base, "run");
      const args = ["-n", "3000", "-d", "40", "--set", "run.warmupDays=30"];
      const result = bin(["run", ...args, "-t", "2", "-o", directory]);
      expect(result.code, result.stderr).toBe(0);
      const scenario = loadScenario("china-2020", [
        { assignment: "population.size=3000", label: "-n" },
        { assignment: "run.warmupDays=30", label: "--set" },
      ]);
      const inProcess = summaryJson(simulate(scenario, { days: 40 }).summary);
      expect(readFileSync(join(directory, "summary.json"), "utf8")).toBe(inProcess);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it("writes the same bytes for 1, 2 and 4 threads", () => {
    const base = mkdtempSync(join(tmpdir(), "controlocracy-threads-"));
    const outputs = [1, 2, 4].map((threads) => {
      const directory = join(base, `threads-${threads}`);
      const result = bin([
        "run",
        "-n",
        "12000",
        "-d",
        "120",
        "-t",
        String(threads),
        "-o",
        directory,
        "--json",
        ...BUSY,
      ]);
      expect(result.code, result.stderr).toBe(0);
      const printed = JSON.parse(result.stdout);
      expect(printed.runtime.threads).toBe(threads);
      return { directory, printed };
    });
    // The run exercises what crosses threads.
    const { printed } = outputs[0];
    expect(printed.acts.misattributed).toBeGreaterThan(100);
    expect(printed.association.penalties).toBeGreaterThan(100);
    expect(printed.appeals.overturned).toBeGreaterThan(0);
    expect(printed.listings.delistings).toBeGreaterThan(0);
    for (const cause of ["compliance", "score", "maximum", "overturned"])
      expect(printed.listings.delistingsByCause[cause], cause).toBeGreaterThan(0);

    const files = readdirSync(outputs[0].directory).filter((name) => !TIMED.has(name));
    expect(files).toEqual(
      expect.arrayContaining([
        "summary.json",
        "series.csv",
        "listings.csv",
        "story.json",
        "trajectories.parquet",
      ]),
    );
    for (const { directory } of outputs.slice(1)) {
      expect(readdirSync(directory).sort()).toEqual(readdirSync(outputs[0].directory).sort());
      for (const name of files) {
        const same = readFileSync(join(directory, name)).equals(
          readFileSync(join(outputs[0].directory, name)),
        );
        expect(same, `${directory}/${name}`).toBe(true);
      }
    }
  });

  it("writes the same bytes for 1 and 2 threads with a timeline and state rules (a compliance hazard, rates by sanction and band), and keeps the timeline as written", () => {
    const base = mkdtempSync(join(tmpdir(), "controlocracy-threads-timeline-"));
    const changes = [
      "--set",
      "timeline=[{ day: 20, set: { sources.cctv.detection: 0.9, behaviours.jaywalking.rate: 40 } }, " +
        "{ day: 45, set: { blacklist.minimumDays: 10, sources.cctv.misattribution.rate: 0.01 } }]",
      "--set",
      "responses.byState=[{ behaviours: [paying-on-time], when: { listed: false }, multiplier: 0.2 }, " +
        "{ behaviours: [paying-on-time, absence], when: { sanctioned: true }, multiplier: 3 }, " +
        "{ behaviours: [jaywalking], when: { bands: [poor] }, multiplier: 2 }]",
    ];
    const directories = [1, 2].map((threads) => {
      const directory = join(base, `threads-${threads}`);
      const args = ["run", "-n", "6000", "-d", "100", "-t", String(threads), "-o", directory];
      const result = bin([...args, ...BUSY, ...changes]);
      expect(result.code, result.stderr).toBe(0);
      return directory;
    });
    const files = readdirSync(directories[0]).filter((name) => !TIMED.has(name));
    expect(files).toContain("listings.csv");
    for (const name of files) {
      const same = readFileSync(join(directories[1], name)).equals(readFileSync(join(directories[0], name)));
      expect(same, name).toBe(true);
    }
    const written = readFileSync(join(directories[0], "scenario.yaml"), "utf8");
    expect(written).toContain("timeline:\n  - day: 20\n    set:\n      sources.cctv.detection: 0.9\n");
    rmSync(base, { recursive: true, force: true });
  });

  it("refuses a thread count that is not a whole number ≥ 1", () => {
    const result = bin(["run", "-n", "1000", "-t", "0"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--threads expects a whole number of threads ≥ 1, received "0"');
  });
});
