import { createHash } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
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
import {
  abandonDirectory,
  commitDirectory,
  releaseDirectory,
  type Staging,
  SWEEP_LOCK,
  SWEEP_LOG,
  writeFileAtomically,
} from "../output/directoryLifecycle.js";
import { progressBar } from "../progress.js";
import { checkReachable, parseQueueAddress, type QueueAddress } from "../queue/connection.js";
import type { QueuedRun, Submission } from "../queue/follow.js";
import { runJob } from "../queue/jobs.js";
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
  /** Run the runs as jobs of a BullMQ queue on this Redis server instead of locally. */
  queue?: string;
  /** With --queue: submit and return at once. */
  detach?: boolean;
  /** With --queue: workers also write each run's full directory under their --results directory. */
  outputs?: boolean;
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

/** A sweep ready to run: its file checked, its design drawn, its directory named, and what makes it this sweep. */
interface PreparedSweep {
  file: string;
  spec: SweepSpec;
  target: Target | undefined;
  design: DesignPoint[];
  seeds: number[];
  total: number;
  directory: string;
  identity: string;
  costLimits: CostLimits;
}

function prepareSweep(file: string, options: SweepOptions, jobs: number, io: Io): PreparedSweep {
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
  return { file, spec, target, design, seeds, total, directory, identity, costLimits };
}

/**
 * Each point's scenario as the sweep sets it, validated and estimated as `run` would: a point the validator rejects
 * or whose run would outgrow the limits is a failed run, its error in one line. Replicates of a point come one after
 * another, so only the last point's scenario is kept.
 */
function pointScenarios(sweep: PreparedSweep): (point: DesignPoint) => Scenario | string {
  const { spec, costLimits } = sweep;
  const target = sweep.target as Target;
  const scenarios = new Map<number, Scenario | string>();
  return (point) => {
    let scenario = scenarios.get(point.point);
    if (scenario !== undefined) return scenario;
    try {
      scenario = loadScenarioFrom(target.source, pointOverrides(spec, target, point));
      // Each point is estimated as `run` estimates a run: one that would outgrow the limits is not run.
      checkRunCost([scenario], costLimits);
    } catch (error) {
      if (error instanceof UsageError) scenario = error.message;
      else if (error instanceof ScenarioError) {
        // One line a failed run: each problem with the parameter value it comes from, or at its field.
        scenario = error.issues
          .map((issue) => `${issue.at?.override ?? formatPath(issue.path)}: ${issueMessage(issue)}`)
          .join("; ");
      } else throw error;
    }
    scenarios.clear();
    scenarios.set(point.point, scenario);
    return scenario;
  };
}

/** The command that continues a sweep, as said when it is stopped. */
function continueCommand(file: string, options: SweepOptions): string {
  const out = options.out === undefined ? "" : ` --out ${options.out}`;
  return `controlocracy sweep ${file}${out}`;
}

/** A run to do: a point's replicate not in the log. */
interface Todo {
  point: DesignPoint;
  replicate: number;
}

/** How the runs were executed, for run.json. */
type Executor = { executor: "local"; jobs: number } | { executor: "queue"; queue: string };

/**
 * `controlocracy sweep SWEEP.yaml`: runs a scenario (or a test function) at every point of a design, each point
 * on the same replicate seeds, as many single-threaded runs at once as `--jobs` (or as jobs of a BullMQ queue with
 * `--queue`); appends each finished run to the sweep's log, so that running the same sweep again continues it; then
 * writes the design, the tidy results, the sensitivity indices and report.html.
 */
