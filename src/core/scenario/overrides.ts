import { parse } from "yaml";
import { describeValue, formatPath, type PathSegment, type ScenarioIssue } from "./issues.js";
import { yamlMessage } from "./locate.js";
import { closest } from "./suggest.js";

/**
 * An override: `PATH=VALUE` as typed after `--set`, or an assignment with the label errors should show (the CLI
 * turns `--population 0` into `{ assignment: "population.size=0", label: "--population 0" }`).
 */
export type Override = string | { assignment: string; label: string };

/** An override resolved against a document: the path with list items as indexes, and how to name it. */
export interface AppliedOverride {
  label: string;
  path: PathSegment[];
}

function invalid(label: string, detail: string, suggestion?: string, known?: string[]): ScenarioIssue {
  return { code: "invalid_override", path: [], detail, suggestion, known, at: { override: label } };
}

/**
 * Applies `PATH=VALUE` overrides to scenario data in place. PATH is dotted; a list item is named by its `id`
 * (`sources.cctv.detection`) or its index (`sources.0.detection`). VALUE is read as YAML (`0.5`, `true`,
 * `[a, b]`, `{ rate: 1 }`), so an override goes through the same validation as the file.
 */
export function applyOverrides(
  data: Record<string, unknown>,
  overrides: readonly Override[],
): { applied: AppliedOverride[]; issues: ScenarioIssue[] } {
  const applied: AppliedOverride[] = [];
  const issues: ScenarioIssue[] = [];
  for (const override of overrides) {
    const text = typeof override === "string" ? override : override.assignment;
    const label = typeof override === "string" ? `--set ${override}` : override.label;
    const equals = text.indexOf("=");
    if (equals <= 0) {
      issues.push(
        invalid(label, `expected PATH=VALUE (e.g. sources.cctv.detection=0.5), received "${text}"`),
      );
      continue;
    }
    const dotted = text.slice(0, equals).trim();
    const rawValue = text.slice(equals + 1);
    if (rawValue.trim() === "") {
      issues.push(invalid(label, `no value after "=" in "${text}"`));
      continue;
    }
    let value: unknown;
    try {
      value = parse(rawValue);
    } catch (error) {
      const reason = yamlMessage((error as Error).message);
      issues.push(invalid(label, `the value "${rawValue}" is not valid YAML: ${reason}`));
      continue;
    }
    const resolved = assign(data, dotted.split("."), value, label);
    if ("issue" in resolved) issues.push(resolved.issue);
    else applied.push({ label, path: resolved.path });
  }
  return { applied, issues };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Sets `value` at a dotted path, creating mappings on the way; list items are found by id or index. */
function assign(
  data: Record<string, unknown>,
  segments: string[],
  value: unknown,
  label: string,
): { path: PathSegment[] } | { issue: ScenarioIssue } {
  const path: PathSegment[] = [];
  let container: Record<string, unknown> | unknown[] = data;
  for (let s = 0; s < segments.length; s++) {
    const segment = segments[s];
    if (segment === "") return { issue: invalid(label, `empty segment in the path "${segments.join(".")}"`) };
    const last = s === segments.length - 1;
    if (Array.isArray(container)) {
      const ids = container.map((item) => (isRecord(item) ? item.id : undefined));
      let index = ids.indexOf(segment);
      if (index < 0 && /^\d+$/.test(segment) && Number(segment) < container.length) index = Number(segment);
      if (index < 0) {
        const known = ids.filter((id): id is string => typeof id === "string");
        const where = path.length === 0 ? "the list" : formatPath(path);
        return { issue: invalid(label, `no item "${segment}" in ${where}`, closest(segment, known), known) };
      }
      path.push(index);
      if (last) container[index] = value;
      else {
        const next: unknown = container[index];
        if (!isRecord(next) && !Array.isArray(next)) {
          return { issue: invalid(label, `${formatPath(path)} holds no fields to set`) };
        }
        container = next;
      }
    } else {
      path.push(segment);
      if (last) container[segment] = value;
      else {
        let next: unknown = container[segment];
        if (next === undefined || next === null) {
          next = {};
          container[segment] = next;
        }
        if (!isRecord(next) && !Array.isArray(next)) {
          return {
            issue: invalid(label, `${formatPath(path)} holds ${describeValue(next)}, not fields to set`),
          };
        }
        container = next;
      }
    }
  }
  return { path };
}
