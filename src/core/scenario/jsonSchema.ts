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

/**
 * The JSON Schema (draft 2020-12) of scenario files, as written: defaults are shown, not required, and an
 * optional field may be `null` (removed).
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { io: "input", target: "draft-2020-12" }) as JsonObject;
  allowNullForOptional(schema);
  return { ...schema, title: "controlocracy scenario" };
}
