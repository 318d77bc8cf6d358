import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import YAML, { stringify } from "yaml";
import {
  formatIssues,
  parseScenario,
  type Scenario,
  validateScenario,
} from "../../../src/core/scenario/index.js";
import { builtinNames, parseScenarioSource, resolveScenario } from "../../../src/node/scenarios.js";

// A run directory's scenario.yaml is the scenario as run, every default filled in, written as run.ts writes it:
// read again, it must validate and give the same scenario.

/** The scenario written as a run directory writes it, read back. */
function reread(scenario: Scenario) {
  const text = `# The scenario as run, every default filled in.\n${stringify(scenario, { lineWidth: 0 })}`;
  return parseScenario(text, { file: "scenario.yaml" });
}

const minimal = YAML.parse(
  readFileSync(new URL("../../fixtures/valid/minimal.yaml", import.meta.url), "utf8"),
);

describe("a scenario written with its defaults filled in", () => {
  it.each(builtinNames())("validates again and reads the same, for %s", (name) => {
    const result = parseScenarioSource(resolveScenario(name));
    if (!result.ok) throw new Error(formatIssues(result.issues));
    const again = reread(result.scenario);
    expect(formatIssues(again.issues)).toBe("");
    expect(again.scenario).toEqual(result.scenario);
  });

  it("validates again when a sanction is written as an empty rule (deniedTo: {}) with no scoring", () => {
    const result = parseScenario(`name: empty-rule
behaviours: [{ id: walking, rate: 1 }]
consequences:
  opportunities:
    - { id: trip, rate: 1, deniedTo: {} }
`);
    if (!result.ok) throw new Error(formatIssues(result.issues));
    expect(formatIssues(reread(result.scenario).issues)).toBe("");
  });

  it("validates again for the minimal fixture with any part replaced by any JSON value that validates", () => {
    const paths = (root: unknown, prefix: (string | number)[] = []): (string | number)[][] =>
      typeof root !== "object" || root === null
        ? []
        : Object.entries(root).flatMap(([key, value]) => {
            const path = [...prefix, Array.isArray(root) ? Number(key) : key];
            return [path, ...paths(value, path)];
          });
    fc.assert(
      fc.property(fc.constantFrom(...paths(minimal)), fc.jsonValue({ maxDepth: 2 }), (path, value) => {
        const object = structuredClone(minimal);
        let parent = object;
        for (const segment of path.slice(0, -1)) parent = parent[segment];
        parent[path[path.length - 1]] = value;
        const result = validateScenario(object);
        if (!result.ok) return;
        expect(formatIssues(reread(result.scenario).issues)).toBe("");
      }),
      { seed: 23, numRuns: 300 },
    );
  });
});
