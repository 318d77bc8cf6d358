// The package's two entries as a user imports them, by name, from the built package (dist/, built by the tests'
// global setup): `controlocracy` (Node) and `controlocracy/core` (browsers and bundlers), each exposing exactly the
// documented names and nothing internal.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "./cliHarness.js";

/** What `controlocracy/core` exports, sorted: the README's "Using it as a library" names these. */
const CORE = [
  "CostError",
  "SOBOL_MAX_DIMENSION",
  "ScenarioError",
  "applyOverrides",
  "estimateCost",
  "formatIssues",
  "gFunction",
  "gFunctionIndices",
  "ishigami",
  "ishigamiIndices",
  "latinHypercube",
  "morrisDesign",
  "morrisIndices",
  "parseScenario",
  "partialRankCorrelations",
  "readScenario",
  "saltelliBlockSize",
  "saltelliDesign",
  "scenarioJsonSchema",
  "simulate",
  "sobolIndices",
  "sobolPoints",
  "summarise",
  "summaryJson",
  "summaryJsonSchema",
  "validateScenario",
];

/** What `controlocracy` adds for Node. */
const NODE = ["DEFAULT_SCENARIO", "builtinNames", "loadScenario"];

/** Runs an ES module inside the package root, where Node resolves the package's own name through its exports. */
function script(source: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", source], {
    cwd: root,
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the package's exports", () => {
  it("point at files the build writes, for code and types", () => {
    const { exports } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(Object.keys(exports)).toEqual([".", "./core"]);
    for (const entry of Object.values(exports) as Record<string, string>[]) {
      for (const file of Object.values(entry)) expect(existsSync(join(root, file)), file).toBe(true);
    }
  });

  it('import("controlocracy/core") and import("controlocracy") give the documented names', () => {
    const result = script(
      'const core = await import("controlocracy/core");\n' +
        'const node = await import("controlocracy");\n' +
        "console.log(JSON.stringify({ core: Object.keys(core).sort(), node: Object.keys(node).sort() }));\n",
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const names = JSON.parse(result.stdout);
    expect(names.core).toEqual(CORE);
    expect(names.node).toEqual([...CORE, ...NODE].sort());
    // `simulate` is Node's there: on worker threads, with a `threads` option.
  });

  it("has every exported name documented in the README's section on the library", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Using it as a library"));
    const documented = section.slice(0, section.indexOf("\n## ", 1));
    const missing = [...CORE, ...NODE].filter((name) => !documented.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  it("gives a ScenarioError, with the issues, from loadScenario and from the core alike", () => {
    const result = script(
      'import { loadScenario, readScenario, ScenarioError } from "controlocracy";\n' +
        'import * as core from "controlocracy/core";\n' +
        "const caught = (run) => { try { run(); } catch (error) { return error; } };\n" +
        'const fromFile = caught(() => loadScenario("china-2020", ["population.size=0"]));\n' +
        'const fromText = caught(() => readScenario("name: x\\nbehaviours: [{ id: walking, rate: -1 }]\\n"));\n' +
        "console.log(JSON.stringify([fromFile, fromText].map((error) => ({\n" +
        "  same: error instanceof ScenarioError && error instanceof core.ScenarioError,\n" +
        "  name: error.name, message: error.message, issues: error.issues.map((issue) => issue.code),\n" +
        "}))));\n",
    );
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toMatchInlineSnapshot(`
      [
        {
          "issues": [
            "out_of_range",
          ],
          "message": "invalid values on the command line (1 problem)",
          "name": "ScenarioError",
          "same": true,
        },
        {
          "issues": [
            "out_of_range",
          ],
          "message": "invalid scenario (1 problem)",
          "name": "ScenarioError",
          "same": true,
        },
      ]
    `);
  });

  it("estimates a run's cost from a scenario, and serialises a summary as summary.json does", () => {
    const result = script(
      'import { estimateCost, loadScenario, simulate, summaryJson } from "controlocracy";\n' +
        'const scenario = loadScenario("china-2020", ["population.size=500", "run.days=5"]);\n' +
        "const cost = estimateCost(scenario);\n" +
        "const json = summaryJson((await simulate(scenario)).summary);\n" +
        "console.log(JSON.stringify({ citizens: cost.citizens, positive: cost.events > 0, final: json.endsWith('}\\n'),\n" +
        "  population: JSON.parse(json).population }));\n",
    );
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toMatchInlineSnapshot(`
      {
        "citizens": 500,
        "final": true,
        "population": 500,
        "positive": true,
      }
    `);
  });
});
