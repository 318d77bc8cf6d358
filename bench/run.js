// `npm run bench [-- --quick | --full] [--repetitions N] [--write]`: the project's benchmark (bench/README.md).
//
// 1. The reduced model in four implementations — the engine, idiomatic AgentScript, a C++ reference kernel and the
//    same kernel in JavaScript — measured in this one invocation, interleaved (engine, AgentScript, C++, its port,
//    engine, …), each run in its own
//    process; the table gives the median wall time and the ratios to the engine, and the outputs are checked to
//    agree statistically (a warning line if they do not).
// 2. The full engine on scenarios/china-2020.yaml at growing populations: throughput and peak memory.
//
// The tables go to stdout, and to bench/RESULTS.md with the machine's description when run with --write.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { loadScenario } from "../dist/index.js";
import { disagreements, OUTPUTS, reducedParameters, TOLERANCE_Z } from "./agreement.js";
import { RESULTS, writeHead } from "./results.js";
import * as format from "./tables.js";

const path = (relative) => fileURLToPath(new URL(relative, import.meta.url));
const REDUCED = path("./reduced.yaml");
const KERNEL_SOURCE = path("./kernel.cpp");
const KERNEL_BINARY = path("./.build/kernel");
const KERNEL_PORT = path("./kernel.js");

const IMPLEMENTATIONS = ["engine", "agentscript", "kernel", "kernelPort"];
const NAMES = {
  engine: "engine",
  agentscript: "AgentScript (idiomatic)",
  kernel: "C++ kernel",
  kernelPort: "the kernel in JavaScript",
};

function parseArguments(argv) {
  const options = { write: false, quick: false, full: false, repetitions: 3 };
  for (let k = 0; k < argv.length; k++) {
    const argument = argv[k];
    if (argument === "--write") options.write = true;
    else if (argument === "--quick") options.quick = true;
    else if (argument === "--full") options.full = true;
    else if (argument === "--repetitions") options.repetitions = Number(argv[++k]);
    else throw new Error(`unknown option ${argument}; known: --quick, --full, --repetitions N, --write`);
  }
  if (!Number.isInteger(options.repetitions) || options.repetitions < 1) {
    throw new Error("--repetitions expects a whole number ≥ 1");
  }
  if (options.quick && options.full) throw new Error("--quick and --full exclude each other");
  return options;
}

/** Compiles the C++ kernel into the git-ignored bench/.build; undefined (with a warning) without a compiler. */
function buildKernel() {
  mkdirSync(path("./.build"), { recursive: true });
  try {
    execFileSync("g++", ["-O3", "-march=native", "-std=c++17", "-o", KERNEL_BINARY, KERNEL_SOURCE], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    const version = execFileSync("g++", ["--version"], { encoding: "utf8" }).split("\n")[0];
    return { binary: KERNEL_BINARY, compiler: version };
  } catch (error) {
    console.warn(`⚠ could not build the C++ kernel (${error.message.split("\n")[0]}); it is left out`);
    return undefined;
  }
}

/** Runs one implementation in its own process; returns its JSON line. */
function measure(implementation, citizens, parameters, kernel) {
  let command;
  let args;
  if (implementation === "engine") {
    command = process.execPath;
    args = [path("./engine.js"), REDUCED, String(citizens)];
  } else if (implementation === "agentscript") {
    command = process.execPath;
    args = [
      path("./agentscript/run.js"),
      String(citizens),
      String(parameters.days),
      JSON.stringify(parameters),
    ];
  } else {
    command = implementation === "kernel" ? kernel.binary : process.execPath;
    args = [
      ...(implementation === "kernel" ? [] : [KERNEL_PORT]),
      citizens,
      parameters.days,
      parameters.seed,
      parameters.shape,
      parameters.detection,
      parameters.misattribution,
      parameters.initialScore,
      parameters.minScore,
      parameters.maxScore,
      parameters.listBelow,
      parameters.requestRate,
      ...parameters.behaviours.flatMap(({ rate, points }) => [rate, points]),
    ].map(String);
  }
  const output = execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const result = JSON.parse(output.trim().split("\n").pop());
  return { citizens, days: parameters.days, ...result };
}

function describeMachine(kernel) {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memory: os.totalmem(),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    compiler: kernel?.compiler ?? "none",
    date: new Date().toISOString().slice(0, 10),
  };
}

function progress(label, run) {
  console.error(
    `  ${label.padEnd(30)} ${format.citizensLabel(run.citizens).padStart(5)} × ${run.days} days: ` +
      `${format.seconds(run.wallSeconds)} s, ${format.bytes(run.maxRssBytes)}`,
  );
}

/** The reduced model: every size, `repetitions` rounds of engine, AgentScript, C++ and its port in turn. */
function measureReduced(sizes, repetitions, parameters, kernel) {
  const implementations = IMPLEMENTATIONS.filter((name) => name !== "kernel" || kernel);
  const runs = [];
  for (const citizens of sizes) {
    for (let round = 0; round < repetitions; round++) {
      for (const implementation of implementations) {
        const run = measure(implementation, citizens, parameters, kernel);
        progress(`${NAMES[implementation]} (${round + 1}/${repetitions})`, run);
        runs.push({ implementation, round, ...run });
      }
    }
  }
  return runs;
}

