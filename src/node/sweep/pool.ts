import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { setEngineFlags } from "../threads/run.js";
import type { RunAnswer, RunRequest } from "./protocol.js";

/** The compiled worker script (run from the TypeScript sources, the build's: the tests build `dist/` first). */
function workerScript(): URL {
  const sibling = new URL("./worker.js", import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  return new URL("../../../dist/node/sweep/worker.js", import.meta.url);
}

/** How a run ended: its measures, or the error it was recorded with. */
export type RunOutcome = { values: (number | null)[]; seconds: number } | { error: string };

interface Slot {
  worker: Worker;
  job?: { id: number; resolve: (outcome: RunOutcome) => void; onProgress: (fraction: number) => void };
}

/**
 * A fixed number of worker threads, each running one single-threaded run at a time: as many runs at once as there
 * are workers. A worker that dies takes only its run with it (recorded as failed) and is replaced.
 */
export class RunPool {
  private readonly slots: Slot[] = [];
  private readonly idle: Slot[] = [];
  private readonly waiting: ((slot: Slot) => void)[] = [];
  private nextId = 0;
  private closed = false;

  constructor(readonly size: number) {
    setEngineFlags(0);
    for (let k = 0; k < size; k++) this.idle.push(this.spawn());
  }

  private spawn(): Slot {
    const inline = process.execArgv.some((option) => option.startsWith("--input-type"));
    const execArgv = inline
      ? process.execArgv.filter((option) => !option.startsWith("--input-type"))
      : undefined;
    const slot: Slot = { worker: new Worker(workerScript(), { execArgv }) };
    slot.worker.on("message", (answer: RunAnswer) => {
      const job = slot.job;
      if (job === undefined || job.id !== answer.id) return;
      if (answer.type === "progress") {
        job.onProgress(answer.fraction);
        return;
      }
      slot.job = undefined;
      job.resolve(
        answer.type === "done" ? { values: answer.values, seconds: answer.seconds } : { error: answer.error },
      );
      this.release(slot);
    });
    const lost = (reason: string) => {
      const index = this.slots.indexOf(slot);
      // An 'error' is followed by an 'exit': the worker is replaced once.
      if (this.closed || index < 0) return;
      this.slots.splice(index, 1);
      // A worker that dies idle must not be handed the next run.
      const idle = this.idle.indexOf(slot);
      if (idle >= 0) this.idle.splice(idle, 1);
      const job = slot.job;
      slot.job = undefined;
      // The run is lost with its worker: it is recorded as failed, and a new worker takes the next one.
      job?.resolve({ error: `the run's worker thread stopped (${reason})` });
      this.release(this.spawn());
    };
    slot.worker.on("error", (error) => lost(error.message));
    slot.worker.on("exit", (code) => lost(`exit code ${code}`));
    this.slots.push(slot);
    return slot;
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.idle.push(slot);
  }

  /** Runs one request on the next free worker; never rejects: a failure is an outcome. */
  async run(
    request: Omit<RunRequest, "type" | "id">,
    onProgress: (fraction: number) => void,
  ): Promise<RunOutcome> {
    const slot = this.idle.pop() ?? (await new Promise<Slot>((resolve) => this.waiting.push(resolve)));
    // Before the worker compiles the engine for this run: V8's flags are the process's.
    setEngineFlags(request.scenario.population.size * request.scenario.run.days);
    const id = this.nextId++;
    return new Promise<RunOutcome>((resolve) => {
      slot.job = { id, resolve, onProgress };
      const message: RunRequest = { type: "run", id, ...request };
      slot.worker.postMessage(message);
    });
  }

  /** Stops every worker (after the runs in flight have answered). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}
