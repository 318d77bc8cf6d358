import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { discreteGamma } from "../../../src/core/rng/index.js";
import { formatIssues, parseScenario } from "../../../src/core/scenario/index.js";
import { largestPropensity } from "../../../src/core/scenario/references.js";

const text = `name: base
population:
  size: 100
  groups:
    - { id: majority, share: 0.5 }
    - { id: minority, share: 0.5 }
behaviours:
  - { id: jaywalking, rate: 2, points: -5 }
  - { id: default, rate: 1, points: -20 }
sources:
  - id: cctv
    observes: [jaywalking, default]
    detection: 0.5
    misattribution: { rate: 0.01 }
scoring:
  range: { min: 300, max: 850 }
  initial: { mean: 600 }
blacklist:
  entry: { scoreBelow: 450 }
  minimumDays: 365
consequences:
  opportunities:
    - { id: loan, rate: 1, deniedTo: { listed: true } }
responses:
  distress: { multiplier: 1.5, behaviours: [default] }
  association: { contacts: 20 }
`;

const problems = (overrides: string[]) =>
  formatIssues(parseScenario(text, { file: "base.yaml", overrides }).issues);

describe("parseScenario() keeps every number within what the engine can honour", () => {
  it("accepts the base scenario, and the benchmark's (a listing that never ends: minimumDays 100,000)", () => {
    expect(parseScenario(text).issues).toEqual([]);
    const bench = readFileSync(new URL("../../../bench/reduced.yaml", import.meta.url), "utf8");
    expect(formatIssues(parseScenario(bench, { file: "bench/reduced.yaml" }).issues)).toBe("");
  });

  it("refuses each value the fuzzer found to validate and then fail in the engine", () => {
    expect(
      problems([
        "behaviours.jaywalking.rate=1e300",
        "population.propensity.shape=5e-324",
        "sources.cctv.misattribution.victimWeightByGroup.minority=1e308",
        "responses.distress.multiplier=1e308",
        "responses.association.contacts=1e12",
      ]),
    ).toMatchInlineSnapshot(`
      "✖ expected a number from 0.001 to 1000000, received 5e-324
        → at population.propensity.shape (--set population.propensity.shape=5e-324)
      ✖ expected a number from 0 to 1000000, received 1e+300
        → at behaviours[0].rate (--set behaviours.jaywalking.rate=1e300)
      ✖ expected a number from 0 to 1000000, received 1e+308
        → at sources[0].misattribution.victimWeightByGroup.minority (--set sources.cctv.misattribution.victimWeightByGroup.minority=1e308)
      ✖ expected a number from 1 to 1000, received 1e+308
        → at responses.distress.multiplier (--set responses.distress.multiplier=1e308)
      ✖ expected an integer from 0 to 1000000, received 1000000000000
        → at responses.association.contacts (--set responses.association.contacts=1e12)"
    `);
  });

  it("refuses rates whose product with their largest multipliers passes the Poisson sampler's 2^52 a day", () => {
    expect(
      problems([
        "behaviours.default.rate=1e6",
        "behaviours.default.rateByGroup={majority: 1e6}",
        "behaviours.default.rateByAge={all: 1e6}",
      ]),
    ).toMatchInlineSnapshot(`
      "✖ expected a rate for which a citizen's expected events of one day, with the largest multipliers, propensity, distress and gaming, stay at most 2^52 (the engine's Poisson draws count exactly up to there): here at most about 248000, received 1000000
        → at behaviours[1].rate (--set behaviours.default.rate=1e6)"
    `);
  });

  it("refuses points that a score held in 32 bits would lose (below 2^-20 of the range's largest magnitude)", () => {
    // With a range up to 10^9: both behaviours' points and the association's default penalty (−5 × 30 days).
    expect(
      problems([
        "scoring.range={min: 0, max: 1e9}",
        "scoring.initial.mean=6e8",
        "blacklist.entry.scoreBelow=4e8",
      ]),
    ).toMatchInlineSnapshot(`
      "✖ expected 0 or points of at least 954 in magnitude: scores are held as 32-bit floats, and a smaller change is lost to rounding on a score of up to 1000000000 (raise the points, or narrow scoring.range), received -5
        → at behaviours[0].points (--set scoring.range={min: 0, max: 1e9})
      ✖ expected 0 or points of at least 954 in magnitude: scores are held as 32-bit floats, and a smaller change is lost to rounding on a score of up to 1000000000 (raise the points, or narrow scoring.range), received -20
        → at behaviours[1].points (--set scoring.range={min: 0, max: 1e9})
      ✖ expected 0 or points × everyDays of at least 954 in magnitude: scores are held as 32-bit floats, and a smaller change is lost to rounding on a score of up to 1000000000 (raise the points, or narrow scoring.range), received -5 × 30 = -150
        → at responses.association.points (--set scoring.range={min: 0, max: 1e9})"
    `);
    // 850 × 2^-20 = 0.00081: 0.001 is kept, 0.0008 refused, 0 (no points) allowed.
    expect(problems(["behaviours.jaywalking.points=0.001", "behaviours.default.points=0"])).toBe("");
    expect(problems(["behaviours.jaywalking.points=-0.0008"])).toMatchInlineSnapshot(`
      "✖ expected 0 or points of at least 0.000811 in magnitude: scores are held as 32-bit floats, and a smaller change is lost to rounding on a score of up to 850 (raise the points, or narrow scoring.range), received -0.0008
        → at behaviours[0].points (--set behaviours.jaywalking.points=-0.0008)"
    `);
    // An association penalty counts as points × everyDays: 0.00003 × 30 = 0.0009 is kept, 0.00002 × 30 refused.
    expect(problems(["responses.association.points=-0.00003"])).toBe("");
    expect(problems(["responses.association.points=-0.00002"])).toMatchInlineSnapshot(`
      "✖ expected 0 or points × everyDays of at least 0.000811 in magnitude: scores are held as 32-bit floats, and a smaller change is lost to rounding on a score of up to 850 (raise the points, or narrow scoring.range), received -0.00002 × 30 = -0.0006
        → at responses.association.points (--set responses.association.points=-0.00002)"
    `);
  });

  it("refuses a warm-up and a run longer together than the 65,534 days the engine holds in 16 bits", () => {
    expect(problems(["run.warmupDays=30000", "run.days=35534"])).toBe("");
    expect(problems(["run.warmupDays=30000", "run.days=35535"])).toMatchInlineSnapshot(`
      "✖ expected run.warmupDays + run.days of at most 65,534 (the engine holds days in 16 bits), received 30000 + 35535 = 65535
        → at run.warmupDays (--set run.warmupDays=30000)"
    `);
    expect(problems(["run.days=36500", "run.warmupDays=36500"])).toContain("at run.warmupDays");
  });

  it("refuses a population of more than 65,536 cells, the most a citizen's 16-bit cell can index", () => {
    const parts = (n: number, prefix: string) =>
      `${JSON.stringify(Array.from({ length: n }, (_, k) => ({ id: `${prefix}${k}`, share: 1 / n })))}`;
    const many = [`population.regions=${parts(255, "r")}`, `population.incomeBands=${parts(128, "i")}`];
    expect(problems(many)).toBe("");
    expect(problems([...many, `population.ageBands=${parts(2, "a")}`])).toMatchInlineSnapshot(`
      "✖ expected at most 65,536 cells (regions × groups × income bands × age bands), received 255 × 2 × 128 × 2 = 130,560
        → at population (--set population.ageBands=[{"id":"a0","share":0.5},{"id":"a1","share":0.5}])"
    `);
  });

  it("largestPropensity() is the largest multiplier a citizen can be given: the top class of the discrete gamma", () => {
    for (const shape of [0.001, 0.1, 1, 4, 1e6]) {
      const levels = discreteGamma(shape);
      expect(Math.min(...levels)).toBeGreaterThanOrEqual(0);
      expect(largestPropensity(shape)).toBe(Math.max(...levels));
    }
  });
});

