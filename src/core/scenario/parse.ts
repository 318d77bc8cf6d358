import type { Document, LineCounter } from "yaml";
import type { z } from "zod";
import { isRecordSchema, knownKeys, schemaAt } from "./introspect.js";
import { describeValue, type IssueLocation, type PathSegment, type ScenarioIssue } from "./issues.js";
import { locate, startsWith } from "./locate.js";
import { clonePlain, dropRemovedProvenance, layerPath, mergeScenarioData, removedKey } from "./merge.js";
import { applyOverrides, type Override } from "./overrides.js";
import { plainDataIssues } from "./plain.js";
import { checkReferences } from "./references.js";
import { type Scenario, scenarioSchema } from "./schema/scenario.js";
import { closest } from "./suggest.js";
import { checkTimeline, type TimelineIssue, timelineStructureCheck } from "./timeline.js";
import { readYamlData } from "./yamlData.js";
import { zodIssues } from "./zodIssues.js";

export interface ParseOptions {
  /** The file's name as errors should show it (`scenarios/china-2020.yaml`). */
  file?: string;
  /** `PATH=VALUE` overrides, applied before validation (see `applyOverrides`). */
  overrides?: readonly Override[];
  /**
   * Finds the scenario named by `extends` (a built-in name or a path relative to `from`); when there is none,
   * may say which paths it tried.
   */
  resolve?: (name: string, from: string | undefined) => ScenarioText | { tried: string[] } | undefined;
  /** Names `extends` may use, for the error when it names none of them. */
  known?: readonly string[];
}

export type ParseResult =
  | { ok: true; scenario: Scenario; issues: readonly [] }
  | { ok: false; scenario?: undefined; issues: ScenarioIssue[] };

/** Turns one zod issue into ours, with the expectation read from the scenario's schema at its path. */
function fromZod(issue: z.core.$ZodIssue): ScenarioIssue[] {
  return zodIssues(scenarioSchema, issue);
}

/** Codes whose location is the key of a mapping entry rather than its value. */
function locatedAtKey(issue: ScenarioIssue): boolean {
  const parent = schemaAt(scenarioSchema, issue.path.slice(0, -1));
  return (
    issue.code === "unknown_key" ||
    issue.code === "reserved_name" ||
    (issue.code === "unknown_reference" && parent !== undefined && isRecordSchema(parent))
  );
}

/**
 * Validates plain data as a scenario (no file, so no positions). As in a file, a field set to `null` counts as
 * absent.
 */
export function validateScenario(input: unknown): ParseResult {
  const unplain = plainDataIssues(input);
  if (unplain.length > 0) return { ok: false, issues: unplain };
  const data = isRecord(input) ? mergeScenarioData(undefined, input) : input;
  const issues = [...unknownNullKeys(input), ...validate(data)];
  if (issues.length > 0) return { ok: false, issues };
  const scenario = scenarioSchema.parse(data);
  const timeline = timelineIssues(scenario).map(({ entry: _, ...issue }) => issue);
  if (timeline.length > 0) return { ok: false, issues: timeline };
  return { ok: true, scenario, issues: [] };
}

/** What tells two issues apart, wherever they are located. */
function issueKey(issue: ScenarioIssue): string {
  return `${issue.code} ${issue.path.join("\u0000")} ${issue.name ?? ""}`;
}

/** Schema and cross-field issues, one per code and path (zod reports an integer's bounds twice). */
function validate(input: unknown): ScenarioIssue[] {
  const result = scenarioSchema.safeParse(input, { reportInput: true });
  const issues: ScenarioIssue[] = [];
  const seen = new Set<string>();
  const zodIssues = result.success ? [] : result.error.issues.flatMap(fromZod);
  for (const issue of [...zodIssues, ...checkReferences(input)]) {
    const key = `${issue.code} ${issue.path.join("\u0000")}`;
    if (!seen.has(key)) issues.push(issue);
    seen.add(key);
  }
  return issues;
}

/** A scenario's text and the name its errors should show. */
export interface ScenarioText {
  text: string;
  file?: string;
}

