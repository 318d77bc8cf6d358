import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parquetReadObjects } from "hyparquet";
import { parse, stringify } from "yaml";
import { z } from "zod";
import { type Summary, summaryJson, summarySchema } from "../../core/metrics/index.js";
import { describeValue, formatPath, type Scenario } from "../../core/scenario/index.js";
import { UsageError } from "../errors.js";
import { labelsOf } from "../report/labels.js";
import type {
  ComparisonReport,
  RunReport,
  ScoreBin,
  SeriesRow,
  Story,
  TrajectoryRow,
} from "../report/types.js";
import { LISTING_COLUMNS, type ListingRow } from "./listings.js";
import {
  parseCsv,
  SCORE_BIN_COLUMNS,
  SERIES_COLUMNS,
  seriesParquet,
  toCsv,
  trajectoriesParquet,
} from "./tables.js";

/** What a run records about itself besides its measures: not determined by the seed, so kept apart. */
export interface RunInfo {
  version: string;
  node: string;
  startedAt: string;
  wallSeconds: number;
  threads: number;
  actsPerSecond: number;
}

/**
 * The files of a run directory. `summary.json`, the series, the samples and the story are determined by the
 * scenario and seed (same seed, same bytes); `run.json` holds the wall time and versions.
 */
export function runDirectoryFiles(
  scenario: Scenario,
  report: RunReport,
  run: RunInfo,
  html: string,
  listings: readonly ListingRow[],
): Record<string, string | Uint8Array> {
  const files: Record<string, string | Uint8Array> = {
    "scenario.yaml": `# The scenario as run, every default filled in.\n${stringify(scenario, { lineWidth: 0 })}`,
    "summary.json": summaryJson(report.summary),
    "run.json": `${JSON.stringify(run, null, 2)}\n`,
    "series.csv": toCsv(report.series, SERIES_COLUMNS),
    "series.parquet": seriesParquet(report.series),
    "score-bins.csv": toCsv(report.scoreBins, SCORE_BIN_COLUMNS),
    "trajectories.parquet": trajectoriesParquet(report.trajectories),
    "listings.csv": toCsv(listings, LISTING_COLUMNS),
    "report.html": html,
  };
  if (report.story) files["story.json"] = `${JSON.stringify(report.story, null, 2)}\n`;
  return files;
}

