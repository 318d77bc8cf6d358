import { existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import {
  CHECKPOINT_BYTES_PER_CITIZEN,
  readCheckpoint,
  readResumeInfo,
  writeCheckpoint,
} from "../checkpoint.js";
import { checkRunCost } from "../cost.js";
import { UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { parseBytes } from "../memory.js";
import {
  adoptDirectory,
  checkRunDirectory,
  MARKER,
  type Staging,
  temporaryOf,
} from "../output/directoryLifecycle.js";
import { parseThreads } from "./run.js";
import { simulateIntoDirectory } from "./runInto.js";

export interface ResumeOptions {
  threads?: string;
  json?: boolean;
  maxMemory?: string;
}

/**
 * The staging directory of a run to resume, from the run directory it will become (the `--out` of the run) or from
 * the staging directory itself (`.<name>.partial`).
 */
export function stagingToResume(argument: string): Staging {
  const absolute = resolve(argument);
  const named = /^\.(.+)\.partial$/.exec(basename(absolute));
  const directory = named ? join(dirname(absolute), named[1]) : argument;
  const temporary = named ? absolute : temporaryOf(argument);
  if (!existsSync(temporary)) {
    const finished = existsSync(join(directory, MARKER));
    throw new UsageError(
      finished
        ? `${directory} is a finished run: there is nothing to resume`
        : `nothing to resume at ${argument}: there is no ${temporary} (a run leaves one only when it is stopped)`,
    );
  }
  if (!existsSync(join(temporary, MARKER))) {
    throw new UsageError(`${temporary} was not written by controlocracy: there is nothing to resume`);
  }
  return { directory, temporary, kind: "run", force: false };
}

/**
 * `controlocracy resume DIR`: continues a run stopped after a checkpoint (`run --checkpoint-every`), on any number of
 * threads, and writes its run directory as the run would have: every file but `run.json` and `report.html` (which
 * hold the wall time) is the same, byte for byte, as a run that never stopped.
 */
export async function resumeCommand(
  argument: string,
  options: ResumeOptions,
  io: Io,
  cores: number,
): Promise<number> {
  const asked = parseThreads(options.threads, cores);
  const maxMemory = options.maxMemory === undefined ? undefined : parseBytes(options.maxMemory);
  const found = stagingToResume(argument);
  const info = readResumeInfo(found.temporary);
  const scenario = info.scenario;
  const checkpoint = readCheckpoint(found.temporary, scenario);
  const staging: Staging = { ...found, force: info.force };
  // The checkpoint read, its cuts for the shards, and the next checkpoint as it is taken.
  // The events were allowed when the run started; its memory is checked again on this machine.
  checkRunCost([scenario], {
    maxMemory,
    maxEvents: Number.POSITIVE_INFINITY,
    threads: asked,
    extraBytesPerCitizen: 2 * CHECKPOINT_BYTES_PER_CITIZEN,
  });
  // The run directory may have appeared meanwhile: fail now rather than after the run.
  checkRunDirectory(staging.directory, staging.force);

  adoptDirectory(staging);
  return simulateIntoDirectory(
    staging,
    scenario,
    {
      threads: asked,
      simulation: {
        resumeFrom: checkpoint,
        checkpointEvery: info.checkpointEvery,
        onCheckpoint: (next) => writeCheckpoint(staging.temporary, next, scenario),
      },
      label: `${scenario.name} · from day ${checkpoint.day + 2}`,
      json: options.json,
    },
    io,
  );
}
