import { stringify } from "yaml";
import { summaryJson } from "../../core/metrics/index.js";
import type { Scenario } from "../../core/scenario/index.js";
import type { RunReport } from "../../report/types.js";
import { LISTING_COLUMNS, type ListingRow } from "./listings.js";
import {
  SCORE_BIN_COLUMNS,
  SERIES_COLUMNS,
  seriesParquet,
  toCsv,
  trajectoriesParquet,
} from "./tableFiles.js";

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
