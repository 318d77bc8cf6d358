import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  applyOverrides,
  closest,
  describeValue,
  editDistance,
  formatIssue,
  formatIssues,
  formatPath,
  issueLocation,
  issueMessage,
  parseScenario,
  type ScenarioIssue,
  scenarioSchema,
} from "../../../src/core/scenario/index.js";
import { describeExpected, schemaAt } from "../../../src/core/scenario/introspect.js";

describe("formatPath()", () => {
  it("formatPath() joins fields with dots and writes list indexes in brackets", () => {
    expect(formatPath(["sources", 2, "misattribution", "rate"])).toBe("sources[2].misattribution.rate");
    expect(formatPath(["population", "groups", 0, "share"])).toBe("population.groups[0].share");
    expect(formatPath(["matrix", 0, 1])).toBe("matrix[0][1]");
    expect(formatPath([0, "id"])).toBe("[0].id");
    expect(formatPath(["name"])).toBe("name");
  });

  it("formatPath() names the empty path as the top level", () => {
    expect(formatPath([])).toBe("(the top level)");
  });
});

describe("describeValue()", () => {
  it("describeValue() writes numbers and booleans as they are and quotes texts", () => {
    expect(describeValue(1.5)).toBe("1.5");
    expect(describeValue(-0.1)).toBe("-0.1");
    expect(describeValue(0)).toBe("0");
    expect(describeValue(Number.NaN)).toBe("NaN");
    expect(describeValue(Number.POSITIVE_INFINITY)).toBe("Infinity");
    expect(describeValue(true)).toBe("true");
    expect(describeValue("high")).toBe('"high"');
    expect(describeValue("")).toBe('""');
    expect(describeValue('say "hi"')).toBe('"say \\"hi\\""');
  });

  it("describeValue() names absent, empty and container values by kind", () => {
    expect(describeValue(undefined)).toBe("nothing");
    expect(describeValue(null)).toBe("null (an empty value)");
    expect(describeValue([])).toBe("an empty list");
    expect(describeValue([1])).toBe("a list of 1");
    expect(describeValue(["a", "b", "c"])).toBe("a list of 3");
    expect(describeValue({})).toBe("a mapping");
    expect(describeValue({ rate: 1 })).toBe("a mapping");
    expect(describeValue(10n)).toBe("bigint");
  });
});

describe("editDistance()", () => {
  it("editDistance() counts insertions, deletions and substitutions", () => {
    expect(editDistance("", "")).toBe(0);
    expect(editDistance("rate", "rate")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("abc", "")).toBe(3);
    expect(editDistance("detecton", "detection")).toBe(1);
    expect(editDistance("detectionn", "detection")).toBe(1);
    expect(editDistance("detectiom", "detection")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("flaw", "lawn")).toBe(2);
  });

  it("editDistance() is symmetric", () => {
    for (const [a, b] of [
      ["misattribution", "misatribution"],
      ["severity", "serius"],
      ["", "x"],
      ["groupShareByRegion", "incomeShareByGroup"],
    ]) {
      expect(editDistance(a, b)).toBe(editDistance(b, a));
    }
  });
});

describe("closest()", () => {
  const populationKeys = [
    "size",
    "regions",
    "groups",
    "incomeBands",
    "ageBands",
    "groupShareByRegion",
    "incomeShareByGroup",
    "propensity",
  ];

  it("closest() returns the known name within a third of the name's length in edits", () => {
    expect(closest("detecton", ["detection", "delay", "coverage"])).toBe("detection");
    expect(closest("regons", populationKeys)).toBe("regions");
    expect(closest("exponentail", ["fixed", "exponential"])).toBe("exponential");
    expect(closest("serius", ["minor", "moderate", "serious", "severe"])).toBe("serious");
  });

  it("closest() allows one edit in a short name", () => {
    expect(closest("rat", ["rate", "harm"])).toBe("rate");
    expect(closest("i", ["id", "label"])).toBe("id");
  });

  it("closest() returns nothing when no known name is close", () => {
    expect(closest("weather", populationKeys)).toBeUndefined();
    expect(closest("xyz", ["rate"])).toBeUndefined();
    expect(closest("anything", [])).toBeUndefined();
  });

  it("closest() matches names that differ only in case, hyphens and underscores", () => {
    expect(closest("Debt_Default", ["jaywalking", "debt-default"])).toBe("debt-default");
    expect(closest("income-bands", populationKeys)).toBe("incomeBands");
    expect(closest("AGEBANDS", populationKeys)).toBe("ageBands");
  });

  it("closest() matches a name of 4+ letters contained in a known one, or containing it", () => {
    expect(closest("surveil", ["surveillance", "share"])).toBe("surveillance");
    expect(closest("cctv-camera-network", ["cctv", "bank"])).toBe("cctv");
    expect(closest("sur", ["surveillance"])).toBeUndefined();
  });

  it("closest() prefers the first of equally close names", () => {
    expect(closest("mbx", ["max", "mix"])).toBe("max");
    expect(closest("mbx", ["mix", "max"])).toBe("mix");
  });
});

