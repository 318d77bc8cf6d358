import { z } from "zod";
import type { ComparisonReport, ScoreBin, SeriesRow, Story, TrajectoryRow } from "./types.js";

// The shapes of the files a report is rebuilt from (`controlocracy report DIR`), as a run or a comparison writes
// them. Objects are loose: a field this version does not know is kept, not refused. Fields the pages read are
// required, with their types.

const intervalEnd = z.number().nullable();

const comparisonRow = z.looseObject({
  measure: z.string(),
  label: z.string(),
  scales: z.looseObject({ values: z.string(), differences: z.string() }).optional(),
  values: z.array(
    z.looseObject({
      scenario: z.string(),
      mean: z.number().nullable(),
      low: intervalEnd,
      high: intervalEnd,
      replicates: z.array(z.number()),
    }),
  ),
  differences: z.array(
    z.looseObject({ scenario: z.string(), mean: z.number().nullable(), low: intervalEnd, high: intervalEnd }),
  ),
});

/** `comparison.json`. */
export const comparisonFileSchema: z.ZodType<ComparisonReport> = z.looseObject({
  scenarios: z.array(z.string()).min(1),
  population: z.number().min(0),
  days: z.number().min(0),
  replicates: z.number().int().min(1),
  seeds: z.array(z.number()),
  rows: z.array(comparisonRow),
  notes: z.array(z.string()).optional(),
  warnings: z.array(z.string()).optional(),
});

const storyEvent = z.looseObject({
  day: z.number(),
  type: z.enum(["act", "record", "listed", "delisted", "denied", "ostracised", "appeal"]),
  behaviour: z.string().optional(),
  source: z.string().optional(),
  kind: z.enum(["true", "misattributed", "spurious", "association"]).optional(),
  actor: z.string().optional(),
  sources: z.array(z.string()).optional(),
  points: z.number().optional(),
  text: z.string(),
});

/** `story.json`. */
export const storyFileSchema: z.ZodType<Story> = z.looseObject({
  citizen: z.string(),
  group: z.string(),
  region: z.string(),
  incomeBand: z.string(),
  why: z.string(),
  events: z.array(storyEvent),
  days: z.array(
    z.looseObject({
      day: z.number(),
      trueScore: z.number(),
      recordedScore: z.number(),
      listed: z.boolean(),
      trulyListed: z.boolean(),
    }),
  ),
});

/** `run.json`: what the report shows of it. */
export const runFileSchema = z.looseObject({
  wallSeconds: z.number().min(0),
  threads: z.number().int().min(1),
});

/** The rows of `trajectories.parquet`, as a Parquet reader gives them. */
export const trajectoriesFileSchema: z.ZodType<TrajectoryRow[]> = z.array(
  z.looseObject({
    citizen: z.string(),
    group: z.string(),
    day: z.number(),
    trueScore: z.number(),
    recordedScore: z.number(),
    listed: z.boolean(),
    trulyListed: z.boolean(),
  }),
);

/** A CSV cell that holds a number (as `String(number)` writes it, `NaN` included). */
const numberCell = z.string().transform((text, context) => {
  const value = Number(text);
  if (text.trim() === "" || (Number.isNaN(value) && text !== "NaN")) {
    context.addIssue({ code: "custom", message: "expected a number" });
    return z.NEVER;
  }
  return value;
});

/** The rows of `series.csv`, as `parseCsv` gives them (every cell a string). */
export const seriesFileSchema: z.ZodType<SeriesRow[], Record<string, string>[]> = z.array(
  z.object({
    day: numberCell,
    dimension: z.enum(["all", "group", "region", "incomeBand"]),
    part: z.string(),
    measure: z.string(),
    value: numberCell,
  }),
);

/** The rows of `score-bins.csv`, as `parseCsv` gives them. */
export const scoreBinsFileSchema: z.ZodType<ScoreBin[], Record<string, string>[]> = z.array(
  z.object({
    day: numberCell,
    group: z.string(),
    ledger: z.enum(["recorded", "true"]),
    bin: numberCell,
    width: numberCell,
    count: numberCell,
  }),
);
