import { describe, expect, test } from "vitest";
import { groupRatesChart, runDatasets } from "../../../src/node/report/runCharts.js";
import { chartSvg } from "../../../src/node/report/svg.js";
import { runFixture } from "./fixtures.js";

/** The texts of an SVG document drawn by text marks (not axes or legends), in order. */
function markTexts(svg: string): string[] {
  const groups = [...svg.matchAll(/<g class="mark-text role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/g)];
  return groups.flatMap((group) =>
    [...group[1].matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]),
  );
}

describe("groupRatesChart()", () => {
  test("groupRatesChart() labels each bar in the tables' words: a tiny rate is 'under 0.01%', never '0%'", async () => {
    const report = runFixture();
    const summary = structuredClone(report.summary);
    summary.groups.majority.wrongfulListingRate = 0.00005;
    summary.groups.minority.wrongfulListingRate = 0;
    const chart = groupRatesChart(summary, report.labels);
    const datasets = runDatasets({ ...report, summary });
    for (const spec of [chart.spec, chart.narrow]) {
      const svg = await chartSvg(spec, { groups: datasets.groups });
      const labels = markTexts(svg);
      expect(labels).toContain("under 0.01%");
      expect(labels).toContain("0.37%");
      // The group never listed wrongfully has a bar of no length, labelled 0%; the other, a bar and its words.
      expect(labels.filter((text) => text === "0%")).toHaveLength(1);
      expect(svg).toContain(">Minorities</text>");
      expect(svg).not.toContain(">minority</text>");
    }
  });
});
