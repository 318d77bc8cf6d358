import { appendFileSync, existsSync, lstatSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import { fileSystemError } from "../fsErrors.js";
import {
  adoptDirectory,
  checkRunDirectory,
  MARKER,
  type Staging,
  SWEEP_LOCK,
  SWEEP_LOG,
  stageDirectory,
  temporaryOf,
  writeFileAtomically,
} from "../output/directoryLifecycle.js";

/** What makes two sweeps the same: the validated sweep file, the base scenario's digest and the version. */
export const IDENTITY = "sweep.json";

/** One finished run as the log holds it: its measures, or the error it failed with. */
export type LoggedRun = { point: number; replicate: number; seed: number } & (
  | { values: (number | null)[]; seconds: number }
  | { error: string }
);

/** A sweep's staging directory, with the runs it finished before (when it continues an interrupted sweep). */
export interface SweepStaging {
  staging: Staging;
  done: LoggedRun[];
  /** Whether it continues a sweep stopped before. */
  continued: boolean;
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the staging directory's lock for this process: refused while another live process holds it. */
function lock(temporary: string, directory: string): void {
  const path = join(temporary, SWEEP_LOCK);
  if (existsSync(path)) {
    const pid = Number(readFileSync(path, "utf8").trim());
    if (isAlive(pid)) {
      throw new UsageError(
        `another controlocracy process (pid ${pid}) is running this sweep into ${directory}; wait for it or stop it`,
      );
    }
  }
  try {
    writeFileSync(path, `${process.pid}\n`);
  } catch (error) {
    throw fileSystemError(error, "cannot write into", temporary);
  }
}

/**
 * The log's runs, each line a JSON object. A line cut short (a process killed while appending) is dropped, and the
 * file rewritten without it, so the next append starts on a line of its own.
 */
export function readLog(path: string): LoggedRun[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, "utf8");
  const lines = text.split("\n");
  const runs: LoggedRun[] = [];
  let torn = !text.endsWith("\n") && text !== "";
  for (const line of lines) {
    if (line === "") continue;
    try {
      runs.push(JSON.parse(line) as LoggedRun);
    } catch {
      torn = true;
    }
  }
  if (torn) writeFileAtomically(path, runs.map((run) => `${JSON.stringify(run)}\n`).join(""));
  return runs;
}

/** Appends one finished run to the log in a single write: a kill loses at most the run being written. */
export function appendRun(staging: Staging, run: LoggedRun): void {
  const path = join(staging.temporary, SWEEP_LOG);
  try {
    appendFileSync(path, `${JSON.stringify(run)}\n`);
  } catch (error) {
    throw fileSystemError(error, "cannot write", path);
  }
}

/**
 * Prepares a sweep's directory: continues the interrupted sweep its staging directory holds when that is the same
 * sweep (`identity`), else starts one. A finished sweep in `directory` is replaced only with `force` (and only if
 * controlocracy wrote it); an interrupted sweep of another design is discarded only with `force`.
 */
export function stageSweep(
  directory: string,
  identity: string,
  force: boolean,
  continueWith: string,
): SweepStaging {
  const temporary = temporaryOf(directory);
  // A finished sweep there: replaced only under --force, and only a directory controlocracy wrote.
  if (existsSync(directory)) {
    if (!force && isSweepDirectory(directory) && readIdentity(directory) === identity) {
      throw new UsageError(
        `${directory} holds this sweep, finished already; add --force to run it again, or choose another --out`,
      );
    }
    checkRunDirectory(directory, force);
  }
  if (existsSync(temporary)) {
    const same = isSweepDirectory(temporary) && readIdentity(temporary) === identity;
    if (!same && !force) {
      throw new UsageError(
        isSweepDirectory(temporary)
          ? `${temporary} holds an interrupted sweep of another design; run that sweep file again to finish it, ` +
              "add --force to discard it, or choose another --out"
          : `${temporary} is in the way (an interrupted run's folder): remove it or choose another --out`,
      );
    }
    if (same) {
      lock(temporary, directory);
      const staging: Staging = { directory, temporary, kind: "sweep", force, continueWith };
      adoptDirectory(staging);
      return { staging, done: readLog(join(temporary, SWEEP_LOG)), continued: true };
    }
    if (!isSweepDirectory(temporary)) {
      throw new UsageError(
        `${temporary} is in the way (not a sweep's folder): remove it or choose another --out`,
      );
    }
    lock(temporary, directory);
    rmSync(temporary, { recursive: true, force: true });
  }
  const staging = stageDirectory(directory, "sweep", force);
  staging.continueWith = continueWith;
  lock(staging.temporary, directory);
  writeFileAtomically(join(staging.temporary, IDENTITY), identity);
  return { staging, done: [], continued: false };
}

function isSweepDirectory(path: string): boolean {
  try {
    if (!lstatSync(path).isDirectory()) return false;
    const marker = JSON.parse(readFileSync(join(path, MARKER), "utf8")) as {
      writtenBy?: string;
      kind?: string;
    };
    return marker.writtenBy === "controlocracy" && marker.kind === "sweep";
  } catch {
    return false;
  }
}

function readIdentity(path: string): string | undefined {
  try {
    return readFileSync(join(path, IDENTITY), "utf8");
  } catch {
    return undefined;
  }
}
