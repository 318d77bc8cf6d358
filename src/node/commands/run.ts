import type { Override } from "../../core/scenario/index.js";
import { CHECKPOINT_BYTES_PER_CITIZEN, checkpointing, parseCheckpointEvery } from "../checkpoint.js";
import { checkRunCost, parseMaxEvents } from "../cost.js";
import { UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { parseBytes } from "../memory.js";
import { parseCount } from "../numbers.js";
import { releaseDirectory, stageDefaultDirectory, stageDirectory } from "../output/directoryLifecycle.js";
import { DEFAULT_SCENARIO, loadScenarioFrom, resolveScenario } from "../scenarios.js";
import { simulateIntoDirectory } from "./runInto.js";

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
  const source = resolveScenario(scenarioArgument ?? DEFAULT_SCENARIO);
  const asked = parseThreads(options.threads, cores);
  const maxMemory = options.maxMemory === undefined ? undefined : parseBytes(options.maxMemory);
  const scenario = loadScenarioFrom(source, flagOverrides(options));
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
  let checkpoints: ReturnType<typeof checkpointing>;
  try {
    checkpoints = checkpointing(staging, scenario, checkpointEvery);
  } catch (error) {
    releaseDirectory(staging);
    throw error;
  }
  return simulateIntoDirectory(
    staging,
    scenario,
    {
      threads: asked,
      simulation: checkpoints,
      label: scenario.name,
      json: options.json,
    },
    io,
  );
}
