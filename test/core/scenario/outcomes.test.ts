import { describe, expect, it } from "vitest";
import { formatIssues, parseScenario } from "../../../src/core/scenario/index.js";

/** A lending scenario with `outcome` (YAML lines, indented under `granted:`) as its loan's outcome when granted. */
function lending(outcome: string, scoring = true): string {
  return `name: lending
population:
  size: 1000
  groups:
    - { id: advantaged, share: 0.5 }
    - { id: disadvantaged, share: 0.5 }
behaviours:
  - { id: repayment, rate: 0, points: 75 }
  - { id: default, rate: 0, points: -150 }
sources:
  - { id: bank, observes: [repayment, default], detection: 1 }
${scoring ? "scoring:\n  range: { min: 300, max: 850 }\n  initial: { mean: 600, sd: 50 }\n" : ""}consequences:
  opportunities:
    - id: loan
      rate: 1
${scoring ? "      deniedTo: { scoreBelow: 650 }\n" : ""}      outcomes:
        granted:
${outcome
  .trim()
  .split("\n")
  .map((line) => `          ${line}`)
  .join("\n")}
`;
}

/** The formatted issues of a lending scenario with this outcome (`scoring`: with a scoring section). */
function problems(outcome: string, scoring = true): string {
  const result = parseScenario(lending(outcome, scoring), { file: "lending.yaml" });
  expect(result.ok).toBe(false);
  return formatIssues(result.issues);
}

describe("parseScenario() with outcomes of opportunities", () => {
  it("accepts the lending shape: repayment or default after 180 days, a logistic in the true score", () => {
    const result = parseScenario(
      lending(`
afterDays: 180
behaviours: [repayment, default]
probability: { logistic: { intercept: 0, slope: 0.02, centre: 600 } }`),
      { file: "lending.yaml" },
    );
    expect(result.issues).toEqual([]);
    const granted = result.scenario?.consequences?.opportunities[0].outcomes?.granted;
    expect(granted).toEqual({
      afterDays: 180,
      distribution: "fixed",
      behaviours: ["repayment", "default"],
      probability: { logistic: { intercept: 0, slope: 0.02, centre: 600 }, ledger: "truth" },
    });
  });

  it("locates an unknown behaviour and a probability outside [0, 1]", () => {
    expect(
      problems(`
afterDays: 180
behaviours: [repayment, defualt]
probability: 1.5`),
    ).toMatchInlineSnapshot(`
      "✖ unknown behaviour "defualt"; did you mean "default"? known: repayment, default
        → at consequences.opportunities[0].outcomes.granted.behaviours[1] (lending.yaml:23:35)
      ✖ expected a number from 0 to 1 or a mapping with base or a mapping with logistic, received 1.5
        → at consequences.opportunities[0].outcomes.granted.probability (lending.yaml:24:24)"
    `);
  });

  it("locates a probability given with other than two behaviours, a table's out-of-range base and unknown group", () => {
    expect(
      problems(`
afterDays: -1
behaviours: [repayment]
probability: { base: 2, byGroup: { advantged: 1.2 } }`),
    ).toMatchInlineSnapshot(`
      "✖ expected a number from 0 to 1000000, received -1
        → at consequences.opportunities[0].outcomes.granted.afterDays (lending.yaml:22:22)
      ✖ expected exactly two behaviours when a probability is given (the first's; the second has the rest), received 1 behaviour
        → at consequences.opportunities[0].outcomes.granted.behaviours (lending.yaml:23:23)
      ✖ expected a number from 0 to 1, received 2
        → at consequences.opportunities[0].outcomes.granted.probability.base (lending.yaml:24:32)
      ✖ unknown group "advantged"; did you mean "advantaged"? known: advantaged, disadvantaged
        → at consequences.opportunities[0].outcomes.granted.probability.byGroup.advantged (lending.yaml:24:46)"
    `);
  });

  it("locates an unknown field of a table, among the fields a probability may have", () => {
    expect(
      problems(`
afterDays: 30
behaviours: [repayment, default]
probability: { base: 0.5, byGruop: { advantaged: 2 } }`),
    ).toMatchInlineSnapshot(`
      "✖ unknown field "byGruop"; did you mean "byGroup"?
        → at consequences.opportunities[0].outcomes.granted.probability.byGruop (lending.yaml:24:37)"
    `);
  });

  it("locates a logistic's wrong ledger and a missing slope, and a logistic without scoring", () => {
    expect(
      problems(`
afterDays: 30
distribution: poisson
behaviours: [repayment, default]
probability: { logistic: { intercept: 1 }, ledger: records }`),
    ).toMatchInlineSnapshot(`
      "✖ expected one of "fixed", "exponential", received "poisson"
        → at consequences.opportunities[0].outcomes.granted.distribution (lending.yaml:23:25)
      ✖ missing required field "slope": expected a number from -1000000000 to 1000000000
        → at consequences.opportunities[0].outcomes.granted.probability.logistic.slope (lending.yaml:25:26)
      ✖ expected one of "truth", "record", received "records"; did you mean "record"?
        → at consequences.opportunities[0].outcomes.granted.probability.ledger (lending.yaml:25:62)"
    `);
    expect(
      problems(
        `
afterDays: 30
behaviours: [repayment, default]
probability: { logistic: { intercept: 1, slope: 0.1 } }`,
        false,
      ),
    ).toMatchInlineSnapshot(`
      "✖ a logistic in the score needs a "scoring" section, and the scenario has none
        → at consequences.opportunities[0].outcomes.granted.probability.logistic (lending.yaml:20:36)"
    `);
  });
});
