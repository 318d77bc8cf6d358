import type { PathSegment, ScenarioIssue } from "./issues.js";
import { startsWith } from "./locate.js";
import { clonePlain } from "./merge.js";
import { assign } from "./overrides.js";
import { isReservedName } from "./plain.js";
import { type Scenario, scenarioSchema } from "./schema/scenario.js";

// The timeline's changes applied: each entry's `set` is laid over the scenario as `--set` lays its overrides (dotted
// paths, list items by id or index), cumulatively, and the result is a whole scenario again. What fixes the run's
// shape — the population, the run, what is measured, ids — cannot change; `checkTimeline` says so, and what the
// compiled model may not change is checked against it (`timelineStructure`).

/** A change of the timeline applied: from the start of `day`, the run follows `scenario`. */
export interface TimelineStep {
  day: number;
  scenario: Scenario;
}

/** Sections that describe the run or the scenario itself rather than the system, fixed for a whole run. */
const FIXED_SECTIONS: Record<string, string> = {
  population: "the population",
  run: "the run (its length, seed and warm-up)",
  measurement: "what the run measures",
  name: "the scenario's name",
  title: "the scenario's title",
  description: "the scenario's description",
  references: "the scenario's references",
  provenance: "the scenario's provenance",
  extends: "the scenario it extends",
  $schema: "the scenario's schema",
  timeline: "the timeline",
};

/** The scenario without its timeline, as plain data that changes can be laid over. */
function baseData(scenario: Scenario): Record<string, unknown> {
  const data = clonePlain(scenario) as Record<string, unknown>;
  delete data.timeline;
  return data;
}

/** One key of a change: where it is in the file and where it leads in the scenario. */
interface AppliedKey {
  key: string;
  path: PathSegment[];
}

/**
 * Lays one entry's `set` over `data` in place. Returns the keys applied with their resolved paths, and what stops
 * the others (an unknown path, a reserved name, a fixed part, two keys that set the same field).
 */
function applySet(
  data: Record<string, unknown>,
  set: Record<string, unknown>,
  entry: number,
): { applied: AppliedKey[]; issues: ScenarioIssue[] } {
  const applied: AppliedKey[] = [];
  const issues: ScenarioIssue[] = [];
  for (const [key, value] of Object.entries(set)) {
    const at: PathSegment[] = ["timeline", entry, "set", key];
    const segments = key.split(".");
    const reserved = segments.find(isReservedName);
    if (reserved !== undefined) {
      issues.push({
        code: "invalid_change",
        path: at,
        detail: `"${reserved}" cannot be a step of a path: __proto__, prototype and constructor are reserved`,
      });
      continue;
    }
    const fixed = FIXED_SECTIONS[segments[0]];
    if (fixed !== undefined && Object.hasOwn(FIXED_SECTIONS, segments[0])) {
      issues.push({ code: "fixed_in_run", path: at, detail: fixed });
      continue;
    }
    if (segments.includes("id")) {
      issues.push({ code: "fixed_in_run", path: at, detail: "an id" });
      continue;
    }
    if (value === null) {
      issues.push({
        code: "invalid_change",
        path: at,
        detail:
          "a change cannot remove a field (null): switch a part off by its `enabled`, or set a rate or a detection to 0",
      });
      continue;
    }
    const resolved = assign(data, segments, clonePlain(value), key);
    if ("issue" in resolved) {
      const { detail, suggestion, known } = resolved.issue;
      issues.push({ code: "invalid_change", path: at, detail, suggestion, known });
      continue;
    }
    const clash = applied.find(
      (earlier) => startsWith(earlier.path, resolved.path) || startsWith(resolved.path, earlier.path),
    );
    if (clash) {
      issues.push({
        code: "invalid_change",
        path: at,
        detail: `"${clash.key}" and "${key}" both set the same field; give only one of them`,
      });
    }
    applied.push({ key, path: resolved.path });
  }
  return { applied, issues };
}

/**
 * The scenario on each day of the timeline that changes it: the scenario without its timeline, with every change
 * up to that day applied, validated again (defaults filled in). Throws on a change that validation refuses
 * (`checkTimeline` reports it first).
 */
export function timelineSteps(scenario: Scenario): TimelineStep[] {
  const changes = scenario.timeline ?? [];
  if (changes.length === 0) return [];
  const data = baseData(scenario);
  return changes.map((change, k) => {
    const { issues } = applySet(data, change.set, k);
    if (issues.length > 0) throw new Error(`timeline[${k}] cannot be applied (${issues[0].code})`);
    return { day: change.day, scenario: scenarioSchema.parse(clonePlain(data)) };
  });
}

