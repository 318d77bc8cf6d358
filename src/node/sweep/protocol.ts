import type { Scenario } from "../../core/scenario/index.js";
import type { SweepMeasure } from "../../core/sweep/types.js";

/** A run the pool hands a worker: a validated scenario (a design point's), its seed and what to measure. */
export interface RunRequest {
  type: "run";
  id: number;
  scenario: Scenario;
  seed: number;
  measures: SweepMeasure[];
}

/** A worker's answers: progress within the run, its measures, or its failure (recorded, not thrown). */
export type RunAnswer =
  | { type: "progress"; id: number; fraction: number }
  | { type: "done"; id: number; values: (number | null)[]; seconds: number }
  | { type: "failed"; id: number; error: string };
