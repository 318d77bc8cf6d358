import {
  Composer,
  type CST,
  type Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  Parser,
  YAMLParseError,
} from "yaml";
import type { PathSegment, ScenarioIssue } from "./issues.js";

// What a scenario may hold before the schema looks at it: plain values (mappings, lists, text, numbers, true/false),
// nested no deeper than a scenario needs, with no key that would reach an object's prototype.

/** Names that would reach an object's prototype if they were used as keys: never a field, an item or a path step. */
export const RESERVED_NAMES: readonly string[] = ["__proto__", "prototype", "constructor"];

export function isReservedName(name: string): boolean {
  return RESERVED_NAMES.includes(name);
}

/**
 * The deepest nesting of mappings and lists accepted. A scenario's deepest field is 5 levels down
 * (`sources[0].misattribution.victimWeightByGroup.minority`); far deeper text is a mistake or an attack, and
 * the YAML reader and the schema walk it recursively.
 */
export const MAX_NESTING = 64;

function isCollection(
  token: CST.Token | undefined,
): token is CST.BlockMap | CST.BlockSequence | CST.FlowCollection {
  return token?.type === "block-map" || token?.type === "block-seq" || token?.type === "flow-collection";
}

/** The first place where the syntax tree nests deeper than `MAX_NESTING`, read without recursion. */
function deepestOffset(tokens: readonly CST.Token[]): number | undefined {
  const stack: { token: CST.Token; depth: number }[] = [];
  for (const token of tokens) {
    if (token.type === "document" && token.value) stack.push({ token: token.value, depth: 0 });
  }
  while (stack.length > 0) {
    const { token, depth } = stack.pop() as { token: CST.Token; depth: number };
    if (!isCollection(token)) continue;
    if (depth >= MAX_NESTING) return token.offset;
    for (const item of token.items) {
      const entry = item as { key?: CST.Token | null; value?: CST.Token };
      if (entry.key) stack.push({ token: entry.key, depth: depth + 1 });
      if (entry.value) stack.push({ token: entry.value, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * Reads YAML text as `parseDocument` does (one document; a second is an error), but stops with the position where
 * the text nests deeper than `MAX_NESTING` before building the document: the YAML reader's recursion would overflow
 * the stack on such text. The text is lexed once.
 */
export function readYaml(
  text: string,
  lineCounter = new LineCounter(),
): { yamlDocument: Document.Parsed } | { tooDeep: { line: number; column: number } } {
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  const offset = deepestOffset(tokens);
  if (offset !== undefined) {
    const { line, col } = lineCounter.linePos(offset);
    return { tooDeep: { line, column: col } };
  }
  let first: Document.Parsed | undefined;
  for (const yamlDocument of new Composer({ uniqueKeys: true }).compose(tokens, true, text.length)) {
    if (!first) first = yamlDocument;
    else {
      const at = yamlDocument.range.slice(0, 2) as [number, number];
      first.errors.push(new YAMLParseError(at, "MULTIPLE_DOCS", "Source contains multiple documents"));
      break;
    }
  }
  return { yamlDocument: first as Document.Parsed };
}

function kindOf(value: object): string {
  if (value instanceof Set) return "a set";
  if (value instanceof Map) return "an ordered map";
  if (value instanceof Date) return "a date";
  if (ArrayBuffer.isView(value)) return "binary data";
  return "an object that is not plain data";
}

function isPlainRecord(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Problems that would let data reach past plain values: a key that is a reserved name (`__proto__`, …), or a value
 * that is not a mapping, list, text, number, boolean or null (YAML tags such as `!!set`, `!!binary`).
 */
export function plainDataIssues(data: unknown, path: PathSegment[] = []): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const stack: { value: unknown; path: PathSegment[] }[] = [{ value: data, path }];
  while (stack.length > 0) {
    const { value, path: at } = stack.pop() as { value: unknown; path: PathSegment[] };
    if (typeof value !== "object" || value === null) continue;
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        stack.push({ value: item, path: [...at, index] });
      });
    } else if (!isPlainRecord(value)) {
      issues.push({
        code: "invalid_type",
        path: at,
        expected: "a plain value (a mapping, a list, a text, a number, true or false)",
        received: kindOf(value),
      });
    } else {
      for (const key of Object.keys(value)) {
        if (isReservedName(key)) issues.push({ code: "reserved_name", path: [...at, key], name: key });
        else stack.push({ value: (value as Record<string, unknown>)[key], path: [...at, key] });
      }
    }
  }
  return issues.reverse();
}

/** An integer written in YAML text that a double cannot hold exactly (some beyond ±(2^53 − 1)). */
export interface InexactInteger {
  path: PathSegment[];
  /** The integer as written. */
  source: string;
  /** Offset of the scalar in the text. */
  offset: number;
}

/**
 * Integers written in the text that a double cannot hold: read as doubles they would silently become another
 * integer (9007199254740993 reads as 9007199254740992), so they are reported as written.
 */
export function inexactIntegers(yamlDocument: Document): InexactInteger[] {
  const found: InexactInteger[] = [];
  const stack: { node: unknown; path: PathSegment[] }[] = [{ node: yamlDocument.contents, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop() as { node: unknown; path: PathSegment[] };
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key !== undefined) stack.push({ node: pair.value, path: [...path, key] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        stack.push({ node: item, path: [...path, index] });
      });
    } else if (isScalar(node) && typeof node.value === "number" && !Number.isSafeInteger(node.value)) {
      const source = (node as { source?: string }).source ?? "";
      // The double's shortest decimal form must be the integer written (a program writing a double writes that).
      if (/^[-+]?\d+$/.test(source) && String(node.value) !== String(BigInt(source))) {
        found.push({ path, source, offset: node.range?.[0] ?? 0 });
      }
    }
  }
  return found;
}

/** The issue for an integer a double cannot hold. */
export function inexactIntegerIssue(found: InexactInteger): ScenarioIssue {
  return {
    code: "out_of_range",
    path: found.path,
    expected:
      "an integer from −(2^53 − 1) to 2^53 − 1 (9007199254740991), the integers a double holds exactly",
    received: found.source,
  };
}
