import { Job, Queue, QueueEvents } from "bullmq";
import { describeRedisError, type QueueAddress } from "./connection.js";
import { QUEUE_NAME, REFUSED, RUN_JOB_OPTIONS, type RunJobData, type RunJobResult } from "./jobs.js";

/** One run of a sweep as a job: where it belongs in the sweep, and the job that runs it. */
export interface QueuedRun {
  point: number;
  replicate: number;
  seed: number;
  id: string;
  data: RunJobData;
}

/** Runs whose job every worker that took it refused for its own sake (another version, no --results): not logged. */
export interface Refusal {
  runs: QueuedRun[];
  reason: string;
}

/** How a job ended, as the sweep logs it. */
export type Settled = { values: (number | null)[]; seconds: number } | { error: string };

/** The queue, with its connection errors said once (and its recovery), never thrown at the process. */
export function openQueue(
  address: QueueAddress,
  say: (line: string) => void,
): Queue<RunJobData, RunJobResult> {
  const queue: Queue<RunJobData, RunJobResult> = new Queue(QUEUE_NAME, { connection: address.connection });
  watchConnection(queue, address, say);
  return queue;
}

/** When each server was last said to be lost: the queue and its events lose it together, and it is said once. */
const lostSaid = new Map<string, number>();

function watchConnection(
  emitter: { on(event: "error", listener: (error: Error) => void): unknown },
  address: QueueAddress,
  say: (line: string) => void,
): void {
  emitter.on("error", (error: Error) => {
    const now = Date.now();
    if (now - (lostSaid.get(address.display) ?? 0) < 30_000) return;
    lostSaid.set(address.display, now);
    say(`lost Redis at ${address.display}: ${describeRedisError(error)}; waiting for it to come back`);
  });
}

const CHUNK = 500;

async function inChunks<T, R>(items: readonly T[], each: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let start = 0; start < items.length; start += CHUNK) {
    out.push(...(await Promise.all(items.slice(start, start + CHUNK).map(each))));
  }
  return out;
}

/** What a submission did: jobs added, jobs the queue already had (from this sweep or another), failed ones retried. */
export interface Submission {
  added: number;
  existing: number;
  retried: number;
}

/**
 * Adds each run's job unless the queue has it already (the id is the run's digest: submitting twice adds nothing
 * twice). A job that failed for good is tried again: submitting a sweep again is how a user retries it.
 */
export async function submitRuns(
  queue: Queue<RunJobData, RunJobResult>,
  runs: readonly QueuedRun[],
): Promise<Submission> {
  const unique = [...new Map(runs.map((run) => [run.id, run])).values()];
  const states = await inChunks(unique, (run) => queue.getJobState(run.id));
  const missing = unique.filter((_, k) => states[k] === "unknown");
  const failed = unique.filter((_, k) => states[k] === "failed");
  for (let start = 0; start < missing.length; start += CHUNK) {
    await queue.addBulk(
      missing.slice(start, start + CHUNK).map((run) => ({
        name: "run",
        data: run.data,
        opts: { ...RUN_JOB_OPTIONS, jobId: run.id },
      })),
    );
  }
  await inChunks(failed, async (run) => {
    const job = await Job.fromId<RunJobData, RunJobResult>(queue, run.id);
    await job?.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
  });
  return {
    added: missing.length,
    existing: unique.length - missing.length - failed.length,
    retried: failed.length,
  };
}

/** A job's returned value as the log records it; anything else is a run recorded as failed with what came back. */
function settledOf(value: unknown): Settled {
  const result = value as Partial<{ values: unknown; seconds: unknown; error: unknown }> | null;
  if (result && typeof result.error === "string") return { error: result.error };
  if (
    result &&
    Array.isArray(result.values) &&
    result.values.every((v) => v === null || typeof v === "number") &&
    typeof result.seconds === "number"
  ) {
    return { values: result.values as (number | null)[], seconds: result.seconds };
  }
  return { error: `the worker returned no measures (${JSON.stringify(value)?.slice(0, 200)})` };
}

/** Where a job stands, for `sweep status`. */
export type JobState = "completed" | "failed" | "active" | "waiting" | "delayed" | "missing";

