import { type Document, LineCounter } from "yaml";
import type { ScenarioIssue } from "./issues.js";
import { locate, yamlMessage } from "./locate.js";
import { inexactIntegerIssue, inexactIntegers, MAX_NESTING, plainDataIssues, readYaml } from "./plain.js";

// A YAML file read as plain data with its positions, for any file of the machinery (a scenario, a sweep file):
// syntax, nesting, integers a double cannot hold and values that are not plain data are problems, located.

/** A YAML document read as plain data, with what it takes to locate a path in the text. */
export interface YamlData {
  file?: string;
  yamlDocument: Document;
  lineCounter: LineCounter;
  data: unknown;
}

/** One issue per position: the YAML parser often reports a single mistake twice at the same place. */
function yamlIssues(
  errors: readonly { pos: [number, number]; message: string }[],
  lineCounter: LineCounter,
  file?: string,
) {
  const issues: ScenarioIssue[] = [];
  const seen = new Set<number>();
  for (const error of errors) {
    if (seen.has(error.pos[0])) continue;
    seen.add(error.pos[0]);
    const { line, col } = lineCounter.linePos(error.pos[0]);
    issues.push({
      code: "yaml_syntax",
      path: [],
      detail: yamlMessage(error.message),
      at: { file, line, column: col },
    });
  }
  return issues;
}

/**
 * Reads YAML text as plain data; on the first kind of problem found (syntax, nesting, inexact integers, values that
 * are not plain data), returns those problems, located. `atKey` says which issues sit at a key rather than a value.
 */
export function readYamlData(
  text: string,
  file: string | undefined,
  atKey: (issue: ScenarioIssue) => boolean,
): { read?: YamlData; issues: ScenarioIssue[] } {
  const lineCounter = new LineCounter();
  const read = readYaml(text, lineCounter);
  if ("tooDeep" in read) {
    return {
      issues: [{ code: "too_deep", path: [], detail: String(MAX_NESTING), at: { file, ...read.tooDeep } }],
    };
  }
  const { yamlDocument } = read;
  if (yamlDocument.errors.length > 0) return { issues: yamlIssues(yamlDocument.errors, lineCounter, file) };
  const inexact = inexactIntegers(yamlDocument);
  if (inexact.length > 0) {
    return {
      issues: inexact.map((found) => {
        const { line, col } = lineCounter.linePos(found.offset);
        return { ...inexactIntegerIssue(found), at: { file, line, column: col } };
      }),
    };
  }
  let data: unknown;
  try {
    // Aliases are resolved here: an undefined alias or an alias bomb throws.
    data = yamlDocument.toJS({ maxAliasCount: 1000 }) ?? {};
  } catch (error) {
    const detail = yamlMessage((error as Error).message);
    return { issues: [{ code: "yaml_syntax", path: [], detail, at: { file, line: 1, column: 1 } }] };
  }
  const unplain = plainDataIssues(data);
  if (unplain.length > 0) {
    return {
      issues: unplain.map((issue) => {
        const found = locate(yamlDocument, lineCounter, issue.path, atKey(issue));
        return { ...issue, at: { file, line: found?.line ?? 1, column: found?.column ?? 1 } };
      }),
    };
  }
  return { read: { file, yamlDocument, lineCounter, data }, issues: [] };
}
