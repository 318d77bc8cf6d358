// What the benchmarks share: the machine described in one line, and a section of bench/RESULTS.md replaced.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
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
  writeAtomically(RESULTS, `${before}${text}${after === "" ? "" : `\n${after}`}`);
  console.error(`written to ${RESULTS}`);
}

/**
 * Writes `report` (its title, its machine and its sections, whose headings start with one of `headings`) as the head
 * of RESULTS.md, and keeps after it the sections other benchmarks wrote there (`bench:sweep`, `bench:queue`,
 * `bench:web`). `file`: another file than RESULTS.md (for tests).
 */
export function writeHead(report, headings, file = RESULTS) {
  const current = existsSync(file) ? readFileSync(file, "utf8") : "";
  const others = current
    .split(/\n(?=## )/)
    .slice(1)
    .filter((section) => !headings.some((heading) => section.startsWith(heading)))
    .map((section) => section.trimEnd());
  writeAtomically(file, `${[report.trimEnd(), ...others].join("\n\n")}\n`);
}

/** Writes `file` whole or not at all: a temporary file beside it, renamed over it (and removed if that fails). */
function writeAtomically(file, text) {
  const temporary = `${file}.${process.pid}.partial`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
