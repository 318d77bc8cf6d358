import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatIssues } from "../../../src/core/scenario/index.js";
import { parseSweep, type SweepSpec } from "../../../src/core/sweep/index.js";

/** The problems of a sweep file's text, worded as the CLI prints them. */
function problems(text: string): string {
  const result = parseSweep(text, { file: "s.yaml", name: "s" });
  if (result.ok) throw new Error("the sweep file was expected to be invalid");
  return formatIssues(result.issues);
}

function spec(text: string): SweepSpec {
  const result = parseSweep(text, { file: "s.yaml", name: "s" });
  if (!result.ok) throw new Error(formatIssues(result.issues));
  return result.sweep;
}

const DESIGN = "design: { kind: lhs, samples: 10 }\n";
const MEASURES = "measures: [wrongfulShare]\n";

describe("parseSweep() on a valid file", () => {
  it("gives the spec with every default filled in, and the file's name when it names none", () => {
    expect(
      spec(
        "scenario: china-2020\n" +
          "set: { measurement.pairedBaseline: false }\n" +
          "population: 50000\n" +
          "days: 730\n" +
          "parameters:\n" +
          "  - { path: sources.cctv.detection, name: cctv, range: [0.2, 0.9] }\n" +
          "  - { path: sources.cctv.misattribution.rate, range: [0.001, 0.01], scale: log }\n" +
          "  - { path: blacklist.minimumDays, levels: [180, 365, 730] }\n" +
          "  - { path: behaviours.charity.rate, distribution: { normal: { mean: 1, sd: 0.2 } } }\n" +
          "  - { path: blacklist.entry.scoreBelow, distribution: { triangular: { low: 500, mode: 550, high: 580 } }, integer: true }\n" +
          "design: { kind: sobol, n: 64 }\n" +
          "measures: [wrongfulShare, groups.minority.listingRate, { series: listed, day: 365 }]\n",
      ),
    ).toEqual({
      name: "s",
      target: { kind: "scenario", scenario: "china-2020", set: { "measurement.pairedBaseline": false } },
      population: 50000,
      days: 730,
      seed: 1,
      replicates: 1,
      parameters: [
        {
          path: "sources.cctv.detection",
          name: "cctv",
          integer: false,
          space: { kind: "uniform", low: 0.2, high: 0.9 },
        },
        {
          path: "sources.cctv.misattribution.rate",
          name: "sources.cctv.misattribution.rate",
          integer: false,
          space: { kind: "logUniform", low: 0.001, high: 0.01 },
        },
        {
          path: "blacklist.minimumDays",
          name: "blacklist.minimumDays",
          integer: false,
          space: { kind: "levels", levels: [180, 365, 730] },
        },
        {
          path: "behaviours.charity.rate",
          name: "behaviours.charity.rate",
          integer: false,
          space: { kind: "normal", mean: 1, sd: 0.2 },
        },
        {
          path: "blacklist.entry.scoreBelow",
          name: "blacklist.entry.scoreBelow",
          integer: true,
          space: { kind: "triangular", low: 500, mode: 550, high: 580 },
        },
      ],
      design: { kind: "sobol", n: 64, secondOrder: false },
      measures: [
        { kind: "summary", id: "wrongfulShare" },
        { kind: "summary", id: "groups.minority.listingRate" },
        { kind: "series", measure: "listed", day: 365, id: "listed@365" },
      ],
      resamples: 1000,
    });
  });

  it("names the sweep by its name field over the file's, and keeps its title", () => {
    const sweep = spec(
      `name: screen\ntitle: A screen\nscenario: x\nparameters: [{ path: a, levels: [1, 2] }]\n${DESIGN}${MEASURES}`,
    );
    expect([sweep.name, sweep.title]).toEqual(["screen", "A screen"]);
  });

  it("reads a test function, by name or with its constants, and measures y by default", () => {
    const inputs = (d: number) =>
      `parameters:\n${Array.from({ length: d }, (_, k) => `  - { path: x${k + 1}, range: [0, 1] }\n`).join("")}`;
    const ishigami = spec(`model: ishigami\n${inputs(3)}${DESIGN}`);
    expect(ishigami.target).toEqual({ kind: "function", function: "ishigami", a: 7, b: 0.1 });
    expect(ishigami.measures).toEqual([{ kind: "function", id: "y" }]);
    expect(ishigami.population).toBeUndefined();
    expect(spec(`model: { function: ishigami, a: 5 }\n${inputs(3)}${DESIGN}measures: [y]\n`).target).toEqual({
      kind: "function",
      function: "ishigami",
      a: 5,
      b: 0.1,
    });
    const g = spec(
      `model: { function: g-function, a: [0, 1, 4.5, 9, 99, 99, 99, 99] }\n${inputs(8)}${DESIGN}`,
    );
    expect(g.target).toEqual({ kind: "function", function: "g-function", a: [0, 1, 4.5, 9, 99, 99, 99, 99] });
  });

  it("reads each design with its defaults", () => {
    const design = (text: string) =>
      spec(`scenario: x\nparameters: [{ path: a, range: [0, 1] }]\ndesign: ${text}\n${MEASURES}`).design;
    expect(design("{ kind: grid, points: 5 }")).toEqual({ kind: "grid", points: 5 });
    expect(design("{ kind: lhs, samples: 100 }")).toEqual({ kind: "lhs", samples: 100 });
    expect(design("{ kind: sobol, n: 1024, secondOrder: true }")).toEqual({
      kind: "sobol",
      n: 1024,
      secondOrder: true,
    });
    expect(design("{ kind: morris, trajectories: 10 }")).toEqual({
      kind: "morris",
      trajectories: 10,
      levels: 4,
    });
  });

  it("locates a path of a valid file, at its value or its key, or the deepest part of it the file has", () => {
    const result = parseSweep(
      `scenario: x\nparameters:\n  - path: a\n    range: [0, 1]\n  - path: sources.cctv.detection\n    range: [0, 1]\nset: { a.b: 1 }\n${DESIGN}${MEASURES}`,
      { file: "s.yaml" },
    );
    if (!result.ok) throw new Error(formatIssues(result.issues));
    expect(result.sweep.name).toBe("sweep");
    expect(result.locate(["parameters", 1, "path"])).toEqual({ file: "s.yaml", line: 5, column: 11 });
    expect(result.locate(["parameters", 1, "path"], true)).toEqual({ file: "s.yaml", line: 5, column: 5 });
    expect(result.locate(["set", "a.b"], true)).toEqual({ file: "s.yaml", line: 7, column: 8 });
    // A path the file lacks: the deepest part it has.
    expect(result.locate(["set", "c.d"])).toEqual({ file: "s.yaml", line: 7, column: 1 });
  });

  it("accepts the example of docs/SWEEPS.md", () => {
    const page = readFileSync("docs/SWEEPS.md", "utf8");
    const example = /```yaml\n([\s\S]*?)```/.exec(page)?.[1] ?? "";
    expect(example).toContain("scenario: china-2020");
    const result = parseSweep(example, { file: "docs/SWEEPS.md" });
    expect(result.ok ? [] : formatIssues(result.issues)).toEqual([]);
  });

  it("accepts the example sweep files of sweeps/", () => {
    for (const file of ["sweeps/ishigami-sobol.yaml", "sweeps/china-2020-morris.yaml"]) {
      const result = parseSweep(readFileSync(file, "utf8"), { file, name: "example" });
      expect(result.ok ? [] : formatIssues(result.issues), file).toEqual([]);
    }
  });
});

