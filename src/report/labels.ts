import { words } from "./format.js";

/** What a scenario names with an `id` and, for people to read, a `label`. */
export type LabelKind = "groups" | "regions" | "incomeBands" | "behaviours" | "opportunities" | "rewards";

/** The scenario's labels by kind and id: what a reader sees in place of ids. */
export type Labels = Record<LabelKind, Record<string, string>>;

function labelled(items: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  if (!Array.isArray(items)) return labels;
  for (const item of items) {
    if (item === null || typeof item !== "object") continue;
    const { id, label } = item as { id?: unknown; label?: unknown };
    if (typeof id === "string" && typeof label === "string" && label.trim() !== "") labels[id] = label.trim();
  }
  return labels;
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * The labels of a scenario, read loosely (a scenario as run, or the `scenario.yaml` of a run directory parsed as
 * plain data): anything without a label keeps its id, written in words.
 */
export function labelsOf(scenario: unknown): Labels {
  const population = field(scenario, "population");
  const consequences = field(scenario, "consequences");
  return {
    groups: labelled(field(population, "groups")),
    regions: labelled(field(population, "regions")),
    incomeBands: labelled(field(population, "incomeBands")),
    behaviours: labelled(field(scenario, "behaviours")),
    opportunities: labelled(field(consequences, "opportunities")),
    rewards: labelled(field(consequences, "rewards")),
  };
}

/** A name as a table or a legend shows it: the scenario's label, else the id in words (`air-ticket` → `air ticket`). */
export function labelOf(labels: Labels | undefined, kind: LabelKind, id: string): string {
  return labels?.[kind][id] ?? words(id);
}

/**
 * A name inside a sentence: the label with its first letter in lower case ("the minorities group"), unless its
 * first word is an acronym or a number ("AAA", "18–34").
 */
export function nameOf(labels: Labels | undefined, kind: LabelKind, id: string): string {
  const label = labelOf(labels, kind, id);
  const first = label.split(/\s/)[0];
  if (first.length > 1 && first === first.toUpperCase()) return label;
  return label.charAt(0).toLowerCase() + label.slice(1);
}
