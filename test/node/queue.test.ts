import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Job, Queue } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { QUEUE_NAME, type RunJobData, runJob, runJobId } from "../../src/node/queue/jobs.js";
import { loadScenario } from "../../src/node/scenarios.js";
import { VERSION } from "../../src/node/version.js";
import {
  childrenOf,
  exitWithin,
  isAlive,
  killGroup,
  killPid,
  type Spawned,
  spawnBin,
  until,
} from "../helpers/processes.js";
import { freePort, startRedis, type TestRedis } from "../helpers/redis.js";

// The queue (issue 14) against a real redis-server of each test's own: the sweep's submitter and its workers are
// the real executable, in processes of their own, as a user runs them.

const base = mkdtempSync(join(tmpdir(), "controlocracy-queue-"));

/** A sweep of china-2020 small enough that a run takes well under a second: 4 points × 2 replicates, 2 measures. */
const TINY = `scenario: china-2020
set:
  measurement.pairedBaseline: false
population: 2000
days: 60
seed: 5
replicates: 2
parameters:
  - path: sources.cctv.detection
    name: cctv
    range: [0.2, 0.8]
  - path: behaviours.loan-default.rate
    name: default
    range: [0.004, 0.016]
    scale: log
design:
  kind: lhs
  samples: 4
measures:
  - listedShare
  - acts.true
`;

/** The same sweep with runs of a few seconds (2 points × 2 replicates), for a signal to land in the middle of one. */
const LONG = TINY.replace("population: 2000", "population: 20000")
  .replace("days: 60", "days: 120")
  .replace("samples: 4", "samples: 2");

/** The tiny sweep with 2 points and 1 replicate: 2 runs. */
const SMALL = TINY.replace("samples: 4", "samples: 2").replace("replicates: 2", "replicates: 1");

const tinyFile = join(base, "tiny.yaml");
const smallFile = join(base, "small.yaml");
const longFile = join(base, "long.yaml");
const tinyLocal = join(base, "tiny-local");
const longLocal = join(base, "long-local");

/** The files a sweep writes that must not depend on how its runs were executed. */
const SAME = ["results.parquet", "results.csv", "design.parquet", "indices.json"];

beforeAll(async () => {
  writeFileSync(tinyFile, TINY);
  writeFileSync(longFile, LONG);
  writeFileSync(smallFile, SMALL);
  const tiny = spawnBin(["sweep", tinyFile, "--out", tinyLocal, "--jobs", "2", "--json"]);
  const long = spawnBin(["sweep", longFile, "--out", longLocal, "--jobs", "2", "--json"]);
  spawned.push(tiny, long);
  expect(await tiny.exited, tiny.stderr()).toBe(0);
  expect(await long.exited, long.stderr()).toBe(0);
}, 120_000);

afterAll(() => rmSync(base, { recursive: true, force: true }));

// Everything a test starts is ended after it, even when it fails half-way.
const spawned: Spawned[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const child of spawned.splice(0)) killGroup(child);
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** A Redis of the test's own, closed after it. */
async function redis(extra: string[] = []): Promise<TestRedis> {
  const server = await startRedis(extra);
  cleanups.push(() => server.close());
  return server;
}

/** The test's own view of the queue (bullmq), closed after it. */
function queueOf(server: TestRedis): Queue {
  const queue = new Queue(QUEUE_NAME, {
    connection: { host: "127.0.0.1", port: server.port, maxRetriesPerRequest: null },
  });
  queue.on("error", () => {
    // The server restarts in one test: the queue reconnects.
  });
  cleanups.push(() => queue.close());
  return queue;
}

/** Starts `bin/controlocracy.js ARGS`, ended (with its children) after the test. */
function start(args: string[], env: NodeJS.ProcessEnv = {}): Spawned {
  const child = spawnBin(args, env);
  spawned.push(child);
  return child;
}

