import { existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import type { Summary } from "../../core/metrics/index.js";
import {
  CHECKPOINT_BYTES_PER_CITIZEN,
  readCheckpoint,
  readResumeInfo,
  removeCheckpoints,
  writeCheckpoint,
} from "../checkpoint.js";
import { checkRunCost } from "../cost.js";
import { UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { parseBytes } from "../memory.js";
import { listingRows } from "../output/listings.js";
import { type RunInfo, runDirectoryFiles } from "../output/runDirectory.js";
import { buildRunReport } from "../output/runReport.js";
import { progressBar } from "../progress.js";
import { renderRunReport } from "../report/html.js";
import { labelsOf } from "../report/labels.js";
import {
  adoptDirectory,
  checkRunDirectory,
  commitDirectory,
  MARKER,
  releaseDirectory,
  type Staging,
  temporaryOf,
} from "../rundir.js";
import { createStyle, wantsColor } from "../style.js";
import { formatSummary } from "../summaryText.js";
import { simulateOnThreads, type ThreadedResult, traceStoryOnThreads } from "../threads/run.js";
import { VERSION } from "../version.js";
import { parseThreads } from "./run.js";

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
  const style = createStyle(wantsColor(io.env, io.stdout.isTTY));
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
  let summary: Summary;
  let run: RunInfo;
  try {
    const started = performance.now();
    const progress = progressBar(`${scenario.name} · from day ${checkpoint.day + 2}`, io, options.json);
    let result: ThreadedResult;
    try {
      result = await simulateOnThreads(scenario, asked, {
        onProgress: progress.update,
        resumeFrom: checkpoint,
        checkpointEvery: info.checkpointEvery,
        onCheckpoint: (next) => writeCheckpoint(staging.temporary, next, scenario),
      });
    } finally {
      progress.stop();
    }
    const wallSeconds = (performance.now() - started) / 1000;
    summary = result.summary;
    const threads = result.threads;
    run = {
      version: VERSION,
      node: process.version,
      startedAt: new Date(Date.now() - wallSeconds * 1000).toISOString(),
      wallSeconds,
      threads,
      actsPerSecond: summary.acts.true / wallSeconds,
    };
    // The story re-runs the seed for one citizen from day 0: it is determined by the scenario and seed.
    const report = await buildRunReport(scenario, result, {}, { wallSeconds, threads }, async (choice) => {
      const storyProgress = progressBar(`${scenario.name} · story`, io, options.json);
      try {
        return await traceStoryOnThreads(scenario, asked, { onProgress: storyProgress.update }, choice);
      } finally {
        storyProgress.stop();
      }
    });
    const listings = listingRows(scenario, result.simulation);
    const files = runDirectoryFiles(scenario, report, run, await renderRunReport(report), listings);
    removeCheckpoints(staging.temporary);
    commitDirectory(staging, files);
  } catch (error) {
    releaseDirectory(staging);
    throw error;
  }
  const { threads, wallSeconds } = run;
  const directory = staging.directory;
  if (options.json) {
    const printed = { ...summary, runtime: { threads, wallSeconds }, directory };
    io.stdout.write(`${JSON.stringify(printed, null, 2)}\n`);
    return 0;
  }
  io.stdout.write(
    `${formatSummary(summary, { wallSeconds, directory, labels: labelsOf(scenario) }, style)}\n`,
  );
  return 0;
}
