// `npm run bench:queue [-- --write] [--runs N] [--population N] [--days D] [--tiny N]`: what running a sweep's runs
// as jobs of the Redis queue costs against the local pool, on this one machine, in this one invocation.
//  - Overhead per job: `--tiny` runs of a few milliseconds each (china-2020, 500 citizens × 10 days), one at a time,
//    locally (`--jobs 1`) and through the queue with one worker (`--concurrency 1`): the difference in wall time,
//    divided by the runs, is what the queue adds to each run (submission, a child process's round trip, Redis,
//    the submitter's following).
//  - Throughput: `--runs` runs of china-2020 at `--population` × `--days` with the local pool (1 and 2 at once) and
//    through the queue with 1 and 2 local workers of one run each.
// It starts its own redis-server (Debian's; append-only file on) on a free localhost port, and stops it at the end.
// With --write, the tables replace the "Queue" section of bench/RESULTS.md, with the machine's description.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { describeThisMachine, writeSection } from "./results.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const SECTION = "## Queue";

function parseArguments(argv) {
  const options = { write: false, runs: 8, population: 100000, days: 365, tiny: 60 };
  for (let k = 0; k < argv.length; k++) {
    const argument = argv[k];
    if (argument === "--write") options.write = true;
    else if (["--runs", "--population", "--days", "--tiny"].includes(argument))
      options[argument.slice(2)] = Number(argv[++k]);
    else
      throw new Error(
        `unknown option ${argument}; known: --runs N, --population N, --days D, --tiny N, --write`,
      );
  }
  for (const name of ["runs", "population", "days", "tiny"]) {
    if (!Number.isInteger(options[name]) || options[name] < 1)
      throw new Error(`--${name} expects a whole number ≥ 1`);
  }
  return options;
}

