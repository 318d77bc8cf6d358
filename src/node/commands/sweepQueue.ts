import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { formatCount } from "../numbers.js";
import { MARKER, SWEEP_LOG, temporaryOf } from "../output/directoryLifecycle.js";
import { checkReachable, PASSWORD_ENV, parseQueueAddress, sameServer } from "../queue/connection.js";
import { type JobState, jobStates, openQueue, workerCount } from "../queue/follow.js";
import { readLog } from "../sweep/sweepDirectory.js";
import { QUEUE_FILE, type QueueRecord, sweepCommand } from "./sweep.js";

export interface SweepFollowOptions {
  queue?: string;
  json?: boolean;
}

/** A finished sweep directory (written, with its indices), as opposed to one still gathering. */
function isFinished(directory: string): boolean {
  return existsSync(join(directory, MARKER)) && existsSync(join(directory, "indices.json"));
}

/** The queue record of a sweep submitted with --queue and not yet collected. */
function readRecord(directory: string): QueueRecord {
  const path = join(temporaryOf(directory), QUEUE_FILE);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UsageError(
      `${directory} has no sweep submitted to a queue (no ${path}): submit one with ` +
        `"controlocracy sweep SWEEP.yaml --queue redis://HOST:PORT --out ${directory}"`,
    );
  }
  try {
    return JSON.parse(text) as QueueRecord;
  } catch {
    throw new UsageError(`${path} is not a queue record controlocracy wrote (not JSON)`);
  }
}

/**
 * The address to reach the sweep's queue: the one recorded (which has no password: that comes from --queue or
 * CONTROLOCRACY_REDIS_PASSWORD), or the one given, which must name the same server.
 */
function addressOf(record: QueueRecord, options: SweepFollowOptions, env: NodeJS.ProcessEnv) {
  const recorded = parseQueueAddress(record.queue, env);
  if (options.queue !== undefined) {
    const given = parseQueueAddress(options.queue, env);
    if (!sameServer(given, recorded)) {
      throw new UsageError(
        `the sweep was submitted to ${record.queue}, and --queue names ${given.display}: give the same server ` +
          "(--queue only gives its password again)",
      );
    }
    return given;
  }
  if (record.password && !recorded.password) {
    throw new UsageError(
      `the sweep was submitted to ${record.queue}, whose password is not kept: give it again with ` +
        `--queue redis://:PASSWORD@HOST:PORT or in ${PASSWORD_ENV}`,
    );
  }
  return recorded;
}

/** Where runs stand, in the order said, with their words (the keys are `--json`'s). */
const STATES: [JobState | "gathered", string][] = [
  ["gathered", "gathered into the sweep"],
  ["completed", "done, to gather"],
  ["active", "running"],
  ["waiting", "waiting for a worker"],
  ["delayed", "to be tried again"],
  ["failed", "failed for good (collect tries them again)"],
  ["missing", "not in the queue (collect submits them again)"],
];

/** `controlocracy sweep status DIR`: where a queued sweep's runs stand. Reads, never writes. */
export async function sweepStatusCommand(
  directory: string,
  options: SweepFollowOptions,
  io: Io,
): Promise<number> {
  if (isFinished(directory)) {
    const summary = { directory, finished: true };
    if (options.json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else io.stdout.write(`${directory} is finished: its indices are in ${join(directory, "indices.json")}\n`);
    return 0;
  }
  const record = readRecord(directory);
  const address = addressOf(record, options, io.env);
  await checkReachable(address);
  const logged = new Set(
    readLog(join(temporaryOf(directory), SWEEP_LOG)).map((run) => `${run.point}:${run.replicate}`),
  );
  const open = record.jobs.filter(([point, replicate]) => !logged.has(`${point}:${replicate}`));
  const queue = openQueue(address, () => {});
  let states: Map<string, JobState>;
  let workers: number | null;
  try {
    states = await jobStates(
      queue,
      open.map(([, , id]) => id),
    );
    workers = await workerCount(queue);
  } finally {
    await queue.close().catch(() => undefined);
  }
  const counts: Record<string, number> = Object.fromEntries(STATES.map(([state]) => [state, 0]));
  counts.gathered = logged.size;
  for (const [, , id] of open) {
    const state = states.get(id) ?? "missing";
    counts[state] = (counts[state] ?? 0) + 1;
  }
  const total = logged.size + open.length;
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({ directory, queue: address.display, runs: total, ...counts, workers }, null, 2)}\n`,
    );
    return 0;
  }
  const lines = STATES.filter(([state]) => counts[state] > 0).map(
    ([state, label]) => `  ${formatCount(counts[state]).padStart(8)}  ${label}`,
  );
  const toRun = counts.waiting + counts.delayed + counts.active;
  const noWorker =
    workers === 0 && toRun > 0 ? `; start one with "controlocracy worker ${address.display}"` : "";
  io.stdout.write(
    `${directory}: ${formatCount(total)} runs on ${address.display}\n${lines.join("\n")}\n` +
      `  ${workers === null ? "(the server does not say how many workers)" : `${workers} worker${workers === 1 ? "" : "s"} connected${noWorker}`}\n` +
      `gather the runs, with the indices, with "controlocracy sweep collect ${directory}"\n`,
  );
  return 0;
}

/**
 * `controlocracy sweep collect DIR`: follows a queued sweep's runs until each has ended, gathering them into the
 * sweep, then computes the indices and writes the sweep's directory, as a sweep that followed its runs does.
 * Submits again (once) any run the queue does not have.
 */
export async function sweepCollectCommand(
  directory: string,
  options: SweepFollowOptions,
  io: Io,
  cores: number,
): Promise<number> {
  if (isFinished(directory)) {
    io.stderr.write(
      `${directory} is finished already: its indices are in ${join(directory, "indices.json")}\n`,
    );
    return 0;
  }
  const record = readRecord(directory);
  const address = addressOf(record, options, io.env);
  if (!existsSync(record.file)) {
    throw new UsageError(
      `the sweep file ${record.file} is gone: collect reads it again (its design, its measures); put it back`,
    );
  }
  return sweepCommand(
    record.file,
    { out: directory, queue: options.queue ?? address.url, outputs: record.outputs, json: options.json },
    io,
    cores,
  );
}
