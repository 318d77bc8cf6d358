import { describe, expect, test } from "vitest";
import { chartSvg, compactGeometry, simplifiedPolyline } from "../../../src/report/chartSvg.js";
import { groupRatesChart, runDatasets } from "../../../src/report/runCharts.js";
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

describe("compactGeometry()", () => {
  test("simplifiedPolyline() drops repeated points and points inside a horizontal or vertical run, nothing else", () => {
    expect(simplifiedPolyline("M0,5L1,5L1,5L2,5L2,7L2,9L3,9L4,8")).toBe("M0,5L2,5L2,9L3,9L4,8");
    // A run that turns back keeps its turning point.
    expect(simplifiedPolyline("M0,0L2,0L1,0")).toBe("M0,0L2,0L1,0");
    expect(simplifiedPolyline("M0,0h5v5Z")).toBe("M0,0h5v5Z");
  });

  test("compactGeometry() rounds coordinates to a tenth of a pixel and leaves text alone", () => {
    expect(
      compactGeometry('<path d="M212.66666666666666,80h9.666666666666686Z"/><text x="1.23456">0.202%</text>'),
    ).toBe('<path d="M212.7,80h9.7Z"/><text x="1.2">0.202%</text>');
  });
});
