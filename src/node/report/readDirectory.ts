import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parquetReadObjects } from "hyparquet";
import { parse } from "yaml";
import { summarySchema } from "../../core/metrics/index.js";
import {
  comparisonFileSchema,
  runFileSchema,
  scoreBinsFileSchema,
  seriesFileSchema,
  storyFileSchema,
  trajectoriesFileSchema,
} from "../../report/fileSchemas.js";
import { labelsOf } from "../../report/labels.js";
import type { ComparisonReport, RunReport, Story, TrajectoryRow } from "../../report/types.js";
import { checked } from "../checkedFile.js";
import { UsageError } from "../errors.js";
import { parseCsv } from "../output/tableFiles.js";

// Reading a run's or a comparison's directory back, for `controlocracy report DIR`: every file parsed with its
// schema (src/report/fileSchemas.ts), so a damaged or foreign file stops with one line naming it and its field.

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

/** The kind of directory controlocracy wrote: a run's (`summary.json`) or a comparison's (`comparison.json`). */
export function directoryKind(directory: string): "run" | "comparison" | undefined {
  if (existsSync(join(directory, "summary.json"))) return "run";
  if (existsSync(join(directory, "comparison.json"))) return "comparison";
  return undefined;
}

/** Reads a comparison directory's `comparison.json` back (for `controlocracy report DIR`), checked. */
export function readComparisonDirectory(directory: string): ComparisonReport {
  const path = join(directory, "comparison.json");
  return checked(comparisonFileSchema, readJson(directory, "comparison.json"), path, "a comparison");
}

/** Reads a run directory back into the data its report is built from (for `controlocracy report RUN_DIR`). */
export async function readRunDirectory(directory: string): Promise<RunReport> {
  if (!existsSync(directory)) throw new UsageError(`no run directory at ${directory}`);
  const summary = checked(
    summarySchema,
    readJson(directory, "summary.json"),
    join(directory, "summary.json"),
    "a summary",
  );
  const run = existsSync(join(directory, "run.json"))
    ? checked(runFileSchema, readJson(directory, "run.json"), join(directory, "run.json"), "a run record")
    : undefined;
  const text = (name: string) => {
    const path = join(directory, name);
    if (!existsSync(path)) throw new UsageError(`cannot read ${path}: it is missing`);
    return readFileSync(path, "utf8");
  };
  const series = checked(
    seriesFileSchema,
    parseCsv(text("series.csv")),
    join(directory, "series.csv"),
    "a series",
  );
  const scoreBins = checked(
    scoreBinsFileSchema,
    parseCsv(text("score-bins.csv")),
    join(directory, "score-bins.csv"),
    "a table of score bins",
  );
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
  return checked(
    storyFileSchema,
    readJson(directory, "story.json"),
    join(directory, "story.json"),
    "a story",
  );
}

async function readTrajectories(path: string): Promise<TrajectoryRow[]> {
  if (!existsSync(path)) throw new UsageError(`cannot read ${path}: it is missing`);
  const buffer = readFileSync(path);
  const file = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
  let rows: unknown;
  try {
    rows = await parquetReadObjects({ file });
  } catch (error) {
    throw new UsageError(
      `${path} is not a Parquet file written by controlocracy (${(error as Error).message})`,
    );
  }
  return checked(trajectoriesFileSchema, rows, path, "a table of trajectories");
}
