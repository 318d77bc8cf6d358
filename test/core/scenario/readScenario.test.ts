import { describe, expect, it } from "vitest";
import { readScenario, ScenarioError } from "../../../src/core/scenario/index.js";

const TEXT = "name: tiny\nbehaviours: [{ id: walking, rate: 1 }]\n";
const DATA = { name: "tiny", behaviours: [{ id: "walking", rate: 1 }] };

/** The error `run` throws, or a failure when it throws none or another kind. */
function scenarioError(run: () => unknown): ScenarioError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error("expected a ScenarioError");
}

describe("readScenario()", () => {
  it("reads YAML text and plain data to the same scenario, overrides applied to either", () => {
    const overrides = ["population.size=300", "run.seed=9"];
    const fromText = readScenario(TEXT, { overrides });
    expect(readScenario(DATA, { overrides })).toEqual(fromText);
    expect(fromText.population.size).toBe(300);
    expect(fromText.run.seed).toBe(9);
    expect(DATA).toEqual({ name: "tiny", behaviours: [{ id: "walking", rate: 1 }] });
  });

  it("throws a ScenarioError carrying every issue, located in the text", () => {
    const error = scenarioError(() =>
      readScenario("name: tiny\nbehaviours: [{ id: walking, rate: -1 }]\nsurprise: 1\n", {
        file: "tiny.yaml",
      }),
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ScenarioError");
    expect(error.message).toBe("tiny.yaml is not a valid scenario (2 problems)");
    expect(error.issues.map((issue) => [issue.code, issue.at?.line])).toMatchInlineSnapshot(`
      [
        [
          "out_of_range",
          2,
        ],
        [
          "unknown_key",
          3,
        ],
      ]
    `);
  });

  it("throws for plain data and for its overrides, and refuses a reserved key even with overrides", () => {
    expect(scenarioError(() => readScenario({ ...DATA, name: 3 })).message).toBe(
      "invalid scenario (1 problem)",
    );
    const override = scenarioError(() => readScenario(DATA, { overrides: ["population.size=-1"] }));
    expect(override.issues.map((issue) => issue.code)).toEqual(["out_of_range"]);
    const reserved = JSON.parse('{"name":"tiny","behaviours":[],"__proto__":{"x":1}}');
    const refused = scenarioError(() => readScenario(reserved, { overrides: ["run.seed=2"] }));
    expect(refused.issues.map((issue) => issue.code)).toEqual(["reserved_name"]);
  });
});
