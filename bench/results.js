// What the benchmarks share: the machine described in one line, and a section of bench/RESULTS.md replaced.
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";

export const RESULTS = fileURLToPath(new URL("./RESULTS.md", import.meta.url));

/** The machine, as every section of RESULTS.md states it. */
export function describeThisMachine() {
  const cpus = os.cpus();
  return (
    `${cpus[0]?.model ?? "unknown"}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(2)} GiB memory, ` +
    `${os.type()} ${os.release()} ${os.arch()}, Node ${process.version}`
  );
}

/**
 * Replaces the section of RESULTS.md that starts with `heading` (a "## " line) up to the next "## ", with `text`
 * (which starts with that heading); appends it when there is none.
 */
export function writeSection(heading, text) {
  const current = readFileSync(RESULTS, "utf8");
  const start = current.indexOf(heading);
  const next = start < 0 ? -1 : current.indexOf("\n## ", start + heading.length);
  const before = start < 0 ? `${current.trimEnd()}\n\n` : current.slice(0, start);
  const after = next < 0 ? "" : current.slice(next + 1);
  writeFileSync(RESULTS, `${before}${text}${after === "" ? "" : `\n${after}`}`);
  console.error(`written to ${RESULTS}`);
}
