import type { Chart } from "./chartSpecs.js";
import { comparisonPage } from "./comparisonPage.js";
import { count } from "./format.js";
import {
  escapeHtml,
  figure,
  footer,
  masthead,
  note,
  renderPage,
  type Section,
  sectionsHtml,
} from "./page.js";
import {
  blacklistChart,
  denialsChart,
  groupRatesChart,
  listingRateChart,
  rewardsChart,
  runDatasets,
  scoreDays,
  scoresChart,
  trajectoriesChart,
} from "./runCharts.js";
import { describeRun } from "./runDescription.js";
import { runTables } from "./runTables.js";
import { storyDatasets, storySection } from "./storySection.js";
import { sweepPage } from "./sweepPage.js";
import type { ComparisonReport, RunReport, SweepReport } from "./types.js";

/**
 * The report of one run as a complete HTML document readable offline: a plain-language summary built from the
 * numbers, then Vega-Lite charts (libraries, specs and data inlined), one synthetic citizen's story, and the main
 * numbers as tables. `libraries`: the chart libraries' browser bundles, as `renderPage` takes them.
 */
export async function renderRunReport(report: RunReport, libraries: readonly string[]): Promise<string> {
  const { summary, labels } = report;
  const { mechanisms } = summary;
  const charts: Chart[] = [];
  const show = (chart: Chart) => {
    charts.push(chart);
    return figure(chart);
  };
  const groupCount = Object.keys(summary.groups).length;
  const hasSeries = (dimension: string) =>
    report.series.some((row) => row.dimension === dimension && row.measure === "listed");

  const summaryHtml = [
    '<div class="lede">',
    ...describeRun(summary, labels).map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    "</div>",
    "<p>The simulation knows what every synthetic citizen really did. <em>The truth</em> applies the system's own " +
      "rules to those acts; <em>the record</em> applies the same rules to what the system's sources recorded — " +
      "with the acts they missed, the acts of others pinned on the wrong person, and acts that never happened. " +
      "Every gap between the two is the system's error, not the citizen's.</p>",
  ].join("\n");

  const blacklist = !mechanisms.blacklist
    ? note("This scenario keeps no blacklist: nobody is listed.")
    : summary.listings.ever === 0
      ? note("Nobody was listed during the run: the blacklist stayed empty.")
      : hasSeries("all")
        ? show(blacklistChart(summary))
        : note("This run recorded no daily series of the blacklist.");

  const days = scoreDays(report.scoreBins);
  const scores = !mechanisms.scoring
    ? note("This scenario keeps no score.")
    : days.length > 0
      ? show(scoresChart(summary, days, labels))
      : note("This run recorded no score distributions.");

  const groups =
    groupCount < 2
      ? note("The population forms a single group, so there is no comparison between groups.")
      : !mechanisms.blacklist
        ? note("This scenario keeps no blacklist, so groups cannot be compared by how often they are listed.")
        : [
            hasSeries("group") ? show(listingRateChart(summary, labels)) : "",
            show(groupRatesChart(summary, labels)),
          ].join("\n");

  const refused = Object.values(summary.denied).some((o) => o.denied > 0 || o.ostracised > 0);
  const rewarded = Object.values(summary.rewards).some((reward) => reward.value > 0);
  const harms = [
    '<h3 id="harms-refusals">Refusals</h3>',
    refused ? show(denialsChart(summary, labels)) : note("Nothing was refused to anyone during the run."),
    '<h3 id="harms-rewards">Rewards</h3>',
    rewarded ? show(rewardsChart(summary, labels)) : note("No reward was granted during the run."),
  ].join("\n");

  const story = storySection(report.story, labels);
  if (story.chart) charts.push(story.chart);

  const trajectories =
    report.trajectories.length > 0
      ? show(trajectoriesChart(report))
      : note("This run sampled no trajectories (a scenario without a score has none).");

  const sections: Section[] = [
    { id: "summary", heading: "In plain words", html: summaryHtml },
    { id: "blacklist", heading: "The blacklist", html: blacklist },
    { id: "scores", heading: "Scores: the record against the truth", html: scores },
    { id: "groups", heading: "Who is hit hardest", html: groups },
    { id: "harms", heading: "What it costs people", html: harms },
    { id: "story", heading: "One synthetic citizen's story", html: story.html },
    { id: "trajectories", heading: "A sample of citizens", html: trajectories },
    { id: "numbers", heading: "The numbers", html: runTables(report) },
  ];
  const meta =
    `Scenario ${summary.scenario} · seed ${summary.seed} · ${count(summary.population)} synthetic citizens · ` +
    `${count(summary.days)} days${summary.warmupDays ? ` after a ${count(summary.warmupDays)}-day warm-up` : ""}`;
  const body = [
    masthead(summary.title || summary.scenario, meta),
    '<main id="main">',
    sectionsHtml(sections),
    "</main>",
    footer("The same scenario, seed, population and number of days give the same numbers."),
  ].join("\n");
  const datasets = { ...runDatasets(report), ...storyDatasets(report.story) };
  return renderPage(
    { title: `${summary.scenario} — controlocracy run report`, body, charts, datasets },
    libraries,
  );
}

/**
 * The report of a comparison as a complete HTML document readable offline: each measure's mean and 95% interval
 * per scenario, the paired differences against the first, and a chart of both.
 */
export async function renderComparisonReport(
  report: ComparisonReport,
  libraries: readonly string[],
): Promise<string> {
  return renderPage(comparisonPage(report), libraries);
}

/**
 * The report of a sweep as a complete HTML document readable offline: what was run, the parameters, and for each
 * measure its sensitivity indices with their 95% intervals, the complete cases and the noise, the measure against
 * each parameter, and the indices' convergence with n.
 */
export async function renderSweepReport(report: SweepReport, libraries: readonly string[]): Promise<string> {
  return renderPage(sweepPage(report), libraries);
}
