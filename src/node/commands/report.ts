import { existsSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { writeFileAtomically } from "../output/directoryLifecycle.js";
import { progressBar } from "../progress.js";
import { renderComparisonReport, renderRunReport } from "../report/chartLibraries.js";
import { directoryKind, readComparisonDirectory, readRunDirectory } from "../report/readDirectory.js";

/**
 * `controlocracy report DIR`: rebuilds `report.html` from a run directory's files (`summary.json` and the tables)
 * or a comparison directory's `comparison.json`, each checked against its shape first.
 */
export async function reportCommand(directory: string, options: { json?: boolean }, io: Io): Promise<number> {
  const kind = directoryKind(directory);
  if (kind === undefined && existsSync(join(directory, "indices.json"))) {
    throw new UsageError(
      `${directory} is a sweep's directory: report rebuilds the report of a run or a comparison; a sweep writes its ` +
        "own report.html when it finishes",
    );
  }
  const progress = progressBar("report", io, options.json);
  const path = join(directory, "report.html");
  try {
    progress.update(0.1);
    let html: string;
    if (kind === "comparison") {
      html = await renderComparisonReport(readComparisonDirectory(directory));
    } else {
      const report = await readRunDirectory(directory);
      progress.update(0.5);
      html = await renderRunReport(report);
    }
    writeFileAtomically(path, html);
    progress.update(1);
  } finally {
    progress.stop();
  }
  if (options.json) io.stdout.write(`${JSON.stringify({ report: path, kind: kind ?? "run" })}\n`);
  else io.stdout.write(`wrote ${path}${kind === "comparison" ? " (a comparison's report)" : ""}\n`);
  return 0;
}
