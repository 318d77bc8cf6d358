import { createHash } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { ENGINE_BYTES_PER_CITIZEN } from "../../core/engine/index.js";
import {
  chooseMeasure,
  formatMeasureProblem,
  mechanismNeeded,
  replicateSeed,
  SERIES_MEASURES,
} from "../../core/metrics/index.js";
import { compileModel } from "../../core/model/index.js";
import { populationBytesPerCitizen } from "../../core/population/index.js";
import {
  formatPath,
  issueMessage,
  type Override,
  problemCount,
  type Scenario,
  ScenarioError,
} from "../../core/scenario/index.js";
import { gFunction, ishigami } from "../../core/sensitivity/index.js";
import { type DesignPoint, describeDesign, designPoints } from "../../core/sweep/design.js";
import { type MeasureValues, sweepIndices } from "../../core/sweep/indices.js";
import { parseSweep } from "../../core/sweep/parse.js";
import { parameterValue } from "../../core/sweep/space.js";
import type { SweepSpec } from "../../core/sweep/types.js";
import { type CostLimits, checkRunCost, parseMaxEvents } from "../cost.js";
import { UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { parseBytes } from "../memory.js";
import { formatCount } from "../numbers.js";
import { abandonDirectory, commitDirectory, SWEEP_LOCK } from "../output/directoryLifecycle.js";
import { progressBar } from "../progress.js";
import { loadScenarioFrom, resolveScenario, type ScenarioSource } from "../scenarios.js";
import { createStyle, wantsColor } from "../style.js";
import { type RunOutcome, RunPool } from "../sweep/pool.js";
import { appendRun, type LoggedRun, stageSweep } from "../sweep/sweepDirectory.js";
import { sweepFiles } from "../sweep/sweepFiles.js";
import { formatIndices } from "../sweep/terminalIndices.js";
import { VERSION } from "../version.js";

export interface SweepOptions {
  out?: string;
  force?: boolean;
  jobs?: string;
  maxMemory?: string;
  maxEvents?: string;
  json?: boolean;
}

function parseJobs(text: string | undefined, cores: number): number {
  if (text === undefined) return cores;
  const jobs = Number(text);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 1024) {
    throw new UsageError(`--jobs expects a whole number of runs at once from 1 to 1024, received "${text}"`);
  }
  return jobs;
}

/** The name a sweep takes from its file when it gives none: the file's name, as an id (lowercase, hyphens). */
function defaultName(file: string): string {
  const name = basename(file)
    .replace(/\.ya?ml$/i, "")
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^[^a-z]+|-+$/g, "");
  return name === "" ? "sweep" : name;
}

function readSweepText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UsageError(`no sweep file at ${path}`);
    if (code === "EISDIR") throw new UsageError(`${path} is a directory, not a sweep file`);
    throw new UsageError(`cannot read ${path}: ${code ?? "error"}`);
  }
}

/** `PATH=VALUE` for an override, the value written as JSON (which YAML reads back exactly). */
const assignment = (path: string, value: unknown) => `${path}=${JSON.stringify(value)}`;

/** What the sweep runs, once resolved: the scenario's source and the overrides every point shares. */
interface Target {
  source: ScenarioSource;
  base: Scenario;
  shared: Override[];
  /** What is worth saying before the runs: measures the scenario, as the sweep sets it, leaves undefined. */
  warnings: string[];
}

/** A point's overrides: the shared ones, then its parameters' values, each labelled with where it comes from. */
function pointOverrides(spec: SweepSpec, target: Target, point: DesignPoint): Override[] {
  return [
    ...target.shared,
    ...spec.parameters.map((parameter, p) => ({
      assignment: assignment(parameter.path, point.values[p]),
      label: `parameter ${parameter.name} = ${JSON.stringify(point.values[p])}`,
    })),
  ];
}

