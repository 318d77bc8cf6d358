import { z } from "zod";
import { scenarioSchema } from "./schema/scenario.js";

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Lets every optional field also be `null`, which a scenario writes to remove a part it inherits through
 * `extends` (see `mergeScenarioData`); the description and default stay on the outside for editors.
 */
function allowNullForOptional(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) allowNullForOptional(item);
    return;
  }
  if (!isObject(node)) return;
  for (const value of Object.values(node)) allowNullForOptional(value);
  const properties = node.properties;
  if (!isObject(properties)) return;
  const required = new Set(Array.isArray(node.required) ? node.required : []);
  for (const [key, property] of Object.entries(properties)) {
    if (required.has(key) || !isObject(property) || key === "$schema") continue;
    const { description, default: fallback, ...rest } = property;
    properties[key] = {
      ...(description === undefined ? {} : { description }),
      ...(fallback === undefined ? {} : { default: fallback }),
      anyOf: [rest, { type: "null" }],
    };
  }
}

/** A copy of a schema with no field required anywhere: what a layer over a base scenario may leave out. */
function withoutRequired(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRequired);
  if (!isObject(node)) return node;
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "required" && Array.isArray(value)) continue;
    copy[key] = withoutRequired(value);
  }
  return copy;
}

/**
 * The JSON Schema (draft 2020-12) of scenario files, as written: defaults are shown, not required, and an
 * optional field may be `null` (removed). A file with `extends` is a layer over its base, so none of its fields is
 * required (`scoring: { decay: … }` changes the base's decay only); the merged scenario is checked when loaded.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const { $schema, ...schema } = z.toJSONSchema(scenarioSchema, {
    io: "input",
    target: "draft-2020-12",
  }) as JsonObject;
  allowNullForOptional(schema);
  // Everything is described at the top (editors complete from it); a file without `extends` must also meet the
  // requirements.
  return {
    $schema,
    ...(withoutRequired(schema) as JsonObject),
    title: "controlocracy scenario",
    if: { required: ["extends"] },
    else: schema,
  };
}
