import { Job, Queue, QueueEvents, Worker } from "bullmq";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseQueueAddress } from "../../src/node/queue/connection.js";
import { followRuns, type QueuedRun, type Settled } from "../../src/node/queue/follow.js";
import {
  QUEUE_NAME,
  RUN_JOB_OPTIONS,
  type RunJobData,
  type RunJobResult,
  runJob,
} from "../../src/node/queue/jobs.js";
import { loadScenario } from "../../src/node/scenarios.js";
import { VERSION } from "../../src/node/version.js";
import { startRedis } from "../helpers/redis.js";

// How a sweep follows its runs' jobs (src/node/queue/follow.ts), in this process against a redis-server of the
// test's own, with an in-process BullMQ worker whose job ends when the test says: orderings that the real
// executables (test/node/queue.test.ts) meet only now and then are made to happen every time.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

describe("followRuns", () => {
  it("settles a run whose job a worker finishes between the sweep's reads of it with the job's return value", async () => {
    const server = await startRedis();
    cleanups.push(() => server.close());
    const address = parseQueueAddress(server.url);
    const queue = new Queue<RunJobData, RunJobResult>(QUEUE_NAME, { connection: address.connection });
    cleanups.push(() => queue.close());

    const job = runJob(loadScenario("china-2020"), 7, [{ kind: "summary", id: "listedShare" }], {
      version: VERSION,
      outputs: false,
      label: "follow test, point 0, replicate 0",
    });
    const run: QueuedRun = { point: 0, replicate: 0, seed: 7, ...job };
    const result: RunJobResult = { values: [0.25], seconds: 1.5 };
    await queue.add("run", job.data, { ...RUN_JOB_OPTIONS, jobId: job.id });

    // A worker that takes the job, then holds it (active) until `release`; `completed` once the job is finished
    // (its return value saved and the job moved to completed, in one script).
    let started!: () => void;
    const taken = new Promise<void>((resolve) => {
      started = resolve;
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const worker = new Worker<RunJobData, RunJobResult>(
      QUEUE_NAME,
      async () => {
        started();
        await released;
        return result;
      },
      { connection: address.connection },
    );
    const completed = new Promise<void>((resolve) => {
      worker.on("completed", (done) => {
        if (done.id === job.id) resolve();
      });
    });
    cleanups.push(async () => {
      release();
      await worker.close();
    });
    await taken;
    expect(await queue.getJobState(job.id)).toBe("active");

    // The job's end is never announced to the sweep (as when its events are lost: Redis restarting, a detached
    // sweep), so only the sweep's own look-ups of pending jobs, the round that also looks at active ones, settle it
    // (announced, the end could be read afresh and settled before the look-up below ends, and hide what it read).
    const emit = QueueEvents.prototype.emit as (
      this: QueueEvents,
      event: string | symbol,
      ...args: unknown[]
    ) => boolean;
    vi.spyOn(QueueEvents.prototype, "emit").mockImplementation(function (
      this: QueueEvents,
      event: string | symbol,
      ...args: unknown[]
    ) {
      const about = args[0] as { jobId?: unknown } | undefined;
      if ((event === "completed" || event === "failed") && about?.jobId === job.id) return true;
      return emit.call(this, event, ...args);
    });

    // The worker finishes the job right after the sweep's first read of it (the job, or its state, whichever the
    // sweep reads first), before the sweep's next read: the ordering that, now and then, a loaded machine gives.
    let readWhileActive = false;
    const afterRead = async (id: string | undefined): Promise<void> => {
      if (id !== job.id) return;
      if (!readWhileActive) {
        readWhileActive = true;
        release();
      }
      await completed;
    };
    const fromId = Job.fromId.bind(Job);
    vi.spyOn(Job, "fromId").mockImplementation(async (...args: Parameters<typeof Job.fromId>) => {
      const read = await fromId(...args);
      await afterRead(args[1]);
      return read;
    });
    const getJobState = queue.getJobState.bind(queue);
    vi.spyOn(queue, "getJobState").mockImplementation(async (id: string) => {
      const state = await getJobState(id);
      await afterRead(id);
      return state;
    });
    const getState = Job.prototype.getState;
    vi.spyOn(Job.prototype, "getState").mockImplementation(async function (this: Job) {
      const state = await getState.call(this);
      await afterRead(this.id);
      return state;
    });

    const settled: { point: number; replicate: number; outcome: Settled }[] = [];
    const refused = await followRuns(
      address,
      queue,
      [run],
      (each, outcome) => settled.push({ point: each.point, replicate: each.replicate, outcome }),
      () => undefined,
      () => undefined,
    );
    expect(readWhileActive, "the sweep looked at the job while it was active").toBe(true);
    expect(refused).toEqual([]);
    expect(settled).toEqual([{ point: 0, replicate: 0, outcome: result }]);
    expect(await queue.getJobState(job.id)).toBe("completed");
  });
});