describe("parseScenario() checks the references between fields", () => {
  it("refuses a score threshold outside the score range, wherever one is, with its location", () => {
    const result = parseScenario(
      text
        .replace("scoreBelow: 450", "scoreBelow: 6500")
        .replace("deniedTo: { listed: true }", "deniedTo: { scoreAtLeast: 100 }"),
      { file: "base.yaml" },
    );
    expect(formatIssues(result.issues)).toMatchInlineSnapshot(`
      "✖ expected a score within scoring.range, from 300 to 850, received 6500
        → at blacklist.entry.scoreBelow (base.yaml:19:24)
      ✖ expected a score within scoring.range, from 300 to 850, received 100
        → at consequences.opportunities[0].deniedTo.scoreAtLeast (base.yaml:23:54)"
    `);
  });

  it("refuses a group threshold for an unknown group or outside the score range", () => {
    const result = parseScenario(
      text.replace(
        "deniedTo: { listed: true }",
        "deniedTo: { scoreBelowByGroup: { majorty: 600 }, scoreAtLeastByGroup: { majority: 9000 } }",
      ),
      { file: "base.yaml" },
    );
    expect(formatIssues(result.issues)).toMatchInlineSnapshot(`
      "✖ unknown group "majorty"; did you mean "majority"? known: majority, minority
        → at consequences.opportunities[0].deniedTo.scoreBelowByGroup.majorty (base.yaml:23:61)
      ✖ expected a score within scoring.range, from 300 to 850, received 9000
        → at consequences.opportunities[0].deniedTo.scoreAtLeastByGroup.majority (base.yaml:23:110)"
    `);
  });

  it("refuses initial scores by group or income band that name no group or band, or lie outside the score range", () => {
    const result = parseScenario(
      text.replace(
        "initial: { mean: 600 }",
        `initial:
    mean: 600
    byGroup: { majority: { mean: 900 }, minorty: { sd: 10 } }
    byIncome: { all: { mean: 200, sd: 5 }, rich: { mean: 700 } }`,
      ),
      { file: "base.yaml" },
    );
    expect(formatIssues(result.issues)).toMatchInlineSnapshot(`
      "✖ expected a score within scoring.range, from 300 to 850, received 900
        → at scoring.initial.byGroup.majority.mean (base.yaml:19:34)
      ✖ unknown group "minorty"; did you mean "minority"? known: majority, minority
        → at scoring.initial.byGroup.minorty (base.yaml:19:41)
      ✖ expected a score within scoring.range, from 300 to 850, received 200
        → at scoring.initial.byIncome.all.mean (base.yaml:20:30)
      ✖ unknown income band "rich"; known: all
        → at scoring.initial.byIncome.rich (base.yaml:20:44)"
    `);
  });

  it("accepts initial scores by group and income band within the range", () => {
    const result = parseScenario(
      text.replace(
        "initial: { mean: 600 }",
        "initial: { mean: 600, byGroup: { minority: { mean: 500, sd: 20 } }, byIncome: { all: { sd: 30 } } }",
      ),
    );
    expect(result.issues).toEqual([]);
  });

  it("refuses a maximum listing shorter than the minimum, and responses that have nothing to act on", () => {
    expect(problems(["blacklist.exit.maximumDays=30", "responses.deterrence={strength: 0.5}"])).toContain(
      "expected at least blacklist.minimumDays (365)",
    );
    const bare = parseScenario(
      `name: bare
behaviours: [{ id: default, rate: 1 }]
responses:
  deterrence: { strength: 0.5 }
  distress: { behaviours: [default] }
dueProcess:
  appeals: { probability: 0.5, errorDetection: 0.5 }
`,
      { file: "bare.yaml" },
    );
    expect(formatIssues(bare.issues)).toMatchInlineSnapshot(`
      "✖ deterrence (surveillance to perceive) needs a "sources" section, and the scenario has none
        → at responses.deterrence (bare.yaml:4:15)
      ✖ distress (a listing or a denied opportunity to be distressed by) needs a "blacklist" section, and the scenario has none
        → at responses.distress (bare.yaml:5:13)
      ✖ appeals (a listing to appeal) needs a "blacklist" section, and the scenario has none
        → at dueProcess.appeals (bare.yaml:7:12)"
    `);
  });
});

