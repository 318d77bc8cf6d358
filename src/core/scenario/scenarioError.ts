import type { ScenarioIssue } from "./issues.js";
import { clonePlain } from "./merge.js";
import { applyOverrides } from "./overrides.js";
import { type ParseOptions, type ParseResult, parseScenario, validateScenario } from "./parse.js";
import { plainDataIssues } from "./plain.js";
import type { Scenario } from "./schema/scenario.js";

/**
 * An invalid scenario, as an error: a one-line message, and every problem as data in `issues` (code, path, what
 * was expected and what was found, located where a file has positions). `formatIssues(error.issues)` words them.
 */
export class ScenarioError extends Error {
  override readonly name = "ScenarioError";
  readonly issues: ScenarioIssue[];

  constructor(message: string, issues: readonly ScenarioIssue[]) {
    super(message);
    this.issues = [...issues];
  }
}

/** `3 problems`, `1 problem`. */
export function problemCount(issues: readonly ScenarioIssue[]): string {
  return `${issues.length} problem${issues.length === 1 ? "" : "s"}`;
}

/**
 * Reads a scenario from its YAML text or from plain data, with `PATH=VALUE` overrides validated like the rest;
 * throws a ScenarioError carrying every problem when it is invalid. Text may `extends` another scenario only
 * through `options.resolve` (the core reads no file).
 */
export function readScenario(input: string | Record<string, unknown>, options: ParseOptions = {}): Scenario {
  const result = typeof input === "string" ? parseScenario(input, options) : validateData(input, options);
  if (result.ok) return result.scenario;
  const problems = problemCount(result.issues);
  throw new ScenarioError(
    options.file ? `${options.file} is not a valid scenario (${problems})` : `invalid scenario (${problems})`,
    result.issues,
  );
}

/** Plain data with its overrides applied (to a copy), then validated. */
function validateData(input: Record<string, unknown>, options: ParseOptions): ParseResult {
  const overrides = options.overrides ?? [];
  if (overrides.length === 0) return validateScenario(input);
  const unplain = plainDataIssues(input);
  if (unplain.length > 0) return { ok: false, issues: unplain };
  const data = clonePlain(input);
  const { issues } = applyOverrides(data, overrides);
  return issues.length > 0 ? { ok: false, issues } : validateScenario(data);
}