describe("describeExpected()", () => {
  it("describeExpected() states a number's bounds and whether it must be whole", () => {
    expect(describeExpected(z.number())).toBe("a number");
    expect(describeExpected(z.number().min(0).max(1))).toBe("a number from 0 to 1");
    expect(describeExpected(z.number().min(0))).toBe("a number ≥ 0");
    expect(describeExpected(z.number().gt(0))).toBe("a number > 0");
    expect(describeExpected(z.number().lt(5))).toBe("a number < 5");
    expect(describeExpected(z.number().gt(0).lte(1))).toBe("a number > 0 and ≤ 1");
    expect(describeExpected(z.number().int())).toMatch(/^an integer/);
    expect(describeExpected(z.number().int().min(1))).toBe("an integer ≥ 1");
    expect(describeExpected(z.number().int().min(1).max(10))).toBe("an integer from 1 to 10");
  });

  it("describeExpected() names texts, lists and mappings, with their minimum length", () => {
    expect(describeExpected(z.string())).toBe("a text");
    expect(describeExpected(z.string().min(1))).toBe("a text of at least 1 character");
    expect(describeExpected(z.string().min(3))).toBe("a text of at least 3 characters");
    expect(describeExpected(z.array(z.string()))).toBe("a list");
    expect(describeExpected(z.array(z.string()).min(1))).toBe("a list of at least 1 item");
    expect(describeExpected(z.array(z.string()).min(2))).toBe("a list of at least 2 items");
    expect(describeExpected(z.object({ a: z.number() }))).toBe("a mapping with a");
    expect(describeExpected(z.object({ a: z.number(), b: z.number(), c: z.number().optional() }))).toBe(
      "a mapping with a and b",
    );
    expect(describeExpected(z.object({ a: z.number().optional() }))).toBe("a mapping");
    expect(describeExpected(z.record(z.string(), z.number()))).toBe("a mapping");
  });

  it("describeExpected() lists the allowed values of an enum, a literal and a union", () => {
    expect(describeExpected(z.boolean())).toBe("true or false");
    expect(describeExpected(z.enum(["fixed", "exponential"]))).toBe('one of "fixed", "exponential"');
    expect(describeExpected(z.literal("reported"))).toBe('exactly "reported"');
    expect(describeExpected(z.union([z.number().min(0), z.string()]))).toBe("a number ≥ 0 or a text");
  });

  it("describeExpected() looks through optional, default and prefault wrappers", () => {
    expect(describeExpected(z.number().min(0).max(1).optional())).toBe("a number from 0 to 1");
    expect(describeExpected(z.number().min(0).default(1))).toBe("a number ≥ 0");
    expect(describeExpected(z.array(z.string()).prefault([]))).toBe("a list");
  });

  it("describeExpected() says nothing is expected where the path leaves the schema", () => {
    expect(describeExpected(undefined)).toBe("nothing here");
    expect(describeExpected(schemaAt(scenarioSchema, ["sources", 0, "no-such-field"]))).toBe("nothing here");
  });

  it("describeExpected() reads the scenario schema at a path", () => {
    const at = (...path: (string | number)[]) => describeExpected(schemaAt(scenarioSchema, path));
    expect(at("sources", 0, "detection")).toBe("a number from 0 to 1");
    expect(at("sources", 3, "misattribution", "rate")).toBe("a number from 0 to 1");
    expect(at("behaviours", 0, "rate")).toBe("a number from 0 to 1000000");
    expect(at("population", "size")).toBe("an integer from 1 to 2147483647");
    expect(at("population", "regions")).toBe("a list of at least 1 item");
    expect(at("sources", 0, "delay", "distribution")).toBe('one of "fixed", "exponential"');
    expect(at("behaviours", 0, "rateByGroup")).toBe("a mapping");
    expect(at("behaviours", 0, "rateByGroup", "minority")).toBe("a number from 0 to 1000000");
    expect(at("behaviours", 0, "legitimate")).toBe("true or false");
  });
});

