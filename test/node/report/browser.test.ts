// The reports in a real headless Chromium, offline: every chart draws marks, nothing is logged as an error, and
// nothing but the page itself is requested. Chromium is the Debian package (`npm test` installs it when it can), or
// CHROMIUM_PATH.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { renderComparisonReport, renderRunReport } from "../../../src/node/report/chartLibraries.js";
import type { RunReport } from "../../../src/report/types.js";
import { CHROMIUM, CHROMIUM_ARGS, MISSING_CHROMIUM } from "../../helpers/chromium.js";
import { comparisonFixture, nobodyListed, runFixture } from "./fixtures.js";

/** Where the screenshots go, to look at by eye: CONTROLOCRACY_SCREENSHOTS, or the test's own directory. */
const screenshots = () => process.env.CONTROLOCRACY_SCREENSHOTS ?? directory;

let browser: Browser | undefined;
let directory: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "controlocracy-report-"));
  // Without Chromium every test fails (not skips) with MISSING_CHROMIUM.
  if (existsSync(CHROMIUM))
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  rmSync(directory, { recursive: true, force: true });
});

interface Opened {
  url: string;
  charts: { id: string; state: string | null; svgs: number; marks: number }[];
  problems: string[];
  requests: string[];
  pwned: unknown;
}

/** Writes a report, opens it from a file:// URL, waits for its charts, and reads what the page did. */
async function open(name: string, html: string): Promise<Opened> {
  const path = join(directory, `${name}.html`);
  writeFileSync(path, html);
  const url = pathToFileURL(path).href;
  if (!browser) throw new Error(MISSING_CHROMIUM);
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning")
      problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  page.on("request", (request) => requests.push(request.url()));
  try {
    await page.goto(url);
    await page.waitForSelector("html[data-charts='done']", { timeout: 10_000 });
    const charts = await page.$$eval(".chart", (elements) =>
      elements.map((element) => ({
        id: element.id,
        state: element.getAttribute("data-state"),
        svgs: element.querySelectorAll(".vega-embed svg").length,
        // Drawn marks (not axes or legends): paths with a shape, rules and rectangles inside mark groups.
        marks: [
          ...element.querySelectorAll(".vega-embed g.role-mark path, .vega-embed g.role-mark line"),
        ].filter((mark) => mark.tagName === "line" || (mark.getAttribute("d") ?? "") !== "").length,
      })),
    );
    const pwned = await page.evaluate(() => (globalThis as { pwned?: unknown }).pwned);
    await page.screenshot({ path: join(screenshots(), `controlocracy-report-${name}.png`), fullPage: true });
    return { url, charts, problems, requests, pwned };
  } finally {
    await page.close();
  }
}

function expectDrawnOffline(opened: Opened, figures: string[]): void {
  expect(opened.problems).toEqual([]);
  expect(opened.requests).toEqual([opened.url]);
  expect(opened.charts.map((chart) => chart.id)).toEqual(figures.map((id) => `${id}-chart`));
  for (const chart of opened.charts) {
    expect(chart, chart.id).toMatchObject({ state: "rendered", svgs: 1 });
    expect(chart.marks, `${chart.id} draws marks`).toBeGreaterThan(0);
  }
}

describe("report.html in Chromium", () => {
  test("renderRunReport() draws every chart offline, even with </script> in its data", async () => {
    const report: RunReport = structuredClone(runFixture());
    report.story?.events.push({
      day: 330,
      type: "record",
      kind: "spurious",
      text: "</script><script>window.pwned = 1</script> recorded something that never happened",
    });
    const html = await renderRunReport(report);
    const figures = [...html.matchAll(/<figure id="([^"]+)">/g)].map((match) => match[1]);
    const opened = await open("run", html);
    expectDrawnOffline(opened, figures);
    expect(figures).toHaveLength(8);
    expect(opened.pwned).toBeUndefined();
  });

  test("renderRunReport() with nobody listed and no story draws what is left, without warnings", async () => {
    const report = runFixture();
    const html = await renderRunReport({
      ...report,
      summary: nobodyListed(report.summary),
      story: undefined,
    });
    const figures = [...html.matchAll(/<figure id="([^"]+)">/g)].map((match) => match[1]);
    expect(figures).toEqual([
      "fig-scores",
      "fig-listing-rate",
      "fig-group-rates",
      "fig-rewards",
      "fig-trajectories",
    ]);
    expectDrawnOffline(await open("run-bare", html), figures);
  });

  test("renderComparisonReport() draws its chart offline", async () => {
    const opened = await open("comparison", await renderComparisonReport(comparisonFixture()));
    expectDrawnOffline(opened, ["fig-comparison"]);
  });
});

