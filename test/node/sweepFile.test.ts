import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatIssues } from "../../src/core/scenario/index.js";
import { parameterValue, parseSweep } from "../../src/core/sweep/index.js";
import { loadScenario } from "../../src/node/scenarios.js";

describe("sweeps/china-2020-morris.yaml", () => {
  const file = "sweeps/china-2020-morris.yaml";
  const result = parseSweep(readFileSync(file, "utf8"), { file, name: "china-2020-morris" });
  if (!result.ok) throw new Error(formatIssues(result.issues));
  const { sweep } = result;

  it("varies 12 to 16 parameters of china-2020, each marked assumed in its provenance", () => {
    expect(sweep.target).toMatchObject({ kind: "scenario", scenario: "china-2020" });
    expect(sweep.parameters.length).toBeGreaterThanOrEqual(12);
    expect(sweep.parameters.length).toBeLessThanOrEqual(16);
    const scenario = loadScenario("china-2020");
    // The provenance entry that covers a path: the longest whose path is it or one of its parents.
    const status = (path: string) =>
      scenario.provenance
        .filter((entry) => path === entry.path || path.startsWith(`${entry.path}.`))
        .sort((a, b) => b.path.length - a.path.length)[0]?.status;
    expect(sweep.parameters.filter((parameter) => status(parameter.path) !== "assumed")).toEqual([]);
  });

  it("sets paths china-2020 accepts, at the middle of every range, with the file's overrides", () => {
    const set = Object.entries(sweep.target.kind === "scenario" ? sweep.target.set : {}).map(
      ([path, value]) => `${path}=${JSON.stringify(value)}`,
    );
    const middle = sweep.parameters.map(
      (parameter) => `${parameter.path}=${JSON.stringify(parameterValue(parameter, 0.5))}`,
    );
    expect(() => loadScenario("china-2020", [...set, ...middle])).not.toThrow();
    // And at both ends of every range.
    for (const u of [0, 1]) {
      const ends = sweep.parameters.map(
        (parameter) => `${parameter.path}=${JSON.stringify(parameterValue(parameter, u))}`,
      );
      expect(() => loadScenario("china-2020", [...set, ...ends]), `u = ${u}`).not.toThrow();
    }
  });
});

describe("the example sweep of docs/SWEEPS.md", () => {
  it("sets paths china-2020 accepts, at the middle of every parameter's values", () => {
    const page = readFileSync("docs/SWEEPS.md", "utf8");
    const result = parseSweep(/```yaml\n([\s\S]*?)```/.exec(page)?.[1] ?? "", { file: "docs/SWEEPS.md" });
    if (!result.ok) throw new Error(formatIssues(result.issues));
    const middle = result.sweep.parameters.map(
      (parameter) => `${parameter.path}=${JSON.stringify(parameterValue(parameter, 0.5))}`,
    );
    expect(() => loadScenario("china-2020", middle)).not.toThrow();
  });
});