describe("applyOverrides()", () => {
  function scenario(): Record<string, unknown> {
    return {
      name: "overrides",
      sources: [
        { id: "cctv", observes: ["jaywalking"], detection: 0.5 },
        { id: "bank", observes: ["debt-default"], detection: 0.9 },
      ],
      run: { days: 365 },
    };
  }

  it("applyOverrides() finds a list item by its id", () => {
    const data = scenario();
    const { applied, issues } = applyOverrides(data, ["sources.bank.detection=0.25"]);
    expect(issues).toEqual([]);
    expect(applied).toEqual([
      { label: "--set sources.bank.detection=0.25", path: ["sources", 1, "detection"] },
    ]);
    expect((data.sources as { detection: number }[])[1].detection).toBe(0.25);
  });

  it("applyOverrides() finds a list item by its index", () => {
    const data = scenario();
    const { applied, issues } = applyOverrides(data, ["sources.0.detection=0.75"]);
    expect(issues).toEqual([]);
    expect(applied[0].path).toEqual(["sources", 0, "detection"]);
    expect((data.sources as { detection: number }[])[0].detection).toBe(0.75);
  });

  it("applyOverrides() reads the value as YAML: numbers, booleans, texts, lists and mappings", () => {
    const data = scenario();
    const { issues } = applyOverrides(data, [
      "run.seed=42",
      "sources.cctv.enabled=false",
      "title=A title with spaces",
      "sources.cctv.observes=[jaywalking, littering]",
      "responses.gaming={ strength: 1 }",
      "description='0.5'",
    ]);
    expect(issues).toEqual([]);
    expect(data).toMatchObject({
      title: "A title with spaces",
      description: "0.5",
      run: { days: 365, seed: 42 },
      responses: { gaming: { strength: 1 } },
    });
    expect((data.sources as unknown[])[0]).toMatchObject({
      enabled: false,
      observes: ["jaywalking", "littering"],
    });
  });

  it("applyOverrides() creates the mappings on the way to a field that is not there", () => {
    const data = scenario();
    const { applied, issues } = applyOverrides(data, ["measurement.trajectories=5"]);
    expect(issues).toEqual([]);
    expect(applied[0].path).toEqual(["measurement", "trajectories"]);
    expect(data.measurement).toEqual({ trajectories: 5 });
  });

  it("applyOverrides() applies overrides in order, the last one winning", () => {
    const data = scenario();
    applyOverrides(data, ["run.days=10", "run.days=20"]);
    expect(data.run).toEqual({ days: 20 });
  });

  it("applyOverrides() names an override by the label it was given", () => {
    const { applied } = applyOverrides(scenario(), [{ assignment: "run.days=0", label: "--days 0" }]);
    expect(applied).toEqual([{ label: "--days 0", path: ["run", "days"] }]);
  });

  /** The formatted issues of overrides that cannot be applied; the data must be left unchanged. */
  function rejected(...overrides: string[]): string {
    const data = scenario();
    const { applied, issues } = applyOverrides(data, overrides);
    expect(applied).toEqual([]);
    expect(data).toEqual(scenario());
    for (const issue of issues) expect(issue.code).toBe("invalid_override");
    return formatIssues(issues);
  }

  it("applyOverrides() rejects an override without PATH=VALUE", () => {
    expect(rejected("sources.cctv.detection", "=0.5")).toMatchInlineSnapshot(`
      "✖ invalid override: expected PATH=VALUE (e.g. sources.cctv.detection=0.5), received "sources.cctv.detection"
        → at --set sources.cctv.detection
      ✖ invalid override: expected PATH=VALUE (e.g. sources.cctv.detection=0.5), received "=0.5"
        → at --set =0.5"
    `);
  });

  it("applyOverrides() rejects an override without a value", () => {
    expect(rejected("run.days=", "run.days=  ")).toMatchInlineSnapshot(`
      "✖ invalid override: no value after "=" in "run.days="
        → at --set run.days=
      ✖ invalid override: no value after "=" in "run.days=  "
        → at --set run.days=  "
    `);
  });

  it("applyOverrides() rejects a path with an empty segment", () => {
    expect(rejected("run..days=1", ".name=x")).toMatchInlineSnapshot(`
      "✖ invalid override: empty segment in the path "run..days"
        → at --set run..days=1
      ✖ invalid override: empty segment in the path ".name"
        → at --set .name=x"
    `);
  });

  it("applyOverrides() rejects a list item that is not there, suggesting a close id or listing them", () => {
    expect(
      rejected("sources.cctb.detection=1", "sources.court.detection=1", "sources.7.detection=1"),
    ).toMatchInlineSnapshot(`
        "✖ invalid override: no item "cctb" in sources; did you mean "cctv"?
          → at --set sources.cctb.detection=1
        ✖ invalid override: no item "court" in sources; known: cctv, bank
          → at --set sources.court.detection=1
        ✖ invalid override: no item "7" in sources; known: cctv, bank
          → at --set sources.7.detection=1"
      `);
  });

  it("applyOverrides() rejects a value that is not valid YAML", () => {
    expect(rejected("title=[unclosed", "title={ a: 1")).toMatchInlineSnapshot(`
      "✖ invalid override: the value "[unclosed" is not valid YAML: Flow sequence must end with a ]
        → at --set title=[unclosed
      ✖ invalid override: the value "{ a: 1" is not valid YAML: Flow map must end with a }
        → at --set title={ a: 1"
    `);
  });

  it("applyOverrides() rejects a path through a value that has no fields", () => {
    expect(rejected("name.first=x", "sources.cctv.detection.value=1")).toMatchInlineSnapshot(`
      "✖ invalid override: name holds "overrides", not fields to set
        → at --set name.first=x
      ✖ invalid override: sources[0].detection holds 0.5, not fields to set
        → at --set sources.cctv.detection.value=1"
    `);
  });
});

