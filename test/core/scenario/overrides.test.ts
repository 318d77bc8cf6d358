import { describe, expect, it } from "vitest";
import {
  applyOverrides,
  formatIssues,
  type Override,
  parseScenario,
  validateScenario,
} from "../../../src/core/scenario/index.js";

const text = `name: base
population:
  size: 100
behaviours:
  - { id: jaywalking, rate: 2, points: -5 }
sources:
  - { id: cctv, observes: [jaywalking], detection: 0.5 }
scoring:
  range: { min: 0, max: 100 }
  initial: { mean: 50 }
references:
  - { id: paper, cite: "A paper" }
provenance:
  - { path: behaviours.jaywalking.points, status: reported, reference: paper }
`;

const parse = (overrides: Override[]) => parseScenario(text, { file: "base.yaml", overrides });

describe("applyOverrides() and prototypes", () => {
  it("refuses __proto__, prototype and constructor as path steps, and sets nothing on any prototype", () => {
    const result = parse([
      "__proto__.polluted=yes",
      "population.constructor.prototype.polluted=yes",
      "behaviours.prototype=1",
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(formatIssues(result.issues)).toMatchInlineSnapshot(`
      "✖ invalid override: "__proto__" cannot be a step of a path: __proto__, prototype and constructor are reserved
        → at --set __proto__.polluted=yes
      ✖ invalid override: "constructor" cannot be a step of a path: __proto__, prototype and constructor are reserved
        → at --set population.constructor.prototype.polluted=yes
      ✖ invalid override: "prototype" cannot be a step of a path: __proto__, prototype and constructor are reserved
        → at --set behaviours.prototype=1"
    `);
  });

  it("refuses a value with a reserved key, and reads only own fields (toString is not a field)", () => {
    const data: Record<string, unknown> = { population: {} };
    const { issues } = applyOverrides(data, [
      'population={"__proto__": {"polluted": 1}}',
      "population.toString.x=1",
    ]);
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(issues.map((issue) => issue.detail)).toEqual([
      'the value "{\\"__proto__\\": {\\"polluted\\": 1}}" uses the reserved name "__proto__" as a key',
    ]);
    expect(data.population).toEqual({ toString: { x: 1 } });
  });

  it("accepts plain values only: a YAML tag such as !!set is refused", () => {
    expect(
      formatIssues(parse(["population=!!set {a}", "population.size=!!int 5"]).issues),
    ).toMatchInlineSnapshot(`
      "✖ invalid override: the value "!!set {a}" carries the YAML tag !!set: only plain values are accepted
        → at --set population=!!set {a}
      ✖ invalid override: the value "!!int 5" carries the YAML tag !!int: only plain values are accepted
        → at --set population.size=!!int 5"
    `);
  });
});

describe("parseScenario() and prototypes in files", () => {
  it("reports a reserved key in a file, where it is, and never merges it", () => {
    const result = parseScenario(
      `${text}population:\n  __proto__: { polluted: 1 }\n`.replace("population:\n  size: 100\n", ""),
      {
        file: "base.yaml",
      },
    );
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(formatIssues(result.issues)).toMatchInlineSnapshot(`
      "✖ "__proto__" cannot name a field or an item: __proto__, prototype and constructor are reserved
        → at population.__proto__ (base.yaml:14:3)"
    `);
  });

  it("reports a field named after a prototype's method (toString) as an unknown field, without throwing", () => {
    const result = parseScenario(`${text}run: { toString: {} }\n`, { file: "base.yaml" });
    expect(formatIssues(result.issues)).toContain('unknown field "toString"');
  });

  it("refuses an id named prototype or constructor: ids become path steps and mapping keys", () => {
    const result = parseScenario("name: x\npopulation:\n  groups: [{ id: constructor, share: 1 }]\n", {
      file: "x.yaml",
    });
    expect(formatIssues(result.issues)).toMatchInlineSnapshot(`
      "✖ expected an identifier other than prototype or constructor, received "constructor"
        → at population.groups[0].id (x.yaml:3:18)"
    `);
  });

  it("validateScenario() refuses an own __proto__ key (as JSON.parse makes one) and a value that is not plain", () => {
    const data = JSON.parse('{"name": "x", "population": {"__proto__": {"polluted": 1}}}');
    expect(validateScenario(data).issues.map((issue) => issue.code)).toEqual(["reserved_name"]);
    expect(validateScenario({ name: "x", population: new Set(["a"]) }).issues).toMatchObject([
      { code: "invalid_type", path: ["population"], received: "a set" },
    ]);
    expect(Object.prototype).not.toHaveProperty("polluted");
  });
});

describe("parseScenario() with overrides that set the same field", () => {
  it("refuses a flag and a --set on the same field, naming both, even when the --set is invalid", () => {
    const result = parse([
      "population.size=abc",
      { assignment: "population.size=5", label: "--population 5" },
    ]);
    expect(result.ok).toBe(false);
    expect(formatIssues(result.issues)).toMatchInlineSnapshot(`
      "✖ invalid override: --set population.size=abc and --population 5 both set population.size; give only one of them
        → at --population 5"
    `);
  });

  it("refuses two overrides when one sets a field inside the other, whatever names the list item", () => {
    const result = parse([
      "sources.cctv={id: cctv, observes: [jaywalking], detection: 0.2}",
      "sources.0.detection=0.3",
    ]);
    expect(formatIssues(result.issues)).toContain(
      "--set sources.cctv={id: cctv, observes: [jaywalking], detection: 0.2} and --set sources.0.detection=0.3 both set sources[0]",
    );
  });

  it("accepts overrides of different fields", () => {
    expect(parse(["population.size=5", "sources.cctv.detection=0.3"]).ok).toBe(true);
  });
});

describe("parseScenario() with integers a double cannot hold", () => {
  it("reports the integer as written, in an override and in a file", () => {
    expect(formatIssues(parse(["run.seed=9007199254740993"]).issues)).toMatchInlineSnapshot(`
      "✖ invalid override: the integer 9007199254740993 is beyond 2^53 − 1 (9007199254740991): a double cannot hold it exactly (it would read as 9007199254740992)
        → at --set run.seed=9007199254740993"
    `);
    const inFile = parseScenario(`${text}run: { seed: 9007199254740993 }\n`, { file: "base.yaml" });
    expect(formatIssues(inFile.issues)).toMatchInlineSnapshot(`
      "✖ expected an integer from −(2^53 − 1) to 2^53 − 1 (9007199254740991), the integers a double holds exactly, received 9007199254740993
        → at run.seed (base.yaml:15:14)"
    `);
  });

  it("reports 2^53, which a double holds, once, against the seed's bounds", () => {
    expect(formatIssues(parse(["run.seed=9007199254740992"]).issues)).toMatchInlineSnapshot(`
      "✖ expected an integer from 0 to 9007199254740991, received 9007199254740992
        → at run.seed (--set run.seed=9007199254740992)"
    `);
  });
});

describe("parseScenario() checks overrides with everything else after applying them", () => {
  it("locates a problem an override causes elsewhere at the override, never in the file", () => {
    const result = parse(["behaviours.jaywalking.id=walking", "provenance.0.path=nonsense"]);
    expect(formatIssues(result.issues)).toMatchInlineSnapshot(`
      "✖ unknown behaviour "jaywalking"; did you mean "walking"? known: walking
        → at sources[0].observes[0] (--set behaviours.jaywalking.id=walking)
      ✖ unknown field "nonsense" in parameter path "nonsense"; known: name, population, behaviours, sources, scoring, references, provenance
        → at provenance[0].path (--set provenance.0.path=nonsense)"
    `);
  });

  it("keeps a problem of the file in the file", () => {
    const result = parseScenario(text.replace("detection: 0.5", "detection: 5"), {
      file: "base.yaml",
      overrides: ["population.size=7"],
    });
    expect(formatIssues(result.issues)).toMatchInlineSnapshot(`
      "✖ expected a number from 0 to 1, received 5
        → at sources[0].detection (base.yaml:7:52)"
    `);
  });
});