/** Resolves the scenario a sweep names (relative to the sweep file) and checks its parameters and measures. */
function resolveTarget(
  spec: SweepSpec,
  file: string,
  locate: (path: (string | number)[]) => string,
): Target | undefined {
  if (spec.target.kind !== "scenario") return undefined;
  const name = spec.target.scenario;
  const besideFile = join(dirname(file), name);
  let source: ScenarioSource;
  try {
    source = resolveScenario(/[/\\]|\.ya?ml$/.test(name) ? besideFile : name);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`${locate(["scenario"])}: ${error.message}`);
    throw error;
  }
  const shared: Override[] = [
    ...Object.entries(spec.target.set).map(([path, value]) => ({
      assignment: assignment(path, value),
      label: `${locate(["set", path])} set ${path}`,
    })),
  ];
  if (spec.population !== undefined) {
    shared.push({
      assignment: `population.size=${spec.population}`,
      label: `${locate(["population"])} population`,
    });
  }
  if (spec.days !== undefined) {
    shared.push({ assignment: `run.days=${spec.days}`, label: `${locate(["days"])} days` });
  }
  const inFile = (what: string, load: () => Scenario) => {
    try {
      return load();
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      throw new ScenarioError(
        `${file}: the scenario does not accept ${what} (${problemCount(error.issues)})`,
        error.issues,
      );
    }
  };
  const base = inFile("the sweep's set, population and days", () => loadScenarioFrom(source, shared));
  // Every parameter must name a field the scenario accepts: checked at the middle of its range, before any run.
  const probe = spec.parameters.map((parameter) => parameterValue(parameter, 0.5));
  inFile("its parameters at the middle of their ranges", () =>
    loadScenarioFrom(source, [
      ...shared,
      ...spec.parameters.map((parameter, p) => ({
        assignment: assignment(parameter.path, probe[p]),
        label: `${locate(["parameters", p, "path"])} parameter ${parameter.name} = ${JSON.stringify(probe[p])}`,
      })),
    ]),
  );
  // Every measure's problem, each at its line.
  const problems = spec.measures.flatMap((measure, m) => {
    const at = locate(["measures", m]);
    if (measure.kind === "summary") {
      const chosen = chooseMeasure(measure.id, [base]);
      if (!("problem" in chosen)) return [];
      return [`${at}: ${formatMeasureProblem(chosen.problem).replace(/^--measure /, "measure ")}`];
    }
    if (measure.kind === "series") {
      const days = base.run.days;
      const every = base.measurement.seriesEveryDays;
      if (!(SERIES_MEASURES as readonly string[]).includes(measure.measure)) {
        return [
          `${at}: no series measure "${measure.measure}"; the series has ${SERIES_MEASURES.join(", ")}`,
        ];
      }
      if (measure.day >= days || ((measure.day + 1) % every !== 0 && measure.day !== days - 1)) {
        return [
          `${at}: the series has no row on day ${measure.day}: its days run from 0 to ${days - 1}` +
            `${every > 1 ? `, every ${every} days (and the last)` : ""}`,
        ];
      }
      return [];
    }
    return [`${at}: "y" is the output of a test function, not of a scenario`];
  });
  if (problems.length > 0) {
    throw new UsageError(
      `${file}: ${problems.length === 1 ? "a measure" : `${problems.length} measures`} the scenario does not have\n` +
        problems.map((problem) => `  ${problem}`).join("\n"),
    );
  }
  // A measure of a mechanism the scenario has off is missing in every run, unless a parameter turns it on.
  const model = compileModel(base);
  const on: Record<string, boolean> = {
    blacklist: model.blacklist,
    appeals: model.appeals,
    association: model.association,
    publicListing: model.publicListing || model.timeline.some((change) => change.model.publicListing),
  };
  const warnings = spec.measures.flatMap((measure, m) => {
    if (measure.kind !== "summary") return [];
    const needed = mechanismNeeded(measure.id);
    if (needed === undefined || on[needed] !== false) return [];
    return [
      `${locate(["measures", m])}: ${measure.id} is defined only with ${needed}, which ${base.name} has off as the ` +
        "sweep sets it: it will be missing in every run unless a parameter turns it on",
    ];
  });
  return { source, base, shared, warnings };
}

/** The sweep's value of a test function at a point. */
function evaluateFunction(spec: SweepSpec, point: DesignPoint): number {
  const x = point.values.map(Number);
  if (spec.target.kind !== "function") throw new Error("not a test function");
  return spec.target.function === "ishigami"
    ? ishigami(x, spec.target.a, spec.target.b)
    : gFunction(x, spec.target.a);
}

/** A sweep file read, validated and checked against its scenario, before anything runs. */
export interface LoadedSweep {
  spec: SweepSpec;
  target: Target | undefined;
}

/**
 * Reads a sweep file and checks it: the file (every problem at once, located), then its scenario as the sweep sets it,
 * its parameters at the middle of their ranges and its measures. Throws a ScenarioError or a UsageError (exit 2).
 */