describe("parseSweep() on an invalid file", () => {
  it("reports an unknown key with the closest known one", () => {
    expect(
      problems(
        `scenario: x\nparameters:\n  - { path: a, rnage: [0, 1] }\n${DESIGN}${MEASURES}replicate: 2\n`,
      ),
    ).toMatchInlineSnapshot(`
      "✖ unknown field "rnage"; did you mean "range"?
        → at parameters[0].rnage (s.yaml:3:16)
      ✖ unknown field "replicate"; did you mean "replicates"?
        → at replicate (s.yaml:6:1)"
    `);
  });

  it("reports missing parameters, design and measures", () => {
    expect(problems("scenario: china-2020\n")).toMatchInlineSnapshot(`
      "✖ missing required field "parameters": expected a list of at least 1 item
        → at parameters (s.yaml:1:1)
      ✖ missing required field "design": expected a mapping with kind: one of "grid", "lhs", "sobol", "morris"
        → at design (s.yaml:1:1)
      ✖ missing required field "measures": expected a list of at least 1 measure: a main measure's id or a summary.json path, or { series: …, day: … }
        → at measures (s.yaml:1:1)"
    `);
  });

  it("reports a design's unknown kind with the closest one", () => {
    expect(
      problems(
        `scenario: x\nparameters: [{ path: a, range: [0, 1] }]\ndesign: { kind: sobl, n: 64 }\n${MEASURES}`,
      ),
    ).toMatchInlineSnapshot(`
        "✖ expected one of "grid", "lhs", "sobol", "morris", received "sobl"; did you mean "sobol"?
          → at design.kind (s.yaml:3:17)"
      `);
  });

  it("reports a field of another kind of design, with the fields of this one", () => {
    expect(
      problems(
        `scenario: x\nparameters: [{ path: a, range: [0, 1] }]\ndesign: { kind: lhs, n: 64 }\n${MEASURES}`,
      ),
    ).toMatchInlineSnapshot(`
        "✖ missing required field "samples": expected an integer from 2 to 100000
          → at design.samples (s.yaml:3:1)
        ✖ unknown field "n"; known fields: kind, samples
          → at design.n (s.yaml:3:22)"
      `);
  });

  it("reports a Sobol N that is not a power of two, and an odd number of Morris levels", () => {
    const file = (design: string) =>
      `scenario: x\nparameters: [{ path: a, range: [0, 1] }]\ndesign: ${design}\n${MEASURES}`;
    expect(problems(file("{ kind: sobol, n: 100 }"))).toMatchInlineSnapshot(`
      "✖ expected a power of two: 2, 4, 8, …, 65536, received 100
        → at design.n (s.yaml:3:27)"
    `);
    expect(problems(file("{ kind: morris, trajectories: 10, levels: 5 }"))).toMatchInlineSnapshot(`
      "✖ expected an even number of levels from 2 to 100 (the step p / (2(p − 1)) needs p even), received 5
        → at design.levels (s.yaml:3:51)"
    `);
  });

  it("reports a grid of more than 100,000 points", () => {
    const parameters = Array.from({ length: 11 }, (_, k) => `  - { path: p${k}, range: [0, 1] }\n`).join("");
    expect(
      problems(`scenario: x\nparameters:\n${parameters}design: { kind: grid, points: 3 }\n${MEASURES}`),
    ).toMatchInlineSnapshot(`
      "✖ expected a grid of at most 100,000 points (the product of each parameter's values), received 3^11 = 177,147 points
        → at design.points (s.yaml:14:31)"
    `);
  });

  it("reports a file that names both a scenario and a model, and what a model refuses", () => {
    expect(
      problems(
        "scenario: china-2020\nmodel: ishigami\npopulation: 1000\ndays: 30\nset: { a: 1 }\n" +
          `parameters: [{ path: x1, range: [0, 1] }, { path: x2, range: [0, 1] }, { path: x3, range: [0, 1] }]\n${DESIGN}`,
      ),
    ).toMatchInlineSnapshot(`
      "✖ expected a scenario or a model, not both, received a model beside scenario "china-2020"
        → at model (s.yaml:2:1)
      ✖ expected no population with a model: a test function has no citizens, received 1000
        → at population (s.yaml:3:1)
      ✖ expected no days with a model: a test function has no days, received 30
        → at days (s.yaml:4:1)
      ✖ expected no set with a model: a test function has no scenario to override, received a mapping
        → at set (s.yaml:5:1)"
    `);
  });

  it("reports a file that names neither a scenario nor a model", () => {
    expect(problems(`parameters: [{ path: a, range: [0, 1] }]\n${DESIGN}`)).toMatchInlineSnapshot(`
      "✖ missing required field "scenario": expected a scenario (a built-in name or a path relative to this file), or a model (a test function: ishigami or g-function)
        → at scenario (s.yaml:1:1)"
    `);
  });

  it("reports a test function's parameters that are not x1 … xd in order: extra, misplaced and missing", () => {
    expect(
      problems(
        "model: ishigami\nparameters:\n  - { path: x1, range: [0, 1] }\n  - { path: x3, range: [0, 1] }\n" +
          `  - { path: x4, range: [0, 1] }\n${DESIGN}measures: [y, wrongfulShare]\n`,
      ),
    ).toMatchInlineSnapshot(`
      "✖ expected ishigami's parameters x1, x2, x3, in this order, received none named x2
        → at parameters (s.yaml:2:1)
      ✖ expected "x2" here (ishigami's parameters x1, x2, x3, in this order), received "x3"
        → at parameters[1].path (s.yaml:4:13)
      ✖ expected one of ishigami's parameters: x1, x2, x3, received "x4"; did you mean "x1"?
        → at parameters[2].path (s.yaml:5:13)
      ✖ expected "y": a test function has one output, received "wrongfulShare"
        → at measures[1] (s.yaml:7:15)"
    `);
    expect(
      problems(
        `model: { function: g-function, a: [0, 1] }\nparameters: [{ path: x1, range: [0, 1] }]\n${DESIGN}`,
      ),
    ).toMatchInlineSnapshot(`
      "✖ expected g-function's parameters x1, x2, in this order, received none named x2
        → at parameters (s.yaml:2:1)"
    `);
  });

  it("reports a misspelt test function, and the G-function named without its a", () => {
    expect(
      problems(`model: { function: ishigam }\nparameters: [{ path: x1, range: [0, 1] }]\n${DESIGN}`),
    ).toMatchInlineSnapshot(`
        "✖ expected one of "ishigami", "g-function", received "ishigam"; did you mean "ishigami"?
          → at model.function (s.yaml:1:20)"
      `);
    expect(
      problems(`model: g-function\nparameters: [{ path: x1, range: [0, 1] }]\n${DESIGN}`),
    ).toMatchInlineSnapshot(`
      "✖ expected { function: g-function, a: [...] }: the G-function needs its a, received "g-function"
        → at model (s.yaml:1:8)"
    `);
  });

  it("reports a range whose low is not below its high, and a log scale from 0 or below", () => {
    expect(
      problems(
        "scenario: x\nparameters:\n  - { path: a, range: [0.9, 0.2] }\n  - { path: b, range: [0, 1], scale: log }\n" +
          `  - { path: c, range: [1, 2, 3] }\n${DESIGN}${MEASURES}`,
      ),
    ).toMatchInlineSnapshot(`
      "✖ expected a range [low, high] with low < high, received [0.9, 0.2]
        → at parameters[0].range (s.yaml:3:23)
      ✖ expected a range [low, high] with 0 < low < high (scale: log), received [0, 1]
        → at parameters[1].range (s.yaml:4:23)
      ✖ expected a list of 2 numbers, received a list of 3
        → at parameters[2].range (s.yaml:5:23)"
    `);
  });

  it("reports duplicate paths and names", () => {
    expect(
      problems(
        "scenario: x\nparameters:\n  - { path: a, range: [0, 1] }\n  - { path: a, range: [0, 2] }\n" +
          `  - { path: b, name: a, range: [0, 1] }\n${DESIGN}${MEASURES}`,
      ),
    ).toMatchInlineSnapshot(`
      "✖ expected a path no other parameter sets, received "a", as parameters[0]
        → at parameters[1].path (s.yaml:4:13)
      ✖ expected a name no other parameter has, received "a", the name of parameters[0]
        → at parameters[2].name (s.yaml:5:22)"
    `);
  });

  it("reports a parameter with two kinds of value, and scale or integer where they mean nothing", () => {
    expect(
      problems(
        "scenario: x\nparameters:\n  - { path: a, range: [0, 1], levels: [1, 2] }\n" +
          "  - { path: b, levels: [1, 2, 1], scale: log, integer: true }\n" +
          "  - { path: c, distribution: { normal: { mean: 0, sd: 1 } }, scale: linear }\n" +
          "  - { path: d, distribution: { triangular: { low: 1, mode: 3, high: 2 } } }\n" +
          `  - { path: e, distribution: { normal: { mean: 0, sd: 0 }, triangular: { low: 0, mode: 0, high: 1 } } }\n${DESIGN}${MEASURES}`,
      ),
    ).toMatchInlineSnapshot(`
      "✖ expected one of range, levels or distribution, received range and levels
        → at parameters[0].levels (s.yaml:3:31)
      ✖ expected a level the list does not already hold, received 1
        → at parameters[1].levels[2] (s.yaml:4:31)
      ✖ expected no scale with levels: scale applies to a range, received "log"
        → at parameters[1].scale (s.yaml:4:35)
      ✖ expected no integer with levels: levels are set as written, received true
        → at parameters[1].integer (s.yaml:4:47)
      ✖ expected no scale with a distribution: scale applies to a range, received "linear"
        → at parameters[2].scale (s.yaml:5:62)
      ✖ expected low ≤ mode ≤ high, with low < high, received low 1, mode 3, high 2
        → at parameters[3].distribution.triangular (s.yaml:6:44)
      ✖ expected a number > 0, received 0
        → at parameters[4].distribution.normal.sd (s.yaml:7:55)
      ✖ expected one of normal or triangular, received normal and triangular
        → at parameters[4].distribution.triangular (s.yaml:7:60)"
    `);
  });

  it("reports unknown series, a series written as text and repeated measures", () => {
    expect(
      problems(
        `scenario: x\nparameters: [{ path: a, range: [0, 1] }]\n${DESIGN}` +
          "measures: [recall, { series: lisetd, day: 3 }, listed@365, recall, { series: listed, day: -1 }]\n",
      ),
    ).toMatchInlineSnapshot(`
      "✖ expected a measure of the daily series: one of "listed", "wrongfullyListed", "trulyListed", "newListings", "wrongfulListings", "denied", "harm", "meanRecordedScore", "meanTrueScore", "removedCompliance", "removedScore", "removedMaximum", "removedMinimum", "removedOverturned", received "lisetd"; did you mean "listed"?
        → at measures[1].series (s.yaml:4:30)
      ✖ expected a main measure's id or a dotted summary.json path (a series on a day is { series: listed, day: 365 }), received "listed@365"
        → at measures[2] (s.yaml:4:48)
      ✖ expected a measure not already in the list, received "recall", as measures[0]
        → at measures[3] (s.yaml:4:60)
      ✖ expected an integer from 0 to 36500, received -1
        → at measures[4].day (s.yaml:4:91)"
    `);
  });

  it("reports a file that is not a mapping, and YAML syntax, at their line and column", () => {
    expect(problems("- scenario: x\n")).toMatchInlineSnapshot(`
      "✖ expected a mapping of sweep fields (scenario or model, parameters, design, measures), received a list of 1
        → at (the top level) (s.yaml:1:1)"
    `);
    expect(problems("scenario: x\nparameters: [\n")).toMatchInlineSnapshot(`
      "✖ invalid YAML: flow sequence in block collection must be sufficiently indented and end with a ]
        → at s.yaml:3:1"
    `);
  });
});