describe("formatIssue()", () => {
  const issue: ScenarioIssue = {
    code: "out_of_range",
    path: ["sources", 2, "misattribution", "rate"],
    expected: "a number from 0 to 1",
    received: "1.5",
    at: { file: "china-2020.yaml", line: 41, column: 13 },
  };

  it("formatIssue() writes what is wrong, then where", () => {
    expect(formatIssue(issue)).toMatchInlineSnapshot(`
      "✖ expected a number from 0 to 1, received 1.5
        → at sources[2].misattribution.rate (china-2020.yaml:41:13)"
    `);
  });

  it("formatIssue() colours the mark red and the location dim when asked", () => {
    expect(formatIssue(issue, { color: true })).toBe(
      "\u001b[31m✖\u001b[39m expected a number from 0 to 1, received 1.5\n" +
        "  \u001b[2m→ at sources[2].misattribution.rate (china-2020.yaml:41:13)\u001b[22m",
    );
  });

  it("issueLocation() writes a file position, a bare position, an override or only the path", () => {
    expect(issueLocation(issue)).toBe("sources[2].misattribution.rate (china-2020.yaml:41:13)");
    expect(issueLocation({ ...issue, at: { line: 3, column: 5 } })).toBe(
      "sources[2].misattribution.rate (line 3, column 5)",
    );
    expect(issueLocation({ ...issue, at: { override: "--set sources.cctv.detection=2" } })).toBe(
      "sources[2].misattribution.rate (--set sources.cctv.detection=2)",
    );
    expect(issueLocation({ ...issue, at: undefined })).toBe("sources[2].misattribution.rate");
    expect(
      issueLocation({
        code: "yaml_syntax",
        path: [],
        detail: "x",
        at: { file: "a.yaml", line: 2, column: 1 },
      }),
    ).toBe("a.yaml:2:1");
  });

  it("issueMessage() words each kind of issue", () => {
    const messages = (
      [
        { code: "missing", path: ["sources", 0, "detection"], expected: "a number from 0 to 1" },
        { code: "unknown_key", path: ["detecton"], name: "detecton", suggestion: "detection" },
        { code: "unknown_key", path: ["weather"], name: "weather", known: ["size", "regions"] },
        { code: "unknown_reference", path: ["x"], name: "jaywalk", kind: "behaviour", known: ["jaywalking"] },
        { code: "duplicate_id", path: ["behaviours", 1, "id"], name: "jaywalking" },
        { code: "shares_sum", path: ["population", "groups"], detail: "1.1" },
        { code: "empty_rule", path: ["blacklist", "entry"] },
      ] satisfies ScenarioIssue[]
    ).map(issueMessage);
    expect(messages).toMatchInlineSnapshot(`
      [
        "missing required field "detection": expected a number from 0 to 1",
        "unknown field "detecton"; did you mean "detection"?",
        "unknown field "weather"; known fields: size, regions",
        "unknown behaviour "jaywalk"; known: jaywalking",
        "duplicate id "jaywalking": ids must be unique within a list",
        "shares must sum to 1, but they sum to 1.1",
        "blacklist.entry has no rule: set scoreBelow, scoreAtLeast, severity, behaviours or courtSources",
      ]
    `);
  });

  it("issueMessage() shortens a long list of known names", () => {
    const known = Array.from({ length: 15 }, (_, index) => `b${index}`);
    expect(
      issueMessage({ code: "unknown_reference", path: ["x"], name: "zzz", kind: "behaviour", known }),
    ).toMatchInlineSnapshot(
      `"unknown behaviour "zzz"; known: b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, … (15 in all)"`,
    );
  });
});

describe("issueMessage() for an override into an empty list", () => {
  it("says the list is empty rather than listing nothing", () => {
    const result = parseScenario("name: x\nsources: []\n", { overrides: ["sources.cctv.detection=0.5"] });
    expect(result.ok).toBe(false);
    expect(issueMessage(result.issues[0])).toMatchInlineSnapshot(
      `"invalid override: no item "cctv" in sources; the list is empty"`,
    );
  });
});
