import { performance } from "node:perf_hooks";
import {
  COMPARISON_MEASURES,
  type ComparisonMeasure,
  chooseMeasure,
  compareRuns,
  formatMeasureProblem,
  intervalNotes,
  pairingWarnings,
  replicateSeed,
  type Summary,
} from "../../core/metrics/index.js";
import type { Scenario } from "../../core/scenario/index.js";
import type { ComparisonReport } from "../../report/types.js";
import { checkRunCost, parseMaxEvents } from "../cost.js";
import { UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { parseBytes } from "../memory.js";
import { formatCount } from "../numbers.js";
import {
  abandonDirectory,
  commitDirectory,
  type Staging,
  stageDefaultDirectory,
  stageDirectory,
} from "../output/directoryLifecycle.js";
import { toCsv } from "../output/tableFiles.js";
import { progressBar } from "../progress.js";
import { renderComparisonReport } from "../report/chartLibraries.js";
import { loadScenarioFrom, resolveScenario } from "../scenarios.js";
import { createStyle, formatTable, type Style, wantsColor } from "../style.js";
import { simulate } from "../threads/run.js";
import { flagOverrides, parseThreads, type RunOptions } from "./run.js";

export interface CompareOptions extends RunOptions {
  replicates?: string;
  /** Measures chosen (`--measure`, repeatable): main measures' ids or paths of summary.json's numeric fields. */
  measure?: string[];
}

/** The measures asked for, each checked against summary.json's schema and the scenarios' ids (else exit 2). */
function chosenMeasures(names: string[] | undefined, scenarios: readonly Scenario[]): ComparisonMeasure[] {
  if (names === undefined || names.length === 0) return [...COMPARISON_MEASURES];
  const measures: ComparisonMeasure[] = [];
  for (const name of names) {
    const chosen = chooseMeasure(name, scenarios);
    if ("problem" in chosen) throw new UsageError(formatMeasureProblem(chosen.problem));
    if (!measures.some((measure) => measure.id === chosen.measure.id)) measures.push(chosen.measure);
  }
  return measures;
}

function parseReplicates(text: string | undefined): number {
  if (text === undefined) return 5;
  const replicates = Number(text);
  if (!Number.isInteger(replicates) || replicates < 1 || replicates > 1000) {
    throw new UsageError(`--replicates expects a whole number from 1 to 1000, received "${text}"`);
  }
  return replicates;
}

const SHARES = new Set(["listedShare", "wrongfulShare", "precision", "recall"]);

/** Whether a row's numbers are written as percentages: the main shares, and chosen fields that are shares. */
function isPercent(row: ComparisonReport["rows"][number]): boolean {
  return SHARES.has(row.measure) || (row.measure.includes(".") && row.scales?.values === "logit");
}

/**
 * Writes a number for the table: percentages for shares (percentage points for a difference of shares), else up to
 * 3 decimals.
 */
function formatValue(percent: boolean, value: number, difference = false): string {
  if (percent) {
    return `${(value * 100).toFixed(Math.abs(value) < 0.01 ? 3 : 1)}${difference ? " pp" : "%"}`;
  }
  if (Math.abs(value) >= 100) return formatCount(Math.round(value));
  return value.toFixed(Math.abs(value) < 1 ? 3 : 2);
}

/**
 * A mean and its interval for the table: `mean [low, high]`, `mean [n/a]` when no interval can be given, and a
 * blank ("—") where the scenario does not define the measure.
 */
function formatWithInterval(
  percent: boolean,
  entry: { mean: number | null; low: number | null; high: number | null } | undefined,
  difference = false,
): string {
  if (entry === undefined || entry.mean === null) return "—";
  const mean = formatValue(percent, entry.mean, difference);
  if (entry.low === null || entry.high === null) return `${mean} [n/a]`;
  return `${mean} [${formatValue(percent, entry.low, difference)}, ${formatValue(percent, entry.high, difference)}]`;
}

function formatTableText(report: ComparisonReport, style: Style): string {
  const header = ["measure", ...report.scenarios.map((name) => `${name} (95% CI)`)];
  for (const name of report.scenarios.slice(1)) header.push(`${name} − ${report.scenarios[0]}`);
  const rows = report.rows.map((row) => {
    const cells = [row.label];
    const percent = isPercent(row);
    for (const scenario of report.scenarios) {
      cells.push(
        formatWithInterval(
          percent,
          row.values.find((entry) => entry.scenario === scenario),
        ),
      );
    }
    for (const scenario of report.scenarios.slice(1)) {
      const difference = row.differences.find((entry) => entry.scenario === scenario);
      cells.push(formatWithInterval(percent, difference, true));
    }
    return cells;
  });
  return formatTable([header, ...rows], style);
}

/**
 * `controlocracy compare A B …`: runs each scenario on the same replicate seeds (common random numbers), prints
 * each main measure's mean and 95% confidence interval across replicates, and the paired differences against the
 * first scenario; writes comparison.json, comparison.csv (every run's value) and report.html.
 */
export async function compareCommand(
  names: string[],
  options: CompareOptions,
  io: Io,
  cores: number,
): Promise<number> {
  if (names.length < 2)
    throw new UsageError("compare needs at least two scenarios, e.g. compare china-2020 no-system");
  const threads = parseThreads(options.threads, cores);
  const replicates = parseReplicates(options.replicates);
  const maxMemory = options.maxMemory === undefined ? undefined : parseBytes(options.maxMemory);
  const overrides = flagOverrides(options);
  const color = wantsColor(io.env, io.stderr.isTTY);
  const scenarios: Scenario[] = names.map((name) => loadScenarioFrom(resolveScenario(name), overrides));
  const measures = chosenMeasures(options.measure, scenarios);
  checkRunCost(scenarios, {
    maxMemory,
    maxEvents: parseMaxEvents(options.maxEvents),
    threads,
    runs: replicates,
  });
  const labels = scenarios.map((scenario) => scenario.name);
  if (new Set(labels).size !== labels.length) {
    throw new UsageError(`compare needs different scenarios; received ${labels.join(", ")}`);
  }
  // Said before the runs, so a long comparison does not hide it until the end.
  const warnings = pairingWarnings(scenarios);
  const warningStyle = createStyle(color);
  for (const warning of warnings) io.stderr.write(`${warningStyle.yellow("warning:")} ${warning}\n`);
  // The output is checked, and its staging directory made, before anything is simulated.
  const staging =
    options.out === undefined
      ? stageDefaultDirectory(`compare-${labels.join("-vs-")}`, "comparison")
      : stageDirectory(options.out, "comparison", options.force === true);
  try {
    return await compareInto(
      staging,
      scenarios,
      labels,
      measures,
      replicates,
      threads,
      warnings,
      options,
      io,
    );
  } catch (error) {
    abandonDirectory(staging);
    throw error;
  }
}

async function compareInto(
  staging: Staging,
  scenarios: Scenario[],
  labels: string[],
  measures: readonly ComparisonMeasure[],
  replicates: number,
  threads: number,
  warnings: string[],
  options: CompareOptions,
  io: Io,
): Promise<number> {
  const style = createStyle(wantsColor(io.env, io.stdout.isTTY));
  const directory = staging.directory;

  const baseSeed = scenarios[0].run.seed;
  const seeds = Array.from({ length: replicates }, (_, r) => replicateSeed(baseSeed, r));
  const started = performance.now();
  const progress = progressBar(`compare ×${replicates}`, io, options.json);
  const runs: Summary[][] = scenarios.map(() => []);
  const total = scenarios.length * replicates;
  try {
    for (let r = 0; r < replicates; r++) {
      for (const [k, scenario] of scenarios.entries()) {
        const done = r * scenarios.length + k;
        const { summary } = await simulate(scenario, {
          threads,
          seed: seeds[r],
          onProgress: (fraction) => progress.update((done + fraction) / total),
        });
        runs[k].push(summary);
      }
    }
  } finally {
    progress.stop();
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const report: ComparisonReport = {
    scenarios: labels,
    population: scenarios[0].population.size,
    days: scenarios[0].run.days,
    replicates,
    seeds,
    rows: compareRuns(labels, runs, measures),
    notes: intervalNotes(
      replicates,
      measures.some((measure) => measure.id.includes(".")),
    ),
    warnings,
  };
  const values = measures.flatMap((measure) =>
    labels.flatMap((scenario, k) =>
      runs[k].map((summary, r) => {
        const value = measure.of(summary);
        return {
          measure: measure.id,
          scenario,
          replicate: r,
          seed: seeds[r],
          value: value === null ? "" : value,
        };
      }),
    ),
  );
  commitDirectory(staging, {
    "comparison.json": `${JSON.stringify(report, null, 2)}\n`,
    "comparison.csv": toCsv(values, ["measure", "scenario", "replicate", "seed", "value"]),
    "run.json": `${JSON.stringify({ wallSeconds, threads, replicates, scenarios: labels }, null, 2)}\n`,
    "report.html": await renderComparisonReport(report),
  });
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ ...report, directory, wallSeconds }, null, 2)}\n`);
    return 0;
  }
  const population = formatCount(report.population);
  io.stdout.write(
    `${style.bold(labels.join(" vs "))} · ${population} citizens · ${report.days} days · ${replicates} paired ` +
      `replicate${replicates === 1 ? "" : "s"} · ${wallSeconds.toFixed(1)} s\n\n` +
      `${formatTableText(report, style)}\n\n` +
      [...(report.notes ?? []), ...warnings.map((warning) => `warning: ${warning}.`)]
        .map((note) => `${style.dim(note)}\n`)
        .join("") +
      `\n${style.dim(`written to ${directory}/`)}\n`,
  );
  return 0;
}