export function loadSweep(file: string): LoadedSweep {
  const text = readSweepText(file);
  const parsed = parseSweep(text, { file, name: defaultName(file) });
  if (!parsed.ok) {
    throw new ScenarioError(
      `${file} is not a valid sweep file (${problemCount(parsed.issues)})`,
      parsed.issues,
    );
  }
  const spec = parsed.sweep;
  const locate = (path: (string | number)[]) => {
    const at = parsed.locate(path);
    return at?.line !== undefined ? `${file}:${at.line}:${at.column ?? 1}` : file;
  };
  return { spec, target: resolveTarget(spec, file, locate) };
}

/**
 * `controlocracy sweep SWEEP.yaml`: runs a scenario (or a test function) at every point of a design, each point
 * on the same replicate seeds, as many single-threaded runs at once as `--jobs`; appends each finished run to the
 * sweep's log, so that running the same sweep again continues it; then writes the design, the tidy results, the
 * sensitivity indices and report.html.
 */
export async function sweepCommand(
  file: string,
  options: SweepOptions,
  io: Io,
  cores: number,
): Promise<number> {
  const jobs = parseJobs(options.jobs, cores);
  const { spec, target } = loadSweep(file);
  const warningStyle = createStyle(wantsColor(io.env, io.stderr.isTTY));
  for (const warning of target?.warnings ?? [])
    io.stderr.write(`${warningStyle.yellow("warning:")} ${warning}\n`);
  const design = designPoints(spec);
  const replicates = spec.replicates;
  const total = design.length * replicates;
  const costLimits: CostLimits = {
    maxMemory: options.maxMemory === undefined ? undefined : parseBytes(options.maxMemory),
    maxEvents: parseMaxEvents(options.maxEvents),
    threads: 1,
    extraBytesPerCitizen:
      target === undefined
        ? 0
        : (Math.min(jobs, total) - 1) * (populationBytesPerCitizen(target.base) + ENGINE_BYTES_PER_CITIZEN),
  };
  if (target) {
    // The scenario as the sweep sets it is checked as `run` checks a run (--max-events is per run), and each point
    // again before it runs; the runs at once each hold a population.
    checkRunCost([target.base], costLimits);
  }
  const seeds = Array.from({ length: replicates }, (_, r) => replicateSeed(spec.seed, r));
  const directory = options.out ?? join("runs", `sweep-${spec.name}`);
  const identity = `${JSON.stringify(
    {
      version: VERSION,
      // What the runs depend on: not the name, the title or the bootstrap's resamples, which may change between
      // an interrupted sweep and its continuation.
      sweep: {
        target: spec.target,
        population: spec.population,
        days: spec.days,
        seed: spec.seed,
        replicates: spec.replicates,
        parameters: spec.parameters,
        design: spec.design,
        measures: spec.measures,
      },
      scenario: target ? createHash("sha256").update(JSON.stringify(target.base)).digest("hex") : null,
      // The points themselves: a sweep continued by another version that drew its design otherwise is another sweep.
      design: createHash("sha256")
        .update(JSON.stringify(design.map((point) => point.values)))
        .digest("hex"),
    },
    null,
    2,
  )}\n`;
  const command = `controlocracy sweep ${file}${options.out === undefined ? "" : ` --out ${options.out}`}`;
  const { staging, done, continued } = stageSweep(directory, identity, options.force === true, command);
  const runs = new Map<string, LoggedRun>(done.map((run) => [`${run.point}:${run.replicate}`, run]));
  const started = performance.now();
  const progress = progressBar(`sweep ${spec.name} · ${formatCount(total)} runs`, io, options.json);
  const todo: { point: DesignPoint; replicate: number }[] = [];
  for (const point of design) {
    for (let replicate = 0; replicate < replicates; replicate++) {
      if (!runs.has(`${point.point}:${replicate}`)) todo.push({ point, replicate });
    }
  }
  // Workers only for runs still to do (a sweep continued with every run logged needs none).
  const pool = target && todo.length > 0 ? new RunPool(Math.min(jobs, todo.length)) : undefined;
  try {
    if (continued && !options.json) {
      io.stderr.write(
        `continuing the sweep in ${directory}: ${formatCount(runs.size)} of ${formatCount(total)} runs were done\n`,
      );
    }
    const inFlight = new Map<number, number>();
    let finished = runs.size;
    const report = () => {
      let partial = 0;
      for (const fraction of inFlight.values()) partial += fraction;
      progress.update((finished + partial) / total);
    };
    const record = (run: LoggedRun) => {
      appendRun(staging, run);
      runs.set(`${run.point}:${run.replicate}`, run);
      finished++;
      report();
    };
    if (target === undefined) {
      for (const { point, replicate } of todo) {
        record({
          point: point.point,
          replicate,
          seed: seeds[replicate],
          values: [evaluateFunction(spec, point)],
          seconds: 0,
        });
      }
    } else {
      const scenarios = new Map<number, Scenario | string>();
      const scenarioOf = (point: DesignPoint): Scenario | string => {
        let scenario = scenarios.get(point.point);
        if (scenario === undefined) {
          try {
            scenario = loadScenarioFrom(target.source, pointOverrides(spec, target, point));
            // Each point is estimated as `run` estimates a run: one that would outgrow the limits is not run.
            checkRunCost([scenario], costLimits);
          } catch (error) {
            if (error instanceof UsageError) {
              scenario = error.message;
              scenarios.set(point.point, scenario);
              return scenario;
            }
            if (!(error instanceof ScenarioError)) throw error;
            // One line a failed run: each problem with the parameter value it comes from, or at its field.
            scenario = error.issues
              .map((issue) => `${issue.at?.override ?? formatPath(issue.path)}: ${issueMessage(issue)}`)
              .join("; ");
          }
          scenarios.clear();
          scenarios.set(point.point, scenario);
        }
        return scenario;
      };
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < todo.length) {
          const { point, replicate } = todo[next++];
          const scenario = scenarioOf(point);
          const key = { point: point.point, replicate, seed: seeds[replicate] };
          if (typeof scenario === "string") {
            record({ ...key, error: scenario });
            continue;
          }
          const id = point.point * replicates + replicate;
          inFlight.set(id, 0);
          const outcome: RunOutcome = await (pool as RunPool).run(
            { scenario, seed: seeds[replicate], measures: spec.measures },
            (fraction) => {
              inFlight.set(id, fraction);
              report();
            },
          );
          inFlight.delete(id);
          record({ ...key, ...outcome });
        }
      };
      await Promise.all(Array.from({ length: pool?.size ?? 1 }, worker));
    }
  } catch (error) {
    progress.stop();
    await pool?.close();
    // Finished runs are kept (the log): running the sweep again continues from them.
    if (runs.size === 0) abandonDirectory(staging);
    else rmSync(join(staging.temporary, SWEEP_LOCK), { force: true });
    throw error;
  }
  progress.stop();
  await pool?.close();
  const ordered = design.flatMap((point) =>
    seeds.map((_, replicate) => runs.get(`${point.point}:${replicate}`) as LoggedRun),
  );
  const measureValues = spec.measures.map((measure, m) => ({
    id: measure.id,
    values: design.map((point) =>
      seeds.map((_, replicate) => {
        const run = ordered[point.point * replicates + replicate];
        return "values" in run ? run.values[m] : null;
      }),
    ) as MeasureValues,
  }));
  const indices = sweepIndices(spec, design, measureValues);
  // The runs (those of this invocation) and the indices: what a sweep's time is spent on.
  const wallSeconds = (performance.now() - started) / 1000;
  const failures = ordered.filter((run): run is Extract<LoggedRun, { error: string }> => "error" in run);
  const files = await sweepFiles({
    spec,
    design,
    runs: ordered,
    indices,
    model: target ? target.base.name : spec.target.kind === "function" ? spec.target.function : "",
    population: target ? target.base.population.size : null,
    days: target ? target.base.run.days : null,
    description: describeDesign(spec),
    seeds,
    run: { version: VERSION, wallSeconds, jobs: pool?.size ?? 1, runs: total, failed: failures.length },
  });
  rmSync(join(staging.temporary, SWEEP_LOCK), { force: true });
  commitDirectory(staging, files);
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({ directory, wallSeconds, runs: total, failed: failures.length, indices }, null, 2)}\n`,
    );
    return 0;
  }
  const style = createStyle(wantsColor(io.env, io.stdout.isTTY));
  io.stdout.write(
    formatIndices(spec, indices, {
      style,
      directory,
      wallSeconds,
      runs: total,
      failures: failures.map((run) => ({ point: run.point, replicate: run.replicate, error: run.error })),
      population: target ? target.base.population.size : null,
      days: target ? target.base.run.days : null,
      model: target ? target.base.name : spec.target.kind === "function" ? spec.target.function : "",
    }),
  );
  return 0;
}