function readJson(directory: string, name: string): unknown {
  const path = join(directory, name);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "it is missing"
        : code === "EISDIR"
          ? "it is a directory"
          : ((error as NodeJS.ErrnoException).message ?? String(error));
    throw new UsageError(
      `cannot read ${path}: ${reason}; is it a run directory written by controlocracy run?`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${path} is not valid JSON (${(error as Error).message}); was it written by controlocracy?`,
    );
  }
}

/** A value checked against a schema, or a usage error naming the first field at fault and how many more are. */
function checked<T>(schema: z.ZodType<T>, value: unknown, path: string, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const [first, ...rest] = result.error.issues;
  const more =
    rest.length > 0 ? ` (and ${rest.length} more ${rest.length === 1 ? "problem" : "problems"})` : "";
  const field = formatPath(
    first.path.map((segment) => (typeof segment === "symbol" ? String(segment) : segment)),
  );
  throw new UsageError(
    `${path} is not ${what} written by controlocracy: at ${field}, ${fieldProblem(first, value)}${more}`,
  );
}

/** A zod issue in the words of the scenario validator: what was expected, what was found. */
function fieldProblem(issue: z.core.$ZodIssue, root: unknown): string {
  let found: unknown = root;
  for (const segment of issue.path) {
    found =
      found !== null && typeof found === "object"
        ? (found as Record<PropertyKey, unknown>)[segment]
        : undefined;
  }
  if (issue.code === "unrecognized_keys")
    return `unknown field${issue.keys.length === 1 ? "" : "s"} ${issue.keys.map((key) => JSON.stringify(key)).join(", ")}`;
  if (issue.code === "invalid_type")
    return found === undefined
      ? `expected ${article(issue.expected)}; the field is missing`
      : `expected ${article(issue.expected)}, found ${describeValue(found)}`;
  return `${issue.message.replace(/^Invalid input: /, "")}, found ${describeValue(found)}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** The kind of directory controlocracy wrote: a run's (`summary.json`) or a comparison's (`comparison.json`). */
export function directoryKind(directory: string): "run" | "comparison" | undefined {
  if (existsSync(join(directory, "summary.json"))) return "run";
  if (existsSync(join(directory, "comparison.json"))) return "comparison";
  return undefined;
}

/** The loose shape of `comparison.json`: enough to draw its report. */
const comparisonSchema = z.object({
  scenarios: z.array(z.string()).min(1),
  population: z.number().min(0),
  days: z.number().min(0),
  replicates: z.number().int().min(1),
  seeds: z.array(z.number()),
  rows: z.array(
    z.object({
      measure: z.string(),
      label: z.string(),
      values: z.array(z.looseObject({ scenario: z.string(), mean: z.number() })),
      differences: z.array(z.looseObject({ scenario: z.string(), mean: z.number() })),
    }),
  ),
});

/** Reads a comparison directory's `comparison.json` back (for `controlocracy report DIR`), checked. */
export function readComparisonDirectory(directory: string): ComparisonReport {
  const value = readJson(directory, "comparison.json");
  checked(comparisonSchema, value, join(directory, "comparison.json"), "a comparison");
  return value as ComparisonReport;
}

/** Reads a run directory back into the data its report is built from (for `controlocracy report RUN_DIR`). */
export async function readRunDirectory(directory: string): Promise<RunReport> {
  if (!existsSync(directory)) throw new UsageError(`no run directory at ${directory}`);
  const summary = checked(
    summarySchema,
    readJson(directory, "summary.json"),
    join(directory, "summary.json"),
    "a summary",
  ) as Summary;
  const run = existsSync(join(directory, "run.json"))
    ? checked(runInfoSchema, readJson(directory, "run.json"), join(directory, "run.json"), "a run record")
    : undefined;
  const text = (name: string) => {
    const path = join(directory, name);
    if (!existsSync(path)) throw new UsageError(`cannot read ${path}: it is missing`);
    return readFileSync(path, "utf8");
  };
  const series: SeriesRow[] = parseCsv(text("series.csv")).map((row) => ({
    day: Number(row.day),
    dimension: row.dimension as SeriesRow["dimension"],
    part: row.part,
    measure: row.measure,
    value: Number(row.value),
  }));
  const scoreBins: ScoreBin[] = parseCsv(text("score-bins.csv")).map((row) => ({
    day: Number(row.day),
    group: row.group,
    ledger: row.ledger as ScoreBin["ledger"],
    bin: Number(row.bin),
    width: Number(row.width),
    count: Number(row.count),
  }));
  const trajectories = await readTrajectories(join(directory, "trajectories.parquet"));
  const story = existsSync(join(directory, "story.json")) ? readStory(directory) : undefined;
  // The scenario as run names what the report shows; without it, ids stand in for labels.
  const scenarioPath = join(directory, "scenario.yaml");
  let scenario: unknown;
  try {
    scenario = existsSync(scenarioPath) ? parse(readFileSync(scenarioPath, "utf8")) : undefined;
  } catch {
    scenario = undefined;
  }
  return {
    summary,
    runtime: run ? { wallSeconds: run.wallSeconds, threads: run.threads } : undefined,
    series,
    scoreBins,
    trajectories,
    story,
    labels: labelsOf(scenario),
  };
}

function readStory(directory: string): Story {
  const value = readJson(directory, "story.json");
  checked(storySchema, value, join(directory, "story.json"), "a story");
  return value as Story;
}

/** The loose shape of `story.json`: what its chart and timeline read. */
const storySchema = z.looseObject({
  citizen: z.string(),
  group: z.string(),
  region: z.string(),
  incomeBand: z.string(),
  why: z.string(),
  events: z.array(z.looseObject({ day: z.number(), type: z.string(), text: z.string() })),
  days: z.array(
    z.looseObject({ day: z.number(), trueScore: z.number(), recordedScore: z.number(), listed: z.boolean() }),
  ),
});

const runInfoSchema = z.looseObject({ wallSeconds: z.number().min(0), threads: z.number().int().min(1) });

async function readTrajectories(path: string): Promise<TrajectoryRow[]> {
  if (!existsSync(path)) throw new UsageError(`cannot read ${path}: it is missing`);
  const buffer = readFileSync(path);
  const file = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
  try {
    return (await parquetReadObjects({ file })) as unknown as TrajectoryRow[];
  } catch (error) {
    throw new UsageError(
      `${path} is not a Parquet file written by controlocracy (${(error as Error).message})`,
    );
  }
}
