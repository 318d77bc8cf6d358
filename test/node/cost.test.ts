import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, root } from "./cliHarness.js";

// The minimal reproducers of issue 10, items 21 and 22, run through the real executable with a time limit: each
// must be refused at once (exit 2, with the estimate, the limit and the field to change) or finish cheaply. A run
// that hangs fails the test at the limit instead of blocking the suite.

const directory = mkdtempSync(join(tmpdir(), "controlocracy-cost-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** The executable with a 60-second limit, on one thread unless told, writing into the test's temporary folder. */
function run(args: string[]): { code: number | null; stderr: string; out: string } {
  const out = join(directory, `run-${Math.random().toString(36).slice(2)}`);
  const threads = args.includes("--threads") ? [] : ["--threads", "1"];
  const result = spawnSync(
    process.execPath,
    ["bin/controlocracy.js", "run", ...args, ...threads, "--out", out],
    {
      cwd: root,
      encoding: "utf8",
      env: { PATH: process.env.PATH },
      timeout: 60_000,
    },
  );
  return { code: result.status, stderr: result.stderr, out };
}

function scenarioFile(name: string, text: string): string {
  const path = join(directory, `${name}.yaml`);
  writeFileSync(path, text);
  return path;
}

describe("a run's cost is known before it starts (issue 10, item 21)", () => {
  it("responses.distress.multiplier: 1e7 with no blacklist is refused at once: beyond its bound, and nobody could be distressed", () => {
    const file = scenarioFile(
      "distress-unreachable",
      [
        "name: distress-unreachable",
        "extends: no-system",
        "responses:",
        "  distress: { multiplier: 1e7, durationDays: 90, behaviours: [jaywalking] }",
      ].join("\n"),
    );
    const result = run([file, "-n", "2000"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs a "blacklist" section');
    expect(result.stderr).toContain("expected a number from 1 to 1000, received 10000000");
  });

  it("--set behaviours.jaywalking.rate=1e6 is refused with the events, the limit and the field", () => {
    const result = run(["--set", "behaviours.jaywalking.rate=1e6"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "✖ this run would draw about 9.8e11 events (a run: 9.8e11 acts, 360,000 spurious records, 4.6e6 requests; most from behaviours.jaywalking.rate, 982,000 a citizen-year), more than the 1.0e10 allowed (--max-events by default); lower behaviours.jaywalking.rate, --population or --days, or raise --max-events
      "
    `);
  });

  it("--set behaviours.jaywalking.rate=1e6 on 2,000 citizens is refused too: at most 10,000 events a citizen-year by default", () => {
    const result = run(["-n", "2000", "--set", "behaviours.jaywalking.rate=1e6"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "✖ this run would draw about 2.0e9 events (a run: 2.0e9 acts, 720 spurious records, 9,215 requests; most from behaviours.jaywalking.rate, 982,000 a citizen-year), more than the 2.0e7 allowed (--max-events, 10,000 a citizen-year by default); lower behaviours.jaywalking.rate, --population or --days, or raise --max-events
      "
    `);
  });

  it("an opportunity at rate: 1e9 is refused by its bound, and at 1e6, the bound, for its events", () => {
    const beyond = run(["-n", "2000", "--set", "consequences.opportunities.air-ticket.rate=1e9"]);
    expect(beyond.code).toBe(2);
    expect(beyond.stderr).toContain("expected a number from 0 to 1000000, received 1000000000");
    const result = run(["-n", "2000", "--set", "consequences.opportunities.air-ticket.rate=1e6"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "✖ this run would draw about 2.3e9 events (a run: 61,053 acts, 720 spurious records, 2.3e9 requests; most from consequences.opportunities.air-ticket.rate, 1.1e6 a citizen-year), more than the 2.0e7 allowed (--max-events, 10,000 a citizen-year by default); lower consequences.opportunities.air-ticket.rate, --population or --days, or raise --max-events
      "
    `);
  });

  it("responses.distress.multiplier: 1000 (its bound) with a blacklist counts the thinned draws, naming the multiplier", () => {
    const result = run(["-n", "2000", "--max-events", "1e6", "--set", "responses.distress.multiplier=1000"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("most from responses.distress.multiplier");
  });

  it("a spurious rate of 1e6 (the bound; 1e7 is beyond it) is refused", () => {
    const result = run(["-n", "2000", "--set", "sources.cctv.spurious.rate=1e6"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "✖ this run would draw about 2.0e9 events (a run: 61,053 acts, 2.0e9 spurious records, 9,215 requests; most from sources.cctv.spurious.rate, 1.0e6 a citizen-year), more than the 2.0e7 allowed (--max-events, 10,000 a citizen-year by default); lower sources.cctv.spurious.rate, --population or --days, or raise --max-events
      "
    `);
  });

  it("a behaviour at rate: 1e6 observed with a 30-day delay is refused for the records in flight", () => {
    const file = scenarioFile(
      "slow-source",
      [
        "name: slow-source",
        "extends: no-system",
        "sources:",
        "  - { id: clerk, observes: [jaywalking], detection: 0.5, delay: { days: 30 } }",
      ].join("\n"),
    );
    const args = [
      "-n",
      "2000",
      "--set",
      "behaviours.jaywalking.rate=1e6",
      "--max-memory",
      "1G",
      "--max-events",
      "1e10",
    ];
    const result = run([file, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "✖ this run needs about 1.3 GiB (41 bytes per citizen × 2,000 citizens, 1.1 GiB for 8.5e7 records in flight (mostly sources.clerk: 2.7e6 a day × 30 days' delay), and 160.0 MiB for the process and its thread), more than the 1.0 GiB of --max-memory; the largest population that fits is about 1,525 (--population 1525), or lower sources.clerk.delay.days or the rates of what it records (most of the estimate)
      "
    `);
  });

  it("association with 10^6 contacts is refused before the run", () => {
    const result = run(["-n", "2000", "--set", "responses.association.contacts=1000000"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "✖ responses.association.contacts = 1.0e6 gives each listed citizen's contacts more penalties than the 524,288 a day a run of 2,000 citizens allows (one for every two citizens, at least 524,288); lower responses.association.contacts
      "
    `);
  });

  it("association penalties beyond the day's allowance stop the run with exit 2, on one thread or two", () => {
    const args = [
      "-n",
      "2000",
      "--set",
      "responses.association.contacts=500000",
      "--set",
      "behaviours.drunk-driving.rate=2",
      "--days",
      "40",
    ];
    const one = run(args);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(
      /^✖ association penalties on day 30 need [\d,]+ records \([\d,]+ listed × 500,000/,
    );
    expect(one.stderr).toContain("lower responses.association.contacts");
    const two = run([...args, "--threads", "2"]);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/^✖ association penalties on day 30 need/);
  });

  it("--max-events lowers the ceiling, and must be a number", () => {
    const low = run(["-n", "2000", "--max-events", "1000"]);
    expect(low.code).toBe(2);
    expect(low.stderr).toMatch(
      /^✖ this run would draw about [\d,.e]+ events .* more than the 1,000 allowed \(--max-events\)/,
    );
    const bad = run(["-n", "2000", "--max-events", "lots"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatchInlineSnapshot(`
      "✖ --max-events expects a number such as 1000000, 1e6 or 68M, received "lots"
      "
    `);
  });

  it("compare counts every replicate's events against --max-events", async () => {
    const result = await cli(["compare", "china-2020", "no-system", "-n", "1M", "--replicates", "200"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "✖ this comparison would draw about 1.3e10 events over 200 replicates, 7.1e9 of them china-2020's (a run: 3.1e7 acts, 360,000 spurious records, 4.6e6 requests; most from behaviours.paying-on-time.rate, 12 a citizen-year), more than the 1.0e10 allowed (--max-events by default); lower behaviours.paying-on-time.rate, --population, --replicates or --days, or raise --max-events
      "
    `);
  });
});

describe("outputs honour their schema (issue 10, item 22)", () => {
  it("harm: 1e308 is refused before the run (the schema bounds harm; outputOverflows guards scenarios built in code)", () => {
    const result = run(["-n", "2000", "--set", "behaviours.jaywalking.harm=1e308"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "✖ invalid values on the command line (1 problem)
      ✖ expected a number from -1000000000 to 1000000000, received 1e+308
        → at behaviours[6].harm (--set behaviours.jaywalking.harm=1e308)
      "
    `);
  });

  it("a reward rate: 1e308 is refused before the run", () => {
    const result = run(["-n", "2000", "--set", "consequences.rewards.transport-discount.rate=1e308"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "✖ invalid values on the command line (1 problem)
      ✖ expected a number from 0 to 1000000, received 1e+308
        → at consequences.rewards[0].rate (--set consequences.rewards.transport-discount.rate=1e308)
      "
    `);
  });
});

describe("the memory refusal (issue 10, item 8)", () => {
  it("says that no population fits when not even the process does, never 'about 0'", async () => {
    const result = await cli(["run", "-n", "2000", "--max-memory", "100M", "--threads", "1"]);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain("about 0");
    expect(result.stderr).toMatchInlineSnapshot(`
      "✖ this run needs about 169.1 MiB (43 bytes per citizen × 2,000 citizens, 9.0 MiB for 2,202 records in flight (mostly sources.bank: 62.6 a day × 30 days' delay) and up to 524,288 association penalties a day, and 160.0 MiB for the process and its thread), more than the 100.0 MiB of --max-memory, which leaves no room for a single citizen beside the process and its thread; raise --max-memory
      "
    `);
  });

  it("suggests fewer threads when the threads' heaps are what does not fit", async () => {
    const result = await cli(["run", "-n", "2000", "--max-memory", "400M", "--threads", "8"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("use fewer threads (--threads 1)");
  });
});
