import { readFileSync, statSync } from "node:fs";
import {
  formatIssues,
  issueLocation,
  issueMessage,
  ScenarioError,
  type ScenarioIssue,
} from "../../core/scenario/index.js";
import { designSize } from "../../core/sweep/design.js";
import { UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { parseScenarioSource, resolveScenario } from "../scenarios.js";
import { createStyle, wantsColor } from "../style.js";
import { loadSweep } from "./sweep.js";

/** Problems printed per file; the rest are counted. */
export const MAX_PRINTED_ISSUES = 100;

/** Whether a file is a sweep file rather than a scenario: it has a sweep's top-level `parameters`, `design` or `model`. */
function isSweepFile(path: string): boolean {
  try {
    return statSync(path).isFile() && /^(parameters|design|model)\s*:/m.test(readFileSync(path, "utf8"));
  } catch {
    return false;
  }
}

/** A sweep file checked as `sweep` checks it before any run: the file, then its scenario, parameters and measures. */
function validateSweep(file: string): {
  file: string;
  issues: ScenarioIssue[];
  error: string | undefined;
  valid: string | undefined;
} {
  try {
    const { spec, target } = loadSweep(file);
    const points = designSize(spec);
    const runs = points * spec.replicates;
    const model = target ? target.base.name : spec.target.kind === "function" ? spec.target.function : "";
    const valid =
      `a valid sweep file: ${points.toLocaleString("en-US")} points × ${spec.replicates} replicate` +
      `${spec.replicates === 1 ? "" : "s"} = ${runs.toLocaleString("en-US")} runs of ${model}`;
    return { file, issues: [], error: undefined, valid };
  } catch (error) {
    if (error instanceof ScenarioError) {
      return { file, issues: error.issues, error: undefined, valid: undefined };
    }
    if (error instanceof UsageError) return { file, issues: [], error: error.message, valid: undefined };
    throw error;
  }
}

/**
 * `controlocracy validate FILE…`: checks each scenario and reports every problem of every file, each with
 * `file:line:column`, the field path, what was expected and what was found. Returns 2 if any file is invalid.
 */
export function validateCommand(
  files: string[],
  options: { set?: string[]; json?: boolean },
  io: Io,
): number {
  const errorStyle = createStyle(wantsColor(io.env, io.stderr.isTTY));
  const style = createStyle(wantsColor(io.env, io.stdout.isTTY));
  const reports = files.map((argument) => {
    let display = argument;
    if (isSweepFile(argument)) return validateSweep(argument);
    try {
      const source = resolveScenario(argument);
      display = source.display;
      const result = parseScenarioSource(source, options.set ?? []);
      return { file: display, issues: result.issues, error: undefined, valid: "a valid scenario" };
    } catch (error) {
      if (!(error instanceof UsageError) && !(error as NodeJS.ErrnoException).code) throw error;
      return { file: display, issues: [], error: (error as Error).message, valid: undefined };
    }
  });
  const invalid = reports.filter((report) => report.error !== undefined || report.issues.length > 0).length;
  if (options.json) {
    const out = reports.map((report) => ({
      file: report.file,
      valid: report.error === undefined && report.issues.length === 0,
      error: report.error,
      problems: report.issues.length,
      issues: report.issues.slice(0, MAX_PRINTED_ISSUES).map((issue) => ({
        ...issue,
        message: issueMessage(issue),
        location: issueLocation(issue),
      })),
    }));
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return invalid > 0 ? 2 : 0;
  }
  for (const report of reports) {
    if (report.error !== undefined) {
      io.stderr.write(`${errorStyle.red("✖")} ${report.error}\n`);
    } else if (report.issues.length > 0) {
      const count = report.issues.length;
      const shown = report.issues.slice(0, MAX_PRINTED_ISSUES);
      const rest = count - shown.length;
      io.stderr.write(
        `${errorStyle.bold(report.file)}: ${count.toLocaleString("en-US")} problem${count === 1 ? "" : "s"}\n` +
          `${formatIssues(shown, { color: errorStyle.color })}\n` +
          (rest > 0
            ? `… and ${rest.toLocaleString("en-US")} more problem${rest === 1 ? "" : "s"} (the first ${MAX_PRINTED_ISSUES} are shown)\n`
            : ""),
      );
    } else {
      io.stdout.write(`${style.green("✔")} ${report.file} is ${report.valid}\n`);
    }
  }
  if (files.length > 1 && invalid > 0)
    io.stderr.write(`${invalid} of ${files.length} scenarios are invalid\n`);
  return invalid > 0 ? 2 : 0;
}
