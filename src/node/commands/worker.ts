import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Job, Worker } from "bullmq";
import { UsageError } from "../errors.js";
import { fileSystemError } from "../fsErrors.js";
import type { Io } from "../io.js";
import { checkReachable, describeRedisError, parseQueueAddress } from "../queue/connection.js";
import { QUEUE_NAME, REFUSED, type RunJobData, type RunJobResult } from "../queue/jobs.js";
import { RESULTS_ENV } from "../queue/processor.js";
import { onStopSignal } from "../signals.js";
import { VERSION } from "../version.js";

export interface WorkerOptions {
  concurrency?: string;
  results?: string;
  lockDuration?: string;
}

/** The compiled processor BullMQ forks (the build's, as the sweep pool's worker). */
function processorFile(): string {
  const sibling = new URL("../queue/processor.js", import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return fileURLToPath(sibling);
  return fileURLToPath(new URL("../../../dist/node/queue/processor.js", import.meta.url));
}

function parseConcurrency(text: string | undefined, cores: number): number {
  if (text === undefined) return cores;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 1024) {
    throw new UsageError(
      `--concurrency expects a whole number of runs at once from 1 to 1024, received "${text}"`,
    );
  }
  return value;
}

function parseLockSeconds(text: string | undefined): number {
  if (text === undefined) return 30;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 1 || value > 3600) {
    throw new UsageError(`--lock-duration expects seconds from 1 to 3600, received "${text}"`);
  }
  return value;
}

const time = () => new Date().toISOString().slice(11, 19);

/** This process's child processes (BullMQ's run processes), as `ps` lists them; none where `ps` is missing. */
function childProcesses(): number[] {
  try {
    return execFileSync("ps", ["-o", "pid=", "--ppid", String(process.pid)], { encoding: "utf8" })
      .split("\n")
      .map((line) => Number(line.trim()))
      .filter((pid) => Number.isInteger(pid) && pid > 0);
  } catch {
    return [];
  }
}

/**
 * `controlocracy worker redis://HOST:PORT`: takes runs from the queue and runs each in a child process (BullMQ's
 * sandboxed processor), as many at once as --concurrency. Stops on SIGTERM or Ctrl-C after the runs in progress;
 * a second signal stops at once, and those runs go back to the queue when their locks expire.
 */
export async function workerCommand(
  url: string,
  options: WorkerOptions,
  io: Io,
  cores: number,
): Promise<number> {
  const address = parseQueueAddress(url, io.env);
  const concurrency = parseConcurrency(options.concurrency, cores);
  const lockSeconds = parseLockSeconds(options.lockDuration);
  if (options.results !== undefined) {
    const results = resolve(options.results);
    try {
      mkdirSync(results, { recursive: true });
    } catch (error) {
      throw fileSystemError(error, "cannot create the results directory", results);
    }
    // The processes BullMQ forks inherit this environment.
    process.env[RESULTS_ENV] = results;
  } else {
    delete process.env[RESULTS_ENV];
  }
  await checkReachable(address);
  const worker = new Worker<RunJobData, RunJobResult>(QUEUE_NAME, processorFile(), {
    connection: address.connection,
    concurrency,
    useWorkerThreads: false,
    // Each run's process in a process group of its own: Ctrl-C in a terminal signals the whole group, and a run's
    // process signalled while it is still loading exits before BullMQ sees it ready, which then waits for it forever
    // (the worker hangs in "stopping", the run's lock renewed). The worker alone is signalled; it stops its runs'
    // processes itself once their runs are done.
    workerForkOptions: { detached: true },
    lockDuration: lockSeconds * 1000,
    // Every worker checks for runs whose worker stopped renewing their lock (killed, its machine gone) and puts
    // them back in the queue; a run found so three times is failed, not tried forever.
    stalledInterval: lockSeconds * 1000,
    maxStalledCount: 3,
    autorun: false,
  });
  const say = (line: string) => io.stderr.write(`${time()} ${line}\n`);
  const describe = (job: Job<RunJobData> | undefined) =>
    job === undefined
      ? "a run"
      : `${job.id}${typeof job.data?.label === "string" ? ` (${job.data.label})` : ""}`;
  worker.on("completed", (job, result) => {
    const seconds = "seconds" in result ? ` in ${result.seconds.toFixed(1)} s` : "";
    const outcome = "error" in result ? `failed as a run: ${result.error}` : `done${seconds}`;
    say(`${describe(job)} ${outcome}`);
  });
  worker.on("failed", (job, error) => {
    const attempts = job?.opts.attempts ?? 1;
    const final = job === undefined || job.attemptsMade >= attempts || error.name === "UnrecoverableError";
    const reason = error.message.startsWith(REFUSED) ? error.message : `failed: ${error.message}`;
    say(`${describe(job)} ${reason}${final ? "" : " (it will be tried again)"}`);
  });
  worker.on("active", (job) => {
    if (job.attemptsMade > 0) say(`${describe(job)} taken again (attempt ${job.attemptsMade + 1})`);
  });
  worker.on("stalled", (id) => {
    say(`${id}: its worker stopped renewing its lock (killed, or its machine gone); back in the queue`);
  });
  // A lost server is said once (BullMQ reports each of its connections' errors), again after half a minute.
  let lostSaid = 0;
  worker.on("error", (error) => {
    if (Date.now() - lostSaid < 30_000) return;
    lostSaid = Date.now();
    say(`lost Redis at ${address.display}: ${describeRedisError(error)}; trying again until it is back`);
  });
  let stopping: Promise<void> | undefined;
  const stopped = new Promise<void>((done) => {
    onStopSignal((signal) => {
      if (stopping === undefined) {
        say(
          "stopping: finishing the runs in progress (signal again to stop at once; those runs go back to the queue)",
        );
        stopping = worker.close().then(done);
      } else {
        // At once: the runs' processes are killed (they are in process groups of their own), the worker exits, and
        // the runs go back to the queue when their locks, no longer renewed, expire.
        say("stopping now: the runs in progress go back to the queue when their locks expire");
        for (const pid of childProcesses()) {
          try {
            process.kill(pid, "SIGKILL");
          } catch {
            // gone already
          }
        }
        process.exit(signal === "SIGINT" ? 130 : 143);
      }
    });
  });
  say(
    `worker of controlocracy ${VERSION}: ${concurrency} run${concurrency === 1 ? "" : "s"} at once from ` +
      `${address.display} (queue ${QUEUE_NAME})${options.results ? `, full outputs into ${resolve(options.results)}` : ""}; ` +
      "SIGTERM or Ctrl-C stops it",
  );
  void worker.run().catch((error: Error) => say(`the worker stopped: ${error.message}`));
  await stopped;
  say("stopped");
  return 0;
}
