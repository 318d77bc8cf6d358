import { visit } from "yaml";
import { describeValue, formatPath, type PathSegment, type ScenarioIssue } from "./issues.js";
import { startsWith, yamlMessage } from "./locate.js";
import { inexactIntegers, isReservedName, MAX_NESTING, plainDataIssues, readYaml } from "./plain.js";
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
 * Reads an override's VALUE as YAML: plain values only (no tag such as `!!set`, no reserved key, no integer a double
 * cannot hold, no nesting deeper than a scenario needs). Returns the value, or why it is refused.
 */
function readValue(rawValue: string): { value: unknown } | { reason: string } {
  const quoted = JSON.stringify(rawValue);
  const read = readYaml(rawValue);
  if ("tooDeep" in read) return { reason: `the value ${quoted} nests deeper than ${MAX_NESTING} levels` };
  const { yamlDocument } = read;
  const [error] = yamlDocument.errors;
  if (error) return { reason: `the value ${quoted} is not valid YAML: ${yamlMessage(error.message)}` };
  let tag: string | undefined;
  visit(yamlDocument, {
    Node(_, node) {
      if (node.tag && tag === undefined) tag = node.tag.replace(/^tag:yaml\.org,2002:/, "!!");
    },
  });
  if (tag !== undefined) {
    return { reason: `the value ${quoted} carries the YAML tag ${tag}: only plain values are accepted` };
  }
  const [inexact] = inexactIntegers(yamlDocument);
  if (inexact) {
    return {
      reason:
        `the integer ${inexact.source} is beyond 2^53 − 1 (9007199254740991): a double cannot hold it exactly ` +
        `(it would read as ${Number(inexact.source)})`,
    };
  }
  let value: unknown;
  try {
    value = yamlDocument.toJS({ maxAliasCount: 100 });
  } catch (caught) {
    return { reason: `the value ${quoted} is not valid YAML: ${yamlMessage((caught as Error).message)}` };
  }
  const [unplain] = plainDataIssues(value);
  if (unplain?.code === "reserved_name") {
    return { reason: `the value ${quoted} uses the reserved name "${unplain.name}" as a key` };
  }
  if (unplain)
    return { reason: `the value ${quoted} holds ${unplain.received}: only plain values are accepted` };
  return { value };
}

/**
 * Applies `PATH=VALUE` overrides to scenario data in place. PATH is dotted; a list item is named by its `id`
 * (`sources.cctv.detection`) or its index (`sources.0.detection`). VALUE is read as YAML (`0.5`, `true`,
 * `[a, b]`, `{ rate: 1 }`), plain values only, so an override goes through the same validation as the file.
 * Each field is set once: two overrides that set the same field, or one inside the other (a flag and a `--set`,
 * or two `--set`s), are an error naming both.
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
    const segments = dotted.split(".");
    const reserved = segments.find(isReservedName);
    if (reserved !== undefined) {
      issues.push(
        invalid(
          label,
          `"${reserved}" cannot be a step of a path: __proto__, prototype and constructor are reserved`,
        ),
      );
      continue;
    }
    const read = readValue(rawValue);
    if ("reason" in read) {
      issues.push(invalid(label, read.reason));
      continue;
    }
    const resolved = assign(data, segments, read.value, label);
    if ("issue" in resolved) {
      issues.push(resolved.issue);
      continue;
    }
    const clash = applied.find(
      (earlier) => startsWith(earlier.path, resolved.path) || startsWith(resolved.path, earlier.path),
    );
    if (clash) {
      const shorter = clash.path.length <= resolved.path.length ? clash.path : resolved.path;
      issues.push(
        invalid(label, `${clash.label} and ${label} both set ${formatPath(shorter)}; give only one of them`),
      );
    }
    applied.push({ label, path: resolved.path });
  }
  return { applied, issues };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Sets `value` at a dotted path, creating mappings on the way; list items are found by id or index. The timeline
 * (`timeline.ts`) sets its changes with it too.
 */
export function assign(
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
        // Own fields only: a name such as "toString" must not reach the prototype.
        let next: unknown = Object.hasOwn(container, segment) ? container[segment] : undefined;
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
