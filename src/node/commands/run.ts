import { performance } from "node:perf_hooks";
import { createPopulation, populationBytesPerCitizen } from "../../core/population/index.js";
import type { Override, Scenario } from "../../core/scenario/index.js";
import { UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { checkMemory, formatBytes, parseBytes } from "../memory.js";
import { formatCount, formatPercent, parseCount } from "../numbers.js";
import { progressBar } from "../progress.js";
import { DEFAULT_SCENARIO, loadScenarioFrom, resolveScenario } from "../scenarios.js";
import { createStyle, formatTable, wantsColor } from "../style.js";

export interface RunOptions {
  population?: string;
  days?: string;
  seed?: string;
  threads?: string;
  out?: string;
  set?: string[];
  json?: boolean;
  maxMemory?: string;
}

/** The command-line flags that stand for scenario fields, turned into overrides validated like the file. */
export function flagOverrides(options: RunOptions): Override[] {
  const overrides: Override[] = [];
  const flag = (name: string, path: string, value: string | undefined) => {
    if (value === undefined) return;
    overrides.push({ assignment: `${path}=${parseCount(name, value)}`, label: `${name} ${value}` });
  };
  flag("--population", "population.size", options.population);
  flag("--days", "run.days", options.days);
  flag("--seed", "run.seed", options.seed);
  return [...(options.set ?? []), ...overrides];
}

export function parseThreads(text: string | undefined, cores: number): number {
  if (text === undefined) return cores;
  const threads = Number(text);
  if (!Number.isInteger(threads) || threads < 1) {
    throw new UsageError(`--threads expects a whole number of threads ≥ 1, received "${text}"`);
  }
  return threads;
}

/** Counts how many citizens fall in each part of a dimension. */
function tally(column: Uint8Array, parts: number): number[] {
  const counts = new Array<number>(parts).fill(0);
  for (let i = 0; i < column.length; i++) counts[column[i]]++;
  return counts;
}

/**
 * `controlocracy run`: loads the scenario and draws its synthetic population. The engine that simulates the
 * days (issue #3) has not landed, so the run stops there and says so.
 */
export function runCommand(
  scenarioArgument: string | undefined,
  options: RunOptions,
  io: Io,
  cores: number,
): number {
  const style = createStyle(wantsColor(io.env, io.stdout.isTTY));
  const source = resolveScenario(scenarioArgument ?? DEFAULT_SCENARIO);
  const threads = parseThreads(options.threads, cores);
  const maxMemory = options.maxMemory === undefined ? undefined : parseBytes(options.maxMemory);
  const scenario: Scenario = loadScenarioFrom(
    source,
    flagOverrides(options),
    wantsColor(io.env, io.stderr.isTTY),
  );
  const size = scenario.population.size;
  const bytesPerCitizen = populationBytesPerCitizen(scenario);
  const estimate = checkMemory(size, bytesPerCitizen, maxMemory);

  const started = performance.now();
  const progress = progressBar("drawing the population", io, options.json);
  let population: ReturnType<typeof createPopulation>;
  try {
    population = createPopulation(scenario, scenario.run.seed, 0, size, progress.update);
  } finally {
    progress.stop();
  }
  const wallSeconds = (performance.now() - started) / 1000;

  const dimensions = [
    ["region", scenario.population.regions, population.region],
    ["group", scenario.population.groups, population.group],
    ["incomeBand", scenario.population.incomeBands, population.incomeBand],
    ["ageBand", scenario.population.ageBands, population.ageBand],
  ] as const;
  const shares = Object.fromEntries(
    dimensions.map(([name, parts, column]) => {
      const counts = tally(column, parts.length);
      return [
        name,
        Object.fromEntries(
          parts.map((part, i) => [part.id, { expected: part.share, drawn: counts[i] / size }]),
        ),
      ];
    }),
  );
  const note =
    "the engine is not built yet (issue #3): this run stopped after drawing the population; nothing was simulated";

  if (options.json) {
    const summary = {
      scenario: scenario.name,
      seed: scenario.run.seed,
      population: size,
      days: scenario.run.days,
      stage: "population",
      note,
      shares,
      bytesPerCitizen,
      memoryEstimateBytes: estimate,
      runtime: { wallSeconds, threads },
    };
    io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `${style.bold(scenario.name)} · seed ${scenario.run.seed} · ${formatCount(size)} citizens · ${scenario.run.days} days`,
    `population drawn in ${wallSeconds.toFixed(2)} s · ${bytesPerCitizen} bytes per citizen (${formatBytes(size * bytesPerCitizen)})`,
    "",
    formatTable(
      [
        ["dimension", "part", "share", "drawn"],
        ...dimensions.flatMap(([name, parts]) =>
          parts.map((part) => [
            name,
            part.id,
            formatPercent(part.share),
            formatPercent(shares[name][part.id].drawn),
          ]),
        ),
      ],
      style,
    ),
    "",
    style.yellow(`note: ${note}.`),
  ];
  if (options.out !== undefined)
    lines.push(style.yellow(`note: no run directory was written to ${options.out}.`));
  io.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}
