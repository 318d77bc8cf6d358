import { type Document, isMap, isScalar, isSeq, type LineCounter, type Node, type Pair } from "yaml";
import type { PathSegment } from "./issues.js";

function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

/** A position in a document, and how much of the sought path the document holds. */
export interface Located {
  line: number;
  column: number;
  /** How many segments of the path were found. */
  depth: number;
  /** Whether the whole path was found. */
  complete: boolean;
}

/**
 * The line and column (1-based) of the value at `path`, or of its key when `atKey` (an unknown field, a name in a
 * mapping). Where the path runs out of the document (a missing field), the deepest part that exists is used.
 */
export function locate(
  yamlDocument: Document,
  lineCounter: LineCounter,
  path: readonly PathSegment[],
  atKey: boolean,
): Located | undefined {
  let node: unknown = yamlDocument.contents;
  let keyNode: Node | undefined;
  let complete = true;
  let depth = 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => String(keyOf(item)) === String(segment));
      if (!pair) {
        complete = false;
        break;
      }
      keyNode = isScalar(pair.key) ? pair.key : undefined;
      node = pair.value ?? undefined;
      depth++;
      if (node === undefined) break;
    } else if (isSeq(node) && typeof segment === "number" && segment < node.items.length) {
      keyNode = undefined;
      node = node.items[segment];
      depth++;
    } else {
      complete = false;
      break;
    }
  }
  const target = (atKey || !complete) && keyNode ? keyNode : (node as Node | undefined);
  const offset = target?.range?.[0] ?? keyNode?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col, depth, complete: complete && depth === path.length };
}

/** True when `path` starts with `prefix`. */
export function startsWith(path: readonly PathSegment[], prefix: readonly PathSegment[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}

/** The YAML library's message without its position and code excerpt (we print our own). */
export function yamlMessage(message: string): string {
  return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}
