import { describe, expect, test } from "vitest";
import { renderSweepReport } from "../../../src/node/report/chartLibraries.js";
import { describeSweep } from "../../../src/report/index.js";
import { SCATTER_POINTS } from "../../../src/report/sweepPage.js";
import type { SweepReport } from "../../../src/report/types.js";
import { gridFixture, lhsFixture, MEASURES, morrisFixture, sobolFixture } from "./sweepFixtures.js";

/** The page's outline: its section headings and its figures, in order. */
function outline(html: string): string[] {
  const items: string[] = [];
  for (const match of html.matchAll(/<h([23]) id="([^"]+)">([^<]*)<\/h\1>|<figure id="([^"]+)">/g)) {
    items.push(match[4] ? `  figure #${match[4]}` : `h${match[1]} #${match[2]} ${match[3]}`);
  }
  return items;
}

function figures(html: string): string[] {
  return [...html.matchAll(/<figure id="([^"]+)">/g)].map((match) => match[1]);
}

/** A figure's HTML, from `<figure id="…">` to its `</figure>`. */
function figureHtml(html: string, id: string): string {
  const start = html.indexOf(`<figure id="${id}">`);
  if (start < 0) throw new Error(`no figure ${id}`);
  return html.slice(start, html.indexOf("</figure>", start));
}

/** The page as a browser without JavaScript has it: every `<script>` element removed. */
function withoutScripts(html: string): string {
  return html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");
}

/** A table's rows (cells as text) under its caption, found by the caption's start. */
function tableRows(html: string, caption: string): string[][] {
  const start = html.indexOf(`<caption>${caption}`);
  if (start < 0) throw new Error(`no table captioned ${caption}`);
  const body = html.slice(start, html.indexOf("</table>", start));
  return [...body.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((cell) => cell[1]),
  );
}

/** The text of the page's paragraphs in a section, by id. */
function sectionText(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}"`);
  return html.slice(start, html.indexOf("</section>", start)).replace(/<[^>]+>/g, "");
}

const sobol = await renderSweepReport(sobolFixture());

