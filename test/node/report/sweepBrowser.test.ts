// A sweep's report in a real headless Chromium, offline, as browser.test.ts opens the run and comparison reports:
// with JavaScript every chart draws with nothing logged and nothing requested; without it, each chart shows as one
// static SVG that fits a phone. Chromium is the Debian package (`npm test` installs it when it can), or
// CHROMIUM_PATH.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { renderSweepReport } from "../../../src/node/report/chartLibraries.js";
import type { SweepReport } from "../../../src/report/types.js";
import { CHROMIUM, CHROMIUM_ARGS, MISSING_CHROMIUM } from "../../helpers/chromium.js";
import { gridFixture, lhsFixture, morrisFixture, sobolFixture } from "./sweepFixtures.js";

let browser: Browser | undefined;
let directory: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "controlocracy-sweep-report-"));
  if (existsSync(CHROMIUM))
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  rmSync(directory, { recursive: true, force: true });
});

const FIXTURES: [string, () => SweepReport][] = [
  ["sobol", () => sobolFixture()],
  ["morris", morrisFixture],
  ["lhs", lhsFixture],
  ["grid", gridFixture],
];

async function write(name: string, report: SweepReport): Promise<{ url: string; figures: string[] }> {
  const html = await renderSweepReport(report);
  const path = join(directory, `sweep-${name}.html`);
  writeFileSync(path, html);
  const figures = [...html.matchAll(/<figure id="([^"]+)">/g)].map((match) => `${match[1]}-chart`);
  return { url: pathToFileURL(path).href, figures };
}

describe("a sweep's report.html in Chromium", () => {
  test.each(FIXTURES)(
    "renderSweepReport() of a %s sweep draws every chart offline, without warnings",
    async (name, fixture) => {
      const { url, figures } = await write(name, fixture());
      if (!browser) throw new Error(MISSING_CHROMIUM);
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error" || message.type() === "warning")
          problems.push(`${message.type()}: ${message.text()}`);
      });
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      page.on("request", (request) => requests.push(request.url()));
      try {
        await page.goto(url);
        await page.waitForSelector("html[data-charts='done']", { timeout: 20_000 });
        const charts = await page.$$eval(".chart", (elements) =>
          elements.map((element) => ({
            id: element.id,
            state: element.getAttribute("data-state"),
            svgs: element.querySelectorAll(".vega-embed svg").length,
          })),
        );
        expect(problems).toEqual([]);
        expect(requests).toEqual([url]);
        expect(charts.map((chart) => chart.id)).toEqual(figures);
        for (const chart of charts) expect(chart, chart.id).toMatchObject({ state: "rendered", svgs: 1 });
      } finally {
        await page.close();
      }
    },
  );

  test.each(FIXTURES)(
    "renderSweepReport() of a %s sweep at 390 px without JavaScript shows each chart as one static SVG that fits, text of 11 px or more",
    async (name, fixture) => {
      const { url, figures } = await write(`${name}-phone`, fixture());
      const charts = await staticCharts(url, 390);
      expect(charts.map((chart) => chart.id)).toEqual(figures);
      for (const chart of charts) {
        expect(chart.visible, chart.id).toHaveLength(1);
        expect(chart.visible[0], `${chart.id} fits the screen`).toBeLessThanOrEqual(390 - 40);
        expect(chart.smallestText, `${chart.id}'s smallest text`).toBeGreaterThanOrEqual(11);
      }
    },
  );

  test("renderSweepReport() on a desktop without JavaScript shows each chart as one static SVG, its text at 10 px or more", async () => {
    const { url, figures } = await write("sobol-desktop", sobolFixture());
    const charts = await staticCharts(url, 1100);
    expect(charts.map((chart) => chart.id)).toEqual(figures);
    for (const chart of charts) {
      expect(chart.visible, chart.id).toHaveLength(1);
      expect(chart.smallestText, `${chart.id}'s smallest text`).toBeGreaterThanOrEqual(10);
    }
  });
});

/**
 * Opens a page at a given width with JavaScript off and measures each chart's visible drawings: their widths (CSS
 * pixels) and their smallest text as drawn (font size × the drawing's scale).
 */
async function staticCharts(
  url: string,
  width: number,
): Promise<{ id: string; visible: number[]; smallestText: number }[]> {
  if (!browser) throw new Error(MISSING_CHROMIUM);
  const context = await browser.newContext({ viewport: { width, height: 844 }, javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto(url);
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
        for (const svg of svgs) {
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          for (const text of svg.querySelectorAll("text")) {
            if ((text.textContent ?? "").trim() === "") continue;
            smallestText = Math.min(smallestText, Number.parseFloat(style(text).fontSize) * scale);
          }
        }
        return {
          id: element.id,
          visible: svgs.map((svg) => Math.round(svg.getBoundingClientRect().width)),
          smallestText,
        };
      });
    });
  } finally {
    await context.close();
  }
}
