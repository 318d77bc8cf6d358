// `npm run bench:web [-- --write] [--populations 100000,1000000] [--days D]`: the explorable's run in headless
// Chromium against the same run in Node on one thread, on this machine, in this one invocation.
//  - The site is built with Vite (as `npm run build:web` builds it) into a temporary folder, served by a plain HTTP
//    server on a free 127.0.0.1 port, and opened in Debian's Chromium (or CHROMIUM_PATH), headless.
//  - For each population: the page opened with `?scenario=china-2020&seed=1&set=population.size=N&set=run.days=D`
//    (china-2020's own settings otherwise, its paired baseline included: the page runs it, so both sides do), run
//    as fast as it goes; the seconds are the worker's own (`window.controlocracy.seconds`: from the scenario read to
//    summary.json, the baseline, the population, every day and the summary, with the page's pauses to hear its
//    messages).
//  - Node: the core's `simulate()` from dist/ on one thread, in a process of its own (`node bench/web.js --node N D
//    SEED`), the same scenario with the same changes, timed the same way (from the scenario read to summary.json).
//    This is the browser's code path in Node: `controlocracy run --threads 1` runs the shard on a worker thread with
//    V8's flags for the engine (`setEngineFlags`: no concurrent recompilation, a larger inlining budget), and adds
//    the story's re-run and the files.
// The two summary.json are compared byte for byte. With --write, the section replaces "In a browser" in
// bench/RESULTS.md, with the machine's description.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { buildAndServeSite, CHROMIUM, CHROMIUM_ARGS } from "../scripts/site.js";
import { describeThisMachine, writeSection } from "./results.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const SECTION = "## In a browser";
const SCENARIO = "china-2020";
const SEED = 1;
/** A run may take long on a loaded machine: an hour before the page is given up on. */
const TIMEOUT_MS = 3_600_000;

function parseArguments(argv) {
  const options = { write: false, populations: [100000, 1000000], days: 365 };
  for (let k = 0; k < argv.length; k++) {
    const argument = argv[k];
    if (argument === "--write") options.write = true;
    else if (argument === "--days") options.days = Number(argv[++k]);
    else if (argument === "--populations") options.populations = String(argv[++k]).split(",").map(Number);
    else throw new Error(`unknown option ${argument}; known: --populations N,N,…, --days D, --write`);
  }
  if (!Number.isInteger(options.days) || options.days < 1)
    throw new Error("--days expects a whole number ≥ 1");
  if (options.populations.length === 0 || options.populations.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error("--populations expects whole numbers ≥ 1, separated by commas");
  return options;
}

/** The changes the page's URL and the Node run both apply to china-2020. */
const changes = (population, days) => [`population.size=${population}`, `run.days=${days}`];

/**
 * The Node side, in its own process: china-2020 with the page's changes and seed, the core's `simulate()` on this
 * thread, timed from the scenario read to summary.json (as the page's worker times it). Prints one JSON line.
 */
async function nodeRun(population, days, seed) {
  const { loadScenario } = await import("../dist/index.js");
  const { simulate, summaryJson } = await import("../dist/core/index.js");
  const scenario = loadScenario(SCENARIO, [...changes(population, days), `run.seed=${seed}`]);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const { summary } = simulate(scenario);
  const json = summaryJson(summary);
  const seconds = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(cpuBefore);
  console.log(JSON.stringify({ seconds, cpu: (user + system) / 1e6, summaryJson: json }));
}

function filesUnder(folder) {
  return readdirSync(folder, { recursive: true })
    .map((name) => join(folder, name))
    .filter((path) => statSync(path).isFile());
}

/** Linux's clock ticks a second, in which /proc counts a process's CPU time. */
const TICKS = 100;

/** The CPU seconds (user and system) of each process descended from this one (Chromium's), by process id. */
function descendantsCpu() {
  const processes = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    // After the command's name in parentheses: state, parent, … utime (14th field) and stime (15th).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    processes.push({
      pid: Number(name),
      parent: Number(fields[1]),
      cpu: (Number(fields[11]) + Number(fields[12])) / TICKS,
    });
  }
  const ours = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const { pid, parent } of processes) {
      if (ours.has(parent) && !ours.has(pid)) {
        ours.add(pid);
        grew = true;
      }
    }
  }
  ours.delete(process.pid);
  return new Map(processes.filter(({ pid }) => ours.has(pid)).map(({ pid, cpu }) => [pid, cpu]));
}

