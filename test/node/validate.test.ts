import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ScenarioError } from "../../src/core/scenario/index.js";
import { loadScenario } from "../../src/node/scenarios.js";
import { bin, cli } from "./cliHarness.js";

const folder = mkdtempSync(join(tmpdir(), "controlocracy-validate-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

const at = (text: string) => text.replaceAll(`${folder}/`, "").replaceAll(folder, "FOLDER");

describe("controlocracy validate on files that are not scenarios", () => {
  it("prints the first 100 problems of a file, then how many more there are", async () => {
    const behaviours = Array.from({ length: 250 }, (_, k) => `  - { id: b${k}, rate: -1 }`).join("\n");
    const path = file("many.yaml", `name: many\nbehaviours:\n${behaviours}\n`);
    const result = await cli(["validate", path]);
    expect(result.code).toBe(2);
    const lines = result.stderr.trimEnd().split("\n");
    expect(at(lines[0])).toBe("many.yaml: 250 problems");
    expect(lines.filter((line) => line.startsWith("✖"))).toHaveLength(100);
    expect(lines.at(-1)).toBe("… and 150 more problems (the first 100 are shown)");
    const json = JSON.parse((await cli(["validate", path, "--json"])).stdout);
    expect(json[0]).toMatchObject({ valid: false, problems: 250 });
    expect(json[0].issues).toHaveLength(100);
  });

  it("says the nesting is too deep, with its location, for 10,000 nested lists", async () => {
    const path = file("deep.yaml", `name: deep\npopulation: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`);
    const result = await cli(["validate", path]);
    expect(result.code).toBe(2);
    expect(at(result.stderr)).toMatchInlineSnapshot(`
      "deep.yaml: 1 problem
      ✖ mappings and lists nest deeper than 64 levels here; a scenario needs at most 5
        → at deep.yaml:2:76
      "
    `);
  });

  it("says what /dev/null and a directory are", async () => {
    const result = await cli(["validate", "/dev/null", folder]);
    expect(result.code).toBe(2);
    expect(at(result.stderr)).toMatchInlineSnapshot(`
      "✖ /dev/null is a device, not a scenario file: give a YAML file or a built-in name
      ✖ FOLDER is a directory, not a scenario file: give a YAML file or a built-in name
      2 of 2 scenarios are invalid
      "
    `);
  });

  it("reports a timeline's problems at their change, extending a built-in scenario", async () => {
    const path = file(
      "roll-out.yaml",
      "name: roll-out\nextends: china-2020\ntimeline:\n" +
        "  - { day: 365, set: { sources.cctv.detection: 1.5 } }\n" +
        "  - { day: 730, set: { population.size: 10 } }\n",
    );
    const result = await cli(["validate", path]);
    expect(result.code).toBe(2);
    expect(at(result.stderr)).toMatchInlineSnapshot(`
      "roll-out.yaml: 2 problems
      ✖ expected a number from 0 to 1, received 1.5
        → at timeline[0].set["sources.cctv.detection"] (roll-out.yaml:4:48)
      ✖ cannot change during a run: this change alters the population
        → at timeline[1].set["population.size"] (roll-out.yaml:5:24)
      "
    `);
  });

  it("names the paths it tried for a missing extends target", async () => {
    const path = file("child.yaml", "name: child\nextends: ./parent\n");
    const result = await cli(["validate", path]);
    expect(result.code).toBe(2);
    expect(at(result.stderr)).toMatchInlineSnapshot(`
      "child.yaml: 1 problem
      ✖ unknown scenario to extend "./parent": no file at parent or at parent.yaml, and no built-in scenario of that name; known: china-2020, due-process, france-tools, health-pass, lending, lending-group-aware, no-system, rongcheng, sesame-credit
        → at extends (child.yaml:2:10)
      "
    `);
  });
});

describe("controlocracy run with flags and --set", () => {
  it("refuses a --set and a flag that set the same field, naming both, even when the --set is invalid", async () => {
    const result = await cli(["run", "-n", "500", "--days", "2", "--set", "run.days=abc"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "✖ invalid values on the command line (1 problem)
      ✖ invalid override: --set run.days=abc and --days 2 both set run.days; give only one of them
        → at --days 2
      "
    `);
  });

  it("locates a problem a --set causes at the --set, not in the built-in file", async () => {
    const result = await cli(["run", "-n", "500", "--set", "behaviours.jaywalking.id=walking"]);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain("china-2020.yaml");
    expect(result.stderr.split("\n")[0]).toBe("✖ invalid values on the command line (3 problems)");
  });

  it("refuses a seed above 2^53 as typed", async () => {
    const result = await cli(["run", "-n", "500", "--seed", "9007199254740993"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "✖ invalid values on the command line (1 problem)
      ✖ invalid override: the integer 9007199254740993 is beyond 2^53 − 1 (9007199254740991): a double cannot hold it exactly (it would read as 9007199254740992)
        → at --seed 9007199254740993
      "
    `);
  });

  it("refuses, before running, a value the engine cannot honour (rate: 1e300)", async () => {
    const result = await cli(["run", "-n", "500", "--set", "behaviours.jaywalking.rate=1e300"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("expected a number from 0 to 1000000, received 1e+300");
  });
});

describe("prototype pollution", () => {
  it("--set __proto__.polluted=1 and a YAML tag exit 2, and the executable's objects stay clean", () => {
    const polluted = bin(["validate", "china-2020", "--set", "__proto__.polluted=1"]);
    expect(polluted.code).toBe(2);
    expect(polluted.stderr).toContain('"__proto__" cannot be a step of a path');
    expect(polluted.stderr).not.toContain("polluted (scenarios/");
    const tagged = bin(["run", "-n", "500", "--days", "2", "--set", "population=!!set {a}"]);
    expect(tagged.code).toBe(2);
    expect(tagged.stderr).toContain("carries the YAML tag !!set: only plain values are accepted");
  });

  it("loadScenario() in the library refuses __proto__ in an override and sets nothing on Object.prototype", () => {
    expect(() => loadScenario("china-2020", ["__proto__.polluted=yes"])).toThrow(ScenarioError);
    expect(Object.prototype).not.toHaveProperty("polluted");
  });
});

describe("a run directory's scenario.yaml", () => {
  it("validates again, for a sanction written as an empty rule", async () => {
    const path = file(
      "empty-rule.yaml",
      "name: empty-rule\nbehaviours: [{ id: walking, rate: 1 }]\n" +
        "consequences:\n  opportunities:\n    - { id: trip, rate: 1, deniedTo: {} }\n",
    );
    const out = join(folder, "run-empty-rule");
    const run = await cli([
      "run",
      path,
      "-n",
      "200",
      "--days",
      "3",
      "--threads",
      "1",
      "--out",
      out,
      "--json",
    ]);
    expect(run.code).toBe(0);
    expect(readFileSync(join(out, "scenario.yaml"), "utf8")).toContain("deniedTo:");
    const again = await cli(["validate", join(out, "scenario.yaml")]);
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
  });

  it("is never written for overrides that break provenance (a path, an id renamed)", async () => {
    for (const set of ["provenance.0.path=nonsense", "behaviours.jaywalking.id=walking"]) {
      const out = join(folder, "run-broken");
      const result = await cli(["run", "-n", "200", "--days", "2", "--set", set, "--out", out]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`(--set ${set})`);
    }
  });
});
