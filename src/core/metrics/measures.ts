import type { Scenario } from "../scenario/index.js";
import { knownKeys, numberBounds, schemaAt, schemaType } from "../scenario/introspect.js";
import { closest } from "../scenario/suggest.js";
import { COMPARISON_MEASURES, type ComparisonMeasure, type MeasureRange } from "./comparison.js";
import type { Summary } from "./summary.js";
import { summarySchema } from "./summarySchema.js";

// Measures a user chooses for `compare`: a main measure's id, or the path of any numeric field of summary.json
// (`groups.minority.meanRecordedScoreChange`), checked against the summary's schema before anything runs.

/** Why a chosen measure cannot be compared, as data (`formatMeasureProblem` words it). */
export type MeasureProblem =
  | { code: "empty"; measure: string }
  | {
      code: "unknown_field";
      measure: string;
      at: string;
      field: string;
      known: string[];
      suggestion?: string;
    }
  | { code: "unknown_key"; measure: string; kind: string; key: string; known: string[]; suggestion?: string }
  | { code: "not_a_number"; measure: string; found: string; known: string[] };

/** The ids a keyed mapping of the summary can hold, by its path (`*`: any key), from the compared scenarios. */
const KEYED: Record<string, { kind: string; ids: (scenario: Scenario) => string[] }> = {
  "acts.byBehaviour": { kind: "behaviour", ids: (s) => s.behaviours.map((b) => b.id) },
  "listings.byRule": {
    kind: "listing rule",
    ids: () => ["threshold", "severity", "behaviour", "court", "atLeast"],
  },
  "listings.delistingsByGroup": { kind: "group", ids: (s) => s.population.groups.map((g) => g.id) },
  "listings.byTrigger": {
    kind: "trigger kind",
    ids: () => ["true", "misattributed", "spurious", "association"],
  },
  groups: { kind: "group", ids: (s) => s.population.groups.map((g) => g.id) },
  regions: { kind: "region", ids: (s) => s.population.regions.map((r) => r.id) },
  incomeBands: { kind: "income band", ids: (s) => s.population.incomeBands.map((b) => b.id) },
  denied: { kind: "opportunity", ids: (s) => (s.consequences?.opportunities ?? []).map((o) => o.id) },
  "denied.*.byGroup": { kind: "group", ids: (s) => s.population.groups.map((g) => g.id) },
  rewards: { kind: "reward", ids: (s) => (s.consequences?.rewards ?? []).map((r) => r.id) },
  "rewards.*.byGroup": { kind: "group", ids: (s) => s.population.groups.map((g) => g.id) },
  "rewards.*.byIncome": { kind: "income band", ids: (s) => s.population.incomeBands.map((b) => b.id) },
  outcomes: {
    kind: "opportunity with outcomes",
    ids: (s) => (s.consequences?.opportunities ?? []).filter((o) => o.outcomes).map((o) => o.id),
  },
  ...Object.fromEntries(
    ["granted", "denied"].flatMap((branch) => [
      [`outcomes.*.${branch}.byBehaviour`, { kind: "behaviour", ids: behaviourIds }],
      [`outcomes.*.${branch}.byGroup`, { kind: "group", ids: groupIds }],
      [`outcomes.*.${branch}.byGroup.*.byBehaviour`, { kind: "behaviour", ids: behaviourIds }],
    ]),
  ),
};

function behaviourIds(scenario: Scenario): string[] {
  return scenario.behaviours.map((b) => b.id);
}

function groupIds(scenario: Scenario): string[] {
  return scenario.population.groups.map((g) => g.id);
}

/**
 * Fields a run defines only when a mechanism ran: without it they are null in a comparison (a blank in its
 * table), not 0. Scores are already null in the summary without scoring, and keyed fields absent without their
 * section (an opportunity of a scenario without consequences).
 */
const NEEDS: { pattern: RegExp; mechanism: keyof Summary["mechanisms"] }[] = [
  { pattern: /^listings\./, mechanism: "blacklist" },
  {
    pattern:
      /^(groups|regions|incomeBands)\.[^.]+\.(listingRate|wrongfulListingRate|everListedRate|everWrongfullyListedRate|trappedRate)$/,
    mechanism: "blacklist",
  },
  { pattern: /^disparity\./, mechanism: "blacklist" },
  { pattern: /^exposure\./, mechanism: "publicListing" },
  { pattern: /^appeals\./, mechanism: "appeals" },
  { pattern: /^association\./, mechanism: "association" },
];

/** The mechanism a summary path is defined only with (`appeals.filed`: appeals), if it needs one. */
export function mechanismNeeded(path: string): keyof Summary["mechanisms"] | undefined {
  return NEEDS.find(({ pattern }) => pattern.test(path))?.mechanism;
}