/** A queue worker, one run at once, ended (with its sandboxed processors) after the test. */
async function worker(server: TestRedis, ...extra: string[]): Promise<Spawned> {
  const child = start(["worker", server.url, "--concurrency", "1", ...extra]);
  await child.waitFor("SIGTERM or Ctrl-C stops it");
  return child;
}

/** `count` queue workers, started together. */
function workers(server: TestRedis, count: number, ...extra: string[]): Promise<Spawned[]> {
  return Promise.all(Array.from({ length: count }, () => worker(server, ...extra)));
}

/** Runs `bin/controlocracy.js ARGS` to its end. */
async function finish(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const child = start(args, env);
  const code = await child.exited;
  return { code, stdout: child.stdout(), stderr: child.stderr() };
}

/** A fresh folder for a test's sweep directories. */
function folder(name: string): string {
  const path = join(base, name);
  mkdirSync(path);
  return path;
}

/** The sweep's files that must be the same bytes as the local sweep's. */
function expectSameFiles(local: string, queued: string): void {
  for (const file of SAME) {
    const same = readFileSync(join(queued, file)).equals(readFileSync(join(local, file)));
    expect(same, `${file} differs from the local sweep's`).toBe(true);
  }
}

/** Every run of the sweep logged exactly once: points × replicates distinct pairs, none missing. */
function expectEachRunOnce(directory: string, runs: number): void {
  const keys = readFileSync(join(directory, "runs.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as { point: number; replicate: number })
    .map((run) => `${run.point}:${run.replicate}`);
  expect(keys).toHaveLength(runs);
  expect(new Set(keys).size).toBe(runs);
  const csv = readFileSync(join(directory, "results.csv"), "utf8").trim().split("\n");
  expect(csv.length - 1).toBeGreaterThanOrEqual(runs);
}

async function jobCount(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts();
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

const mask = (text: string, server: { port: number }) =>
  text.replaceAll(String(server.port), "PORT").replaceAll(base, "BASE");

describe("sweep --queue: the same sweep as a local one", () => {
  it("gives byte-identical results, design and indices, run by two workers", async () => {
    const server = await redis();
    await workers(server, 2);
    const out = join(folder("same"), "queued");
    const sweep = await finish(["sweep", tinyFile, "--queue", server.url, "--out", out]);
    expect(sweep.code, sweep.stderr).toBe(0);
    expect(sweep.stderr).toContain(`submitted 8 runs to ${server.url}: 8 new jobs`);
    expectSameFiles(tinyLocal, out);
    expectEachRunOnce(out, 8);
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
    expect(run).toMatchObject({ executor: "queue", queue: server.url, runs: 8, failed: 0 });
  });
});

describe("sweep --queue --detach, status and collect", () => {
  it("submits each run once however often it is submitted, then collects the same sweep", async () => {
    const server = await redis();
    const queue = queueOf(server);
    const out = join(folder("detach"), "sweep");
    const first = await finish(["sweep", tinyFile, "--queue", server.url, "--out", out, "--detach"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(": 8 new jobs");
    const second = await finish(["sweep", tinyFile, "--queue", server.url, "--out", out, "--detach"]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`following 8 runs on ${server.url}, submitted before`);
    expect(await jobCount(queue)).toBe(8);
    expect(await queue.getJobCounts("wait")).toEqual({ wait: 8 });

    const [status, json] = await Promise.all([
      finish(["sweep", "status", out]),
      finish(["sweep", "status", out, "--json"]),
    ]);
    expect(status.code, status.stderr).toBe(0);
    expect(mask(status.stdout, server)).toMatchInlineSnapshot(`
      "BASE/detach/sweep: 8 runs on redis://127.0.0.1:PORT
               8  waiting for a worker
        0 workers connected; start one with "controlocracy worker redis://127.0.0.1:PORT"
      gather the runs, with the indices, with "controlocracy sweep collect BASE/detach/sweep"
      "
    `);
    expect(JSON.parse(json.stdout)).toEqual({
      directory: out,
      queue: server.url,
      runs: 8,
      gathered: 0,
      completed: 0,
      active: 0,
      waiting: 8,
      delayed: 0,
      failed: 0,
      missing: 0,
      workers: 0,
    });

    await workers(server, 2);
    const collect = await finish(["sweep", "collect", out]);
    expect(collect.code, collect.stderr).toBe(0);
    expectSameFiles(tinyLocal, out);
    expectEachRunOnce(out, 8);
    expect(existsSync(join(base, "detach", ".sweep.partial"))).toBe(false);
    expect(JSON.parse(readFileSync(join(out, "run.json"), "utf8")).executor).toBe("queue");

    const [again, finished] = await Promise.all([
      finish(["sweep", "collect", out]),
      finish(["sweep", "status", out, "--json"]),
    ]);
    expect(again.code).toBe(0);
    expect(mask(again.stderr, server)).toMatchInlineSnapshot(`
      "BASE/detach/sweep is finished already: its indices are in BASE/detach/sweep/indices.json
      "
    `);
    expect(JSON.parse(finished.stdout)).toEqual({ directory: out, finished: true });
  });
});

describe("the queue when a worker or the server goes away", () => {
  it("takes back the run of a worker killed in the middle of it: each run once, the local sweep's results", async () => {
    const server = await redis();
    const queue = queueOf(server);
    const doomed = await worker(server, "--lock-duration", "2");
    const out = join(folder("killed"), "sweep");
    const sweep = start(["sweep", longFile, "--queue", server.url, "--out", out]);
    let active: Job[] = [];
    await until("a job to be active", async () => {
      active = await queue.getActive();
      return active.length > 0;
    });
    const killedJob = active[0].id as string;
    await until("the worker to fork the run's process", () => childrenOf(doomed.pid).length > 0);
    // Its main process only, as when its machine goes: the sandboxed processor it forked is orphaned, and
    // nobody renews the run's lock any more.
    const orphans = childrenOf(doomed.pid);
    cleanups.push(async () => orphans.forEach(killPid));
    process.kill(doomed.pid, "SIGKILL");
    await doomed.exited;
    // The kill landed in the middle of the run: it was not done.
    expect(await queue.getJobState(killedJob)).toBe("active");
    const other = await worker(server, "--lock-duration", "2");
    expect(await sweep.exited, sweep.stderr()).toBe(0);
    expect(other.stderr()).toMatch(
      new RegExp(`${killedJob} \\(sweep long, point \\d, replicate \\d\\) done`),
    );
    expect(doomed.stderr()).not.toContain(`${killedJob} (`);
    expectEachRunOnce(out, 4);
    expectSameFiles(longLocal, out);
  });

  it("finishes a sweep whose Redis restarted while it was submitted and while a run was in progress", async () => {
    const server = await redis();
    const queue = queueOf(server);
    const out = join(folder("restart"), "sweep");
    const sweep = start(["sweep", longFile, "--queue", server.url, "--out", out]);
    await sweep.waitFor("submitted 4 runs");
    // Restarted with every run waiting: the submitter follows them through it.
    await server.restart();
    expect(await queue.getJobCounts("wait")).toEqual({ wait: 4 });
    await workers(server, 2);
    await until("a job to be active", async () => (await queue.getActive()).length > 0);
    // And again while the workers run: they finish their runs and take the others once it is back.
    await server.restart();
    expect(await sweep.exited, sweep.stderr()).toBe(0);
    expectEachRunOnce(out, 4);
    expectSameFiles(longLocal, out);
  });
});

describe("a worker and the jobs it is given", () => {
  /** A well-formed job's payload, as a sweep submits it: a small china-2020 run. */
  function goodPayload(outputs = false): Record<string, unknown> {
    const scenario = loadScenario("china-2020");
    const small = {
      ...scenario,
      population: { ...scenario.population, size: 2000 },
      run: { ...scenario.run, days: 60 },
    };
    const measures = [{ kind: "summary" as const, id: "listedShare" }];
    const job = runJob(small, 7, measures, {
      version: VERSION,
      outputs,
      label: "sweep test, point 0, replicate 0",
    });
    return { ...job.data };
  }

  const options = { attempts: 4, backoff: { type: "fixed", delay: 100 } };
  /** The id a worker accepts for a payload: its digest. */
  const idOf = (data: Record<string, unknown>) => runJobId(data as unknown as RunJobData);

  it("fails a malformed job at once, without retries, and takes the next job in the same process", async () => {
    const server = await redis();
    const queue = queueOf(server);
    const good = goodPayload();
    await queue.add(
      "run",
      { format: 1, version: VERSION, scenario: "not json" },
      { ...options, jobId: "bad-1" },
    );
    await queue.add("run", { hello: "world" }, { ...options, jobId: "bad-2" });
    const bad3 = { ...good, scenario: "not json" };
    await queue.add("run", bad3, { ...options, jobId: idOf(bad3) });
    // A well-formed payload under an id that is not its digest (the id names the run's output directory).
    await queue.add("run", good, { ...options, jobId: "bad-4" });
    const taker = await worker(server);
    for (const id of ["bad-1", "bad-2", idOf(bad3), "bad-4"]) {
      await until(`${id} to fail`, async () => (await queue.getJobState(id)) === "failed");
      const job = (await queue.getJob(id)) as Job;
      expect(job.attemptsMade, id).toBe(1);
      expect(job.failedReason, id).toMatch(/^malformed job/);
    }
    expect((await queue.getJob("bad-2"))?.failedReason).toMatchInlineSnapshot(
      `"malformed job payload at format: Invalid input: expected 1"`,
    );
    expect((await queue.getJob(idOf(bad3)))?.failedReason).toMatchInlineSnapshot(
      `"malformed job payload: its scenario is not JSON"`,
    );
    expect((await queue.getJob("bad-4"))?.failedReason).toMatchInlineSnapshot(
      `"malformed job: its id "bad-4" is not the digest of its payload"`,
    );
    const goodId = idOf(good);
    await queue.add("run", good, { ...options, jobId: goodId });
    await until("the good job to be done", async () => (await queue.getJobState(goodId)) === "completed");
    const done = (await queue.getJob(goodId)) as Job;
    expect(done.returnvalue).toMatchObject({ values: [expect.any(Number)] });
    expect(isAlive(taker.pid)).toBe(true);
    await taker.waitFor(`${goodId} (sweep test, point 0, replicate 0) done`);
    expect(taker.stderr()).toContain("bad-1 failed: malformed job payload");
    expect(taker.stderr()).not.toContain("tried again");
  });

  it("refuses a job of another engine version, naming both, and stays alive", async () => {
    const server = await redis();
    const queue = queueOf(server);
    const good = goodPayload();
    const other = { ...good, version: "0.0.0-other" };
    await queue.add("run", other, { ...options, jobId: idOf(other) });
    const taker = await worker(server);
    await until("the job to be refused", async () => {
      const job = await queue.getJob(idOf(other));
      return job !== undefined && job.attemptsMade >= 1;
    });
    const job = (await queue.getJob(idOf(other))) as Job;
    expect(job.failedReason).toContain(VERSION);
    expect(job.failedReason).toContain("0.0.0-other");
    expect(job.failedReason.replaceAll(VERSION, "VERSION")).toMatchInlineSnapshot(
      `"refused: this worker runs controlocracy VERSION, the job was submitted by 0.0.0-other, whose results could differ: start a worker of 0.0.0-other"`,
    );
    await queue.add("run", good, { ...options, jobId: idOf(good) });
    await until("the good job to be done", async () => (await queue.getJobState(idOf(good))) === "completed");
    expect(isAlive(taker.pid)).toBe(true);
  });

  it("on SIGTERM, finishes the run in progress, then exits 0", async () => {
    const server = await redis();
    const queue = queueOf(server);
    const out = join(folder("sigterm"), "sweep");
    const submitted = await finish(["sweep", longFile, "--queue", server.url, "--out", out, "--detach"]);
    expect(submitted.code, submitted.stderr).toBe(0);
    const taker = await worker(server);
    let active: Job[] = [];
    await until("a job to be active", async () => {
      active = await queue.getActive();
      return active.length > 0;
    });
    const id = active[0].id as string;
    process.kill(taker.pid, "SIGTERM");
    expect(await exitWithin(taker, 30_000), taker.stderr()).toBe(0);
    expect(await queue.getJobState(id)).toBe("completed");
    const counts = await queue.getJobCounts("completed", "failed", "wait", "active");
    expect(counts).toEqual({ completed: 1, failed: 0, wait: 3, active: 0 });
    const log = taker.stderr();
    expect(log).toContain("stopping: finishing the runs in progress");
    expect(log).toMatch(new RegExp(`${id} \\(sweep long, point \\d, replicate \\d\\) done`));
    expect(log.trim().split("\n").at(-1)).toMatch(/ stopped$/);
  });

  it("on Ctrl-C (SIGINT to its process group) as it starts a run's process, finishes the run, then exits 0", async () => {
    const server = await redis();
    const queue = queueOf(server);
    const interrupted = idOf(goodPayload());
    await queue.add("run", goodPayload(), { ...options, jobId: interrupted });
    const taker = start(["worker", server.url, "--concurrency", "1"]);
    // The terminal sends Ctrl-C's SIGINT to every process of the group, the run's process too, here while it is
    // still loading (BullMQ waits forever for a process that exits before it is ready).
    await until("the worker to fork the run's process", () => childrenOf(taker.pid).length > 0);
    process.kill(-taker.pid, "SIGINT");
    expect(await exitWithin(taker, 30_000), taker.stderr()).toBe(0);
    expect(await queue.getJobState(interrupted)).toBe("completed");
    expect(taker.stderr()).toContain(`${interrupted} (sweep test, point 0, replicate 0) done`);
  });

  it("writes each run's full directory under the worker's --results with --outputs", async () => {
    const server = await redis();
    const queue = queueOf(server);
    const results = join(folder("outputs"), "results");
    await worker(server, "--results", results);
    const out = join(base, "outputs", "sweep");
    const sweep = await finish(["sweep", smallFile, "--queue", server.url, "--out", out, "--outputs"]);
    expect(sweep.code, sweep.stderr).toBe(0);
    expectEachRunOnce(out, 2);
    const completed = (await queue.getCompleted()).map((job) => job.id as string).sort();
    expect(completed).toHaveLength(2);
    expect(readdirSync(results).sort()).toEqual(completed);
    for (const id of completed) {
      for (const file of ["summary.json", "report.html", ".controlocracy"]) {
        expect(existsSync(join(results, id, file)), `${id}/${file}`).toBe(true);
      }
    }
  });

  it("refuses a run asking for full outputs when the worker has no --results directory", async () => {
    const server = await redis();
    const queue = queueOf(server);
    const outputs = idOf(goodPayload(true));
    await queue.add("run", goodPayload(true), { ...options, jobId: outputs });
    const taker = await worker(server);
    await until("the job to be refused", async () => ((await queue.getJob(outputs))?.attemptsMade ?? 0) >= 1);
    expect((await queue.getJob(outputs))?.failedReason).toMatchInlineSnapshot(
      `"refused: the sweep asked for each run's full outputs, and this worker has no --results directory: start workers with --results DIR on a filesystem the submitting machine reads"`,
    );
    await taker.waitFor(
      `${outputs} (sweep test, point 0, replicate 0) refused: the sweep asked for each run's full outputs`,
    );
    expect(isAlive(taker.pid)).toBe(true);
  });
});

describe("runs the workers refuse, and stopping a worker at once", () => {
  it("stops a sweep whose runs every worker refused, keeps its folder, and collect finishes it", async () => {
    const server = await redis();
    const without = await worker(server);
    const where = folder("refused");
    const out = join(where, "sweep");
    // Full outputs asked of a worker that has no --results: refused 4 times (1 + 2 + 4 s of back-off), not logged.
    const refused = await finish(["sweep", smallFile, "--queue", server.url, "--out", out, "--outputs"]);
    expect(refused.code, refused.stderr).toBe(2);
    expect(mask(refused.stderr.trim().split("\n").at(-1) as string, server)).toMatchInlineSnapshot(
      `"✖ 2 runs were refused by every worker that took them (the sweep asked for each run's full outputs, and this worker has no --results directory: start workers with --results DIR on a filesystem the submitting machine reads); the sweep so far is kept in BASE/refused/.sweep.partial: once such workers run, "controlocracy sweep collect BASE/refused/sweep" submits the refused runs again"`,
    );
    expect(readdirSync(where)).toEqual([".sweep.partial"]);
    expect(readFileSync(join(where, ".sweep.partial", "runs.jsonl"), "utf8")).toBe("");
    // The worker without --results is replaced by one with it (left running, it could refuse the runs again).
    process.kill(without.pid, "SIGTERM");
    expect(await exitWithin(without, 30_000)).toBe(0);
    const results = join(where, "results");
    await worker(server, "--results", results);
    const collect = await finish(["sweep", "collect", out]);
    expect(collect.code, collect.stderr).toBe(0);
    expect(collect.stderr).toContain("2 failed before and tried again");
    expectEachRunOnce(out, 2);
    expect(readdirSync(results)).toHaveLength(2);
  });

  it("on a second signal, kills its runs' processes and exits at once", async () => {
    const server = await redis();
    const queue = queueOf(server);
    const submitted = await finish([
      "sweep",
      longFile,
      "--queue",
      server.url,
      "--out",
      join(folder("twice"), "s"),
      "--detach",
    ]);
    expect(submitted.code, submitted.stderr).toBe(0);
    const taker = await worker(server);
    // A job is active a moment before its run's process is forked: wait for the process itself.
    await until("a job to be active", async () => (await queue.getActive()).length > 0);
    await until("the worker to fork the run's process", () => childrenOf(taker.pid).length > 0);
    const runs = childrenOf(taker.pid);
    process.kill(taker.pid, "SIGTERM");
    await taker.waitFor("stopping: finishing the runs in progress");
    process.kill(taker.pid, "SIGTERM");
    expect(await exitWithin(taker, 10_000), taker.stderr()).toBe(143);
    expect(taker.stderr()).toContain("stopping now: the runs in progress go back to the queue");
    await until("its runs' processes to be gone", () => runs.every((pid) => !isAlive(pid)), 10_000);
    expect(await queue.getJobCounts("completed")).toEqual({ completed: 0 });
  });
});

describe("a Redis with a password", () => {
  it("says a password is wanted, takes it from CONTROLOCRACY_REDIS_PASSWORD, never writes it, and refuses another server", async () => {
    const server = await redis(["--requirepass", "s3cret"]);
    const other = await freePort();
    const where = folder("password");
    const out = join(where, "sweep");
    const withPassword = { CONTROLOCRACY_REDIS_PASSWORD: "s3cret" };
    const [noPassword, wrongDb, detached] = await Promise.all([
      finish(["sweep", tinyFile, "--queue", server.url, "--out", out]),
      finish(["sweep", tinyFile, "--queue", `${server.url}/99`, "--out", join(where, "db")], withPassword),
      finish(["sweep", tinyFile, "--queue", server.url, "--out", out, "--detach"], withPassword),
    ]);
    expect(noPassword.code).toBe(2);
    expect(mask(noPassword.stderr, server)).toMatchInlineSnapshot(`
      "✖ cannot use Redis at redis://127.0.0.1:PORT: the server asks for a password: give it in the address (redis://:PASSWORD@HOST:PORT) or in CONTROLOCRACY_REDIS_PASSWORD
      "
    `);
    expect(wrongDb.code).toBe(2);
    expect(mask(wrongDb.stderr, server)).toMatchInlineSnapshot(`
      "✖ the Redis server at redis://127.0.0.1:PORT/99 has no database 99 (ERR DB index is out of range): choose one it has (0 to 15 by default)
      "
    `);
    expect(detached.code, detached.stderr).toBe(0);
    const partial = join(where, ".sweep.partial");
    for (const file of readdirSync(partial)) {
      expect(readFileSync(join(partial, file), "utf8"), file).not.toContain("s3cret");
    }
    expect(JSON.parse(readFileSync(join(partial, "queue.json"), "utf8")).password).toBe(true);
    const [status, forgotten, elsewhere] = await Promise.all([
      finish(["sweep", "status", out, "--json"], withPassword),
      finish(["sweep", "status", out]),
      finish(["sweep", "status", out, "--queue", `redis://:s3cret@127.0.0.1:${other}`]),
    ]);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ runs: 8, waiting: 8 });
    expect(forgotten.code).toBe(2);
    expect(mask(forgotten.stderr, server)).toMatchInlineSnapshot(`
      "✖ the sweep was submitted to redis://127.0.0.1:PORT, whose password is not kept: give it again with --queue redis://:PASSWORD@HOST:PORT or in CONTROLOCRACY_REDIS_PASSWORD
      "
    `);
    expect(elsewhere.code).toBe(2);
    expect(mask(elsewhere.stderr, server).replaceAll(String(other), "OTHER")).toMatchInlineSnapshot(`
      "✖ the sweep was submitted to redis://127.0.0.1:PORT, and --queue names redis://127.0.0.1:OTHER: give the same server (--queue only gives its password again)
      "
    `);
  });
});

describe("bad input, said in one line (exit 2)", () => {
  it("refuses an address that is not redis://, a server that is not there, --detach without --queue", async () => {
    const port = await freePort();
    const where = folder("bad");
    const out = join(where, "sweep");
    const lines = (result: { code: number | string; stdout: string; stderr: string }) => {
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      return result.stderr.replaceAll(String(port), "PORT").replaceAll(base, "BASE");
    };
    const unreachable = `redis://127.0.0.1:${port}`;
    // Five processes at once: each is one start of the CLI.
    const [http, sweep, worker, detach, status] = await Promise.all([
      finish(["sweep", tinyFile, "--queue", "http://x", "--out", out]),
      finish(["sweep", tinyFile, "--queue", unreachable, "--out", out]),
      finish(["worker", unreachable]),
      finish(["sweep", tinyFile, "--detach", "--out", out]),
      finish(["sweep", "status", where]),
    ]);
    expect(lines(http)).toMatchInlineSnapshot(`
      "✖ "http://x" is not a Redis address: it must start with redis:// (or rediss:// for TLS), e.g. redis://127.0.0.1:6379
      "
    `);
    expect(lines(sweep)).toMatchInlineSnapshot(`
      "✖ cannot use Redis at redis://127.0.0.1:PORT: connection refused: no server listens on 127.0.0.1 port PORT; start one with \`redis-server --bind 127.0.0.1 --port PORT --appendonly yes\`
      "
    `);
    expect(lines(worker)).toMatchInlineSnapshot(`
      "✖ cannot use Redis at redis://127.0.0.1:PORT: connection refused: no server listens on 127.0.0.1 port PORT; start one with \`redis-server --bind 127.0.0.1 --port PORT --appendonly yes\`
      "
    `);
    expect(lines(detach)).toMatchInlineSnapshot(`
      "✖ --detach goes with --queue redis://HOST:PORT
      "
    `);
    expect(lines(status)).toMatchInlineSnapshot(`
      "✖ BASE/bad has no sweep submitted to a queue (no BASE/.bad.partial/queue.json): submit one with "controlocracy sweep SWEEP.yaml --queue redis://HOST:PORT --out BASE/bad"
      "
    `);
    // Nothing is left behind: no sweep directory, no staging folder.
    expect(readdirSync(where)).toEqual([]);
  });
});
