import { describe, expect, it } from "vitest";
import { formatIssues, parseScenario } from "../../../src/core/scenario/index.js";

// The blacklist's score rules compare either way — entry below a value or at least one, exit at least a value or
// below one — and every threshold must lie within the score range; pairs that cannot make sense are refused, each
// problem located in its file.

const text = (blacklist: string) => `name: rules
behaviours:
  - { id: default, rate: 1, points: -20 }
sources:
  - { id: registry, observes: [default], detection: 1 }
scoring:
  range: { min: 300, max: 850 }
  initial: { mean: 600 }
blacklist:
${blacklist}
`;

const problems = (blacklist: string) =>
  formatIssues(parseScenario(text(blacklist), { file: "rules.yaml" }).issues);

describe("parseScenario() checks the blacklist's score rules", () => {
  it("accepts a list of high scores left by falling, and a list of low scores left by rising", () => {
    expect(problems("  entry: { scoreAtLeast: 700 }\n  exit: { scoreBelow: 650 }")).toBe("");
    expect(problems("  entry: { scoreBelow: 450 }\n  exit: { scoreAtLeast: 500 }")).toBe("");
    // Both entry rules, the high one above the low one; both exits with a severity entry.
    expect(problems("  entry: { scoreBelow: 400, scoreAtLeast: 800 }")).toBe("");
    expect(problems("  entry: { severity: serious }\n  exit: { scoreBelow: 400, scoreAtLeast: 800 }")).toBe(
      "",
    );
  });

  it("refuses entry.scoreAtLeast and exit.scoreBelow outside scoring.range, with their locations", () => {
    expect(problems("  entry: { scoreAtLeast: 900 }\n  exit: { scoreBelow: 299 }")).toMatchInlineSnapshot(`
      "✖ expected a score within scoring.range, from 300 to 850, received 900
        → at blacklist.entry.scoreAtLeast (rules.yaml:10:26)
      ✖ expected a score within scoring.range, from 300 to 850, received 299
        → at blacklist.exit.scoreBelow (rules.yaml:11:23)"
    `);
  });

  it("refuses a score exit in the direction of the score entry rule", () => {
    expect(problems("  entry: { scoreAtLeast: 700 }\n  exit: { scoreAtLeast: 800 }")).toMatchInlineSnapshot(`
      "✖ expected no exit.scoreAtLeast on a list entered by entry.scoreAtLeast: a citizen listed for its score would leave by a rising score, meeting the entry rule more than ever (use exit.scoreBelow), received 800
        → at blacklist.exit.scoreAtLeast (rules.yaml:11:25)"
    `);
    expect(problems("  entry: { scoreBelow: 450 }\n  exit: { scoreBelow: 400 }")).toMatchInlineSnapshot(`
      "✖ expected no exit.scoreBelow on a list entered by entry.scoreBelow: a citizen listed for its score would leave by a falling score, meeting the entry rule more than ever (use exit.scoreAtLeast), received 400
        → at blacklist.exit.scoreBelow (rules.yaml:11:23)"
    `);
  });

  it("refuses entry rules that every score meets, and exit rules that every score meets", () => {
    expect(problems("  entry: { scoreBelow: 600, scoreAtLeast: 600 }")).toMatchInlineSnapshot(`
      "✖ expected a score above entry.scoreBelow (600): otherwise every score meets one of the two rules, received 600
        → at blacklist.entry.scoreAtLeast (rules.yaml:10:43)"
    `);
    expect(
      problems("  entry: { severity: serious }\n  exit: { scoreBelow: 700, scoreAtLeast: 500 }"),
    ).toMatchInlineSnapshot(`
      "✖ expected a score above exit.scoreBelow (700): otherwise every score leaves the list, received 500
        → at blacklist.exit.scoreAtLeast (rules.yaml:11:42)"
    `);
  });

  it("refuses a score rule without a scoring section, and names scoreAtLeast among the entry rules", () => {
    const bare = parseScenario(
      `name: bare
behaviours: [{ id: default, rate: 1 }]
blacklist:
  entry: { scoreAtLeast: 700 }
  exit: { scoreBelow: 600 }
`,
      { file: "bare.yaml" },
    );
    expect(formatIssues(bare.issues)).toMatchInlineSnapshot(`
      "✖ a score threshold needs a "scoring" section, and the scenario has none
        → at blacklist.entry.scoreAtLeast (bare.yaml:4:26)
      ✖ a score to leave needs a "scoring" section, and the scenario has none
        → at blacklist.exit.scoreBelow (bare.yaml:5:23)"
    `);
    expect(problems("  entry: {}")).toMatchInlineSnapshot(`
      "✖ blacklist.entry has no rule: set scoreBelow, scoreAtLeast, severity, behaviours or courtSources
        → at blacklist.entry (rules.yaml:10:10)"
    `);
  });
});
