import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parquetReadObjects } from "hyparquet";
import { stringify } from "yaml";
import type { Scenario } from "../../core/scenario/index.js";
import { UsageError } from "../errors.js";
import type { RunReport, ScoreBin, SeriesRow, Story, TrajectoryRow } from "../report/types.js";
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
    "summary.json": `${JSON.stringify(report.summary, null, 2)}\n`,
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

function readJson<T>(directory: string, name: string): T {
  const path = join(directory, name);
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "it is missing" : (error as Error).message;
    throw new UsageError(
      `cannot read ${path}: ${reason}; is it a run directory written by controlocracy run?`,
    );
  }
}

/** Reads a run directory back into the data its report is built from (for `controlocracy report RUN_DIR`). */
export async function readRunDirectory(directory: string): Promise<RunReport> {
  if (!existsSync(directory)) throw new UsageError(`no run directory at ${directory}`);
  const summary = readJson<RunReport["summary"]>(directory, "summary.json");
  const run = existsSync(join(directory, "run.json")) ? readJson<RunInfo>(directory, "run.json") : undefined;
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
  const buffer = readFileSync(join(directory, "trajectories.parquet"));
  const file = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
  const trajectories = (await parquetReadObjects({ file })) as unknown as TrajectoryRow[];
  const story = existsSync(join(directory, "story.json"))
    ? readJson<Story>(directory, "story.json")
    : undefined;
  return {
    summary,
    runtime: run ? { wallSeconds: run.wallSeconds, threads: run.threads } : undefined,
    series,
    scoreBins,
    trajectories,
    story,
  };
}