export async function sweepCommand(
  file: string,
  options: SweepOptions,
  io: Io,
  cores: number,
): Promise<number> {
  const address = options.queue === undefined ? undefined : parseQueueAddress(options.queue, io.env);
  if (address === undefined && (options.detach || options.outputs)) {
    throw new UsageError(`${options.detach ? "--detach" : "--outputs"} goes with --queue redis://HOST:PORT`);
  }
  if (address && options.jobs !== undefined) {
    throw new UsageError(
      "--jobs sets the local pool's runs at once; with --queue, each worker's --concurrency does",
    );
  }
  const jobs = address ? 1 : parseJobs(options.jobs, cores);
  const sweep = prepareSweep(file, options, jobs, io);
  const { spec, target, design, seeds, total, directory } = sweep;
  // Redis is checked before anything is written: a server that is not there leaves nothing behind.
  if (address) await checkReachable(address);
  const { staging, done, continued } = stageSweep(
    directory,
    sweep.identity,
    options.force === true,
    address ? `controlocracy sweep collect ${directory}` : continueCommand(file, options),
  );
  const runs = new Map<string, LoggedRun>(done.map((run) => [`${run.point}:${run.replicate}`, run]));
  const started = performance.now();
  const todo: Todo[] = [];
  for (const point of design) {
    for (let replicate = 0; replicate < spec.replicates; replicate++) {
      if (!runs.has(`${point.point}:${replicate}`)) todo.push({ point, replicate });
    }
  }
  if (continued && !options.json) {
    io.stderr.write(
      address
        ? `gathering the sweep in ${directory}: ${formatCount(runs.size)} of ${formatCount(total)} runs gathered before\n`
        : `continuing the sweep in ${directory}: ${formatCount(runs.size)} of ${formatCount(total)} runs were done\n`,
    );
  }
  const progress = progressBar(`sweep ${spec.name} · ${formatCount(total)} runs`, io, options.json);
  const inFlight = new Map<string, number>();
  let finished = runs.size;
  const report = () => {
    let partial = 0;
    for (const fraction of inFlight.values()) partial += fraction;
    progress.update((finished + partial) / total);
  };
  const record = (run: LoggedRun) => {
    const key = `${run.point}:${run.replicate}`;
    // A run settled twice (a job retried after its result was seen) is logged once.
    if (runs.has(key)) return;
    appendRun(staging, run);
    runs.set(key, run);
    inFlight.delete(key);
    finished++;
    report();
  };
  let executor: Executor = { executor: "local", jobs: 1 };
  // A queued sweep's time runs from its first submission, whoever gathers it.
  let since = Date.now();
  try {
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
    } else if (address) {
      executor = { executor: "queue", queue: address.display };
      const { detached, submitted } = await runOnQueue(sweep, todo, staging, address, options, {
        record,
        progress: (key, fraction) => {
          inFlight.set(key, fraction);
          report();
        },
        io,
      });
      since = submitted;
      if (detached) {
        progress.stop();
        return 0;
      }
    } else {
      executor = { executor: "local", jobs: Math.min(jobs, Math.max(todo.length, 1)) };
      await runLocally(sweep, todo, jobs, record, (key, fraction) => {
        inFlight.set(key, fraction);
        report();
      });
    }
  } catch (error) {
    progress.stop();
    // Finished runs are kept (the log): running the sweep again continues from them.
    if (runs.size === 0 && !existsSync(join(staging.temporary, QUEUE_FILE))) abandonDirectory(staging);
    else rmSync(join(staging.temporary, SWEEP_LOCK), { force: true });
    throw error;
  }
  progress.stop();
  const wallSeconds =
    executor.executor === "queue" ? (Date.now() - since) / 1000 : (performance.now() - started) / 1000;
  return finishSweep(sweep, staging, runs, wallSeconds, executor, options, io);
}

/** Runs the points on a pool of worker threads, `jobs` at once. */
async function runLocally(
  sweep: PreparedSweep,
  todo: readonly Todo[],
  jobs: number,
  record: (run: LoggedRun) => void,
  onProgress: (key: string, fraction: number) => void,
): Promise<void> {
  if (todo.length === 0) return;
  const { spec, seeds } = sweep;
  const scenarioOf = pointScenarios(sweep);
  // Workers only for runs still to do (a sweep continued with every run logged needs none).
  const pool = new RunPool(Math.min(jobs, todo.length));
  try {
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
        const outcome: RunOutcome = await pool.run(
          { scenario, seed: seeds[replicate], measures: spec.measures },
          (fraction) => onProgress(`${point.point}:${replicate}`, fraction),
        );
        record({ ...key, ...outcome });
      }
    };
    await Promise.all(Array.from({ length: pool.size }, worker));
  } finally {
    await pool.close();
  }
}

/** The file in a sweep's staging directory that says where its runs were submitted. */
export const QUEUE_FILE = "queue.json";

/** What `queue.json` holds: enough for `sweep status` and `sweep collect` to find the sweep's jobs again. */
export interface QueueRecord {
  /** The server's address, without its password. */
  queue: string;
  /** Whether the address had a password, which `status` and `collect` then need again (--queue). */
  password: boolean;
  /** The sweep file, absolute. */
  file: string;
  outputs: boolean;
  submitted: string;
  /** [point, replicate, job id] of every run submitted. */
  jobs: [number, number, string][];
}

/**
 * Submits the runs not yet logged as jobs (each once, whatever was submitted before), then follows them until each
 * has ended, logging each as it ends. Says whether it detached (the runs were submitted and nothing waited for),
 * and when the sweep was first submitted (in ms since the epoch).
 */