interface StaticChart {
  id: string;
  /** Visible SVG drawings in the chart, and the widths they are drawn at (CSS pixels). */
  visible: number[];
  /** The smallest text in the visible drawings, in CSS pixels as drawn (font size × the drawing's scale). */
  smallestText: number;
  texts: number;
}

/**
 * Opens a report at a given width, with JavaScript off (or on, waiting for the interactive charts), and measures
 * each chart's visible drawings.
 */
async function openStatic(
  name: string,
  html: string,
  width: number,
  javaScript = false,
): Promise<StaticChart[]> {
  const path = join(directory, `${name}.html`);
  writeFileSync(path, html);
  if (!browser) throw new Error(MISSING_CHROMIUM);
  const context = await browser.newContext({
    viewport: { width, height: 844 },
    javaScriptEnabled: javaScript,
  });
  const page = await context.newPage();
  try {
    await page.goto(pathToFileURL(path).href);
    if (javaScript) await page.waitForSelector("html[data-charts='done']", { timeout: 10_000 });
    return await page.$$eval(".chart", (elements) => {
      // The page's own getComputedStyle (the tests' type check has no DOM library).
      const style = (
        globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string; visibility: string } }
      ).getComputedStyle;
      return elements.map((element) => {
        const svgs = [...element.querySelectorAll("svg")].filter((svg) => {
          const box = svg.getBoundingClientRect();
          return box.width > 0 && box.height > 0 && style(svg).visibility !== "hidden";
        });
        let smallestText = Number.POSITIVE_INFINITY;
        let texts = 0;
        for (const svg of svgs) {
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          for (const text of svg.querySelectorAll("text")) {
            if ((text.textContent ?? "").trim() === "") continue;
            texts++;
            smallestText = Math.min(smallestText, Number.parseFloat(style(text).fontSize) * scale);
          }
        }
        return {
          id: element.id,
          visible: svgs.map((svg) => Math.round(svg.getBoundingClientRect().width)),
          smallestText,
          texts,
        };
      });
    });
  } finally {
    await context.close();
  }
}

describe("report.html's static drawings, without JavaScript and with it", () => {
  test("renderRunReport() at 390 px wide shows every chart as one static SVG with text of 11 px or more", async () => {
    const html = await renderRunReport(runFixture());
    const figures = [...html.matchAll(/<figure id="([^"]+)">/g)].map((match) => `${match[1]}-chart`);
    const charts = await openStatic("run-phone", html, 390);
    expect(charts.map((chart) => chart.id)).toEqual(figures);
    for (const chart of charts) {
      expect(chart.visible, chart.id).toHaveLength(1);
      expect(chart.visible[0], `${chart.id} fits the screen`).toBeLessThanOrEqual(390 - 40);
      expect(chart.texts, `${chart.id} has text`).toBeGreaterThan(0);
      expect(chart.smallestText, `${chart.id}'s smallest text`).toBeGreaterThanOrEqual(11);
    }
  });

  test("renderRunReport() on a desktop shows every chart as one static SVG, its text at 10 px or more", async () => {
    const charts = await openStatic("run-desktop", await renderRunReport(runFixture()), 1100);
    expect(charts).toHaveLength(8);
    for (const chart of charts) {
      expect(chart.visible, chart.id).toHaveLength(1);
      expect(chart.smallestText, `${chart.id}'s smallest text`).toBeGreaterThanOrEqual(10);
    }
  });

  test("renderComparisonReport() at 390 px wide shows its chart as static SVG with text of 11 px or more", async () => {
    const charts = await openStatic(
      "comparison-phone",
      await renderComparisonReport(comparisonFixture()),
      390,
    );
    expect(charts.map((chart) => chart.id)).toEqual(["fig-comparison-chart"]);
    expect(charts[0].visible).toHaveLength(1);
    expect(charts[0].smallestText).toBeGreaterThanOrEqual(11);
  });

  test("renderRunReport() at 390 px wide with JavaScript still shows only the narrow drawings, text of 11 px or more", async () => {
    const charts = await openStatic("run-phone-js", await renderRunReport(runFixture()), 390, true);
    expect(charts).toHaveLength(8);
    for (const chart of charts) {
      expect(chart.visible, chart.id).toHaveLength(1);
      expect(chart.smallestText, `${chart.id}'s smallest text`).toBeGreaterThanOrEqual(11);
    }
  });
});
