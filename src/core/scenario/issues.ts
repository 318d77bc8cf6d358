/** One step of a path into a scenario: a field name or a list index. */
export type PathSegment = string | number;

/** What kind of problem an issue is; the words for each live in `format.ts`. */
export type IssueCode =
  | "yaml_syntax"
  | "not_a_mapping"
  | "missing"
  | "invalid_type"
  | "out_of_range"
  | "too_few"
  | "invalid_value"
  | "invalid_format"
  | "unknown_key"
  | "unknown_reference"
  | "not_observed"
  | "duplicate_id"
  | "shares_sum"
  | "invalid_range"
  | "band_overlap"
  | "band_gap"
  | "band_bounds"
  | "needs_section"
  | "empty_rule"
  | "invalid_override"
  | "invalid_change"
  | "fixed_in_run"
  | "reserved_name"
  | "too_deep";

/** Where an issue sits: a position in a file, or a `--set` override. */
export interface IssueLocation {
  file?: string;
  line?: number;
  column?: number;
  /** The command-line override the value came from (`--set sources.cctv.detection=2`, `--population 0`). */
  override?: string;
}

/**
 * A problem with a scenario, as data: what kind, where, what was expected and what was found. `formatIssue`
 * turns it into words.
 */
export interface ScenarioIssue {
  code: IssueCode;
  path: readonly PathSegment[];
  /** What was expected, in words ("a number from 0 to 1"). */
  expected?: string;
  /** What was found, in words (`1.5`, `"high"`, "a list"). */
  received?: string;
  /** The name at fault: an unknown key, an undefined reference, a duplicated id. */
  name?: string;
  /** What a reference could have named (`behaviour`, `group`, …). */
  kind?: string;
  /** The names that would have been accepted. */
  known?: readonly string[];
  /** The closest known name, when one is close. */
  suggestion?: string;
  /** Extra detail for codes that carry numbers (a sum, two overlapping bands). */
  detail?: string;
  at?: IssueLocation;
}

/** Writes a path as `sources[2].misattribution.rate`; a key that is not a plain name is quoted (`x[" "]`). */
export function formatPath(path: readonly PathSegment[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (!/^[A-Za-z_$][\w$-]*$/.test(segment)) text += `[${JSON.stringify(segment)}]`;
    else text += text === "" ? segment : `.${segment}`;
  }
  return text === "" ? "(the top level)" : text;
}

/** Writes a found value in a few words: numbers and strings as they are, containers by kind. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null (an empty value)";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : `a list of ${value.length}`;
  if (typeof value === "object") return "a mapping";
  return typeof value;
}
