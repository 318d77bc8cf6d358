import type { z } from "zod";
import type { PathSegment } from "./issues.js";

// Reads zod schemas back, so an error can say what a field expects ("a number from 0 to 1") and which keys a
// mapping knows, from the single schema that also validates: the words cannot drift from the rules.

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string>;
  checks?: { _zod: { def: CheckDef } }[];
  getter?: () => z.ZodType;
  values?: unknown[];
  items?: z.ZodType[];
  discriminator?: string;
}

interface CheckDef {
  check: string;
  value?: number;
  inclusive?: boolean;
  minimum?: number;
  maximum?: number;
  format?: string;
}

function def(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

const wrappers = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"]);

/** The schema with optional/default/pipe wrappers taken off. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const d = def(current);
    if (wrappers.has(d.type) && d.innerType) current = d.innerType;
    else if (d.type === "pipe" && d.in) current = d.in;
    else if (d.type === "lazy" && d.getter) current = d.getter();
    else return current;
  }
}

/** The schema of the value at `path`, or undefined where the path leaves the schema. */
export function schemaAt(root: z.ZodType, path: readonly PathSegment[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = root;
  for (const [at, segment] of path.entries()) {
    if (current === undefined) return undefined;
    const d = def(unwrap(current));
    // A union: the first of its options in which the rest of the path exists.
    if (d.type === "union") {
      for (const option of d.options ?? []) {
        const found = schemaAt(option, path.slice(at));
        if (found !== undefined) return found;
      }
      return undefined;
    }
    // Own fields only: a key such as "toString" must not find the prototype's method.
    if (d.type === "object" && typeof segment === "string")
      current = d.shape && Object.hasOwn(d.shape, segment) ? d.shape[segment] : undefined;
    else if (d.type === "array") current = d.element;
    else if (d.type === "tuple" && typeof segment === "number") current = d.items?.[segment];
    else if (d.type === "record") current = d.valueType;
    else return undefined;
  }
  return current;
}

/** Whether a schema is a free mapping (`z.record`), whose keys are names, not fields. */
export function isRecordSchema(schema: z.ZodType): boolean {
  return def(unwrap(schema)).type === "record";
}

/** The field names a mapping schema accepts, or an empty list if it is not a fixed mapping. */
export function knownKeys(schema: z.ZodType | undefined): string[] {
  if (schema === undefined) return [];
  const d = def(unwrap(schema));
  // A union of mappings: the fields of any of them.
  if (d.type === "union") return [...new Set((d.options ?? []).flatMap(knownKeys))];
  return d.type === "object" && d.shape ? Object.keys(d.shape) : [];
}

/**
 * The option of a discriminated union (`z.discriminatedUnion("kind", …)`) that a mapping's discriminator names, or
 * undefined (not such a union, not a mapping, or a value no option has).
 */
export function discriminatedOption(schema: z.ZodType | undefined, value: unknown): z.ZodType | undefined {
  if (schema === undefined || typeof value !== "object" || value === null) return undefined;
  const d = def(unwrap(schema));
  if (d.type !== "union" || d.discriminator === undefined) return undefined;
  const tag = (value as Record<string, unknown>)[d.discriminator];
  return (d.options ?? []).find((option) => {
    const field = def(unwrap(option)).shape?.[d.discriminator as string];
    return field !== undefined && (def(unwrap(field)).values ?? []).includes(tag);
  });
}

function checks(schema: z.ZodType): CheckDef[] {
  return (def(schema).checks ?? []).map((check) => check._zod.def);
}

function describeNumber(schema: z.ZodType): string {
  let low: CheckDef | undefined;
  let high: CheckDef | undefined;
  let integer = false;
  for (const check of checks(schema)) {
    if (check.check === "greater_than") low = check;
    else if (check.check === "less_than") high = check;
    else if (check.check === "number_format" && check.format?.includes("int")) integer = true;
  }
  const noun = integer ? "an integer" : "a number";
  if (low && high && low.inclusive && high.inclusive) return `${noun} from ${low.value} to ${high.value}`;
  const bounds: string[] = [];
  if (low) bounds.push(`${low.inclusive ? "≥" : ">"} ${low.value}`);
  if (high) bounds.push(`${high.inclusive ? "≤" : "<"} ${high.value}`);
  return bounds.length === 0 ? noun : `${noun} ${bounds.join(" and ")}`;
}

function describeLength(schema: z.ZodType, noun: string): string {
  for (const check of checks(schema)) {
    if (check.check === "min_length" && check.minimum !== undefined && check.minimum > 0) {
      return `${noun} of at least ${check.minimum} ${noun === "a list" ? "item" : "character"}${check.minimum === 1 ? "" : "s"}`;
    }
  }
  return noun;
}

/** The message a regex check carries ("an identifier of lowercase letters…"), if the schema has one. */
function patternMessage(schema: z.ZodType): string | undefined {
  for (const check of def(schema).checks ?? []) {
    const checkDef = check._zod.def as CheckDef & { error?: () => unknown };
    if (checkDef.format === "regex" && typeof checkDef.error === "function") {
      const message = checkDef.error();
      if (typeof message === "string") return message;
    }
  }
  return undefined;
}

function listWords(words: string[]): string {
  return words.length === 1 ? words[0] : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/** What a schema expects, in a few words: "a number from 0 to 1", `one of "fixed", "exponential"`, "a list". */
export function describeExpected(schema: z.ZodType | undefined): string {
  if (schema === undefined) return "nothing here";
  const inner = unwrap(schema);
  const d = def(inner);
  switch (d.type) {
    case "number":
      return describeNumber(inner);
    case "string":
      return patternMessage(inner) ?? describeLength(inner, "a text");
    case "boolean":
      return "true or false";
    case "enum":
      return `one of ${Object.values(d.entries ?? {})
        .map((value) => JSON.stringify(value))
        .join(", ")}`;
    case "literal":
      return `exactly ${(d.values ?? []).map((value) => JSON.stringify(value)).join(" or ")}`;
    case "array":
      return describeLength(inner, "a list");
    case "tuple": {
      const items = (d.items ?? []).map(describeExpected);
      return items.every((item) => item === "a number")
        ? `a list of ${items.length} numbers`
        : `a list of ${items.length}: ${listWords(items)}`;
    }
    case "object": {
      const required = Object.entries(d.shape ?? {})
        .filter(([, field]) => (field as unknown as { _zod: { optin?: string } })._zod.optin === undefined)
        .map(([key]) => key);
      return required.length === 0 ? "a mapping" : `a mapping with ${listWords(required)}`;
    }
    case "record":
      return "a mapping";
    case "union": {
      if (d.discriminator === undefined) return (d.options ?? []).map(describeExpected).join(" or ");
      // A discriminated union: a mapping whose discriminator says which option it is.
      const tags = (d.options ?? []).flatMap((option) => {
        const field = def(unwrap(option)).shape?.[d.discriminator as string];
        return field === undefined ? [] : (def(unwrap(field)).values ?? []);
      });
      return `a mapping with ${d.discriminator}: one of ${tags.map((tag) => JSON.stringify(tag)).join(", ")}`;
    }
    default:
      return d.type;
  }
}

/** The kind of value a schema holds once unwrapped ("number", "object", "record", "string", …). */
export function schemaType(schema: z.ZodType): string {
  return def(unwrap(schema)).type;
}

/** The inclusive or exclusive bounds a number schema states (undefined where it states none). */
export function numberBounds(schema: z.ZodType): { min?: number; max?: number } {
  const bounds: { min?: number; max?: number } = {};
  for (const check of checks(unwrap(schema))) {
    if (check.check === "greater_than") bounds.min = check.value;
    else if (check.check === "less_than") bounds.max = check.value;
  }
  return bounds;
}