/** One parsed YAML document of an `extends` chain. */
interface Layer {
  file?: string;
  yamlDocument: Document;
  lineCounter: LineCounter;
  data: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Fields set to `null` that the scenario does not have: `null` removes a part, so such keys vanish before the schema
 * sees them, and a misspelt field (or a YAML flow mapping split at a comma, `{ label: water, power or gas }`) would
 * pass unnoticed. Only fixed mappings are checked (a union's fields are those of any of its mappings); free mappings
 * (shares by id) are left to the schema.
 */
function unknownNullKeys(node: unknown, path: PathSegment[] = []): ScenarioIssue[] {
  if (Array.isArray(node)) {
    // `- ID: null` removes an inherited item (see `mergeScenarioData`), it names no field.
    return node.flatMap((item, k) =>
      removedKey(item) !== undefined ? [] : unknownNullKeys(item, [...path, k]),
    );
  }
  if (!isRecord(node)) return [];
  const known = knownKeys(schemaAt(scenarioSchema, path));
  const issues: ScenarioIssue[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (value === null) {
      if (known.length > 0 && !known.includes(key)) {
        issues.push({
          code: "unknown_key",
          path: [...path, key],
          name: key,
          known,
          suggestion: closest(key, known),
        });
      }
    } else {
      issues.push(...unknownNullKeys(value, [...path, key]));
    }
  }
  return issues;
}

function parseLayer(source: ScenarioText): { layer?: Layer; issues: ScenarioIssue[] } {
  const { file } = source;
  const { read, issues } = readYamlData(source.text, file, locatedAtKey);
  if (!read) return { issues };
  const { yamlDocument, lineCounter, data } = read;
  if (!isRecord(data)) {
    const received = describeValue(data);
    return { issues: [{ code: "not_a_mapping", path: [], received, at: { file, line: 1, column: 1 } }] };
  }
  return { layer: { file, yamlDocument, lineCounter, data }, issues: [] };
}

/** Reads the chain of `extends`, the file itself first; stops at the first layer that cannot be read. */
function readChain(
  source: ScenarioText,
  options: ParseOptions,
): { layers: Layer[]; issues: ScenarioIssue[] } {
  const layers: Layer[] = [];
  let current: ScenarioText | undefined = source;
  const seen: string[] = [];
  while (current) {
    const { layer, issues } = parseLayer(current);
    if (!layer) return { layers, issues };
    layers.push(layer);
    const name = layer.data.extends;
    if (name === undefined) break;
    const at = { file: layer.file, ...locate(layer.yamlDocument, layer.lineCounter, ["extends"], false) };
    if (typeof name !== "string") {
      return {
        layers,
        issues: [
          {
            code: "invalid_type",
            path: ["extends"],
            expected: "a scenario name",
            received: describeValue(name),
            at,
          },
        ],
      };
    }
    const found = options.resolve?.(name, layer.file);
    const resolved = found !== undefined && "text" in found ? found : undefined;
    if (!resolved || seen.includes(resolved.file ?? name)) {
      const cycle = resolved !== undefined;
      const tried = found !== undefined && "tried" in found ? found.tried : [];
      return {
        layers,
        issues: [
          {
            code: cycle ? "invalid_value" : "unknown_reference",
            path: ["extends"],
            name,
            kind: "scenario to extend",
            known: options.known ?? [],
            suggestion: cycle ? undefined : closest(name, options.known ?? []),
            expected: cycle ? "a scenario that does not extend itself" : undefined,
            received: cycle ? `"${name}", which leads back here` : undefined,
            detail:
              tried.length > 0
                ? `no file at ${tried.join(" or at ")}, and no built-in scenario of that name`
                : undefined,
            at,
          },
        ],
      };
    }
    seen.push(layer.file ?? "", resolved.file ?? name);
    current = resolved;
  }
  return { layers, issues: [] };
}

/**
 * Parses and validates a scenario's YAML text. Every problem is collected — YAML syntax, schema, references,
 * sums, bands — each with its path and, where a document has it, its file, line and column. A scenario may
 * `extends` another (found through `options.resolve`) and change or drop its parts (see `mergeScenarioData`).
 * Overrides are checked with everything else after they are applied; a problem they cause is located at the
 * override, never in the file.
 */
export function parseScenario(text: string, options: ParseOptions = {}): ParseResult {
  const { layers, issues: chainIssues } = readChain({ text, file: options.file }, options);
  if (chainIssues.length > 0) return { ok: false, issues: chainIssues };
  const issues: ScenarioIssue[] = [];
  let data: Record<string, unknown> = {};
  for (let i = layers.length - 1; i >= 0; i--) {
    const removals: ScenarioIssue[] = [];
    data = mergeScenarioData(data, layers[i].data, removals) as Record<string, unknown>;
    if (i < layers.length - 1) dropRemovedProvenance(data, layers[i].data);
    for (const issue of removals) issues.push({ ...issue, at: locateInLayer(layers[i], issue.path, true) });
  }
  delete data.extends;
  for (const layer of layers) {
    for (const issue of unknownNullKeys(layer.data))
      issues.push({ ...issue, at: locateInLayer(layer, issue.path, true) });
  }
  const overrides = options.overrides ?? [];
  const asWritten = overrides.length > 0 ? clonePlain(data) : data;
  const { applied, issues: overrideIssues } = applyOverrides(data, overrides);
  issues.push(...overrideIssues);
  const inFile = overrides.length > 0 ? new Set(validate(asWritten).map(issueKey)) : undefined;
  const culprit = culprits(asWritten, overrides);
  for (const issue of validate(data)) {
    const override = applied.findLast((entry) => startsWith(issue.path, entry.path));
    if (override) issues.push({ ...issue, at: { override: override.label } });
    else if (inFile && !inFile.has(issueKey(issue))) {
      issues.push({ ...issue, at: { override: culprit(issue) } });
    } else issues.push({ ...issue, at: locateInChain(layers, data, issue) });
  }
  if (issues.length === 0) {
    // The timeline is checked on a valid scenario: each change is laid over it, and the result validated again.
    const scenario = scenarioSchema.parse(data);
    for (const issue of timelineIssues(scenario)) {
      const { entry, ...rest } = issue;
      const path = entry === undefined ? issue.path : ["timeline", entry, "set"];
      const atKey = entry !== undefined || TIMELINE_KEY_CODES.has(issue.code);
      issues.push({ ...rest, at: locateTimeline(layers, data, path, atKey) });
    }
    if (issues.length === 0) return { ok: true, scenario, issues: [] };
  }
  issues.sort(byPosition);
  return { ok: false, issues };
}

/** Codes of a timeline's issues located at the key that sets the field rather than at its value. */
const TIMELINE_KEY_CODES = new Set(["invalid_change", "fixed_in_run", "unknown_key", "reserved_name"]);

function timelineIssues(scenario: Scenario): TimelineIssue[] {
  return checkTimeline(scenario, { validate, structure: timelineStructureCheck() });
}

/** Where a timeline's issue is: its key (`atKey`) or its value, in the layer that writes the timeline. */
function locateTimeline(
  layers: Layer[],
  data: unknown,
  path: readonly PathSegment[],
  atKey: boolean,
): IssueLocation {
  for (const layer of layers) {
    const mapped = layerPath(data, layer.data, path);
    const found = locate(layer.yamlDocument, layer.lineCounter, mapped.path, atKey);
    if (found && found.depth >= Math.min(path.length, 4))
      return { file: layer.file, line: found.line, column: found.column };
  }
  return locateInChain(layers, data, { code: "invalid_value", path });
}

/**
 * Finds the override that causes a problem found elsewhere (an id renamed by `--set` leaves a reference or a
 * provenance path dangling): the first whose application, in order, makes the problem appear. The overrides are
 * replayed once, lazily, whatever the number of problems.
 */
function culprits(asWritten: Record<string, unknown>, overrides: readonly Override[]) {
  const prefixes: { label: string; keys: Set<string> }[] = [];
  return (issue: ScenarioIssue): string => {
    const key = issueKey(issue);
    for (let k = 0; k < overrides.length; k++) {
      if (prefixes[k] === undefined) {
        const data = clonePlain(asWritten);
        const { applied } = applyOverrides(data, overrides.slice(0, k + 1));
        const label = applied.at(-1)?.label ?? "the overrides";
        prefixes[k] = { label, keys: new Set(validate(data).map(issueKey)) };
      }
      if (prefixes[k].keys.has(key)) return prefixes[k].label;
    }
    return prefixes.at(-1)?.label ?? "the overrides";
  };
}

function locateInLayer(layer: Layer, path: readonly PathSegment[], atKey: boolean): IssueLocation {
  const found = locate(layer.yamlDocument, layer.lineCounter, path, atKey);
  return { file: layer.file, line: found?.line ?? 1, column: found?.column ?? 1 };
}

/**
 * The layer that holds the issue's path (the topmost that holds all of it, else the one that holds the most).
 * List items are matched by id in each layer, so an item a child overrides is found in the child.
 */
function locateInChain(layers: Layer[], data: unknown, issue: ScenarioIssue): IssueLocation {
  let best: { layer: Layer; line: number; column: number; depth: number } | undefined;
  for (const layer of layers) {
    const mapped = layerPath(data, layer.data, issue.path);
    const found = locate(layer.yamlDocument, layer.lineCounter, mapped.path, locatedAtKey(issue));
    if (!found) continue;
    if (found.complete && mapped.whole) return { file: layer.file, line: found.line, column: found.column };
    if (!best || found.depth > best.depth)
      best = { layer, line: found.line, column: found.column, depth: found.depth };
  }
  return best
    ? { file: best.layer.file, line: best.line, column: best.column }
    : { file: layers[0]?.file, line: 1, column: 1 };
}

function byPosition(a: ScenarioIssue, b: ScenarioIssue): number {
  const rank = (issue: ScenarioIssue) => (issue.at?.override !== undefined ? 0 : 1);
  return (
    rank(a) - rank(b) || (a.at?.line ?? 0) - (b.at?.line ?? 0) || (a.at?.column ?? 0) - (b.at?.column ?? 0)
  );
}