/** The CPU seconds Chromium's processes spent between two readings (those that ended meanwhile are not counted). */
function cpuBetween(before, after) {
  let total = 0;
  for (const [pid, cpu] of after) total += Math.max(0, cpu - (before.get(pid) ?? 0));
  return total;
}

/**
 * The page's run of one case: its worker's seconds, its summary.json, and the CPU seconds Chromium's processes
 * spent over the page's whole visit (loading it, the run, the page's drawing), which others' work on a shared
 * machine does not inflate as it does the wall time.
 */
async function browserRun(browser, base, population, days) {
  const cpuBefore = descendantsCpu();
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  try {
    const query = new URLSearchParams({ scenario: SCENARIO, seed: String(SEED) });
    for (const change of changes(population, days)) query.append("set", change);
    await page.goto(`${base}?${query}`);
    await page.waitForFunction(
      () => ["finished", "invalid", "failed"].includes(globalThis.controlocracy.state),
      undefined,
      { timeout: TIMEOUT_MS, polling: 1000 },
    );
    const state = await page.evaluate(() => {
      const { state, seconds, summaryJson, problems } = globalThis.controlocracy;
      return { state, seconds, summaryJson, problems };
    });
    if (state.state !== "finished")
      throw new Error(`the page's run ${state.state}: ${state.problems ?? ""} ${errors.join("; ")}`);
    if (typeof state.seconds !== "number") throw new Error("the page does not expose its run's seconds");
    return { ...state, cpu: cpuBetween(cpuBefore, descendantsCpu()) };
  } finally {
    await page.close();
  }
}

