import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { UsageError } from "./errors.js";

/** A default run directory: `runs/<scenario>-<yyyymmdd-hhmmss>`, with a suffix if that exists already. */
export function defaultRunDirectory(scenario: string, now = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  const stamp =
    `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-` +
    `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const base = join("runs", `${scenario}-${stamp}`);
  let candidate = base;
  for (let k = 2; existsSync(candidate); k++) candidate = `${base}-${k}`;
  return candidate;
}

/** Refuses, before any work, to overwrite an existing run directory without `--force`. */
export function checkRunDirectory(directory: string, force: boolean): void {
  if (existsSync(directory) && !force) {
    throw new UsageError(`${directory} exists already; choose another --out or add --force to replace it`);
  }
}

/**
 * Writes a run directory atomically: the files go into a temporary sibling directory, which is renamed into place
 * only when all are written, so a failed run leaves nothing half-written. With `force`, an existing directory is
 * replaced.
 */
export function writeRunDirectory(
  directory: string,
  files: Record<string, string | Uint8Array>,
  force: boolean,
): void {
  checkRunDirectory(directory, force);
  const parent = dirname(directory);
  mkdirSync(parent, { recursive: true });
  const temporary = mkdtempSync(join(parent, `.${basename(directory)}.tmp-`));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(temporary, name), content);
    // mkdtemp creates the directory private (0700); a run directory is as readable as any other.
    chmodSync(temporary, 0o755);
    if (existsSync(directory)) rmSync(directory, { recursive: true, force: true });
    renameSync(temporary, directory);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
}

/** Writes a file atomically: to a temporary sibling first, then renamed over the target. */
export function writeFileAtomically(path: string, content: string | Uint8Array): void {
  const temporary = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