async function runOnQueue(
  sweep: PreparedSweep,
  todo: readonly Todo[],
  staging: Staging,
  address: QueueAddress,
  options: SweepOptions,
  hooks: {
    record: (run: LoggedRun) => void;
    progress: (key: string, fraction: number) => void;
    io: Io;
  },
): Promise<{ detached: boolean; submitted: number }> {
  const { spec, seeds, directory } = sweep;
  const { io, record } = hooks;
  const say = (line: string) => {
    if (!options.json) io.stderr.write(`${line}\n`);
  };
  const scenarioOf = pointScenarios(sweep);
  const queued: QueuedRun[] = [];
  for (const { point, replicate } of todo) {
    const scenario = scenarioOf(point);
    const key = { point: point.point, replicate, seed: seeds[replicate] };
    if (typeof scenario === "string") {
      record({ ...key, error: scenario });
      continue;
    }
    const job = runJob(scenario, seeds[replicate], spec.measures, {
      version: VERSION,
      outputs: options.outputs === true,
      label: `sweep ${spec.name}, point ${point.point}, replicate ${replicate}`,
    });
    queued.push({ ...key, ...job });
  }
  // The log exists from now on: an interrupted or detached sweep keeps its folder, to collect later.
  appendFileSync(join(staging.temporary, SWEEP_LOG), "");
  // Written before the jobs are: a sweep stopped while submitting is collected (and its submission completed) later.
  const recordPath = join(staging.temporary, QUEUE_FILE);
  const first = firstSubmission(recordPath);
  const queueRecord: QueueRecord = {
    queue: address.display,
    password: address.password,
    file: resolve(sweep.file),
    outputs: options.outputs === true,
    submitted: new Date(first).toISOString(),
    jobs: queued.map((run) => [run.point, run.replicate, run.id]),
  };
  writeFileAtomically(recordPath, `${JSON.stringify(queueRecord)}\n`);
  // BullMQ's code is loaded only for a sweep on a queue.
  const { followRuns, openQueue, submitRuns, workerCount } = await import("../queue/follow.js");
  const queue = openQueue(address, say);
  try {
    const submission = await submitRuns(queue, queued);
    if (queued.length > 0) say(describeSubmission(queued.length, submission, address.display));
    if (options.detach) {
      releaseDirectory(staging);
      const summary = {
        directory,
        queue: address.display,
        runs: sweep.total,
        submitted: queued.length,
        ...submission,
      };
      if (options.json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else {
        io.stdout.write(
          `the runs are in the queue: workers (\`controlocracy worker ${address.display}\`) run them; see where ` +
            `they stand with "controlocracy sweep status ${directory}", and gather them, with the indices, with ` +
            `"controlocracy sweep collect ${directory}"\n`,
        );
      }
      return { detached: true, submitted: first };
    }
    if (queued.length > 0 && (await workerCount(queue)) === 0) {
      say(
        `no worker is taking runs from ${address.display} yet: start one with "controlocracy worker ${address.display}"`,
      );
    }
    // A job's progress is its runs' (several runs may share a job: the same scenario and seed).
    const keysOf = new Map<string, string[]>();
    for (const run of queued)
      keysOf.set(run.id, [...(keysOf.get(run.id) ?? []), `${run.point}:${run.replicate}`]);
    const refused = await followRuns(
      address,
      queue,
      queued,
      (run, outcome) => record({ point: run.point, replicate: run.replicate, seed: run.seed, ...outcome }),
      (id, fraction) => {
        for (const key of keysOf.get(id) ?? []) hooks.progress(key, fraction);
      },
      say,
    );
    if (refused.length > 0) {
      const count = refused.reduce((sum, refusal) => sum + refusal.runs.length, 0);
      const reasons = [...new Set(refused.map((refusal) => refusal.reason))];
      throw new UsageError(
        `${formatCount(count)} run${count === 1 ? " was" : "s were"} refused by every worker that took ` +
          `${count === 1 ? "it" : "them"} (${reasons.join("; ")}); the sweep so far is kept in ${staging.temporary}: ` +
          `once such workers run, "controlocracy sweep collect ${directory}" submits the refused runs again`,
      );
    }
    return { detached: false, submitted: first };
  } finally {
    await queue.close().catch(() => undefined);
  }
}

/** When a queued sweep was first submitted (ms since the epoch): its record's, or now for a new one. */
function firstSubmission(path: string): number {
  try {
    const time = Date.parse((JSON.parse(readFileSync(path, "utf8")) as QueueRecord).submitted);
    return Number.isFinite(time) ? time : Date.now();
  } catch {
    return Date.now();
  }
}

/** What a submission did, in one line. */
function describeSubmission(runs: number, submission: Submission, queue: string): string {
  if (submission.added === 0 && submission.retried === 0) {
    return `following ${formatCount(runs)} runs on ${queue}, submitted before`;
  }
  const parts = [`${formatCount(submission.added)} new job${submission.added === 1 ? "" : "s"}`];
  if (submission.existing > 0) parts.push(`${formatCount(submission.existing)} submitted before`);
  if (submission.retried > 0) parts.push(`${formatCount(submission.retried)} failed before and tried again`);
  return `submitted ${formatCount(runs)} runs to ${queue}: ${parts.join(", ")}`;
}

/** Computes the indices, writes the sweep's files, commits its directory and prints the indices. */
async function finishSweep(
  sweep: PreparedSweep,
  staging: Staging,
  runs: Map<string, LoggedRun>,
  wallSeconds: number,
  executor: Executor,
  options: SweepOptions,
  io: Io,
): Promise<number> {
  const { spec, target, design, seeds, total, directory } = sweep;
  const replicates = spec.replicates;
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
    run: { version: VERSION, wallSeconds, ...executor, runs: total, failed: failures.length },
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