/** Each job's state (several runs may share a job: the same scenario and seed). */
export async function jobStates(
  queue: Queue<RunJobData, RunJobResult>,
  ids: readonly string[],
): Promise<Map<string, JobState>> {
  const unique = [...new Set(ids)];
  const states = await inChunks(unique, (id) => queue.getJobState(id));
  return new Map(
    unique.map((id, k) => {
      const state = states[k];
      if (state === "completed" || state === "failed" || state === "active" || state === "delayed")
        return [id, state];
      if (state === "unknown") return [id, "missing"];
      return [id, "waiting"];
    }),
  );
}

/**
 * Follows the runs' jobs until each has ended, calling `settle` once for each run (in the order they end) and
 * `onProgress` with the jobs in flight; returns the runs whose jobs the workers refused (not settled). Events bring news at once; every few seconds each job still pending is also
 * looked up, so nothing is missed while Redis restarts or events were not listened to (a detached sweep). A job the
 * queue lost (a server restarted without its append-only file) is submitted again.
 */
export async function followRuns(
  address: QueueAddress,
  queue: Queue<RunJobData, RunJobResult>,
  runs: readonly QueuedRun[],
  settle: (run: QueuedRun, outcome: Settled) => void,
  onProgress: (id: string, fraction: number) => void,
  say: (line: string) => void,
): Promise<Refusal[]> {
  const pending = new Map<string, QueuedRun[]>();
  for (const run of runs) pending.set(run.id, [...(pending.get(run.id) ?? []), run]);
  const refused: Refusal[] = [];
  if (pending.size === 0) return refused;
  const events = new QueueEvents(QUEUE_NAME, { connection: address.connection });
  watchConnection(events, address, say);
  let wake: (() => void) | undefined;
  const finish = (id: string, outcome: Settled) => {
    const waiting = pending.get(id);
    if (waiting === undefined) return;
    pending.delete(id);
    for (const run of waiting) settle(run, outcome);
    if (pending.size === 0) wake?.();
  };
  const check = async (id: string): Promise<void> => {
    // Its state first, then the job: a worker finishes a job in one script (its return value or reason written,
    // and the job moved to completed or failed), so a job read once it is seen finished has them. Read the other
    // way round, a job that finishes between the two reads is seen completed with what it held while active: no
    // return value, which would log the run as failed.
    const state = await queue.getJobState(id);
    if (state === "unknown") {
      const run = pending.get(id)?.[0];
      if (run) await queue.add("run", run.data, { ...RUN_JOB_OPTIONS, jobId: run.id });
      return;
    }
    if (state !== "completed" && state !== "failed") return;
    const job = await Job.fromId<RunJobData, RunJobResult>(queue, id);
    // Removed since (its age passed): the next round finds it unknown and submits it again.
    if (job === undefined) return;
    if (state === "completed") finish(id, settledOf(job.returnvalue));
    else if (state === "failed") {
      const reason = job.failedReason ?? "";
      if (reason.startsWith(REFUSED)) {
        // Refused by every worker that took it, for the workers' sake: not the run's failure. Not logged.
        const waiting = pending.get(id) ?? [];
        pending.delete(id);
        refused.push({ runs: waiting, reason: reason.slice(REFUSED.length) });
        if (pending.size === 0) wake?.();
        return;
      }
      finish(id, {
        error: `the queue gave up on this run after ${job.attemptsMade} attempt${job.attemptsMade === 1 ? "" : "s"}: ${reason}`,
      });
    }
  };
  const checkSafely = (id: string) =>
    check(id).catch(() => {
      // Redis is away: the next round looks again.
    });
  events.on("completed", ({ jobId }) => {
    if (pending.has(jobId)) void checkSafely(jobId);
  });
  events.on("failed", ({ jobId }) => {
    if (pending.has(jobId)) void checkSafely(jobId);
  });
  events.on("progress", ({ jobId, data }) => {
    if (pending.has(jobId) && typeof data === "number") onProgress(jobId, data);
  });
  try {
    await events.waitUntilReady().catch(() => undefined);
    while (pending.size > 0) {
      await inChunks([...pending.keys()], checkSafely);
      if (pending.size === 0) break;
      // Events settle most jobs; the round is a safety net, rarer when many jobs are pending.
      const pause = 2000 + pending.size * 5;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, pause);
      });
      wake = undefined;
    }
  } finally {
    await events.close().catch(() => undefined);
  }
  return refused;
}

/** How many workers are connected to the queue (null when the server does not say, as some managed ones). */
export async function workerCount(queue: Queue<RunJobData, RunJobResult>): Promise<number | null> {
  try {
    return await queue.getWorkersCount();
  } catch {
    return null;
  }
}