const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;
const kib = (bytes) => `${(bytes / 2 ** 10).toFixed(0)} KiB`;
const seconds = (value) => (value < 10 ? value.toFixed(2) : value.toFixed(1));
const millions = (value) => `${(value / 1e6).toFixed(1)} M`;

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const { chromium } = await import("playwright-core");
  const folder = mkdtempSync(join(os.tmpdir(), "controlocracy-bench-web-"));
  let server;
  let browser;
  try {
    const site = join(folder, "site");
    console.error("  building the site …");
    const served = await buildAndServeSite(site);
    server = served.server;
    const files = filesUnder(site);
    const totalBytes = files.reduce((sum, path) => sum + statSync(path).size, 0);
    const scripts = files.filter((path) => path.endsWith(".js"));
    const jsBytes = scripts.reduce((sum, path) => sum + statSync(path).size, 0);
    const jsGzip = scripts.reduce((sum, path) => sum + gzipSync(readFileSync(path), { level: 9 }).length, 0);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const version = browser.version();
    const loadBefore = os.loadavg()[0];
    const rows = [];
    for (const population of options.populations) {
      console.error(`  ${population.toLocaleString("en-US")} × ${options.days} days in Chromium …`);
      const inBrowser = await browserRun(browser, served.base, population, options.days);
      console.error(
        `    ${inBrowser.seconds.toFixed(1)} s (${inBrowser.cpu.toFixed(1)} s CPU); in Node on one thread …`,
      );
      const inNode = JSON.parse(
        execFileSync(
          process.execPath,
          [fileURLToPath(import.meta.url), "--node", String(population), String(options.days), String(SEED)],
          { cwd: root, encoding: "utf8", maxBuffer: 256 * 2 ** 20, stdio: ["ignore", "pipe", "inherit"] },
        ),
      );
      console.error(`    ${inNode.seconds.toFixed(1)} s (${inNode.cpu.toFixed(1)} s CPU)`);
      rows.push({
        population,
        browser: inBrowser.seconds,
        node: inNode.seconds,
        browserCpu: inBrowser.cpu,
        nodeCpu: inNode.cpu,
        same: inBrowser.summaryJson === inNode.summaryJson,
      });
    }
    const loadAfter = os.loadavg()[0];
    const machine = describeThisMachine();
    const allSame = rows.every((row) => row.same);
    const table = [
      SECTION,
      "",
      `Measured by \`npm run bench:web -- --write\` on ${new Date().toISOString().slice(0, 10)}: ${machine}; ` +
        `headless Chromium ${version} (Debian's). Both sides in this one invocation, one after the other; the machine's load average (one ` +
        `minute) was ${loadBefore.toFixed(1)} when it began and ${loadAfter.toFixed(1)} when it ended (on a shared ` +
        "machine, others' work slows both sides).",
      "",
      `The explorable (src/web, built by Vite as \`npm run build:web\` builds it, served from a plain local HTTP ` +
        `server) runs ${SCENARIO} with seed ${SEED}, its own settings otherwise — its paired baseline included, ` +
        "so each run simulates the population twice, with the apparatus and without — in its Web Worker as fast " +
        "as it goes; browser s is the worker's own time from the scenario read to summary.json (the population, " +
        "the baseline, every day, the summary, and the page's pauses of a moment every 30 ms to hear its " +
        "messages). Node s is the same scenario, changes and seed through the core's `simulate()` from dist/ on " +
        "one thread, in a process of its own, timed the same way: the same code path as the browser's. " +
        "(`controlocracy run --threads 1` runs its shard on a worker thread and adds the story's re-run and the " +
        "files.)",
      "",
      "| citizens | days | browser s | Node one-thread s | browser ÷ Node | citizen-days/s in the browser | browser CPU s | Node CPU s | CPU browser ÷ Node | summary.json |",
      "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
      ...rows.map(
        (row) =>
          `| ${row.population.toLocaleString("en-US")} | ${options.days} | ${seconds(row.browser)} | ` +
          `${seconds(row.node)} | ${(row.browser / row.node).toFixed(2)}× | ` +
          `${millions((row.population * options.days) / row.browser)} | ${seconds(row.browserCpu)} | ` +
          `${seconds(row.nodeCpu)} | ${(row.browserCpu / row.nodeCpu).toFixed(2)}× | ${row.same ? "identical" : "DIFFERENT"} |`,
      ),
      "",
      `The browser's summary.json ${allSame ? "is byte-identical to Node's in every row" : "DIFFERS from Node's in a row marked DIFFERENT (a bug)"}. ` +
        "Citizen-days per second count the run's citizens × days once, though the baseline doubles the work. " +
        "The CPU seconds (user and system, every thread) are what a shared machine's load does not inflate as it " +
        "does wall time: Node's over the timed run in its process; the browser's, all of Chromium's processes over " +
        "the page's whole visit (loading it, the run, the page's drawing), so a little more than the run itself.",
      "",
      `The built site: ${files.length} files, ${mib(totalBytes)} in all; its JavaScript (${scripts.length} ` +
        `files, the page and the worker) ${kib(jsBytes)}, ${kib(jsGzip)} gzipped (level 9, each file on its own).`,
      "",
    ].join("\n");
    console.log(table);
    if (options.write) {
      writeSection(SECTION, table);
    }
    if (!allSame) process.exitCode = 1;
  } finally {
    await browser?.close();
    if (server) await new Promise((resolve) => server.close(resolve));
    rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--node") {
  const [population, days, seed] = process.argv.slice(3).map(Number);
  await nodeRun(population, days, seed);
} else {
  await main();
}
