import { describe, expect, it } from "vitest";
import {
  formatIssues,
  mergeScenarioData,
  parseScenario,
  type ScenarioText,
} from "../../../src/core/scenario/index.js";

const base = `name: base
population:
  size: 100
behaviours:
  - { id: jaywalking, rate: 2, points: -5 }
sources:
  - { id: cctv, observes: [jaywalking], detection: 0.5 }
scoring:
  range: { min: 0, max: 100 }
  initial: { mean: 50 }
`;

const files: Record<string, string> = { base };
const resolve = (name: string): ScenarioText | undefined =>
  files[name] === undefined ? undefined : { text: files[name], file: `${name}.yaml` };

describe("mergeScenarioData()", () => {
  it("merges mappings, replaces lists and values, and removes keys set to null", () => {
    expect(
      mergeScenarioData(
        { a: { b: 1, c: 2 }, list: [1, 2], gone: { x: 1 } },
        { a: { c: 3 }, list: [9], gone: null },
      ),
    ).toEqual({ a: { b: 1, c: 3 }, list: [9] });
  });
});

describe("mergeScenarioData() on a timeline", () => {
  it("merges changes by day: a change on a base change's day adds to its set, one on a new day goes in order of day", () => {
    const base = {
      timeline: [
        { day: 10, set: { a: 1 } },
        { day: 30, set: { b: 2 } },
      ],
    };
    const top = {
      timeline: [
        { day: 30, set: { c: 3 } },
        { day: 20, set: { d: 4 } },
      ],
    };
    expect(mergeScenarioData(base, top)).toEqual({
      timeline: [
        { day: 10, set: { a: 1 } },
        { day: 20, set: { d: 4 } },
        { day: 30, set: { b: 2, c: 3 } },
      ],
    });
  });

  it("keeps a null in a change's set for validation to refuse, rather than dropping it", () => {
    const base = { timeline: [{ day: 10, set: { a: 1 } }] };
    expect(mergeScenarioData(base, { timeline: [{ day: 10, set: { b: null } }] })).toEqual({
      timeline: [{ day: 10, set: { a: 1, b: null } }],
    });
  });
});

describe("parseScenario() with extends", () => {
  it("refuses a timeline change that removes a part (null), at the change", () => {
    files.rolled = `${base}blacklist: { entry: { scoreBelow: 10 } }\ntimeline:\n  - { day: 10, set: { sources.cctv.detection: 0.9 } }\n`;
    const result = parseScenario(
      "name: child\nextends: rolled\ntimeline:\n  - { day: 5, set: { blacklist: null } }\n",
      { file: "child.yaml", resolve },
    );
    expect(formatIssues(result.issues)).toMatchInlineSnapshot(`
      "✖ invalid change: a change cannot remove a field (null): switch a part off by its \`enabled\`, or set a rate or a detection to 0
        → at timeline[0].set.blacklist (child.yaml:4:22)"
    `);
  });

  it("lays the file over the scenario it extends", () => {
    const result = parseScenario("name: child\nextends: base\npopulation: { size: 7 }\nscoring: null\n", {
      resolve,
    });
    expect(result.ok).toBe(true);
    expect(result.scenario?.name).toBe("child");
    expect(result.scenario?.population.size).toBe(7);
    expect(result.scenario?.behaviours[0].id).toBe("jaywalking");
    expect(result.scenario?.scoring).toBeUndefined();
  });

  it("locates a problem in the base file when the base holds it", () => {
    files.broken = base.replace("detection: 0.5", "detection: 5");
    const result = parseScenario("name: child\nextends: broken\n", { file: "child.yaml", resolve });
    expect(formatIssues(result.issues)).toMatchInlineSnapshot(`
      "✖ expected a number from 0 to 1, received 5
        → at sources[0].detection (broken.yaml:7:52)"
    `);
  });

  it("locates a problem in the extending file when it holds it", () => {
    const result = parseScenario("name: child\nextends: base\npopulation: { size: -1 }\n", {
      file: "child.yaml",
      resolve,
    });
    expect(formatIssues(result.issues)).toMatchInlineSnapshot(`
      "✖ expected an integer from 1 to 2147483647, received -1
        → at population.size (child.yaml:3:21)"
    `);
  });

  it("names the known scenarios when extends names none of them", () => {
    const result = parseScenario("name: child\nextends: bse\n", {
      file: "child.yaml",
      resolve,
      known: ["base"],
    });
    expect(formatIssues(result.issues)).toMatchInlineSnapshot(`
      "✖ unknown scenario to extend "bse"; did you mean "base"? known: base
        → at extends (child.yaml:2:10)"
    `);
  });

  it("refuses a chain that leads back to itself", () => {
    files.loop = "name: loop\nextends: loop\n";
    const result = parseScenario(files.loop, { file: "loop.yaml", resolve });
    expect(result.ok).toBe(false);
    expect(formatIssues(result.issues)).toContain("does not extend itself");
  });
});

