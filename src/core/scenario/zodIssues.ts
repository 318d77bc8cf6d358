import type { z } from "zod";
import { describeExpected, discriminatedOption, knownKeys, schemaAt } from "./introspect.js";
import { describeValue, type PathSegment, type ScenarioIssue } from "./issues.js";
import { closest } from "./suggest.js";

// Zod's issues turned into ours, for any schema of the scenario machinery (a scenario, a sweep file): the expectation
// is read back from the schema at the issue's path, so the words cannot drift from the rules.

/** Turns one zod issue of a value checked by `root` into ours, with the expectation read from `root` at its path. */
export function zodIssues(root: z.ZodType, issue: z.core.$ZodIssue): ScenarioIssue[] {
  const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== "symbol");
  const schema = schemaAt(root, path);
  // zod leaves `input` out for an absent field, and sets it (to null) for an empty value or NaN.
  const found = (issue as { input?: unknown }).input;
  const absent = found === undefined && path.length > 0;
  const received = (issue as { received?: string }).received === "NaN" ? "NaN" : describeValue(found);
  if (absent && (issue.code === "invalid_type" || issue.code === "invalid_value")) {
    return [{ code: "missing", path, expected: describeExpected(schema) }];
  }
  switch (issue.code) {
    case "unrecognized_keys": {
      // A discriminated union's mapping knows the fields of the option its discriminator names.
      const known = knownKeys(discriminatedOption(schema, found) ?? schema);
      return issue.keys.map((key) => ({
        code: "unknown_key",
        path: [...path, key],
        name: key,
        known,
        suggestion: closest(key, known),
      }));
    }
    case "invalid_type":
      return [{ code: "invalid_type", path, expected: describeExpected(schema), received }];
    case "too_small":
    case "too_big":
      return [
        {
          code: issue.origin === "array" ? "too_few" : "out_of_range",
          path,
          expected: withListBound(describeExpected(schema), issue),
          received,
        },
      ];
    case "invalid_value": {
      const values = issue.values.map(String);
      const suggestion = typeof found === "string" ? closest(found, values) : undefined;
      return [{ code: "invalid_value", path, expected: describeExpected(schema), received, suggestion }];
    }
    case "invalid_format":
      return [{ code: "invalid_format", path, expected: issue.message, received }];
    case "invalid_key":
      return [
        {
          code: "invalid_format",
          path,
          expected: "a key that is an identifier of lowercase letters, digits and hyphens",
          received: describeValue(path[path.length - 1]),
        },
      ];
    case "custom":
      return [{ code: "invalid_value", path, expected: issue.message, received }];
    case "invalid_union": {
      const discriminator = (issue as { discriminator?: string }).discriminator;
      if (discriminator !== undefined && issue.errors.length === 0)
        return discriminatorIssue(issue, path, found);
      // The option the value was meant for: one of its type (no type mismatch at the union's own level) whose fields
      // it has most of (fewest unknown fields there), then with the fewest problems; its issues are the ones reported.
      const misfit = (option: z.core.$ZodIssue[]) => {
        let unknown = 0;
        for (const inner of option) {
          if (inner.path.length > 0) continue;
          if (inner.code === "invalid_type") return Number.POSITIVE_INFINITY;
          if (inner.code === "unrecognized_keys") unknown += inner.keys.length;
        }
        return unknown * 1000 + option.length;
      };
      const meant = issue.errors
        .map((option) => ({ option, misfit: misfit(option) }))
        .filter((entry) => Number.isFinite(entry.misfit))
        .sort((a, b) => a.misfit - b.misfit)[0]?.option;
      if (meant === undefined)
        return [{ code: "invalid_type", path, expected: describeExpected(schema), received }];
      return meant.flatMap((inner) => zodIssues(root, { ...inner, path: [...issue.path, ...inner.path] }));
    }
    default:
      return [{ code: "invalid_type", path, expected: describeExpected(schema), received }];
  }
}

/**
 * A discriminated union's mapping whose discriminator (`kind: sobl`) names no option, or is absent: zod reports it
 * at the discriminator's path, with the mapping as its input.
 */
function discriminatorIssue(issue: z.core.$ZodIssue, path: PathSegment[], mapping: unknown): ScenarioIssue[] {
  const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
  const expected = `one of ${options.map((option) => JSON.stringify(option)).join(", ")}`;
  const key = path.at(-1);
  const value =
    typeof mapping === "object" && mapping !== null && typeof key === "string"
      ? (mapping as Record<string, unknown>)[key]
      : undefined;
  if (value === undefined) return [{ code: "missing", path, expected }];
  const suggestion = typeof value === "string" ? closest(value, options) : undefined;
  return [{ code: "invalid_value", path, expected, received: describeValue(value), suggestion }];
}

/** A plain list's description, "a list", says nothing of how long it may be: a list that is too long is told. */
function withListBound(expected: string, issue: z.core.$ZodIssue): string {
  if (expected !== "a list" || issue.code !== "too_big" || issue.origin !== "array") return expected;
  return `a list of at most ${issue.maximum}`;
}
