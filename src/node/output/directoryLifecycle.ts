import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  type Stats,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { UsageError } from "../errors.js";
import { fileSystemError } from "../fsErrors.js";
import { VERSION } from "../version.js";

/**
 * The file controlocracy writes first into every directory it creates. `--force` replaces a directory only when
 * this file is there and says it was written by controlocracy: nothing else the user owns is ever deleted.
 */
export const MARKER = ".controlocracy";

/** What a directory written by controlocracy holds. */
export type DirectoryKind = "run" | "comparison" | "sweep";

interface Marker {
  writtenBy: "controlocracy";
  kind: DirectoryKind;
  version: string;
}

/** A directory being written: the files go into `temporary`, which becomes `directory` when all are written. */
export interface Staging {
  /** The directory the user asked for (or the default one), as given. */
  directory: string;
  /** `<parent>/.<name>.partial`: created before any work, so an unwritable place fails at once. */
  temporary: string;
  kind: DirectoryKind;
  force: boolean;
  /** The command that continues this work if it is stopped (a sweep's), said when a signal stops it. */
  continueWith?: string;
}

/** `<parent>/.<name>.partial`, the staging directory of `directory`. */
export function temporaryOf(directory: string): string {
  const absolute = resolve(directory);
  return join(dirname(absolute), `.${basename(absolute)}.partial`);
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    throw fileSystemError(error, "cannot use", path);
  }
}

/** The marker of `directory`, or why there is none. */
function readMarker(directory: string): Marker | string {
  const path = join(directory, MARKER);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return `it has no ${MARKER} file`;
  }
  try {
    const marker = JSON.parse(text) as Partial<Marker>;
    if (marker.writtenBy === "controlocracy" && typeof marker.kind === "string") return marker as Marker;
  } catch {
    // falls through to the refusal below
  }
  return `its ${MARKER} file is not controlocracy's`;
}

/**
 * Refuses, before any work, a directory that may not be written: one that exists without `--force`, or one that
 * `--force` may not replace because controlocracy did not write it (a folder of the user's, a file, the working
 * directory).
 */
export function checkRunDirectory(directory: string, force: boolean): void {
  const stats = statOrUndefined(directory);
  if (stats === undefined) return;
  if (!stats.isDirectory()) {
    throw new UsageError(
      `${directory} exists and is not a directory; --force replaces only directories controlocracy wrote: ` +
        "choose another --out",
    );
  }
  const marker = readMarker(directory);
  if (!force) {
    // --force is suggested only where it would be taken.
    throw new UsageError(
      typeof marker === "string"
        ? `${directory} exists already and was not written by controlocracy; choose another --out`
        : `${directory} exists already; choose another --out or add --force to replace it`,
    );
  }
  if (typeof marker === "string") {
    throw new UsageError(
      `${directory} was not written by controlocracy (${marker}); --force replaces only run, comparison and ` +
        "sweep directories controlocracy wrote: choose another --out",
    );
  }
}

/** Active staging directories, removed if the process is interrupted (see `abandonActive`). */
const active = new Set<Staging>();

function reserve(
  directory: string,
  kind: DirectoryKind,
  force: boolean,
  temporary = temporaryOf(directory),
): Staging | undefined {
  const parent = dirname(temporary);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (error) {
    throw fileSystemError(error, "cannot create the directory", parent);
  }
  try {
    mkdirSync(temporary);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return undefined;
    throw fileSystemError(error, "cannot write into", parent);
  }
  const staging: Staging = { directory, temporary, kind, force };
  try {
    const marker: Marker = { writtenBy: "controlocracy", kind, version: VERSION };
    writeFileSync(join(temporary, MARKER), `${JSON.stringify(marker)}\n`);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw fileSystemError(error, "cannot write into", parent);
  }
  active.add(staging);
  return staging;
}

/**
 * Checks `directory` may be written and creates its staging directory, with the marker, before any simulation:
 * an unwritable place, an existing directory without `--force` or one controlocracy did not write fail at once.
 * Two runs into the same directory cannot overlap: the second finds the staging directory taken.
 */
export function stageDirectory(directory: string, kind: DirectoryKind, force: boolean): Staging {
  checkRunDirectory(directory, force);
  const staging = reserve(directory, kind, force);
  if (staging === undefined) {
    throw new UsageError(
      `another run is writing ${directory}, or an interrupted one left ${temporaryOf(directory)}: ` +
        `resume it with "controlocracy resume ${directory}" if it has a checkpoint, or remove that folder`,
    );
  }
  return staging;
}

/**
 * Stages `directory` in a staging folder of this process's own (`.<name>.<pid>-<time>.partial`), for writers that
 * may race to write the same directory with the same bytes (a queue's workers running one job twice): the first to
 * commit wins, and the others find it written.
 */
