import type { RunResult } from "../../core/engine/index.js";
import { chooseMeasure } from "../../core/metrics/index.js";
import type { Scenario } from "../../core/scenario/index.js";
import type { SweepMeasure } from "../../core/sweep/types.js";

/**
 * A run's value of each measure: a main measure or summary.json field (null where the run does not define it), or a
 * daily series' value for the whole population on a day (null when the series has no row that day).
 */
export function measureRun(
  scenario: Scenario,
  result: RunResult,
  measures: readonly SweepMeasure[],
): (number | null)[] {
  let series: Map<string, number> | undefined;
  return measures.map((measure) => {
    if (measure.kind === "summary") {
      const chosen = chooseMeasure(measure.id, [scenario]);
      if ("problem" in chosen) return null;
      const value = chosen.measure.of(result.summary);
      return value === null || !Number.isFinite(value) ? null : value;
    }
    if (measure.kind === "series") {
      series ??= new Map(
        result.simulation.series
          .rows()
          .filter((row) => row.dimension === "all")
          .map((row) => [`${row.measure}@${row.day}`, row.value]),
      );
      const value = series.get(`${measure.measure}@${measure.day}`);
      return value === undefined || !Number.isFinite(value) ? null : value;
    }
    return null;
  });
}