describe("fields set to null", () => {
  it("must still be fields the scenario has: a misspelt one, or a flow mapping split at a comma, is reported", () => {
    const text = `name: child
extends: base
scoring: { decayy: null }
behaviours:
  - { id: jaywalking, label: Crossing here, there or anywhere, rate: 2, points: -5 }
`;
    const result = parseScenario(text, { resolve, file: "child.yaml" });
    expect(result.ok).toBe(false);
    expect(formatIssues(result.issues)).toMatchInlineSnapshot(`
      "✖ unknown field "decayy"; did you mean "decay"?
        → at scoring.decayy (child.yaml:3:12)
      ✖ unknown field "there or anywhere"; known fields: id, label, rate, heterogeneity, rateByGroup, rateByRegion, rateByIncome, rateByAge, points, harm, severity, legitimate, … (13 in all)
        → at behaviours[0]["there or anywhere"] (child.yaml:5:45)"
    `);
  });

  it("may remove a field the scenario has", () => {
    const result = parseScenario(
      "name: child\nextends: base\nscoring: { initial: null, range: { min: 0, max: 10 } }\n",
      {
        resolve,
      },
    );
    expect(result.issues.map((issue) => issue.code)).not.toContain("unknown_key");
  });
});

describe("parseScenario() with extends merges list items by id", () => {
  files.cited = `${base}references:
  - { id: paper, cite: "A paper" }
provenance:
  - { path: sources.cctv.detection, status: reported, reference: paper }
  - { path: scoring.range, status: assumed }
  - { path: behaviours.jaywalking.points, status: assumed }
`;

  it("overrides the fields of a parent's item that a child item names by id, and keeps the others", () => {
    const result = parseScenario("name: child\nextends: base\nsources:\n  - { id: cctv, detection: 0.9 }\n", {
      resolve,
    });
    expect(result.issues).toEqual([]);
    expect(result.scenario?.sources).toMatchObject([
      { id: "cctv", observes: ["jaywalking"], detection: 0.9 },
    ]);
  });

  it("appends an item with a new id, and removes the item a child names with `- ID: null`", () => {
    const result = parseScenario(
      `name: child
extends: base
behaviours:
  - { id: littering, rate: 1, points: -2 }
sources:
  - cctv: null
  - { id: bank, observes: [littering], detection: 1 }
`,
      { resolve },
    );
    expect(result.issues).toEqual([]);
    expect(result.scenario?.behaviours.map((behaviour) => behaviour.id)).toEqual(["jaywalking", "littering"]);
    expect(result.scenario?.sources.map((source) => source.id)).toEqual(["bank"]);
  });

  it("locates a problem in the child's item at the child, and a removal that names no item", () => {
    const result = parseScenario(
      "name: child\nextends: base\nsources:\n  - { id: cctv, detection: 5 }\n  - camera: null\n",
      { file: "child.yaml", resolve },
    );
    expect(formatIssues(result.issues)).toMatchInlineSnapshot(`
      "✖ expected a number from 0 to 1, received 5
        → at sources[0].detection (child.yaml:4:28)
      ✖ unknown item to remove "camera"; known: cctv
        → at sources[1].camera (child.yaml:5:5)"
    `);
  });

  it("merges provenance entries by path, and drops the inherited entries of a part the child removes", () => {
    const result = parseScenario(
      `name: child
extends: cited
scoring: null
provenance:
  - { path: sources.cctv.detection, status: assumed, reference: null, note: "Our guess." }
`,
      { resolve },
    );
    expect(result.issues).toEqual([]);
    expect(result.scenario?.provenance).toEqual([
      { path: "sources.cctv.detection", status: "assumed", note: "Our guess." },
      { path: "behaviours.jaywalking.points", status: "assumed" },
    ]);
    expect(result.scenario?.references.map((reference) => reference.id)).toEqual(["paper"]);
  });

  it("replaces a list of names, and clears a list with []", () => {
    const result = parseScenario(
      "name: child\nextends: base\nbehaviours:\n  - { id: jaywalking, rate: 2 }\n  - { id: idling, rate: 1 }\nsources:\n  - { id: cctv, observes: [idling] }\n",
      { resolve },
    );
    expect(result.scenario?.sources[0].observes).toEqual(["idling"]);
    const cleared = parseScenario("name: child\nextends: base\nsources: []\n", { resolve });
    expect(cleared.scenario?.sources).toEqual([]);
  });
});
