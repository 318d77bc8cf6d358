import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { type Job, UnrecoverableError } from "bullmq";
import { simulate } from "../../core/engine/index.js";
import { simulateIntoDirectory } from "../commands/runInto.js";
import { UsageError } from "../errors.js";
import { stagePrivately } from "../output/directoryLifecycle.js";
import { measureRun } from "../sweep/measureRun.js";
import { setEngineFlags } from "../threads/run.js";
import { VERSION } from "../version.js";
import { checkRunJob, REFUSED, type RunJobResult } from "./jobs.js";

// A queue worker's sandboxed processor: BullMQ runs it in a child process of `controlocracy worker`, so that a run
// of minutes never stalls the worker's lock renewals. It checks the job (shape, version, scenario) before running
// anything, runs it on one thread, and returns its measures; with --results, it also writes the run's directory.

/** Where `controlocracy worker --results DIR` asked full outputs to go (passed to this process by its parent). */
export const RESULTS_ENV = "CONTROLOCRACY_WORKER_RESULTS";

const silentIo = {
  stdout: { write: () => true },
  stderr: { write: () => true },
  env: {},
};

export default async function processRun(job: Job): Promise<RunJobResult> {
  const checked = checkRunJob(job.data, VERSION, job.id);
  if (!checked.ok) {
    // A malformed payload never becomes well-formed: failed at once. Another version's job is tried again, by
    // another worker perhaps.
    throw checked.retry ? new Error(checked.reason) : new UnrecoverableError(checked.reason);
  }
  const { data, scenario } = checked;
  // The run is simulated in this process (BullMQ's sandbox): V8's flags for the engine, before it compiles.
  setEngineFlags(scenario.population.size * scenario.run.days);
  const started = performance.now();
  let last = 0;
  const onProgress = (fraction: number) => {
    if (fraction - last < 0.02 && fraction < 1) return;
    last = fraction;
    void job.updateProgress(fraction);
  };
  const results = process.env[RESULTS_ENV];
  if (data.outputs && (results === undefined || results === "")) {
    throw new Error(
      `${REFUSED}the sweep asked for each run's full outputs, and this worker has no --results directory: start ` +
        "workers with --results DIR on a filesystem the submitting machine reads",
    );
  }
  try {
    if (!data.outputs || results === undefined) {
      const result = simulate(scenario, { seed: data.seed, onProgress });
      const values = measureRun(scenario, result, data.measures);
      return { values, seconds: (performance.now() - started) / 1000 };
    }
    const directory = join(resolve(results), String(job.id));
    let values: (number | null)[] = [];
    if (existsSync(directory)) {
      // Written by an earlier attempt (or another worker): the run is measured again, the directory kept.
      const result = simulate(scenario, { seed: data.seed, onProgress });
      values = measureRun(scenario, result, data.measures);
    } else {
      const staging = stagePrivately(directory, "run");
      try {
        await simulateIntoDirectory(
          staging,
          scenario,
          {
            threads: 1,
            simulation: { seed: data.seed },
            label: data.label,
            quiet: true,
            onResult: (result) => {
              values = measureRun(scenario, result, data.measures);
            },
          },
          silentIo,
        );
      } catch (error) {
        // Another attempt committed the same directory first: the same bytes, so this one is done too.
        if (!(error instanceof UsageError && existsSync(directory))) throw error;
      }
    }
    return { values, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    if (error instanceof Error && (error.name === "UsageError" || error.name === "SystemError")) throw error;
    // A run that throws (a cost limit crossed mid-run, say) fails the same way on every machine: its error is
    // the run's result, recorded by the sweep as a local sweep records it.
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}
