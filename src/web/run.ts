import { pairedRun } from "../core/engine/runner.js";
import { ShardedSimulation } from "../core/engine/shards.js";
import type { Simulation } from "../core/engine/simulation.js";
import type { Summary } from "../core/metrics/summary.js";
import { summaryJson } from "../core/metrics/summaryJson.js";
import {
  formatIssues,
  type Override,
  parseScenario,
  type Scenario,
  type ScenarioIssue,
} from "../core/scenario/index.js";

// The explorable's run, in the browser: the built-in scenarios' texts, a scenario as a URL names it (a built-in
// name, `--set` changes, a seed), and a run that can be paused between days. The engine is the core's, unchanged:
// the same scenario and seed give the same summary.json as `controlocracy run`, byte for byte.

/** The built-in scenarios' YAML texts, by name, as Vite bundles them. */
const TEXTS: Record<string, string> = Object.fromEntries(
  Object.entries(
    import.meta.glob<string>("../../scenarios/*.yaml", { query: "?raw", import: "default", eager: true }),
  ).map(([path, text]) => [path.replace(/^.*\/|\.yaml$/g, ""), text]),
);

const BUILTIN_NAMES = Object.keys(TEXTS).sort();

/** What the page asks for: a built-in scenario (or a loaded file's text), changes as `PATH=VALUE`, a seed. */
export interface RunRequest {
  scenario: string;
  /** A loaded file's YAML, instead of a built-in scenario's. */
  text?: string;
  sets: string[];
  seed?: number;
}

/** A scenario as the request names it, or its problems, located, in words. */
export function resolveRequest(
  request: RunRequest,
): { ok: true; scenario: Scenario } | { ok: false; issues: ScenarioIssue[]; report: string } {
  const text = request.text ?? TEXTS[request.scenario];
  const file = request.text !== undefined ? request.scenario : `${request.scenario}.yaml`;
  if (text === undefined) {
    const report = `no built-in scenario "${request.scenario}": the built-in ones are ${BUILTIN_NAMES.join(", ")}`;
    return { ok: false, issues: [], report };
  }
  const overrides: Override[] = request.sets.map((assignment) => ({
    assignment,
    label: `change ${assignment}`,
  }));
  if (request.seed !== undefined) overrides.push({ assignment: `run.seed=${request.seed}`, label: "seed" });
  const result = parseScenario(text, {
    file,
    overrides,
    resolve: (name: string) => {
      const base = TEXTS[name.replace(/\.ya?ml$/, "").replace(/^.*\//, "")];
      return base === undefined ? { tried: [name] } : { text: base, file: `${name}.yaml` };
    },
    known: BUILTIN_NAMES,
  });
  if (!result.ok)
    return { ok: false, issues: result.issues, report: formatIssues(result.issues, { color: false }) };
  return { ok: true, scenario: result.scenario };
}

/** A simulated day, as the page charts it. */
export interface DayPoint {
  day: number;
  listed: number;
  /** Listed who did something the rule lists for; the rest of `listed` did nothing to deserve it. */
  trulyListed: number;
}

/** The daily series' values the page charts: the whole population's and each group's. */
export interface SeriesPoint {
  day: number;
  dimension: "all" | "group";
  /** "all", or a group's id. */
  part: string;
  measure: string;
  value: number;
}

/** The series' measures the page charts. */
const CHARTED = new Set(["listed", "wrongfullyListed", "denied", "meanRecordedScore", "meanTrueScore"]);

/** How the page steers a run: whether to go on now, and how far before the next look. */
export interface RunControl {
  /**
   * Before each step of the run (drawing the population, each day, the end): undefined to go on at once, or a
   * promise that resolves when the run may go on (a pause, a look at the page's messages).
   */
  next(step: number): Promise<void> | undefined;
}

/** A finished run: its summary and the exact bytes `controlocracy run` writes as summary.json. */
export interface FinishedRun {
  summary: Summary;
  summaryJson: string;
  simulation: Simulation;
}

/**
 * Runs the scenario day by day on this thread (a Web Worker's), reporting each day, and letting `control` hold it
 * between days. The core's own protocol, driven here instead of by `runSync`: the same result.
 */
export async function runScenario(
  scenario: Scenario,
  onDay: (point: DayPoint, series: SeriesPoint[]) => void,
  onProgress: (fraction: number) => void,
  control: RunControl,
  onGroups?: (groups: { id: string; size: number }[]) => void,
): Promise<FinishedRun> {
  // The run's (not its baseline's) executor, whose series is read as it grows.
  let run: ShardedSimulation | undefined;
  let read = 0;
  const protocol = pairedRun(
    scenario,
    {
      onProgress,
      onDay: (report) => {
        const series: SeriesPoint[] = [];
        if (run) {
          if (read === 0) {
            onGroups?.(
              run.series
                .partSizes()
                .filter((part) => part.dimension === "group")
                .map((part) => ({ id: part.part, size: part.size })),
            );
          }
          for (const row of run.series.rows(read)) {
            if ((row.dimension === "all" || row.dimension === "group") && CHARTED.has(row.measure)) {
              series.push({
                day: row.day,
                dimension: row.dimension,
                part: row.part,
                measure: row.measure,
                value: row.value,
              });
            }
          }
          read = run.series.rowCount;
        }
        onDay({ day: report.day, listed: report.listed, trulyListed: report.trulyListed }, series);
      },
    },
    (model, trace) => {
      const executor = new ShardedSimulation(model, 1, trace);
      // The last executor made is the run's: a paired baseline's comes first.
      run = executor;
      read = 0;
      return executor;
    },
  );
  let step = protocol.next();
  let steps = 0;
  while (!step.done) {
    const wait = control.next(steps++);
    if (wait) await wait;
    if (step.value instanceof Promise) throw new Error("the browser's run answers at once");
    step = protocol.next(step.value);
  }
  const { summary, shards } = step.value;
  return { summary, summaryJson: summaryJson(summary), simulation: shards[0] as Simulation };
}