function sweepText({ runs, population, days }) {
  return `scenario: china-2020
set: { measurement.pairedBaseline: false }
population: ${population}
days: ${days}
parameters:
  - { path: sources.cctv.misattribution.rate, name: misattribution, range: [0.001, 0.004] }
design: { kind: lhs, samples: ${runs} }
measures: [listedShare]
`;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a process and resolves once its output contains `ready`. */
function startUntil(command, args, ready, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
    let output = "";
    const onData = (chunk) => {
      output += chunk.toString();
      if (output.includes(ready)) resolve(child);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`${command} exited (${code}): ${output}`)));
  });
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** A sweep's wall seconds as it reports them. */
function sweep(file, out, extra) {
  const text = execFileSync(
    process.execPath,
    ["bin/controlocracy.js", "sweep", file, "--out", out, "--json", ...extra],
    { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  return JSON.parse(text).wallSeconds;
}

/**
 * Runs the sweep through the queue with `workers` local workers of one run each, started (and ready) before. The
 * server is emptied first: the same runs submitted again would be found done (job ids are the runs' digests).
 */
async function queued(url, file, out, workers) {
  const client = new Redis(url);
  await client.flushall();
  client.disconnect();
  const started = [];
  try {
    for (let k = 0; k < workers; k++) {
      started.push(
        await startUntil(
          process.execPath,
          ["bin/controlocracy.js", "worker", url, "--concurrency", "1"],
          "worker of",
          {
            cwd: root,
          },
        ),
      );
    }
    return sweep(file, out, ["--queue", url]);
  } finally {
    await Promise.all(started.map(stop));
  }
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const folder = mkdtempSync(join(os.tmpdir(), "controlocracy-bench-queue-"));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const redis = await startUntil(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", folder, "--save", "", "--appendonly", "yes"],
    "Ready to accept connections",
  );
  try {
    const same = (a, b) =>
      ["results.parquet", "indices.json"].every((name) =>
        readFileSync(join(folder, a, name)).equals(readFileSync(join(folder, b, name))),
      );
    // Overhead per job, on runs of a few milliseconds.
    const tinyFile = join(folder, "tiny.yaml");
    writeFileSync(tinyFile, sweepText({ runs: options.tiny, population: 500, days: 10 }));
    console.error(`  ${options.tiny} tiny runs, locally, one at a time …`);
    const tinyLocal = sweep(tinyFile, join(folder, "tiny-local"), ["--jobs", "1"]);
    console.error(`  ${options.tiny} tiny runs, through the queue, one worker …`);
    const tinyQueue = await queued(url, tinyFile, join(folder, "tiny-queue"), 1);
    // The time outside the runs themselves (each run's own seconds, as its log holds them), per run: what each
    // executor adds to a run (preparing its scenario, handing it over, collecting its result).
    const outside = (name, wall) => {
      const runs = readFileSync(join(folder, name, "runs.jsonl"), "utf8")
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line));
      const inside = runs.reduce((sum, run) => sum + (run.seconds ?? 0), 0);
      return ((wall - inside) / runs.length) * 1000;
    };
    const localOutside = outside("tiny-local", tinyLocal);
    const queueOutside = outside("tiny-queue", tinyQueue);
    // Throughput on real runs.
    const file = join(folder, "runs.yaml");
    writeFileSync(file, sweepText(options));
    const rows = [];
    for (const [label, jobs, run] of [
      ["local pool", 1, () => sweep(file, join(folder, "local-1"), ["--jobs", "1"])],
      ["local pool", 2, () => sweep(file, join(folder, "local-2"), ["--jobs", "2"])],
      ["queue, local workers", 1, () => queued(url, file, join(folder, "queue-1"), 1)],
      ["queue, local workers", 2, () => queued(url, file, join(folder, "queue-2"), 2)],
    ]) {
      console.error(`  ${options.runs} runs, ${label}, ${jobs} at once …`);
      const seconds = await run();
      rows.push({ label, jobs, seconds, perHour: (3600 * options.runs) / seconds });
      console.error(`    ${seconds.toFixed(1)} s`);
    }
    const identical =
      same("tiny-local", "tiny-queue") &&
      same("local-1", "queue-1") &&
      same("local-1", "queue-2") &&
      same("local-1", "local-2");
    const machine = describeThisMachine();
    const redisVersion = execFileSync("redis-server", ["--version"], { encoding: "utf8" }).match(
      /v=(\S+)/,
    )?.[1];
    const base = rows[0].perHour;
    const table = [
      SECTION,
      "",
      `Measured by \`npm run bench:queue -- --write\` on ${new Date().toISOString().slice(0, 10)}: ${machine}; ` +
        `redis-server ${redisVersion} on localhost, append-only file on. Everything in this one invocation.`,
      "",
      `Overhead per job: ${options.tiny} runs of a few milliseconds (china-2020, 500 citizens × 10 days), one at a ` +
        `time, took ${tinyLocal.toFixed(2)} s with the local pool (\`--jobs 1\`) and ${tinyQueue.toFixed(2)} s through ` +
        "the queue with one worker (`--concurrency 1`). Outside the runs themselves (the wall time less each run's " +
        `own seconds, per run), the local pool spends **${localOutside.toFixed(0)} ms a job** and the queue ` +
        `**${queueOutside.toFixed(0)} ms a job**` +
        (queueOutside < localOutside
          ? ": submitting, a child process's round trip through Redis and following the job cost less than the " +
            "local pool's own way, which prepares each point's scenario on the main thread between runs while the " +
            "queue's submitter prepares them all before the first is taken."
          : `: the queue adds ${(queueOutside - localOutside).toFixed(0)} ms to each job.`),
      "",
      `Throughput: ${options.runs} runs of china-2020 at ${options.population.toLocaleString("en-US")} citizens × ` +
        `${options.days} days.`,
      "",
      "| executor | runs at once | wall s | runs per hour | ratio |",
      "| --- | ---: | ---: | ---: | ---: |",
      ...rows.map(
        (row) =>
          `| ${row.label} | ${row.jobs} | ${row.seconds.toFixed(1)} | ${row.perHour.toFixed(0)} | ` +
          `${(row.perHour / base).toFixed(2)}× |`,
      ),
      "",
      `Results through the queue and locally are ${identical ? "byte-identical" : "NOT byte-identical (a bug)"}.`,
      "",
    ].join("\n");
    console.log(table);
    if (options.write) {
      writeSection(SECTION, table);
    }
  } finally {
    await stop(redis);
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
