import { formatIssues, issueLocation, issueMessage } from "../../core/scenario/index.js";
import { UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { parseScenarioSource, resolveScenario } from "../scenarios.js";
import { createStyle, wantsColor } from "../style.js";

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
    try {
      const source = resolveScenario(argument);
      display = source.display;
      const result = parseScenarioSource(source, options.set ?? []);
      return { file: display, issues: result.issues, error: undefined };
    } catch (error) {
      if (!(error instanceof UsageError) && !(error as NodeJS.ErrnoException).code) throw error;
      return { file: display, issues: [], error: (error as Error).message };
    }
  });
  const invalid = reports.filter((report) => report.error !== undefined || report.issues.length > 0).length;
  if (options.json) {
    const out = reports.map((report) => ({
      file: report.file,
      valid: report.error === undefined && report.issues.length === 0,
      error: report.error,
      issues: report.issues.map((issue) => ({
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
      io.stderr.write(
        `${errorStyle.bold(report.file)}: ${count} problem${count === 1 ? "" : "s"}\n` +
          `${formatIssues(report.issues, { color: errorStyle.color })}\n`,
      );
    } else {
      io.stdout.write(`${style.green("✔")} ${report.file} is a valid scenario\n`);
    }
  }
  if (files.length > 1 && invalid > 0)
    io.stderr.write(`${invalid} of ${files.length} scenarios are invalid\n`);
  return invalid > 0 ? 2 : 0;
}