/** What `checkTimeline` needs from the validator and the model compiler. */
export interface TimelineChecks {
  /** Every schema and cross-field issue of plain scenario data (no locations). */
  validate(data: unknown): ScenarioIssue[];
  /**
   * What in the compiled model of a valid scenario cannot change during a run, as named parts and their values
   * (`timelineStructure`); when absent, the structure is not checked here.
   */
  structure?(scenario: Scenario): readonly (readonly [string, string])[];
}

/**
 * What in a compiled model cannot change during a run. The model layer, above this one, provides it
 * (`useTimelineStructure`, called when `model/` is loaded); until then validation checks everything but the
 * structure, which `compileModel` checks again before a run.
 */
let structureCheck: TimelineChecks["structure"] | undefined;

/** Sets the structure check that `checkTimeline` applies (the model layer's `timelineStructure`). */
export function useTimelineStructure(structure: TimelineChecks["structure"]): void {
  structureCheck = structure;
}

/** The structure check in use, if the model layer has provided one. */
export function timelineStructureCheck(): TimelineChecks["structure"] | undefined {
  return structureCheck;
}

/** An issue of the timeline; `entry`, for one found elsewhere in the scenario, the change that causes it. */
export type TimelineIssue = ScenarioIssue & { entry?: number };

function issueKey(issue: ScenarioIssue): string {
  return `${issue.code} ${issue.path.join("\u0000")} ${issue.name ?? ""}`;
}

/** The part a change alters, in words, or undefined when the two structures agree. */
export function changedPart(
  before: readonly (readonly [string, string])[],
  after: readonly (readonly [string, string])[],
): string | undefined {
  for (let k = 0; k < before.length; k++) {
    if (before[k][1] !== after[k][1]) return `${before[k][0]} (from ${before[k][1]} to ${after[k][1]})`;
  }
  return undefined;
}

/**
 * The timeline of a valid scenario checked (the schema checks that days increase): each change applicable (paths as
 * `--set` reads them); the scenario after each change valid as a whole; nothing fixed for a run changed. Issues are
 * placed at the change that causes them: under `timeline[k].set[KEY]` when they lie under the field KEY sets (the
 * rest of the path follows KEY), else at the scenario path they concern, with `entry` the change that causes them.
 */
export function checkTimeline(scenario: Scenario, checks: TimelineChecks): TimelineIssue[] {
  const changes = scenario.timeline ?? [];
  if (changes.length === 0) return [];
  const issues: TimelineIssue[] = [];
  const data = baseData(scenario);
  const structure = checks.structure;
  const baseStructure = structure?.(scenario);
  let seen = new Set<string>();
  let appliedSoFar: (AppliedKey & { entry: number })[] = [];
  for (let k = 0; k < changes.length; k++) {
    const before = clonePlain(data);
    const { applied, issues: setIssues } = applySet(data, changes[k].set, k);
    issues.push(...setIssues);
    appliedSoFar = [...appliedSoFar, ...applied.map((key) => ({ ...key, entry: k }))];
    const found = checks.validate(data);
    const fresh = found.filter((issue) => !seen.has(issueKey(issue)));
    seen = new Set(found.map(issueKey));
    for (const issue of fresh) {
      const cause = appliedSoFar.findLast((key) => startsWith(issue.path, key.path));
      if (cause) {
        const rest = issue.path.slice(cause.path.length);
        issues.push({ ...issue, path: ["timeline", cause.entry, "set", cause.key, ...rest] });
      } else issues.push({ ...issue, entry: k });
    }
    if (found.length > 0 || setIssues.length > 0 || !structure || !baseStructure) continue;
    const changed = changedPart(baseStructure, structure(scenarioSchema.parse(clonePlain(data))));
    if (changed !== undefined) {
      const key = culprit(before, changes[k].set, checks.validate, structure);
      issues.push({ code: "fixed_in_run", path: ["timeline", k, "set", key], detail: changed });
    }
  }
  return issues;
}

/** The first key of a change whose application, in order, changes the structure (else the first key). */
function culprit(
  before: Record<string, unknown>,
  set: Record<string, unknown>,
  validate: TimelineChecks["validate"],
  structure: NonNullable<TimelineChecks["structure"]>,
): string {
  const keys = Object.keys(set);
  const baseStructure = structure(scenarioSchema.parse(clonePlain(before)));
  const data = clonePlain(before);
  for (const key of keys) {
    assign(data, key.split("."), clonePlain(set[key]), key);
    const parsed = scenarioSchema.safeParse(clonePlain(data));
    if (!parsed.success || validate(data).length > 0) continue;
    if (changedPart(baseStructure, structure(parsed.data)) !== undefined) return key;
  }
  return keys[0] ?? "";
}
