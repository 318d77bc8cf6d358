import { formatPath, type ScenarioIssue } from "./issues.js";

// Issues are data; this file alone turns them into words, so the wording is in one place and easy to lock in tests.

const MAX_KNOWN = 12;

function knownList(known: readonly string[] | undefined, kind?: string): string {
  if (!known || known.length === 0)
    return kind && /^[a-z ]+$/.test(kind) ? `no ${kind} is defined` : "none is defined";
  const shown = known.slice(0, MAX_KNOWN).join(", ");
  return known.length > MAX_KNOWN ? `${shown}, … (${known.length} in all)` : shown;
}

function didYouMean(issue: ScenarioIssue): string {
  return issue.suggestion ? `; did you mean "${issue.suggestion}"?` : "";
}

/** The sentence that says what is wrong, without where. */
export function issueMessage(issue: ScenarioIssue): string {
  const last = issue.path.at(-1);
  switch (issue.code) {
    case "yaml_syntax":
      return `invalid YAML: ${lowerFirst(issue.detail ?? "syntax error")}`;
    case "not_a_mapping":
      return `expected a mapping of scenario fields (name: …, population: …), received ${issue.received}`;
    case "missing":
      return `missing required field "${String(last)}": expected ${issue.expected}`;
    case "invalid_type":
    case "out_of_range":
    case "too_few":
    case "invalid_format":
    case "invalid_value":
      return `expected ${issue.expected}, received ${issue.received}${didYouMean(issue)}`;
    case "unknown_key":
      return issue.suggestion
        ? `unknown field "${issue.name}"${didYouMean(issue)}`
        : `unknown field "${issue.name}"; known fields: ${knownList(issue.known)}`;
    case "unknown_reference":
      if (issue.detail !== undefined) {
        return `unknown ${issue.kind} "${issue.name}": ${issue.detail}${didYouMean(issue) || ";"} known: ${knownList(issue.known, issue.kind)}`;
      }
      if (!issue.known || issue.known.length === 0) {
        return `unknown ${issue.kind} "${issue.name}": ${knownList(issue.known, issue.kind)}`;
      }
      return `unknown ${issue.kind} "${issue.name}"${didYouMean(issue) || ";"} known: ${knownList(issue.known)}`;
    case "not_observed":
      return `behaviour "${issue.name}" is not observed by this source${didYouMean(issue) || ";"} observed: ${knownList(issue.known)}`;
    case "duplicate_id":
      return `duplicate id "${issue.name}": ids must be unique within a list`;
    case "shares_sum":
      return `shares must sum to 1, but they sum to ${issue.detail}`;
    case "invalid_range":
      return `min must be below max, but ${issue.detail}`;
    case "band_overlap":
      return `score bands overlap: ${issue.detail}`;
    case "band_gap":
      return `score bands leave a gap: ${issue.detail}`;
    case "band_bounds":
      return `score bands must cover scoring.range exactly: ${issue.detail}`;
    case "needs_section":
      return `${issue.detail} needs a "${issue.name}" section, and the scenario has none`;
    case "empty_rule":
      return "blacklist.entry has no rule: set scoreBelow, scoreAtLeast, severity, behaviours or courtSources";
    case "reserved_name":
      return `"${issue.name}" cannot name a field or an item: __proto__, prototype and constructor are reserved`;
    case "too_deep":
      return `mappings and lists nest deeper than ${issue.detail} levels here; a scenario needs at most 5`;
    case "invalid_change":
      return `invalid change: ${issue.detail}${didYouMean(issue)}${issue.known && !issue.suggestion ? `; known: ${knownList(issue.known)}` : ""}`;
    case "fixed_in_run":
      return `cannot change during a run: this change alters ${issue.detail}`;
    case "invalid_override": {
      let known = "";
      if (issue.known && !issue.suggestion) {
        known = issue.known.length > 0 ? `; known: ${knownList(issue.known)}` : "; the list is empty";
      }
      return `invalid override: ${issue.detail}${didYouMean(issue)}${known}`;
    }
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Where an issue is: `sources[2].misattribution.rate (china-2020.yaml:41:13)`. */
export function issueLocation(issue: ScenarioIssue): string {
  const at = issue.at;
  if (at?.override !== undefined) {
    return issue.path.length > 0 ? `${formatPath(issue.path)} (${at.override})` : at.override;
  }
  const position = at?.file
    ? at.line !== undefined
      ? `${at.file}:${at.line}:${at.column}`
      : at.file
    : at?.line !== undefined
      ? `line ${at.line}, column ${at.column}`
      : "";
  if (issue.code === "yaml_syntax" || issue.code === "too_deep") return position;
  return position ? `${formatPath(issue.path)} (${position})` : formatPath(issue.path);
}

export interface FormatOptions {
  /** Use ANSI colours (the CLI turns them off for NO_COLOR and when not a terminal). */
  color?: boolean;
}

/** One issue in two lines: `✖ what is wrong` then `  → at where`. */
export function formatIssue(issue: ScenarioIssue, options: FormatOptions = {}): string {
  const red = options.color ? (text: string) => `\u001b[31m${text}\u001b[39m` : (text: string) => text;
  const dim = options.color ? (text: string) => `\u001b[2m${text}\u001b[22m` : (text: string) => text;
  return `${red("✖")} ${issueMessage(issue)}\n  ${dim(`→ at ${issueLocation(issue)}`)}`;
}

/** Every issue, in order, one after another. */
export function formatIssues(issues: readonly ScenarioIssue[], options: FormatOptions = {}): string {
  return issues.map((issue) => formatIssue(issue, options)).join("\n");
}