function reducedTables(runs, sizes, parameters) {
  const rows = [];
  const warnings = [];
  const outputRows = [];
  // The port draws what the C++ kernel draws: its counts differ only where the libraries round differently.
  const portDiffers = [];
  for (const citizens of sizes) {
    const at = runs.filter((run) => run.citizens === citizens);
    const first = (implementation) =>
      at.find((run) => run.implementation === implementation && run.round === 0);
    const medianSeconds = (implementation) =>
      format.median(at.filter((run) => run.implementation === implementation).map((run) => run.wallSeconds));
    const engineSeconds = medianSeconds("engine");
    for (const implementation of IMPLEMENTATIONS) {
      const run = first(implementation);
      if (!run) continue;
      const wall = medianSeconds(implementation);
      const peak = Math.max(
        ...at.filter((r) => r.implementation === implementation).map((r) => r.maxRssBytes),
      );
      rows.push([
        NAMES[implementation],
        format.count(citizens),
        String(run.days),
        format.count(run.acts),
        format.seconds(wall),
        format.perSecond(run.acts / wall),
        format.ratio(wall / engineSeconds),
        format.bytes(peak),
      ]);
      outputRows.push([
        NAMES[implementation],
        format.count(citizens),
        ...OUTPUTS.map((o) => format.count(run[o])),
      ]);
      const kernelRun = first("kernel");
      if (implementation === "kernelPort" && kernelRun && OUTPUTS.some((o) => run[o] !== kernelRun[o])) {
        portDiffers.push(format.count(citizens));
      }
      if (implementation === "engine") continue;
      for (const { output, a, b, z } of disagreements(run, first("engine"), parameters)) {
        warnings.push(
          `⚠ ${NAMES[implementation]} at ${format.count(citizens)} citizens: ${output} ${format.count(a)} against ` +
            `the engine's ${format.count(b)} (z = ${z.toFixed(1)}, tolerance |z| ≤ ${TOLERANCE_Z})`,
        );
      }
    }
  }
  const timing = format.table(
    [
      "implementation",
      "citizens",
      "days",
      "acts",
      "wall s (median)",
      "acts/s",
      "wall ÷ engine's",
      "peak RSS",
    ],
    rows,
    [false, true, true, true, true, true, true, true],
  );
  const outputs = format.table(
    [
      "implementation",
      "citizens",
      "acts",
      "records",
      "misattributions",
      "listed",
      "truly listed",
      "requests",
      "denied",
    ],
    outputRows,
    [false, true, true, true, true, true, true, true, true],
  );
  const port = runs.some((run) => run.implementation === "kernelPort");
  const kernel = runs.some((run) => run.implementation === "kernel");
  const portLine = !(port && kernel)
    ? undefined
    : portDiffers.length === 0
      ? "The kernel in JavaScript counts exactly what the C++ kernel counts, at every size."
      : `The kernel in JavaScript differs from the C++ kernel at ${portDiffers.join(" and ")} citizens ` +
        "(where the two libraries' log and exp round differently).";
  return { timing, outputs, warnings, portLine };
}

/**
 * The full engine on china-2020, once per [citizens, threads], skipping sizes the machine's memory cannot hold
 * (judged from the previous run's bytes per citizen).
 */
