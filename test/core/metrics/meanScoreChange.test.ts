import { describe, expect, it } from "vitest";
import { simulate } from "../../../src/core/engine/index.js";
import { loadScenario } from "../../../src/node/scenarios.js";

// Each group's change of mean score in summary.json against the daily series it is read from.
const SMALL = ["population.size=2000", "run.days=60", "run.warmupDays=10"];

describe("summarise() gives each group's change of mean score over the measured days", () => {
  it("equals the series' mean score on the last day minus on day 0, on both ledgers, whatever the rows' spacing", () => {
    const { summary, simulation } = simulate(
      loadScenario("china-2020", [...SMALL, "measurement.seriesEveryDays=1"]),
    );
    const rows = simulation.series.rows().filter((row) => row.dimension === "group");
    const at = (part: string, measure: string, day: number) =>
      rows.find((row) => row.part === part && row.measure === measure && row.day === day)?.value as number;
    for (const [id, group] of Object.entries(summary.groups)) {
      expect(group.meanRecordedScoreChange).toBe(
        at(id, "meanRecordedScore", 59) - at(id, "meanRecordedScore", 0),
      );
      expect(group.meanTrueScoreChange).toBe(at(id, "meanTrueScore", 59) - at(id, "meanTrueScore", 0));
      expect(group.meanRecordedScoreChange).not.toBe(0);
    }
    const spaced = simulate(loadScenario("china-2020", [...SMALL, "measurement.seriesEveryDays=7"]));
    for (const [id, group] of Object.entries(spaced.summary.groups)) {
      expect(group.meanRecordedScoreChange).toBe(summary.groups[id].meanRecordedScoreChange);
      expect(group.meanTrueScoreChange).toBe(summary.groups[id].meanTrueScoreChange);
    }
  });

  it("is null without scoring", () => {
    const { summary } = simulate(loadScenario("no-system", ["population.size=500", "run.days=5"]));
    for (const group of Object.values(summary.groups)) {
      expect(group.meanRecordedScoreChange).toBeNull();
      expect(group.meanTrueScoreChange).toBeNull();
    }
  });
});
