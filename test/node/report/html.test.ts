import { describe, expect, test } from "vitest";
import {
  chartLibraries,
  renderComparisonReport,
  renderRunReport,
} from "../../../src/node/report/chartLibraries.js";
import type { RunReport } from "../../../src/report/types.js";
import { comparisonFixture, nobodyListed, oneGroup, runFixture, withoutBlacklist } from "./fixtures.js";

/** The page's outline: its section headings and its figures, in order. */
function outline(html: string): string[] {
  const items: string[] = [];
  for (const match of html.matchAll(/<h([23]) id="([^"]+)">([^<]*)<\/h\1>|<figure id="([^"]+)">/g)) {
    items.push(match[4] ? `  figure #${match[4]}` : `h${match[1]} #${match[2]} ${match[3]}`);
  }
  return items;
}

/** The data block of a page, parsed as the browser would: its text runs to the first `</script`. */
function payload(html: string): { charts: { id: string }[]; datasets: Record<string, unknown[]> } {
  const match = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script/i.exec(html);
  if (!match) throw new Error("no report-data block");
  return JSON.parse(match[1]);
}

/** Every reference a page makes that a browser would load: `src=`, `href=`, CSS `@import` and `url(`. */
function remoteReferences(html: string): string[] {
  const patterns = [
    /\b(?:src|href|srcset|poster|data|action)\s*=\s*["']?\s*(?:https?:)?\/\/[^\s"'>]*/gi,
    /@import[^;]*/gi,
    /url\(\s*["']?\s*(?:https?:)?\/\/[^)]*\)/gi,
  ];
  return patterns.flatMap((pattern) => [...html.matchAll(pattern)].map((match) => match[0]));
}

const run = runFixture();

const html = await renderRunReport(run);

describe("renderRunReport()", () => {
  test("renderRunReport() opens with the synthetic-data notice and the plain-language summary", () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    const notice = html.indexOf("Every citizen in this report is synthetic");
    const summary = html.indexOf("Of the 76 people listed at the end of the year, 5 — about one in 15 —");
    expect(notice).toBeGreaterThan(0);
    expect(summary).toBeGreaterThan(notice);
    expect(summary).toBeLessThan(html.indexOf("<figure"));
  });

  test("renderRunReport() lays out its sections and figures in a fixed order", () => {
    expect(outline(html)).toMatchInlineSnapshot(`
      [
        "h2 #summary-heading In plain words",
        "h2 #contents-heading Contents",
        "h2 #blacklist-heading The blacklist",
        "  figure #fig-blacklist",
        "h2 #scores-heading Scores: the record against the truth",
        "  figure #fig-scores",
        "h2 #groups-heading Who is hit hardest",
        "  figure #fig-listing-rate",
        "  figure #fig-group-rates",
        "h2 #harms-heading What it costs people",
        "h3 #harms-refusals Refusals",
        "  figure #fig-denials",
        "h3 #harms-rewards Rewards",
        "  figure #fig-rewards",
        "h2 #story-heading One synthetic citizen's story",
        "  figure #fig-story",
        "h3 #story-events What happened, day by day",
        "h2 #trajectories-heading A sample of citizens",
        "  figure #fig-trajectories",
        "h2 #numbers-heading The numbers",
      ]
    `);
  });

  test("renderRunReport() loads nothing from the network", () => {
    expect(remoteReferences(html)).toEqual([]);
    expect(html).not.toMatch(/sourceMappingURL/);
    expect(html).toContain("default-src 'none'");
  });

  test("renderRunReport() inlines vega, vega-lite and vega-embed once, read once per process", () => {
    expect(chartLibraries()).toBe(chartLibraries());
    for (const global of ["vega={}", ".vegaLite={}", ".vegaEmbed="]) expect(html).toContain(global);
    expect(html.match(/<script>/g)).toHaveLength(4);
  });

  test("renderRunReport() inlines every chart's spec and the data it reads", () => {
    const data = payload(html);
    const figures = [...html.matchAll(/<figure id="([^"]+)">/g)].map((match) => match[1]);
    expect(data.charts.map((chart) => chart.id)).toEqual(figures);
    expect(data.datasets.storyMarks).toHaveLength(3);
    expect(Object.keys(data.datasets).sort()).toMatchInlineSnapshot(`
      [
        "denials",
        "groups",
        "rewards",
        "scoreBins",
        "series",
        "storyDays",
        "storyMarks",
        "storyPeriods",
        "trajectories",
      ]
    `);
  });

  test("renderRunReport() keeps a </script> in the data from ending its script", async () => {
    const hostile = "</script><script>window.pwned = 1</script><!-- </SCRIPT >";
    const report: RunReport = structuredClone(run);
    report.story?.events.push({ day: 300, type: "record", kind: "spurious", text: hostile });
    const page = await renderRunReport(report);
    const marks = payload(page).datasets.storyMarks as { text: string }[];
    expect(marks.at(-1)?.text).toBe(hostile);
    expect(page).not.toContain("<script>window.pwned");
    expect(page).toContain("&lt;/script&gt;&lt;script&gt;window.pwned = 1&lt;/script&gt;");
    expect(page.match(/<script\b/gi)?.length).toBe(page.match(/<\/script>/gi)?.length);
  });

  test("renderRunReport() tells the story's wrong records with their reasons", () => {
    expect(html).toContain("Citizen 237-PV3 is a synthetic citizen of the majority group");
    expect(html).toMatch(
      /<span class="tag wrong">false match<\/span>Face-recognition cameras recorded Citizen GXW-QCP/,
    );
    expect(html).toMatch(/<span class="tag listed">listed<\/span>Put on the blacklist/);
    expect(html).toMatch(/<span class="tag harm">refused<\/span>Refused: high-speed rail tickets/);
  });

  test("renderRunReport() holds the main numbers in tables readable without JavaScript", () => {
    const captions = [...html.matchAll(/<caption>([^<]*)<\/caption>/g)].map((match) => match[1]);
    expect(captions).toMatchInlineSnapshot(`
      [
        "Listings",
        "Acts and records",
        "Acts and records by behaviour",
        "Groups — lowest listing rate over highest: 85% (the four-fifths rule asks for at least 80%)",
        "Listings by region",
        "Listings by income band",
        "Requests and refusals",
        "Rewards granted (value)",
        "The run",
      ]
    `);
    expect(html).toContain('<th scope="row">listed on the last day</th><td class="num">76 (0.38%)</td>');
  });

  test("renderRunReport() without a story, a blacklist or a second group says so in words", async () => {
    const bare: RunReport = { ...run, summary: oneGroup(withoutBlacklist(run.summary)), story: undefined };
    const page = await renderRunReport(bare);
    expect(outline(page)).toMatchInlineSnapshot(`
      [
        "h2 #summary-heading In plain words",
        "h2 #contents-heading Contents",
        "h2 #blacklist-heading The blacklist",
        "h2 #scores-heading Scores: the record against the truth",
        "  figure #fig-scores",
        "h2 #groups-heading Who is hit hardest",
        "h2 #harms-heading What it costs people",
        "h3 #harms-refusals Refusals",
        "h3 #harms-rewards Rewards",
        "  figure #fig-rewards",
        "h2 #story-heading One synthetic citizen's story",
        "h2 #trajectories-heading A sample of citizens",
        "  figure #fig-trajectories",
        "h2 #numbers-heading The numbers",
      ]
    `);
    expect(page).toContain("This scenario keeps no blacklist: nobody is listed.");
    expect(page).toContain("This run has no story to tell");
    expect(page).toContain("The population forms a single group");
  });

  test("renderRunReport() with nobody listed draws no empty refusals chart", async () => {
    const page = await renderRunReport({ ...run, summary: nobodyListed(run.summary), story: undefined });
    expect(page).not.toContain('<figure id="fig-denials">');
    expect(page).toContain("Nothing was refused to anyone during the run.");
  });
});

const comparisonHtml = await renderComparisonReport(comparisonFixture());

describe("renderComparisonReport()", () => {
  const comparison = comparisonFixture();
  const html = comparisonHtml;

  test("renderComparisonReport() lays out its summary, chart and table", () => {
    expect(outline(html)).toMatchInlineSnapshot(`
      [
        "h2 #summary-heading In plain words",
        "h2 #contents-heading Contents",
        "h2 #chart-heading Measures side by side",
        "  figure #fig-comparison",
        "h2 #numbers-heading The numbers",
        "h2 #seeds-heading Seeds",
      ]
    `);
    expect(html).toContain("Every citizen in this report is synthetic");
    expect(remoteReferences(html)).toEqual([]);
  });

  test("renderComparisonReport() tells the clear differences in words", () => {
    const lede = /<div class="lede">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? "";
    expect(lede.split("\n").filter((line) => line.startsWith("<p>"))).toMatchInlineSnapshot(`
      [
        "<p>Each scenario ran 5 times on the same seeds, so each replicate pairs the scenarios on the same 10,000 synthetic citizens over 365 days (common random numbers). Intervals are 95% confidence intervals across replicates; a difference is called clear when its interval leaves out zero.</p>",
        "<p>Against china-2020, china-2020-cameras-3pc differs clearly in none of the 11 measures.</p>",
        "<p>Against china-2020, no-system differs clearly in 5 of the 7 measures. Share of citizens listed on the last day: 0.38 percentage points lower (95% interval of the difference: −0.496 to −0.264). Requests denied per 1,000 citizens: 6.74 lower (95% interval of the difference: −9.57 to −3.91). Harm-weighted acts per citizen: 1.03 higher (95% interval of the difference: +0.984 to +1.08). Legitimate acts (e.g. online speech) per citizen: 0.0585 higher (95% interval of the difference: +0.0369 to +0.0801). Reward value per citizen: 189 lower (95% interval of the difference: −189 to −188). No clear difference in: wrongful person-days on the list per 1,000 citizens; requests denied wrongfully per 1,000 citizens.</p>",
        "<p>In no-system, 4 measures cannot be taken (nobody is listed, or nobody would be): share of listings that were wrongful; precision: listed who the truth would list; recall: truly listable who are listed; listing-rate ratio, lowest group over highest (four-fifths rule: ≥ 0.8).</p>",
      ]
    `);
  });

  test("renderComparisonReport() gives each measure its means, intervals and paired differences", () => {
    for (const row of comparison.rows)
      expect(html).toContain(`<th scope="rowgroup" colspan="5">${row.label}`);
    expect(html).toContain(
      '<tr><th scope="row">no-system</th><td class="num">0%</td><td class="num">0% to 0%</td><td class="num">−0.38</td><td class="num">−0.496 to −0.264</td></tr>',
    );
  });
});
