import type { Summary } from "../core/metrics/index.js";
import type { IndexRow, SweepIndices } from "../core/sweep/types.js";
import type { Labels } from "./labels.js";

export type { IndexRow, SweepIndices };

/** One row of the tidy daily time series: a measure of one part of a dimension on one day. */
export interface SeriesRow {
  day: number;
  /** `all` (the whole population), `group`, `region` or `incomeBand`. */
  dimension: "all" | "group" | "region" | "incomeBand";
  /** The part's id (`minority`, `rural`, …), or `all`. */
  part: string;
  /**
   * `listed`, `wrongfullyListed`, `trulyListed` (citizens, at the day's end), `newListings`, `wrongfulListings`,
   * `denied` (that day), `meanRecordedScore`, `meanTrueScore` (at the day's end), `harm` (harm-weighted acts that day).
   */
  measure: string;
  value: number;
}

/** Counts of citizens by score bin, per group and ledger, on a sampled day (for score distributions). */
export interface ScoreBin {
  day: number;
  group: string;
  ledger: "recorded" | "true";
  /** Lower edge of the bin; bins are `width` wide. */
  bin: number;
  width: number;
  count: number;
}

/** One day of one sampled citizen: truth and record side by side. */
export interface TrajectoryRow {
  /** A generated pseudonym: the citizen is synthetic; it has no identity. */
  citizen: string;
  group: string;
  day: number;
  trueScore: number;
  recordedScore: number;
  listed: boolean;
  trulyListed: boolean;
}

/** Something that happened to the story's citizen. */
export interface StoryEvent {
  day: number;
  /**
   * `act` (a true act; `sources` says which recorded it, none if missed), `record` (a record on the citizen's file),
   * `listed`, `delisted`, `denied`, `ostracised`, `appeal`.
   */
  type: "act" | "record" | "listed" | "delisted" | "denied" | "ostracised" | "appeal";
  behaviour?: string;
  source?: string;
  /** For a record: `true`, `misattributed` (a false match: the act was someone else's), `spurious`, `association`. */
  kind?: "true" | "misattributed" | "spurious" | "association";
  /** For a misattributed record: the pseudonym of the citizen who really acted. */
  actor?: string;
  /** Sources that recorded a true act (empty: the act was missed). */
  sources?: string[];
  points?: number;
  /** Plain words for the event ("a camera matched someone else's jaywalking to them"). */
  text: string;
}

/** One synthetic citizen's story: the truth against the record, each wrong record with its reason. */
export interface Story {
  citizen: string;
  group: string;
  region: string;
  incomeBand: string;
  /** Why this citizen was chosen ("the first citizen listed on a false match"). */
  why: string;
  events: StoryEvent[];
  days: { day: number; trueScore: number; recordedScore: number; listed: boolean; trulyListed: boolean }[];
}

/** Everything `report.html` is built from; also what a run directory holds, so `report RUN_DIR` can rebuild it. */
export interface RunReport {
  summary: Summary;
  /** Wall time and thread count of the run, when known. */
  runtime?: { wallSeconds: number; threads: number };
  series: SeriesRow[];
  scoreBins: ScoreBin[];
  trajectories: TrajectoryRow[];
  story?: Story;
  /** The scenario's labels, shown in place of ids (absent: ids in words). */
  labels?: Labels;
}

/** One measure of a comparison: each scenario's mean with its 95% interval, and paired differences. */
export interface ComparisonRow {
  measure: string;
  /** Plain words for the measure ("share of listings that are wrongful"). */
  label: string;
  /** The scales the intervals were built on (logit, log, atanh or linear; see `meanInterval`). */
  scales?: { values: string; differences: string };
  /**
   * `low` and `high` are null when no interval can be given (one replicate); `mean` too when the scenario does not
   * define the measure (no list: no share listed).
   */
  values: {
    scenario: string;
    mean: number | null;
    low: number | null;
    high: number | null;
    replicates: number[];
  }[];
  /** Differences against the first scenario, paired by replicate (`mean` null where either does not define it). */
  differences: { scenario: string; mean: number | null; low: number | null; high: number | null }[];
}

/** What `compare` writes its report from. */
export interface ComparisonReport {
  scenarios: string[];
  population: number;
  days: number;
  replicates: number;
  seeds: number[];
  rows: ComparisonRow[];
  /** How the intervals were computed, in words. */
  notes?: string[];
  /** What makes the comparison less than paired (populations that differ). */
  warnings?: string[];
}

/** One design point as a report draws it: its parameter values and each measure's mean over its replicates. */
export interface SweepPointRow {
  point: number;
  values: Record<string, number | string | boolean | null>;
  measures: Record<string, number | null>;
}

/** What a sweep's report.html shows. */
export interface SweepReport {
  name: string;
  title?: string;
  /** The scenario (its name) or test function the sweep ran. */
  model: string;
  design: { kind: SweepIndices["design"]; description: string; points: number };
  population: number | null;
  days: number | null;
  replicates: number;
  seed: number;
  parameters: { name: string; path: string; description: string }[];
  measures: { id: string; label: string }[];
  runs: { total: number; failed: number; failures: { point: number; replicate: number; error: string }[] };
  points: SweepPointRow[];
  indices: SweepIndices;
}
