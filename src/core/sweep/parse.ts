import {
  describeValue,
  type IssueLocation,
  type PathSegment,
  type ScenarioIssue,
} from "../scenario/issues.js";
import { locate } from "../scenario/locate.js";
import { readYamlData } from "../scenario/yamlData.js";
import { zodIssues } from "../scenario/zodIssues.js";
import { type CheckedIssue, checkSweep } from "./checks.js";
import { type SweepFile, sweepFileSchema } from "./schema.js";
import type { SweepDesign, SweepMeasure, SweepParameter, SweepSpec, SweepTarget } from "./types.js";

export interface SweepParseOptions {
  /** The file's name as errors should show it (`sweeps/china-2020-morris.yaml`). */
  file?: string;
  /** The sweep's name when the file gives none: the file's name without `.yaml`. Default: "sweep". */
  name?: string;
}

export type SweepParseResult =
  | {
      ok: true;
      sweep: SweepSpec;
      /**
       * Where a path of the file is (`["parameters", 2, "path"]`), at its value or, with `atKey`, its key: for
       * problems found later (a parameter path the scenario refuses). Where the file lacks the path, the deepest
       * part of it the file has.
       */
      locate: (path: readonly PathSegment[], atKey?: boolean) => IssueLocation | undefined;
    }
  | { ok: false; issues: ScenarioIssue[] };

/** Codes located at the key of a mapping entry rather than at its value. */
function locatedAtKey(issue: ScenarioIssue): boolean {
  return issue.code === "unknown_key" || issue.code === "reserved_name";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Schema issues (one per code and path: zod reports an integer's bounds twice), then those across fields. */
function validate(data: Record<string, unknown>): CheckedIssue[] {
  const result = sweepFileSchema.safeParse(data, { reportInput: true });
  const issues: CheckedIssue[] = [];
  const seen = new Set<string>();
  const schemaIssues = result.success
    ? []
    : result.error.issues.flatMap((issue) => zodIssues(sweepFileSchema, issue));
  const checked = [
    ...schemaIssues.map((issue) => ({ issue, atKey: locatedAtKey(issue) || issue.code === "missing" })),
    ...checkSweep(data),
  ];
  for (const entry of checked) {
    const key = `${entry.issue.code} ${entry.issue.path.join("\u0000")}`;
    if (!seen.has(key)) issues.push(entry);
    seen.add(key);
  }
  return issues;
}

/**
 * Parses and validates a sweep file's YAML text. Every problem is collected — YAML syntax, schema, the checks
 * across fields — each with its path, file, line and column. A valid file gives its `SweepSpec` with every default
 * filled in; paths into the scenario (parameters, `set`) and measures are checked against the scenario by the caller,
 * which `locate` helps place in the file.
 */
export function parseSweep(text: string, options: SweepParseOptions = {}): SweepParseResult {
  const { file } = options;
  const { read, issues: readIssues } = readYamlData(text, file, locatedAtKey);
  if (!read) return { ok: false, issues: readIssues };
  const { data, yamlDocument, lineCounter } = read;
  const where = (path: readonly PathSegment[], atKey = false): IssueLocation | undefined => {
    const found = locate(yamlDocument, lineCounter, path, atKey);
    return found ? { file, line: found.line, column: found.column } : undefined;
  };
  if (!isRecord(data)) {
    const issue: ScenarioIssue = {
      code: "invalid_type",
      path: [],
      expected: "a mapping of sweep fields (scenario or model, parameters, design, measures)",
      received: describeValue(data),
      at: { file, line: 1, column: 1 },
    };
    return { ok: false, issues: [issue] };
  }
  const checked = validate(data);
  if (checked.length > 0) {
    const issues = checked.map(({ issue, atKey }) => ({
      ...issue,
      at: where(issue.path, atKey) ?? { file, line: 1, column: 1 },
    }));
    issues.sort((a, b) => (a.at.line ?? 0) - (b.at.line ?? 0) || (a.at.column ?? 0) - (b.at.column ?? 0));
    return { ok: false, issues };
  }
  const sweep = sweepSpec(sweepFileSchema.parse(data), options.name ?? "sweep");
  return { ok: true, sweep, locate: where };
}

function target(file: SweepFile): SweepTarget {
  const model = file.model;
  if (model === undefined)
    return { kind: "scenario", scenario: file.scenario as string, set: file.set ?? {} };
  if (model === "ishigami") return { kind: "function", function: "ishigami", a: 7, b: 0.1 };
  if (typeof model === "string")
    throw new Error(`a checked sweep file names the test function ${model} alone`);
  if (model.function === "ishigami")
    return { kind: "function", function: "ishigami", a: model.a, b: model.b };
  return { kind: "function", function: "g-function", a: [...model.a] };
}

function parameter(written: SweepFile["parameters"][number]): SweepParameter {
  const common = { path: written.path, name: written.name ?? written.path, integer: written.integer };
  if (written.range !== undefined) {
    const [low, high] = written.range;
    return { ...common, space: { kind: written.scale === "log" ? "logUniform" : "uniform", low, high } };
  }
  if (written.levels !== undefined)
    return { ...common, space: { kind: "levels", levels: [...written.levels] } };
  const { normal, triangular } = written.distribution ?? {};
  if (normal !== undefined) return { ...common, space: { kind: "normal", mean: normal.mean, sd: normal.sd } };
  if (triangular !== undefined) return { ...common, space: { kind: "triangular", ...triangular } };
  throw new Error(`a checked sweep parameter (${written.path}) has no range, levels or distribution`);
}

function design(written: SweepFile["design"]): SweepDesign {
  switch (written.kind) {
    case "grid":
      return { kind: "grid", points: written.points };
    case "lhs":
      return { kind: "lhs", samples: written.samples };
    case "sobol":
      return { kind: "sobol", n: written.n, secondOrder: written.secondOrder };
    case "morris":
      return { kind: "morris", trajectories: written.trajectories, levels: written.levels };
  }
}

function measure(written: NonNullable<SweepFile["measures"]>[number]): SweepMeasure {
  if (typeof written === "string") return { kind: "summary", id: written };
  return {
    kind: "series",
    measure: written.series,
    day: written.day,
    id: `${written.series}@${written.day}`,
  };
}

/** The spec of a sweep file that passed every check. */
function sweepSpec(file: SweepFile, defaultName: string): SweepSpec {
  const run = target(file);
  const spec: SweepSpec = {
    name: file.name ?? defaultName,
    ...(file.title === undefined ? {} : { title: file.title }),
    target: run,
    ...(file.population === undefined ? {} : { population: file.population }),
    ...(file.days === undefined ? {} : { days: file.days }),
    seed: file.seed,
    replicates: file.replicates,
    parameters: file.parameters.map(parameter),
    design: design(file.design),
    measures: run.kind === "function" ? [{ kind: "function", id: "y" }] : (file.measures ?? []).map(measure),
    resamples: file.resamples,
  };
  return spec;
}