export function stagePrivately(directory: string, kind: DirectoryKind): Staging {
  const unique = temporaryOf(directory).replace(/\.partial$/, `.${process.pid}-${Date.now()}.partial`);
  const staging = reserve(directory, kind, false, unique);
  if (staging === undefined) throw new UsageError(`${unique} exists already: remove it`);
  return staging;
}

/** `<base>-<yyyymmdd-hhmmss>` in local time. */
function stamped(base: string, now: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return (
    `${base}-${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-` +
    `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`
  );
}

/**
 * Stages a new default directory `runs/<name>-<yyyymmdd-hhmmss>`, with a suffix `-2`, `-3`, … when that name is
 * taken by a directory or by another run writing it, so runs started in the same second never collide.
 */
export function stageDefaultDirectory(name: string, kind: DirectoryKind, now = new Date()): Staging {
  const base = join("runs", stamped(name, now));
  for (let k = 1; ; k++) {
    const candidate = k === 1 ? base : `${base}-${k}`;
    if (statOrUndefined(candidate) !== undefined) continue;
    const staging = reserve(candidate, kind, false);
    if (staging !== undefined) return staging;
  }
}

/** The name a default directory would have (for messages before staging). */
export function defaultRunDirectory(name: string, now = new Date()): string {
  return join("runs", stamped(name, now));
}

/**
 * Writes the files into the staging directory and renames it to the directory, so a failed run leaves nothing
 * half-written. A directory replaced under `--force` is checked again, moved aside and removed only once the new
 * one is in place.
 */
export function commitDirectory(staging: Staging, files: Record<string, string | Uint8Array>): void {
  const { directory, temporary } = staging;
  try {
    for (const [name, content] of Object.entries(files)) {
      try {
        writeFileSync(join(temporary, name), content);
      } catch (error) {
        throw fileSystemError(error, "cannot write", join(directory, name));
      }
    }
    const checkpoint = join(temporary, "checkpoint");
    if (existsSync(checkpoint)) rmSync(checkpoint, { recursive: true, force: true });
    // A run directory is as readable as any other.
    chmodSync(temporary, 0o755);
    checkRunDirectory(directory, staging.force);
    let replaced: string | undefined;
    if (statOrUndefined(directory) !== undefined) {
      replaced = `${temporary.replace(/\.partial$/, "")}.replaced-${process.pid}`;
      renameSync(directory, replaced);
    }
    try {
      renameSync(temporary, directory);
    } catch (error) {
      if (replaced) renameSync(replaced, directory);
      throw fileSystemError(error, "cannot write", directory);
    }
    if (replaced) rmSync(replaced, { recursive: true, force: true });
  } catch (error) {
    abandonDirectory(staging);
    throw error;
  }
  active.delete(staging);
}

/** Takes over the staging directory a stopped run left (`resume`): released, on a failure or a signal, as its own. */
export function adoptDirectory(staging: Staging): void {
  active.add(staging);
}

/** Removes a staging directory and everything in it (a failed or interrupted run). */
export function abandonDirectory(staging: Staging): void {
  active.delete(staging);
  rmSync(staging.temporary, { recursive: true, force: true });
}

/** The file a sweep appends each finished run to, and the lock its process holds while it runs. */
export const SWEEP_LOG = "runs.jsonl";
export const SWEEP_LOCK = "lock";

/**
 * Ends a staging directory after a failure: kept when it holds a checkpoint or a sweep's finished runs (the work
 * can be continued; returns true), removed otherwise.
 */
export function releaseDirectory(staging: Staging): boolean {
  if (existsSync(join(staging.temporary, "checkpoint")) || existsSync(join(staging.temporary, SWEEP_LOG))) {
    active.delete(staging);
    rmSync(join(staging.temporary, SWEEP_LOCK), { force: true });
    return true;
  }
  abandonDirectory(staging);
  return false;
}

/**
 * Removes the staging directories of this process that hold no checkpoint and returns what is left to say: the
 * directories that were abandoned, and those kept because they can be resumed. For a signal handler.
 */
export function abandonActive(): {
  abandoned: string[];
  resumable: { directory: string; command: string }[];
} {
  const abandoned: string[] = [];
  const resumable: { directory: string; command: string }[] = [];
  for (const staging of [...active]) {
    const command = staging.continueWith ?? `controlocracy resume ${staging.directory}`;
    // A sweep's finished runs stay in its staging folder, which is where they are said to be.
    const kept = staging.continueWith === undefined ? staging.directory : staging.temporary;
    if (releaseDirectory(staging)) resumable.push({ directory: kept, command });
    else abandoned.push(staging.directory);
  }
  return { abandoned, resumable };
}

/** Writes a file atomically: to a temporary sibling first, then renamed over the target. */
export function writeFileAtomically(path: string, content: string | Uint8Array): void {
  const temporary = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw fileSystemError(error, "cannot write", path);
  }
}
