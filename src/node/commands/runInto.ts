import { performance } from "node:perf_hooks";
import type { SimulateOptions } from "../../core/engine/index.js";
import type { Summary } from "../../core/metrics/index.js";
import type { Scenario } from "../../core/scenario/index.js";
import { labelsOf } from "../../report/labels.js";
import { removeCheckpoints } from "../checkpoint.js";
import type { Io } from "../io.js";
import { commitDirectory, releaseDirectory, type Staging } from "../output/directoryLifecycle.js";
import { listingRows } from "../output/listings.js";
import { type RunInfo, runDirectoryFiles } from "../output/runFiles.js";
import { buildRunReport } from "../output/runReport.js";
import { progressBar } from "../progress.js";
import { renderRunReport } from "../report/chartLibraries.js";
import { createStyle, wantsColor } from "../style.js";
import { formatSummary } from "../terminalSummary.js";
import { simulate, type ThreadedResult, traceStory } from "../threads/run.js";
import { VERSION } from "../version.js";

/** How `run` or `resume` simulates: its threads, what it adds to `simulate`, its progress bar's label. */
export interface RunPlan {
  threads: number;
  simulation: SimulateOptions;
  label: string;
  json?: boolean;
  /** Called with the run's result before its files are written (a queue's worker measures it). */
  onResult?: (result: ThreadedResult) => void;
  /** Print nothing (a queue's worker writes the directory for a sweep). */
  quiet?: boolean;
}

/**
 * What `run` and `resume` share once the run directory is staged: simulates, re-runs the seed for the story, writes
 * the run directory's files and commits it (or releases it on failure, keeping a checkpoint to resume), then prints
 * the summary. Returns the exit code.
 */
export async function simulateIntoDirectory(
  staging: Staging,
  scenario: Scenario,
  plan: RunPlan,
  io: Io,
): Promise<number> {
  let run: RunInfo;
  let summary: Summary;
  try {
    const started = performance.now();
    const progress = progressBar(plan.label, io, plan.json);
    let result: ThreadedResult;
    try {
      result = await simulate(scenario, {
        ...plan.simulation,
        threads: plan.threads,
        onProgress: progress.update,
      });
    } finally {
      progress.stop();
    }
    const wallSeconds = (performance.now() - started) / 1000;
    plan.onResult?.(result);
    summary = result.summary;
    // Fewer than asked for a small population: shards are whole blocks of citizens.
    const threads = result.threads;
    run = {
      version: VERSION,
      node: process.version,
      startedAt: new Date(Date.now() - wallSeconds * 1000).toISOString(),
      wallSeconds,
      threads,
      actsPerSecond: summary.acts.true / wallSeconds,
    };
    // The story re-runs the seed for one citizen from day 0, up to a few months past its listing: it is
    // determined by the scenario and seed, so a resumed run tells the same one.
    const report = await buildRunReport(scenario, result, {}, { wallSeconds, threads }, async (choice) => {
      const storyProgress = progressBar(`${scenario.name} · story`, io, plan.json);
      try {
        return await traceStory(
          scenario,
          { threads: plan.threads, onProgress: storyProgress.update },
          choice,
        );
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
  if (plan.quiet) return 0;
  if (plan.json) {
    const printed = { ...summary, runtime: { threads, wallSeconds }, directory };
    io.stdout.write(`${JSON.stringify(printed, null, 2)}\n`);
    return 0;
  }
  const style = createStyle(wantsColor(io.env, io.stdout.isTTY));
  io.stdout.write(
    `${formatSummary(summary, { wallSeconds, directory, labels: labelsOf(scenario) }, style)}\n`,
  );
  return 0;
}
