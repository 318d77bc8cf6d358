import type { Io } from "../io.js";
import { readRunDirectory } from "../output/runDirectory.js";
import { progressBar } from "../progress.js";
import { renderRunReport } from "../report/html.js";
import { writeFileAtomically } from "../rundir.js";

/** `controlocracy report RUN_DIR`: rebuilds `report.html` from a run directory's files. */
export async function reportCommand(directory: string, options: { json?: boolean }, io: Io): Promise<number> {
  const progress = progressBar("report", io, options.json);
  let path: string;
  try {
    progress.update(0.1);
    const report = await readRunDirectory(directory);
    progress.update(0.5);
    path = `${directory.replace(/\/+$/, "")}/report.html`;
    writeFileAtomically(path, renderRunReport(report));
    progress.update(1);
  } finally {
    progress.stop();
  }
  if (options.json) io.stdout.write(`${JSON.stringify({ report: path })}\n`);
  else io.stdout.write(`wrote ${path}\n`);
  return 0;
}