/** The scale a numeric field's intervals use, from its schema: 0 to 1 a share, from 0 a count, else real. */
function rangeOf(bounds: { min?: number; max?: number }): MeasureRange {
  if (bounds.min === 0 && bounds.max === 1) return "share";
  if (bounds.min === 0) return "nonNegative";
  return "real";
}

/** A summary field's value, or null where the run does not define it. */
function valueAt(summary: Summary, segments: readonly string[]): number | null {
  const path = segments.join(".");
  for (const { pattern, mechanism } of NEEDS) {
    if (pattern.test(path) && summary.mechanisms[mechanism] === false) return null;
  }
  let node: unknown = summary;
  for (const segment of segments) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, segment)) return null;
    node = (node as Record<string, unknown>)[segment];
  }
  return typeof node === "number" ? node : null;
}

/**
 * The measure a user chose: a main measure's id (`listedShare`), or the dot-separated path of a numeric field of
 * summary.json, whose keyed steps (a group, an opportunity) name an id of at least one of `scenarios`.
 */
export function chooseMeasure(
  measure: string,
  scenarios: readonly Scenario[],
): { measure: ComparisonMeasure } | { problem: MeasureProblem } {
  const main = COMPARISON_MEASURES.find((entry) => entry.id === measure);
  if (main) return { measure: main };
  const segments = measure.split(".");
  if (measure.trim() === "" || segments.some((segment) => segment === "")) {
    return { problem: { code: "empty", measure } };
  }
  const pattern: string[] = [];
  for (const [index, segment] of segments.entries()) {
    const parent = schemaAt(summarySchema, segments.slice(0, index));
    if (parent === undefined) break;
    const type = schemaType(parent);
    if (type === "record") {
      const keyed = KEYED[pattern.join(".")];
      if (keyed) {
        const known = [...new Set(scenarios.flatMap((scenario) => keyed.ids(scenario)))];
        if (!known.includes(segment)) {
          const suggestion = closest(segment, known);
          return {
            problem: { code: "unknown_key", measure, kind: keyed.kind, key: segment, known, suggestion },
          };
        }
      }
      pattern.push("*");
    } else if (type === "object") {
      const fields = knownKeys(parent);
      if (!fields.includes(segment)) {
        // At the top, the main measures' ids are known names too (`wrongfulshare` → `wrongfulShare`).
        const known = index === 0 ? [...COMPARISON_MEASURES.map((main) => main.id), ...fields] : fields;
        const at = segments.slice(0, index).join(".");
        const suggestion = closest(segment, known);
        return { problem: { code: "unknown_field", measure, at, field: segment, known, suggestion } };
      }
      pattern.push(segment);
    } else {
      return { problem: { code: "not_a_number", measure, found: type, known: [] } };
    }
  }
  const leaf = schemaAt(summarySchema, segments);
  const type = leaf === undefined ? "nothing" : schemaType(leaf);
  if (leaf === undefined || type !== "number") {
    const keyed = type === "record" ? KEYED[pattern.join(".")] : undefined;
    const known =
      leaf !== undefined && type === "object"
        ? knownKeys(leaf)
        : keyed
          ? [...new Set(scenarios.flatMap((scenario) => keyed.ids(scenario)))]
          : [];
    return { problem: { code: "not_a_number", measure, found: type, known } };
  }
  return {
    measure: {
      id: measure,
      label: measure,
      range: rangeOf(numberBounds(leaf)),
      of: (summary) => valueAt(summary, segments),
    },
  };
}

const WORDS: Record<string, string> = {
  object: "a mapping of fields",
  record: "a mapping keyed by ids",
  string: "a text",
  boolean: "true or false",
  array: "a list",
};

/** A measure problem in words, one line. */
export function formatMeasureProblem(problem: MeasureProblem): string {
  const prefix = `--measure "${problem.measure}"`;
  const known = (suggestion: string | undefined, names: string[]) =>
    `${suggestion ? `; did you mean "${suggestion}"?` : ";"} known: ${names.join(", ") || "none"}`;
  switch (problem.code) {
    case "empty":
      return `${prefix}: expected a main measure's id or a dot-separated path of summary.json, e.g. listings.current`;
    case "unknown_field":
      return (
        `${prefix}: unknown field "${problem.field}" of summary.json${problem.at ? ` in ${problem.at}` : ""}` +
        known(problem.suggestion, problem.known)
      );
    case "unknown_key":
      return (
        `${prefix}: unknown ${problem.kind} "${problem.key}" in the compared scenarios` +
        known(problem.suggestion, problem.known)
      );
    case "not_a_number": {
      const noun = problem.found === "record" ? "keys" : "fields";
      const fields = problem.known.length > 0 ? `; its ${noun}: ${problem.known.join(", ")}` : "";
      return `${prefix}: expected a number of summary.json, found ${WORDS[problem.found] ?? problem.found}${fields}`;
    }
  }
}