function measureChina(runsAsked) {
  const runs = [];
  const skipped = [];
  let bytesPerCitizen;
  for (const [citizens, threads] of runsAsked) {
    const needed = bytesPerCitizen === undefined ? 0 : bytesPerCitizen * citizens * 1.1;
    if (needed > os.totalmem()) {
      skipped.push(
        `${format.count(citizens)} citizens skipped: about ${format.bytes(needed)} needed ` +
          `(from the smaller run's bytes per citizen), the machine has ${format.bytes(os.totalmem())}`,
      );
      continue;
    }
    const args = [path("./engine.js"), "china-2020", String(citizens), String(threads)];
    const output = execFileSync(process.execPath, args, {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    const run = JSON.parse(output.trim().split("\n").pop());
    progress("engine on china-2020", run);
    bytesPerCitizen = run.maxRssBytes / citizens;
    runs.push(run);
  }
  const rows = runs.map((run) => [
    format.count(run.citizens),
    String(run.threads),
    String(run.days),
    format.count(run.acts),
    format.seconds(run.wallSeconds),
    format.perSecond((run.citizens * run.days) / run.wallSeconds),
    format.perSecond(run.acts / run.wallSeconds),
    format.bytes(run.maxRssBytes),
    format.count(run.maxRssBytes / run.citizens),
  ]);
  const timing = format.table(
    [
      "citizens",
      "threads",
      "days",
      "acts",
      "wall s",
      "citizen-days/s",
      "acts/s",
      "peak RSS",
      "bytes per citizen",
    ],
    rows,
  );
  const lines = [];
  const one = runs.find((run) => run.threads === 1);
  const many = runs.find((run) => run.citizens === one?.citizens && run.threads > 1);
  if (one && many) {
    lines.push(
      `- ${many.threads} threads vs 1 at ${format.count(one.citizens)} citizens: ` +
        `${format.ratio(one.wallSeconds / many.wallSeconds)} faster, the same summary (a test checks the bytes).`,
    );
  }
  const national = runs.find((run) => run.citizens >= 68e6);
  if (national) {
    lines.push(
      `- ${format.count(national.citizens)} citizens × ${national.days} days in ` +
        `${format.seconds(national.wallSeconds)} s (the design's bar is ≤ 60 s on 2 cores; the next step aims at ≤ 240 s).`,
    );
  }
  return { timing, skipped, lines };
}

function headline(runs, sizes) {
  const largest = Math.max(...sizes);
  const seconds = (implementation) => {
    const times = runs
      .filter((run) => run.implementation === implementation && run.citizens === largest)
      .map((run) => run.wallSeconds);
    return times.length > 0 ? format.median(times) : undefined;
  };
  const engine = seconds("engine");
  const lines = [];
  const agentscript = seconds("agentscript");
  if (agentscript !== undefined) {
    lines.push(
      `- engine vs idiomatic AgentScript at ${format.count(largest)} citizens: the engine is ` +
        `${format.ratio(agentscript / engine)} faster (the design's bar is ≥ 50×; the next step aims at ≥ 8×).`,
    );
  }
  const kernel = seconds("kernel");
  if (kernel !== undefined) {
    lines.push(
      `- engine vs the C++ kernel at ${format.count(largest)} citizens: the engine takes ` +
        `${format.ratio(engine / kernel)} the kernel's time (the design's bar is ≤ 2×; the next step aims at ≤ 1.5×).`,
    );
  }
  const port = seconds("kernelPort");
  if (port !== undefined) {
    if (kernel !== undefined) {
      lines.push(
        `- the kernel in JavaScript takes ${format.ratio(port / kernel)} the C++ kernel's time (the language, ` +
          "the same draws and counts), and the engine takes " +
          `${format.ratio(engine / port)} the port's time (the engine's structure and the work it does beyond the kernel).`,
      );
    } else {
      lines.push(`- the engine takes ${format.ratio(engine / port)} the time of the kernel in JavaScript.`);
    }
  }
  return lines;
}

function main() {
  const options = parseArguments(process.argv.slice(2));
  const reducedSizes = options.quick ? [10_000, 100_000] : [100_000, 1_000_000];
  const cores = os.availableParallelism();
  const chinaRuns = options.quick
    ? [
        [100_000, 1],
        [100_000, cores],
      ]
    : [[1e6, 1], [1e6, cores], [1e7, cores], [68e6, cores], ...(options.full ? [[1.4e9, cores]] : [])];
  const parameters = reducedParameters(loadScenario(REDUCED));
  const kernel = buildKernel();
  const machine = describeMachine(kernel);

  console.error(`reduced model (bench/reduced.yaml), ${options.repetitions} interleaved rounds per size:`);
  const reducedRuns = measureReduced(reducedSizes, options.repetitions, parameters, kernel);
  console.error("china-2020, the full engine:");
  const china = measureChina(chinaRuns);

  const reduced = reducedTables(reducedRuns, reducedSizes, parameters);
  const agreement =
    reduced.warnings.length > 0
      ? reduced.warnings.join("\n")
      : `All outputs agree with the engine's within ${TOLERANCE_Z} standard errors (bench/README.md, "Agreement").`;
  const report = [
    "# Benchmark results",
    "",
    `Measured by \`npm run bench -- ${process.argv.slice(2).join(" ")}\` on ${machine.date}: ${machine.cpu}, ` +
      `${machine.cores} cores, ${format.bytes(machine.memory)} memory, ${machine.os}, Node ${machine.node}, ` +
      `${machine.compiler}. Ratios are measured in this one run; the method is in bench/README.md.`,
    "",
    `## The reduced model: four implementations, median of ${options.repetitions} interleaved runs`,
    "",
    reduced.timing,
    "",
    ...headline(reducedRuns, reducedSizes),
    "",
    "Outputs (the first run of each; the implementations use different random number generators, but for the two " +
      "kernels):",
    "",
    reduced.outputs,
    "",
    agreement,
    ...(reduced.portLine ? ["", reduced.portLine] : []),
    "",
    "## The full engine on china-2020 (one run per row)",
    "",
    china.timing,
    ...(china.lines.length > 0 ? ["", ...china.lines] : []),
    ...(china.skipped.length > 0 ? ["", ...china.skipped.map((line) => `- ${line}`)] : []),
    "",
  ].join("\n");

  console.log(report);
  if (reduced.warnings.length > 0) console.warn(agreement);
  if (options.write) {
    writeHead(report, ["## The reduced model", "## The full engine on china-2020"]);
    console.error(`wrote ${RESULTS}`);
  }
}

main();
