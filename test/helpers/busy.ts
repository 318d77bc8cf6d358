/** What the checkpoint and resume tests share: a scenario busy with state between days, and what a run writes. */
import type { RunResult } from "../../src/core/engine/index.js";

/**
 * Overrides of china-2020 that keep every mechanism leaving state between days busy: false matches across the
 * population, delayed records (some due after the run), association penalties, appeals waiting for review, listings
 * that end, and sampled trajectories.
 */
export const BUSY = [
  "sources.cctv.misattribution.rate=0.1",
  "sources.cctv.misattribution.sameRegion=false",
  "behaviours.drunk-driving.rate=0.3",
  "responses.association.points=-2",
  "responses.association.everyDays=10",
  "blacklist.minimumDays=30",
  "dueProcess={ appeals: { probability: 0.5, errorDetection: 0.8, reviewDays: 10 } }",
  "measurement.trajectories=9",
];

/** Everything a run's outputs are written from, as text to compare. */
export function outputs({ summary, simulation }: RunResult): Record<string, string> {
  return {
    summary: JSON.stringify(summary),
    series: JSON.stringify(simulation.series.rows()),
    listings: JSON.stringify(
      Object.values(simulation.listings.columns()).map((column) => Array.from(column)),
    ),
    trajectories: JSON.stringify(simulation.samples.trajectory),
    bins: JSON.stringify(simulation.samples.bins),
  };
}
