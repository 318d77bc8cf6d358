import { SERIES_MEASURES } from "../metrics/series.js";
import { describeValue, type PathSegment, type ScenarioIssue } from "../scenario/issues.js";
import { closest } from "../scenario/suggest.js";
import { MAX_GRID_POINTS, MAX_PARAMETERS, parameterSchema } from "./schema.js";

// Checks across the fields of a sweep file, which the schema cannot state: what applies to a scenario or a model,
// one kind of value per parameter, a range's order, distinct paths, names and measures, a Sobol N that is a power of
// two, a grid's size. They read the file's data as written (before defaults), and look only at fields of the right
// type: the schema reports the others.

/** An issue, and whether it sits at the key of its path (a field that should not be there) or at its value. */
export interface CheckedIssue {
  issue: ScenarioIssue;
  atKey: boolean;
}

type Data = Record<string, unknown>;

function isRecord(value: unknown): value is Data {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function isInteger(value: unknown): value is number {
  return Number.isSafeInteger(value);
}

function invalid(path: PathSegment[], expected: string, received: string, atKey = false): CheckedIssue {
  return { issue: { code: "invalid_value", path, expected, received }, atKey };
}

/** A test function's parameter names, x1 … xd, when the model is one the schema accepts. */
function functionInputs(model: unknown): { name: string; inputs: string[] } | undefined {
  if (model === "ishigami") return { name: "ishigami", inputs: ["x1", "x2", "x3"] };
  if (!isRecord(model)) return undefined;
  if (model.function === "ishigami") return { name: "ishigami", inputs: ["x1", "x2", "x3"] };
  if (model.function === "g-function" && Array.isArray(model.a) && model.a.length > 0) {
    return { name: "g-function", inputs: model.a.map((_, k) => `x${k + 1}`) };
  }
  return undefined;
}

/** Scenario or model, and what applies to a scenario only. */
function checkTarget(data: Data): CheckedIssue[] {
  const issues: CheckedIssue[] = [];
  const hasModel = data.model !== undefined;
  if (data.scenario !== undefined && hasModel) {
    issues.push(
      invalid(
        ["model"],
        "a scenario or a model, not both",
        `a model beside scenario ${describeValue(data.scenario)}`,
        true,
      ),
    );
  }
  if (data.scenario === undefined && !hasModel) {
    issues.push({
      issue: {
        code: "missing",
        path: ["scenario"],
        expected:
          "a scenario (a built-in name or a path relative to this file), or a model (a test function: ishigami or " +
          "g-function)",
      },
      atKey: true,
    });
  }
  if (data.model === "g-function") {
    issues.push(
      invalid(["model"], "{ function: g-function, a: [...] }: the G-function needs its a", '"g-function"'),
    );
  }
  if (hasModel) {
    const why: Record<string, string> = {
      population: "a test function has no citizens",
      days: "a test function has no days",
      set: "a test function has no scenario to override",
    };
    for (const [key, reason] of Object.entries(why)) {
      if (data[key] !== undefined)
        issues.push(invalid([key], `no ${key} with a model: ${reason}`, describeValue(data[key]), true));
    }
  }
  return issues;
}

const PARAMETER_FIELDS = Object.keys(parameterSchema.shape);

/** The kinds of value a parameter has among range, levels and distribution, in the order written. */
function kindsOf(parameter: Data): string[] {
  return Object.keys(parameter).filter(
    (key) => key === "range" || key === "levels" || key === "distribution",
  );
}

function listText(values: readonly unknown[]): string {
  return `[${values.map((value) => (typeof value === "number" ? String(value) : describeValue(value))).join(", ")}]`;
}

/** One parameter's own fields: one kind of value, what applies to it, a range's and a distribution's order. */
function checkParameter(parameter: Data, at: PathSegment[]): CheckedIssue[] {
  const issues: CheckedIssue[] = [];
  const kinds = kindsOf(parameter);
  // A parameter with a field the schema does not know (`rnage`) is reported there.
  const unknown = Object.keys(parameter).some((key) => !PARAMETER_FIELDS.includes(key));
  if (kinds.length === 0 && !unknown) {
    issues.push(invalid(at, "a parameter with a range, levels or a distribution", "none of them"));
  }
  for (const kind of kinds.slice(1)) {
    issues.push(invalid([...at, kind], "one of range, levels or distribution", kinds.join(" and "), true));
  }
  const kind = kinds[0];
  if (parameter.scale !== undefined && kind !== undefined && kind !== "range") {
    const what = kind === "levels" ? "levels" : "a distribution";
    issues.push(
      invalid(
        [...at, "scale"],
        `no scale with ${what}: scale applies to a range`,
        describeValue(parameter.scale),
        true,
      ),
    );
  }
  if (parameter.integer !== undefined && kind === "levels") {
    issues.push(
      invalid(
        [...at, "integer"],
        "no integer with levels: levels are set as written",
        describeValue(parameter.integer),
        true,
      ),
    );
  }
  const range = parameter.range;
  if (
    kind === "range" &&
    Array.isArray(range) &&
    range.length === 2 &&
    isNumber(range[0]) &&
    isNumber(range[1])
  ) {
    const [low, high] = range;
    if (parameter.scale === "log" && !(low > 0 && low < high)) {
      issues.push(
        invalid([...at, "range"], "a range [low, high] with 0 < low < high (scale: log)", listText(range)),
      );
    } else if (!(low < high)) {
      issues.push(invalid([...at, "range"], "a range [low, high] with low < high", listText(range)));
    }
  }
  const levels = parameter.levels;
  if (kind === "levels" && Array.isArray(levels)) {
    const seen = new Set<string>();
    for (const [k, level] of levels.entries()) {
      const key = JSON.stringify(level);
      if (seen.has(key))
        issues.push(
          invalid([...at, "levels", k], "a level the list does not already hold", describeValue(level)),
        );
      seen.add(key);
    }
  }
  const distribution = parameter.distribution;
  if (kind === "distribution" && isRecord(distribution)) {
    const written = ["normal", "triangular"].filter((key) => distribution[key] !== undefined);
    if (written.length === 2) {
      issues.push(
        invalid(
          [...at, "distribution", "triangular"],
          "one of normal or triangular",
          "normal and triangular",
          true,
        ),
      );
    }
    if (written.length === 0 && Object.keys(distribution).length === 0) {
      issues.push(
        invalid([...at, "distribution"], "a mapping with normal or triangular", "an empty mapping"),
      );
    }
    const triangle = distribution.triangular;
    if (isRecord(triangle) && isNumber(triangle.low) && isNumber(triangle.mode) && isNumber(triangle.high)) {
      const { low, mode, high } = triangle;
      if (!(low <= mode && mode <= high && low < high)) {
        issues.push(
          invalid(
            [...at, "distribution", "triangular"],
            "low ≤ mode ≤ high, with low < high",
            `low ${low}, mode ${mode}, high ${high}`,
          ),
        );
      }
    }
  }
  return issues;
}

/** The list of parameters: each parameter, their number, distinct paths and names, a test function's inputs. */
function checkParameters(data: Data): CheckedIssue[] {
  const parameters = data.parameters;
  if (!Array.isArray(parameters)) return [];
  const issues: CheckedIssue[] = [];
  if (parameters.length > MAX_PARAMETERS) {
    issues.push(
      invalid(["parameters"], `a list of at most ${MAX_PARAMETERS} parameters`, describeValue(parameters)),
    );
  }
  const byPath = new Map<string, number>();
  const byName = new Map<string, number>();
  for (const [k, parameter] of parameters.entries()) {
    if (!isRecord(parameter)) continue;
    const at = ["parameters", k];
    issues.push(...checkParameter(parameter, at));
    const path = typeof parameter.path === "string" ? parameter.path : undefined;
    let repeatedPath = false;
    if (path !== undefined) {
      const first = byPath.get(path);
      repeatedPath = first !== undefined;
      if (first === undefined) byPath.set(path, k);
      else
        issues.push(
          invalid([...at, "path"], "a path no other parameter sets", `"${path}", as parameters[${first}]`),
        );
    }
    const named = typeof parameter.name === "string";
    const name = named ? (parameter.name as string) : path;
    if (name === undefined) continue;
    const first = byName.get(name);
    if (first === undefined) byName.set(name, k);
    // A name left to a repeated path is reported as that path.
    else if (named || !repeatedPath) {
      const received = `"${name}", the name of parameters[${first}]`;
      issues.push(invalid([...at, named ? "name" : "path"], "a name no other parameter has", received));
    }
  }
  const target = functionInputs(data.model);
  if (target !== undefined) issues.push(...checkInputs(parameters, target.name, target.inputs));
  return issues;
}

/** A test function's parameters: x1 … xd, each once, in order. */
function checkInputs(
  parameters: readonly unknown[],
  name: string,
  inputs: readonly string[],
): CheckedIssue[] {
  const issues: CheckedIssue[] = [];
  const all = `${name}'s parameters ${inputs.join(", ")}, in this order`;
  const paths = parameters.map((parameter) => (isRecord(parameter) ? parameter.path : undefined));
  const known = new Set(inputs);
  for (const [k, path] of paths.entries()) {
    if (typeof path !== "string") continue;
    if (!known.has(path)) {
      issues.push({
        issue: {
          code: "invalid_value",
          path: ["parameters", k, "path"],
          expected: `one of ${name}'s parameters: ${inputs.join(", ")}`,
          received: describeValue(path),
          suggestion: closest(path, inputs),
        },
        atKey: false,
      });
    } else if (k < inputs.length && path !== inputs[k] && paths.indexOf(path) === k) {
      issues.push(invalid(["parameters", k, "path"], `"${inputs[k]}" here (${all})`, describeValue(path)));
    }
  }
  const missing = inputs.filter((input) => !paths.includes(input));
  if (missing.length > 0) {
    issues.push({
      issue: {
        code: "too_few",
        path: ["parameters"],
        expected: all,
        received: `none named ${missing.join(" or ")}`,
      },
      atKey: true,
    });
  }
  return issues;
}

/** Thousands separated by commas (531,441); beyond 2^53, three significant digits. */
function count(value: number): string {
  if (!Number.isSafeInteger(value)) return value.toPrecision(3);
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** The design's own constraints, and a grid's size. */
function checkDesign(data: Data): CheckedIssue[] {
  const design = data.design;
  if (!isRecord(design)) return [];
  const issues: CheckedIssue[] = [];
  if (design.kind === "sobol" && isInteger(design.n) && design.n >= 2 && (design.n & (design.n - 1)) !== 0) {
    issues.push(invalid(["design", "n"], "a power of two: 2, 4, 8, …, 65536", String(design.n)));
  }
  if (design.kind === "morris" && isInteger(design.levels) && design.levels % 2 !== 0) {
    issues.push(
      invalid(
        ["design", "levels"],
        "an even number of levels from 2 to 100 (the step p / (2(p − 1)) needs p even)",
        String(design.levels),
      ),
    );
  }
  const parameters = data.parameters;
  if (design.kind === "grid" && isInteger(design.points) && Array.isArray(parameters)) {
    const points = design.points;
    const counts = parameters.map((parameter) =>
      isRecord(parameter) && Array.isArray(parameter.levels) ? parameter.levels.length : points,
    );
    const total = counts.reduce((product, values) => product * values, 1);
    if (total > MAX_GRID_POINTS) {
      const product = counts.every((values) => values === counts[0])
        ? `${counts[0]}^${counts.length}`
        : counts.join(" × ");
      issues.push(
        invalid(
          ["design", "points"],
          `a grid of at most ${count(MAX_GRID_POINTS)} points (the product of each parameter's values)`,
          `${product} = ${count(total)} points`,
        ),
      );
    }
  }
  return issues;
}

/** The measures: required with a scenario, only `y` with a model, known series, each once. */
function checkMeasures(data: Data): CheckedIssue[] {
  const measures = data.measures;
  const model = data.model !== undefined;
  if (measures === undefined) {
    if (model || data.scenario === undefined) return [];
    return [
      {
        issue: {
          code: "missing",
          path: ["measures"],
          expected:
            "a list of at least 1 measure: a main measure's id or a summary.json path, or { series: …, day: … }",
        },
        atKey: true,
      },
    ];
  }
  if (!Array.isArray(measures)) return [];
  const issues: CheckedIssue[] = [];
  const seen = new Map<string, number>();
  for (const [k, measure] of measures.entries()) {
    let id: string | undefined;
    if (model) {
      if (measure !== "y")
        issues.push(invalid(["measures", k], `"y": a test function has one output`, describeValue(measure)));
      continue;
    }
    if (typeof measure === "string") id = measure;
    else if (isRecord(measure) && typeof measure.series === "string") {
      const series: readonly string[] = SERIES_MEASURES;
      if (!series.includes(measure.series)) {
        issues.push({
          issue: {
            code: "invalid_value",
            path: ["measures", k, "series"],
            expected: `a measure of the daily series: one of ${series.map((name) => JSON.stringify(name)).join(", ")}`,
            received: describeValue(measure.series),
            suggestion: closest(measure.series, series),
          },
          atKey: false,
        });
      }
      if (isInteger(measure.day)) id = `${measure.series}@${measure.day}`;
    }
    if (id === undefined) continue;
    const first = seen.get(id);
    if (first !== undefined) {
      issues.push(
        invalid(["measures", k], "a measure not already in the list", `"${id}", as measures[${first}]`),
      );
    } else seen.set(id, k);
  }
  return issues;
}

/** Every problem across the fields of a sweep file's data (a mapping), each with where it sits. */
export function checkSweep(data: Data): CheckedIssue[] {
  return [...checkTarget(data), ...checkParameters(data), ...checkDesign(data), ...checkMeasures(data)];
}
