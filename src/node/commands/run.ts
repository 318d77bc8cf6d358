import { performance } from "node:perf_hooks";
import type { Summary } from "../../core/metrics/index.js";
import type { Override } from "../../core/scenario/index.js";
import {
  CHECKPOINT_BYTES_PER_CITIZEN,
  checkpointing,
  parseCheckpointEvery,
  removeCheckpoints,
} from "../checkpoint.js";
import { checkRunCost, parseMaxEvents } from "../cost.js";
import { UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { parseBytes } from "../memory.js";
import { parseCount } from "../numbers.js";
import { listingRows } from "../output/listings.js";
import { type RunInfo, runDirectoryFiles } from "../output/runDirectory.js";
import { buildRunReport } from "../output/runReport.js";
import { progressBar } from "../progress.js";
import { renderRunReport } from "../report/html.js";
import { labelsOf } from "../report/labels.js";
import { commitDirectory, releaseDirectory, stageDefaultDirectory, stageDirectory } from "../rundir.js";
import { DEFAULT_SCENARIO, loadScenarioFrom, resolveScenario } from "../scenarios.js";
import { createStyle, wantsColor } from "../style.js";
import { formatSummary } from "../summaryText.js";
import { simulateOnThreads, type ThreadedResult, traceStoryOnThreads } from "../threads/run.js";
import { VERSION } from "../version.js";

export interface RunOptions {
  population?: string;
  days?: string;
  seed?: string;
  threads?: string;
  out?: string;
  force?: boolean;
  set?: string[];
  json?: boolean;
  maxMemory?: string;
  checkpointEvery?: string;
  maxEvents?: string;
}

/** The command-line flags that stand for scenario fields, turned into overrides validated like the file. */
export function flagOverrides(options: RunOptions): Override[] {
  const overrides: Override[] = [];
  const flag = (name: string, path: string, value: string | undefined) => {
    if (value === undefined) return;
    overrides.push({ assignment: `${path}=${parseCount(name, value)}`, label: `${name} ${value}` });
  };
  flag("--population", "population.size", options.population);
  flag("--days", "run.days", options.days);
  flag("--seed", "run.seed", options.seed);
  return [...(options.set ?? []), ...overrides];
}

export function parseThreads(text: string | undefined, cores: number): number {
  if (text === undefined) return cores;
  const threads = Number(text);
  if (!Number.isInteger(threads) || threads < 1) {
    throw new UsageError(`--threads expects a whole number of threads ≥ 1, received "${text}"`);
  }
  return threads;
}

/**
 * `controlocracy run`: simulates a scenario, prints a summary and writes a run directory: the resolved scenario,
 * `summary.json`, the daily series (CSV and Parquet), score distributions, sampled trajectories (Parquet), one
 * citizen's story and `report.html`; `run.json` holds the wall time. All but `run.json` are determined by the
 * scenario and seed, so the same seed gives the same bytes.
 */
export async function runCommand(
  scenarioArgument: string | undefined,
  options: RunOptions,
  io: Io,
  cores: number,
): Promise<number> {
  const style = createStyle(wantsColor(io.env, io.stdout.isTTY));
  const source = resolveScenario(scenarioArgument ?? DEFAULT_SCENARIO);
  const asked = parseThreads(options.threads, cores);
  const maxMemory = options.maxMemory === undefined ? undefined : parseBytes(options.maxMemory);
  const scenario = loadScenarioFrom(source, flagOverrides(options), wantsColor(io.env, io.stderr.isTTY));
  const checkpointEvery = parseCheckpointEvery(options.checkpointEvery);
  checkRunCost([scenario], {
    maxMemory,
    maxEvents: parseMaxEvents(options.maxEvents),
    threads: asked,
    extraBytesPerCitizen: checkpointEvery === undefined ? 0 : CHECKPOINT_BYTES_PER_CITIZEN,
  });
  // The output is checked, and its staging directory made, before anything is simulated.
  const staging =
    options.out === undefined
      ? stageDefaultDirectory(scenario.name, "run")
      : stageDirectory(options.out, "run", options.force === true);
  const directory = staging.directory;
  let run: RunInfo;
  let summary: Summary;
  try {
    const started = performance.now();
    const progress = progressBar(`${scenario.name}`, io, options.json);
    let result: ThreadedResult;
    try {
      const checkpoints = checkpointing(staging, scenario, checkpointEvery);
      result = await simulateOnThreads(scenario, asked, { onProgress: progress.update, ...checkpoints });
    } finally {
      progress.stop();
    }
    const wallSeconds = (performance.now() - started) / 1000;
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
    // The story re-runs the seed for one citizen, up to a few months past its listing.
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