describe("parseScenario() checks the state rules (responses.byState)", () => {
  const withRules = (rules: string, extra = "") =>
    formatIssues(
      parseScenario(
        `${text.replace("  initial: { mean: 600 }", "  initial: { mean: 600 }\n  bands:\n    - { id: low, min: 300, max: 500, category: bad }\n    - { id: high, min: 500, max: 850 }")}  byState:\n${rules}${extra}`,
        { file: "base.yaml" },
      ).issues,
    );

  it("accepts rules on known behaviours, bands and categories, with multipliers from 0", () => {
    expect(
      withRules(
        "    - { behaviours: [default], when: { listed: false }, multiplier: 0 }\n" +
          "    - { behaviours: [jaywalking], when: { categories: [bad], bands: [low], sanctioned: true }, multiplier: 2 }\n",
      ),
    ).toBe("");
  });

  it("refuses unknown ids and negative multipliers, with their locations", () => {
    expect(
      withRules(
        "    - { behaviours: [defualt], when: { listed: false }, multiplier: -1 }\n" +
          "    - { behaviours: [jaywalking], when: { categories: [good], bands: [middle] }, multiplier: 2 }\n",
      ),
    ).toMatchInlineSnapshot(`
      "✖ unknown behaviour "defualt"; did you mean "default"? known: jaywalking, default
        → at responses.byState[0].behaviours[0] (base.yaml:31:22)
      ✖ expected a number from 0 to 1000000, received -1
        → at responses.byState[0].multiplier (base.yaml:31:69)
      ✖ unknown category "good"; known: bad
        → at responses.byState[1].when.categories[0] (base.yaml:32:56)
      ✖ unknown band "middle"; known: low, high
        → at responses.byState[1].when.bands[0] (base.yaml:32:71)"
    `);
  });

  it("counts the rules that raise a rate in the bound on a citizen's daily events", () => {
    const rule = "    - { behaviours: [jaywalking], when: {}, multiplier: 1000000 }\n";
    expect(withRules(rule.repeat(2))).toBe("");
    expect(withRules(rule.repeat(3))).toContain("→ at behaviours[0].rate");
  });

  it("refuses a sanction window given twice, and states that cannot occur", () => {
    expect(
      withRules(
        "    - { behaviours: [default], when: { sanctioned: true }, multiplier: 3 }\n",
        "  sanctionDays: 30\n",
      ),
    ).toMatchInlineSnapshot(`
      "✖ expected no sanctionDays while distress is on: its durationDays is the sanction window, received 30
        → at responses.sanctionDays (base.yaml:32:17)"
    `);
    const bare = parseScenario(
      `name: bare
behaviours: [{ id: default, rate: 1 }]
responses:
  byState:
    - { behaviours: [default], when: { listed: true, sanctioned: true, categories: [bad] }, multiplier: 2 }
`,
      { file: "bare.yaml" },
    );
    expect(formatIssues(bare.issues)).toMatchInlineSnapshot(`
      "✖ \`listed\` needs a "blacklist" section, and the scenario has none
        → at responses.byState[0].when.listed (bare.yaml:5:48)
      ✖ \`sanctioned\` (a listing or a denied opportunity) needs a "blacklist" section, and the scenario has none
        → at responses.byState[0].when.sanctioned (bare.yaml:5:66)
      ✖ \`categories\` needs a "scoring" section, and the scenario has none
        → at responses.byState[0].when.categories (bare.yaml:5:84)
      ✖ unknown category "bad": no category is defined
        → at responses.byState[0].when.categories[0] (bare.yaml:5:85)"
    `);
  });
});

describe("parseScenario() refuses more sources than a record can number", () => {
  it("accepts 255 sources and refuses 256, with a line that says how many are allowed", () => {
    const withSources = (count: number) =>
      `${text.slice(0, text.indexOf("sources:"))}sources:\n${Array.from(
        { length: count },
        (_, k) => `  - { id: s${k}, observes: [jaywalking], detection: 0.1 }\n`,
      ).join("")}${text.slice(text.indexOf("scoring:"))}`;
    expect(parseScenario(withSources(255)).issues).toEqual([]);
    expect(formatIssues(parseScenario(withSources(256), { file: "many.yaml" }).issues)).toBe(
      "✖ expected a list of at most 255, received a list of 256\n  → at sources (many.yaml:11:3)",
    );
  });
});