describe("renderSweepReport() of a Sobol sweep", () => {
  test("renderSweepReport() lays out what was run, the parameters, and each measure's indices, cases, scatter and convergence", () => {
    expect(sobol.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(sobol).toContain("Every citizen in this report is synthetic");
    expect(sobol).toContain("<h1>What drives china-2020's wrongful listings</h1>");
    expect(outline(sobol)).toMatchInlineSnapshot(`
      [
        "h2 #summary-heading In plain words",
        "h3 #failures Failed runs",
        "h2 #contents-heading Contents",
        "h2 #parameters-heading The parameters",
        "h2 #reading-heading How to read the indices",
        "h2 #measure-1-heading Share of listings that are wrongful",
        "h3 #measure-1-indices Sensitivity indices",
        "  figure #fig-indices-1",
        "h3 #measure-1-cases Complete cases and noise",
        "h3 #measure-1-scatter Against each parameter",
        "  figure #fig-scatter-1",
        "h3 #measure-1-convergence Convergence with n",
        "  figure #fig-convergence-1",
        "h2 #measure-2-heading Listing-rate ratio, lowest group over highest",
        "h3 #measure-2-indices Sensitivity indices",
        "  figure #fig-indices-2",
        "h3 #measure-2-cases Complete cases and noise",
        "h3 #measure-2-scatter Against each parameter",
        "  figure #fig-scatter-2",
        "h3 #measure-2-convergence Convergence with n",
        "  figure #fig-convergence-2",
      ]
    `);
  });

  test("renderSweepReport() says in plain words what was run and which parameter leads each measure", () => {
    expect(describeSweep(sobolFixture())).toMatchInlineSnapshot(`
      [
        "This sweep ran china-2020 at 192 design points chosen by Saltelli's scheme for Sobol indices (Saltelli, N = 16, with second-order indices), 3 replicates each: 576 runs. The replicates' seeds derive from the sweep's seed, 42, and are the same at every design point (common random numbers), so points differ by their parameters, not by chance. Each run simulated 20,000 synthetic citizens over 365 days.",
        "7 runs of 576 failed and are left out; the estimators use the complete cases (below).",
        "For share of listings that are wrongful, cameraFalseMatch has the largest total index: ST = 0.61 (95% interval 0.51 to 0.71).",
        "For listing-rate ratio, lowest group over highest, cameraFalseMatch has the largest total index: ST = 0.305 (95% interval 0.205 to 0.405).",
      ]
    `);
  });

  test("renderSweepReport() lists the first five failed runs with their errors and counts the rest", () => {
    const failures = /<ul class="failures">([\s\S]*?)<\/ul>/.exec(sobol)?.[1] ?? "";
    expect(failures.trim().split("\n")).toEqual([
      "<li>Design point 3, replicate 0: blacklist.threshold: expected at most 700, found 712.5</li>",
      "<li>Design point 3, replicate 1: blacklist.threshold: expected at most 700, found 712.5</li>",
      "<li>Design point 3, replicate 2: blacklist.threshold: expected at most 700, found 712.5</li>",
      "<li>Design point 57, replicate 1: engine error: worker exited with signal SIGKILL</li>",
      "<li>Design point 99, replicate 0: engine error: out of memory</li>",
    ]);
    expect(sobol).toContain("<p>… and 2 more failed runs, recorded in the sweep's results.</p>");
  });

  test("renderSweepReport() escapes a failure's error text beyond the listed ones too", async () => {
    const report = sobolFixture();
    report.runs.failures = report.runs.failures.slice(-1);
    report.runs.failed = 1;
    const page = await renderSweepReport(report);
    expect(page).toContain(
      "<li>Design point 150, replicate 0: &lt;script&gt;alert(1)&lt;/script&gt; is not a scenario path</li>",
    );
    expect(page).not.toContain("<script>alert(1)");
    expect(page).toContain("1 run of 576 failed and is left out");
  });

  test("renderSweepReport() tables the parameters with their paths and ranges", () => {
    expect(tableRows(sobol, "5 parameters varied")).toEqual([
      ["parameter", "scenario path", "range or levels"],
      ["cameraFalseMatch", "sources.cameras.falseMatchRate", "log-uniform, 0.001 to 0.05"],
      ["listThreshold", "blacklist.threshold", "uniform, 550 to 700"],
      ["informantRate", "sources.informants.rate", "uniform, 0 to 0.2"],
      ["appealSuccess", "appeals.success", "uniform, 0.1 to 0.9"],
      ["decayDays", "scoring.decayDays", "uniform, 180 to 720"],
    ]);
  });

  test("renderSweepReport() tables S1 and ST with their intervals, most influential first, to 3 significant digits", () => {
    expect(
      tableRows(
        sobol,
        "Sobol indices of share of listings that are wrongful (16 base samples; 95% bootstrap intervals over 1,000 resamples)",
      ),
    ).toEqual([
      ["parameter", "S1", "95% interval", "ST", "95% interval"],
      ["cameraFalseMatch", "0.52", "0.42 to 0.62", "0.61", "0.51 to 0.71"],
      ["listThreshold", "0.21", "0.11 to 0.31", "0.27", "0.17 to 0.37"],
      ["informantRate", "0.08", "−0.02 to 0.18", "0.12", "0.02 to 0.22"],
      ["appealSuccess", "0.012", "−0.088 to 0.112", "0.02", "−0.08 to 0.12"],
      ["decayDays", "0.001", "−0.099 to 0.101", "0.004", "−0.096 to 0.104"],
    ]);
  });

  test("renderSweepReport() tables the second-order indices of each pair", () => {
    const rows = tableRows(
      sobol,
      "Second-order Sobol indices of share of listings that are wrongful: the share of each pair's interaction alone",
    );
    expect(rows).toHaveLength(1 + 10);
    expect(rows[0]).toEqual(["pair", "S2", "95% interval"]);
    expect(rows[1]).toEqual(["cameraFalseMatch × listThreshold", "0.05", "−0.01 to 0.11"]);
  });

  test("renderSweepReport() draws every chart as inline SVG, wide and narrow, that needs no script", () => {
    const still = withoutScripts(sobol);
    expect(still).not.toMatch(/<script/i);
    expect(figures(still)).toEqual(figures(sobol));
    for (const id of figures(still)) {
      const html = figureHtml(still, id);
      const drawings = [...html.matchAll(/<div class="drawing (wide|narrow)"><svg[\s\S]*?<\/svg><\/div>/g)];
      expect(
        drawings.map((drawing) => drawing[1]),
        id,
      ).toEqual(["wide", "narrow"]);
      for (const drawing of drawings)
        expect(drawing[0], `${id} draws marks`).toMatch(/class="mark-(symbol|rule|area|line)/);
    }
  });

  test("renderSweepReport() labels the Sobol chart's parameters and indices, and each scatter panel's parameter", () => {
    const indices = figureHtml(sobol, "fig-indices-1");
    for (const text of [
      "cameraFalseMatch",
      "decayDays",
      "first-order (S1)",
      "total (ST)",
      "index and 95% interval",
    ])
      expect(indices).toContain(`>${text}</text>`);
    const scatter = figureHtml(sobol, "fig-scatter-1");
    for (const parameter of sobolFixture().parameters) expect(scatter).toContain(`>${parameter.name}</text>`);
    const convergence = figureHtml(sobol, "fig-convergence-1");
    expect(convergence).toContain("n = 2, 4, 8, 16");
  });

  test("renderSweepReport() gives each measure's complete cases, missing points and noise", () => {
    const first = sectionText(sobol, "measure-1");
    expect(first).toContain("1 design point of 192 has no value of share of listings that are wrongful");
    expect(first).toContain("Complete cases: 15 base samples used; 1 dropped for a missing value.");
    expect(first).toContain(
      "Noise: the replicates of a design point vary by 0.000012 (mean variance), the points' means by 0.0041: a ratio of 0.00293, small beside the effects.",
    );
    const second = sectionText(sobol, "measure-2");
    expect(second).toContain(
      "4 design points of 192 have no value of listing-rate ratio, lowest group over highest",
    );
    expect(second).toContain("Complete cases: 13 base samples used; 3 dropped for a missing value.");
    expect(second).toContain("a ratio of 0.173, not small beside the effects");
  });

  test("renderSweepReport() explains how to read S1 and ST", () => {
    const reading = sectionText(sobol, "reading");
    expect(reading).toContain("share of the measure's variance that the parameter explains alone");
    expect(reading).toContain("including everything it does together with other parameters (interactions)");
  });
});

describe("renderSweepReport() of each design", () => {
  test("renderSweepReport() of a Sobol sweep without second order has no S2 table", async () => {
    const page = await renderSweepReport(sobolFixture(false));
    expect(page).not.toContain("Second-order Sobol indices");
    expect(sectionText(page, "reading")).not.toContain("second-order");
    expect(sectionText(sobol, "reading")).toContain("A second-order index S2 of a pair");
    expect(page).toContain("112 design points");
    expect(figures(page)).toHaveLength(6);
  });

  test("renderSweepReport() of a Morris screen draws μ* against σ, labelled, and tables μ*, its interval, μ and σ", async () => {
    const page = await renderSweepReport(morrisFixture());
    expect(figures(page)).toEqual([
      "fig-indices-1",
      "fig-scatter-1",
      "fig-convergence-1",
      "fig-indices-2",
      "fig-scatter-2",
      "fig-convergence-2",
    ]);
    const chart = figureHtml(page, "fig-indices-1");
    for (const text of ["cameraFalseMatch", "listThreshold", "decayDays", "μ*: overall influence"])
      expect(chart).toContain(`>${text}</text>`);
    expect(
      tableRows(
        page,
        "Morris indices of share of listings that are wrongful (10 trajectories; 95% bootstrap intervals over 1,000 resamples for μ*)",
      ),
    ).toEqual([
      ["parameter", "μ*", "95% interval", "μ", "σ"],
      ["cameraFalseMatch", "0.21", "0.189 to 0.231", "0.21", "0.12"],
      ["listThreshold", "0.094", "0.0846 to 0.103", "−0.09", "0.02"],
      ["informantRate", "0.041", "0.0369 to 0.0451", "0.03", "0.035"],
      ["appealSuccess", "0.006", "0.0054 to 0.0066", "0.001", "0.004"],
      ["decayDays", "0.001", "0.0009 to 0.0011", "0", "0.001"],
    ]);
    expect(sectionText(page, "measure-1")).toContain("One replicate: noise between replicates not measured.");
    expect(sectionText(page, "reading")).toContain("σ, the spread of the elementary effects");
    expect(page).toContain("<h1>china-2020-screen</h1>");
    expect(page).toContain("Every run finished.");
    expect(page).not.toContain('class="failures"');
  });

  test("renderSweepReport() of a Latin hypercube draws the partial rank correlations with their intervals", async () => {
    const page = await renderSweepReport(lhsFixture());
    expect(figures(page)).toEqual(["fig-indices-1", "fig-scatter-1", "fig-indices-2", "fig-scatter-2"]);
    expect(figureHtml(page, "fig-indices-1")).toContain(">partial rank correlation and 95% interval</text>");
    expect(
      tableRows(
        page,
        "Partial rank correlations of share of listings that are wrongful with each parameter (50 samples; 95% bootstrap intervals over 500 resamples)",
      ),
    ).toEqual([
      ["parameter", "PRCC", "95% interval"],
      ["cameraFalseMatch", "0.91", "0.83 to 0.99"],
      ["listThreshold", "0.62", "0.54 to 0.7"],
      ["informantRate", "0.33", "0.25 to 0.41"],
      ["appealSuccess", "−0.04", "−0.12 to 0.04"],
      ["decayDays", "0.01", "−0.07 to 0.09"],
    ]);
    expect(describeSweep(lhsFixture())[2]).toBe(
      "For share of listings that are wrongful, cameraFalseMatch has the strongest partial rank correlation: PRCC = 0.91 (95% interval 0.83 to 0.99).",
    );
    expect(sectionText(page, "reading")).toContain(
      "with the other parameters held fixed (monotone association)",
    );
  });

  test("renderSweepReport() of a grid says it has no indices and draws the scatters, levels in words too", async () => {
    const page = await renderSweepReport(gridFixture());
    expect(figures(page)).toEqual(["fig-scatter-1", "fig-scatter-2"]);
    expect(sectionText(page, "measure-1")).toContain(
      "A grid gives no sensitivity indices: read the effects from the scatters below.",
    );
    expect(page).not.toContain("<caption>Sobol");
    const scatter = figureHtml(page, "fig-scatter-1");
    for (const text of ["strict", "lenient", "appealPolicy", "listThreshold"])
      expect(scatter).toContain(`>${text}</text>`);
    expect(sectionText(page, "measure-1")).toContain("Complete cases: all 6 design points, none missing.");
  });
});

describe("renderSweepReport() with missing values", () => {
  test("renderSweepReport() with a measure no point defines says so and draws nothing empty", async () => {
    const report: SweepReport = sobolFixture(false);
    const ratio = MEASURES[1].id;
    for (const point of report.points) point.measures[ratio] = null;
    report.indices.rows = report.indices.rows.map((row) =>
      row.measure === ratio ? { ...row, value: null, low: null, high: null } : row,
    );
    report.indices.convergence = report.indices.convergence.filter((row) => row.measure !== ratio);
    report.indices.measures[1] = { measure: ratio, used: 0, missing: 16, noise: null };
    const page = await renderSweepReport(report);
    expect(figures(page)).toEqual(["fig-indices-1", "fig-scatter-1", "fig-convergence-1"]);
    const second = sectionText(page, "measure-2");
    expect(second).toContain(
      "No index of listing-rate ratio, lowest group over highest could be estimated (too few complete cases).",
    );
    expect(second).toContain("112 design points of 112 have no value of listing-rate ratio");
    expect(second).toContain("Complete cases: 0 base samples used; 16 dropped for a missing value.");
    expect(second).toContain(
      "No design point has a value of listing-rate ratio, lowest group over highest: nothing to draw.",
    );
    expect(tableRows(page, "Sobol indices of listing-rate ratio")[1]).toEqual([
      "cameraFalseMatch",
      "—",
      "—",
      "—",
      "—",
    ]);
    expect(describeSweep(report)).toHaveLength(3);
  });

  test("renderSweepReport() draws the points that define a measure and the intervals that exist", async () => {
    const report: SweepReport = morrisFixture();
    // A parameter's value missing at a point, and μ* without an interval: drawn without them, not crashed on.
    report.points[0].values.listThreshold = null;
    report.indices.rows = report.indices.rows.map((row) =>
      row.parameter === "decayDays" ? { ...row, low: null, high: null } : row,
    );
    const page = await renderSweepReport(report);
    expect(figures(page)).toHaveLength(6);
    expect(tableRows(page, "Morris indices of share")[5]).toEqual(["decayDays", "0.001", "—", "0", "0.001"]);
  });

  test("renderSweepReport() with replicates but no noise estimate says it was not measured, not that there was one replicate", async () => {
    const report = lhsFixture();
    report.indices.measures[0].noise = null;
    const page = await renderSweepReport(report);
    expect(sectionText(page, "measure-1")).toContain(
      "Noise between replicates not measured: too few design points with complete replicates.",
    );
    expect(sectionText(page, "measure-1")).not.toContain("One replicate");
  });
});

describe("renderSweepReport() of a large design", () => {
  test("renderSweepReport() draws at most 1,000 design points in the scatters, evenly spaced, and says so", async () => {
    const report = lhsFixture();
    report.points = Array.from({ length: 2500 }, (_, k) => ({ ...report.points[k % 50], point: k }));
    report.design.points = 2500;
    const page = await renderSweepReport(report);
    const data =
      /<script type="application\/json" id="report-data">([\s\S]*?)<\/script/.exec(page)?.[1] ?? "{}";
    const drawn = (JSON.parse(data).datasets.sweepPoints as { point: number }[]).map((row) => row.point);
    const distinct = [...new Set(drawn)];
    expect(distinct).toHaveLength(SCATTER_POINTS);
    expect(distinct.slice(0, 3)).toEqual([0, 2, 5]);
    expect(figureHtml(page, "fig-scatter-1")).toContain(
      "1,000 of the 2,500 design points are drawn, evenly spaced in the design's order.",
    );
  });
});
