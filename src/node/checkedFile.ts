import type { z } from "zod";
import { describeValue, formatPath } from "../core/scenario/index.js";
import { UsageError } from "./errors.js";

// What controlocracy reads back from disk (summary.json, story.json, Parquet rows, checkpoint manifests) is parsed
// with a schema, never cast: a file with a wrong field is bad input (exit 2, naming the file and the field), not a bug.

/** A value checked against a schema, or a usage error naming the first field at fault and how many more are. */
export function checked<T>(schema: z.ZodType<T>, value: unknown, path: string, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new UsageError(
    `${path} is not ${what} written by controlocracy: ${schemaProblem(result.error, value)}`,
  );
}

/** Where a value fails its schema, in words: `at <field>, <what was expected and found>`, and how many more. */
export function schemaProblem(error: z.ZodError, value: unknown): string {
  const [first, ...rest] = error.issues;
  const more =
    rest.length > 0 ? ` (and ${rest.length} more ${rest.length === 1 ? "problem" : "problems"})` : "";
  const field = formatPath(
    first.path.map((segment) => (typeof segment === "symbol" ? String(segment) : segment)),
  );
  return `at ${field}, ${fieldProblem(first, value)}${more}`;
}

/** A zod issue in the words of the scenario validator: what was expected, what was found. */
function fieldProblem(issue: z.core.$ZodIssue, root: unknown): string {
  let found: unknown = root;
  for (const segment of issue.path) {
    found =
      found !== null && typeof found === "object"
        ? (found as Record<PropertyKey, unknown>)[segment]
        : undefined;
  }
  if (issue.code === "unrecognized_keys")
    return `unknown field${issue.keys.length === 1 ? "" : "s"} ${issue.keys.map((key) => JSON.stringify(key)).join(", ")}`;
  if (issue.code === "invalid_type")
    return found === undefined
      ? `expected ${article(issue.expected)}; the field is missing`
      : `expected ${article(issue.expected)}, found ${describeValue(found)}`;
  if (issue.code === "invalid_value")
    return `expected ${issue.values.map((value) => JSON.stringify(value)).join(" or ")}, found ${describeValue(found)}`;
  return `${issue.message.replace(/^Invalid input: /, "")}, found ${describeValue(found)}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
