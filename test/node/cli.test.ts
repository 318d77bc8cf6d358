import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatIssues, parseScenario } from "../../src/core/scenario/index.js";
import { bin, cli, root } from "./cliHarness.js";

const ESC = "\u001b[";

describe("controlocracy (the executable)", () => {
  it("prints its version", () => {
    const result = bin(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("prints help with every command", () => {
    const result = bin(["--help"]);
    expect(result.code).toBe(0);
    for (const command of ["run", "validate", "schema", "scenarios"])
      expect(result.stdout).toContain(command);
    expect(result.stdout).toContain("never operates");
  });

  it("exits 2 with one clear message, and no stack trace, on a bad flag value", () => {
    const result = bin(["run", "--population", "0"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "✖ invalid values on the command line (1 problem)
      ✖ expected an integer from 1 to 2147483647, received 0
        → at population.size (--population 0)
      "
    `);
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  });

  it("exits 2 on an unknown option", () => {
    const result = bin(["run", "--populaton", "10"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--populaton'");
    expect(result.stderr).toContain("--population");
  });

  it("exits 2 on an unknown command", () => {
    expect(bin(["runn"]).code).toBe(2);
  });
});

describe("controlocracy run", () => {
  const out = (name: string) => join(tmpdir(), `controlocracy-run-${process.pid}-${name}`);

  it("simulates the default scenario, prints the summary as JSON and writes the run directory", async () => {
    const directory = out("json");
    const result = await cli(["run", "--population", "20000", "--out", directory, "--force", "--json"]);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout);
    expect(printed).toMatchObject({
      scenario: "china-2020",
      seed: 2020,
      population: 20000,
      days: 365,
      directory,
    });
    for (const field of ["true", "recorded", "misattributed", "spurious"])
      expect(printed.acts).toHaveProperty(field);
    for (const field of ["current", "ever", "wrongful", "precision", "recall", "wrongfulPersonDays"]) {
      expect(printed.listings).toHaveProperty(field);
    }
    for (const field of [
      "share",
      "listingRate",
      "wrongfulListingRate",
      "meanRecordedScore",
      "meanTrueScore",
    ]) {
      expect(printed.groups.minority).toHaveProperty(field);
    }
    expect(Object.keys(printed.denied)).toEqual(
      expect.arrayContaining(["air-ticket", "rail-ticket", "loan"]),
    );
    expect(Object.keys(printed.rewards)).toContain("transport-discount");
    // As many threads as cores, unless the population has fewer blocks of citizens to share out.
    expect(printed.runtime.threads).toBeGreaterThanOrEqual(1);
    expect(printed.runtime.threads).toBeLessThanOrEqual(availableParallelism());
    expect(printed.runtime.wallSeconds).toBeGreaterThan(0);
    expect(readdirSync(directory)).toEqual(
      expect.arrayContaining(["run.json", "scenario.yaml", "summary.json"]),
    );
    const written = JSON.parse(readFileSync(join(directory, "summary.json"), "utf8"));
    const { directory: _, runtime: __, ...rest } = printed;
    expect(written).toEqual(rest);
    expect(JSON.parse(readFileSync(join(directory, "run.json"), "utf8")).wallSeconds).toBeGreaterThan(0);
  });

  it("applies --days, --seed and --set like the scenario file", async () => {
    const result = await cli([
      "run",
      "-n",
      "1e3",
      "--days",
      "30",
      "--seed",
      "9",
      "--out",
      out("flags"),
      "-f",
      "--json",
    ]);
    expect(JSON.parse(result.stdout)).toMatchObject({ population: 1000, days: 30, seed: 9 });
  });

  it("accepts a population with a suffix (2k)", async () => {
    const result = await cli(["run", "-n", "2k", "--days", "10", "--out", out("suffix"), "-f", "--json"]);
    expect(JSON.parse(result.stdout).population).toBe(2000);
  });

  it("prints a short human summary: listed now, wrongful share, disparity, denials, where it wrote", async () => {
    const directory = out("human");
    const result = await cli(["run", "--population", "20000", "--out", directory, "--force"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^china-2020 · seed 2020 · 20,000 citizens · 365 days · [\d.]+ s/);
    for (const text of ["listed now", "wrongful listings", "listing rate by group", "denied: Air tickets"]) {
      expect(result.stdout).toContain(text);
    }
    expect(result.stdout).toContain(`written to ${directory}/`);
  });

  it("refuses to overwrite an existing run directory without --force", async () => {
    const directory = out("exists");
    await cli(["run", "-n", "500", "--days", "5", "--out", directory, "--force"]);
    const result = await cli(["run", "-n", "500", "--days", "5", "--out", directory]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${directory} exists already; choose another --out or add --force to replace it`,
    );
  });

  it("reports an invalid override at the flag that set it", async () => {
    const result = await cli([
      "run",
      "--set",
      "sources.cctv.detection=1.5",
      "--set",
      "sources.cam.detection=1",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "✖ invalid values on the command line (2 problems)
      ✖ invalid override: no item "cam" in sources; known: cctv, gait, temperature, purchases, bank, social-media, courts, employer, transport-staff, enforcement, blood-banks, informants
        → at --set sources.cam.detection=1
      ✖ expected a number from 0 to 1, received 1.5
        → at sources[0].detection (--set sources.cctv.detection=1.5)
      "
    `);
  });

  it("refuses a run that will not fit in memory, with the estimate and the largest population that fits", async () => {
    const args = [
      "run",
      "--population",
      "1e9",
      "--max-memory",
      "1G",
      "--max-events",
      "1e12",
      "--threads",
      "1",
    ];
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "✖ this run needs about 53.7 GiB (43 bytes per citizen × 1,000,000,000 citizens, 13.5 GiB for 1.1e9 records in flight (mostly sources.bank: 3.1e7 a day × 30 days' delay) and up to 5.0e8 association penalties a day, and 160.0 MiB for the process and its thread), more than the 1.0 GiB of --max-memory; the largest population that fits is about 15,758,800 (--population 15758800)
      "
    `);
  });

  it("names the built-in scenarios when the scenario is unknown", async () => {
    const result = await cli(["run", "china-2002"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('did you mean "china-2020"?');
  });

  it("rejects a bad --threads", async () => {
    const result = await cli(["run", "--threads", "0"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--threads expects a whole number of threads ≥ 1");
  });
});

describe("controlocracy validate", () => {
  const broken = join(tmpdir(), `controlocracy-broken-${process.pid}.yaml`);
  writeFileSync(
    broken,
    [
      "name: broken",
      "behaviours:",
      "  - { id: jaywalking, rate: 2 }",
      "sources:",
      "  - id: cctv",
      "    observes: [jaywalkin]",
      "    detection: 1.5",
      "    detecton: 0.2",
      "",
    ].join("\n"),
  );

  it("accepts the built-in scenarios", async () => {
    const result = await cli(["validate", "china-2020", "scenarios/no-system.yaml"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("✔ scenarios/china-2020.yaml is a valid scenario");
  });

  it("reports every problem with file:line:column and exits 2", async () => {
    const result = await cli(["validate", broken]);
    expect(result.code).toBe(2);
    expect(result.stderr.replaceAll(broken, "broken.yaml")).toMatchInlineSnapshot(`
      "broken.yaml: 3 problems
      ✖ unknown behaviour "jaywalkin"; did you mean "jaywalking"? known: jaywalking
        → at sources[0].observes[0] (broken.yaml:6:16)
      ✖ expected a number from 0 to 1, received 1.5
        → at sources[0].detection (broken.yaml:7:16)
      ✖ unknown field "detecton"; did you mean "detection"?
        → at sources[0].detecton (broken.yaml:8:5)
      "
    `);
  });

  it("prints the problems as JSON with --json", async () => {
    const result = await cli(["validate", broken, "--json"]);
    expect(result.code).toBe(2);
    const [report] = JSON.parse(result.stdout);
    expect(report.valid).toBe(false);
    expect(report.issues.map((issue: { code: string }) => issue.code)).toEqual([
      "unknown_reference",
      "out_of_range",
      "unknown_key",
    ]);
    expect(report.issues[1]).toMatchObject({
      path: ["sources", 0, "detection"],
      at: { line: 7, column: 16 },
    });
  });

  it("reports a missing file and goes on with the others", async () => {
    const result = await cli(["validate", "nowhere/none.yaml", "china-2020"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no scenario file at nowhere/none.yaml");
    expect(result.stdout).toContain("china-2020.yaml is a valid scenario");
  });
});

describe("controlocracy validate on the malformed corpus (test/fixtures/invalid)", () => {
  const corpus = readdirSync("test/fixtures/invalid")
    .filter((name) => name.endsWith(".yaml"))
    .map((name) => `test/fixtures/invalid/${name}`);
  // The two fixtures whose problem is in an override, with the override their corpus test passes.
  const overrides: Record<string, string[]> = {
    "test/fixtures/invalid/41-override-unknown-list-item.yaml": ["sources.ccvt.detection=0.5"],
    "test/fixtures/invalid/42-override-out-of-range.yaml": ["sources.cctv.detection=1.2"],
  };

  it.each(corpus)("prints, for %s, the messages its corpus test locks, and exits 2", async (file) => {
    const sets = overrides[file] ?? [];
    const result = await cli(["validate", file, ...sets.flatMap((set) => ["--set", set])]);
    const expected = parseScenario(readFileSync(file, "utf8"), { file, overrides: sets });
    const count = expected.issues.length;
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `${file}: ${count} problem${count === 1 ? "" : "s"}\n${formatIssues(expected.issues)}\n`,
    );
  });

  it("reports every file of the corpus in one call of the executable, without a stack trace", () => {
    const files = corpus.filter((file) => overrides[file] === undefined);
    const result = bin(["validate", ...files]);
    expect(result.code).toBe(2);
    for (const file of files) expect(result.stderr).toContain(file);
    expect(result.stderr).toContain(`${files.length} of ${files.length} scenarios are invalid`);
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  });
});

describe("controlocracy scenarios and schema", () => {
  it("lists the built-in scenarios with one line each", async () => {
    const result = await cli(["scenarios"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/china-2020\s+China's social credit system/);
    expect(result.stdout).toMatch(/no-system\s+/);
  });

  it("prints the JSON Schema", async () => {
    const result = await cli(["schema"]);
    const schema = JSON.parse(result.stdout);
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(Object.keys(schema.properties)).toContain("behaviours");
  });
});

describe("colours", () => {
  it("are on for a terminal", async () => {
    const result = await cli(["validate", "china-2020"], { tty: true });
    expect(result.stdout).toContain(ESC);
  });

  it("are off when NO_COLOR is set, even on a terminal", async () => {
    const result = await cli(["validate", "china-2020"], { tty: true, env: { NO_COLOR: "1" } });
    expect(result.stdout).not.toContain(ESC);
  });

  it("are off when the output is not a terminal", async () => {
    const result = await cli(["validate", "china-2020"]);
    expect(result.stdout).not.toContain(ESC);
  });
});

describe("internal failures", () => {
  it("exit 1 with a short message, not a stack trace", async () => {
    let stderr = "";
    const { main } = await import("../../src/node/cli.js");
    const code = await main(["scenarios"], {
      stdout: {
        write: () => {
          throw new Error("disk full");
        },
      },
      stderr: { write: (text: string) => (stderr += text) },
      env: {},
    });
    expect(code).toBe(1);
    expect(stderr).toContain("internal error: disk full");
    expect(stderr).toContain("--debug");
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe("controlocracy with its output piped to a reader that stops early", () => {
  it("ends quietly (no EPIPE stack trace)", () => {
    const result = spawnSync("bash", ["-c", "node bin/controlocracy.js schema | head -c 10 > /dev/null"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    expect(result.stderr).not.toContain("EPIPE");
  });
});
