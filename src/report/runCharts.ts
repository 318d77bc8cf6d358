import type { Summary } from "../core/metrics/index.js";
import {
  blacklistSpec,
  type Chart,
  denialsSpec,
  groupRatesSpec,
  listingRateSpec,
  rewardsSpec,
  scoresSpec,
  trajectoriesSpec,
  wrapped,
} from "./chartSpecs.js";
import { count, list, percent } from "./format.js";
import { type Labels, labelOf, nameOf } from "./labels.js";
import { wrongfullyListedNow } from "./runDescription.js";
import type { RunReport, ScoreBin, SeriesRow, TrajectoryRow } from "./types.js";

/** Days shown in the score distributions: the first, the last and evenly spaced ones between. */
const SCORE_DAYS = 4;
/** Sampled citizens drawn in the trajectories' small multiples. */
export const TRAJECTORY_PANELS = 12;
/** Points per line at most in a trajectory panel. */
const TRAJECTORY_POINTS = 150;

/** Sets the days of `scoreBins` to show: at most `SCORE_DAYS`, first and last included. */
export function scoreDays(bins: readonly ScoreBin[]): number[] {
  const days = [...new Set(bins.map((bin) => Number(bin.day)))].sort((a, b) => a - b);
  if (days.length <= SCORE_DAYS) return days;
  const picked = Array.from(
    { length: SCORE_DAYS },
    (_, k) => days[Math.round((k * (days.length - 1)) / (SCORE_DAYS - 1))],
  );
  return [...new Set(picked)];
}

/** Citizens of the trajectory sample to draw: all up to `TRAJECTORY_PANELS`, else that many evenly spaced. */
export function trajectoryCitizens(rows: readonly TrajectoryRow[]): string[] {
  const citizens = [...new Set(rows.map((row) => row.citizen))];
  if (citizens.length <= TRAJECTORY_PANELS) return citizens;
  return Array.from(
    { length: TRAJECTORY_PANELS },
    (_, k) => citizens[Math.floor(((k + 0.5) * citizens.length) / TRAJECTORY_PANELS)],
  );
}

const SERIES_MEASURES = new Set(["listed", "wrongfullyListed"]);

/** A score to a tenth of a point: all a chart can show, in a fraction of the bytes. */
export function tenth(value: number): number {
  return Math.round(Number(value) * 10) / 10;
}

/** The datasets the run charts read, cut to what they draw (numbers as numbers, whatever the file gave). */
export function runDatasets(report: RunReport): Record<string, unknown[]> {
  const { summary, labels } = report;
  const series = report.series
    .filter(
      (row) => (row.dimension === "all" || row.dimension === "group") && SERIES_MEASURES.has(row.measure),
    )
    .map((row: SeriesRow) => ({
      day: Number(row.day),
      dimension: row.dimension,
      part: row.part,
      measure: row.measure,
      value: Number(row.value),
    }));
  // Rates carry their labels in the words the tables use ("under 0.01%"), so a bar never reads "0%".
  const groups = Object.entries(summary.groups).map(([group, g]) => ({
    group,
    label: labelOf(labels, "groups", group),
    citizens: g.citizens,
    share: g.share,
    listingRate: g.listingRate,
    listingRateLabel: percent(g.listingRate),
    wrongfulListingRate: g.wrongfulListingRate,
    wrongfulListingRateLabel: percent(g.wrongfulListingRate),
  }));
  const days = new Set(scoreDays(report.scoreBins));
  const scoreBins = report.scoreBins
    .filter((bin) => days.has(Number(bin.day)))
    .map((bin) => ({
      day: Number(bin.day),
      group: bin.group,
      groupLabel: labelOf(labels, "groups", bin.group),
      ledger: bin.ledger,
      bin: Number(bin.bin),
      width: Number(bin.width),
      count: Number(bin.count),
    }));
  const denials = Object.entries(summary.denied).flatMap(([id, o]) => {
    const opportunity = labelOf(labels, "opportunities", id);
    const opportunityLines = wrapped(opportunity, 22).join("\n");
    const row = { opportunity, opportunityLines };
    return [
      { ...row, outcome: "refused wrongly", requests: o.deniedWrongfully, order: 0 },
      { ...row, outcome: "refused, as the truth would", requests: o.denied - o.deniedWrongfully, order: 1 },
      { ...row, outcome: "refused informally", requests: o.ostracised, order: 2 },
    ];
  });
  const rewards = Object.entries(summary.rewards).flatMap(([id, reward]) => [
    ...Object.entries(reward.byGroup).map(([part, value]) => ({
      reward: labelOf(labels, "rewards", id),
      by: "by group",
      part: labelOf(labels, "groups", part),
      value,
    })),
    ...Object.entries(reward.byIncome).map(([part, value]) => ({
      reward: labelOf(labels, "rewards", id),
      by: "by income band",
      part: labelOf(labels, "incomeBands", part),
      value,
    })),
  ]);
  const drawn = new Set(trajectoryCitizens(report.trajectories));
  const lastDay = report.trajectories.reduce((last, row) => Math.max(last, Number(row.day)), 0);
  // A panel is ~150 pixels wide: more points than that per line draw nothing more.
  const every = Math.max(1, Math.ceil(lastDay / TRAJECTORY_POINTS));
  const trajectories = report.trajectories
    .filter((row) => drawn.has(row.citizen) && (Number(row.day) % every === 0 || Number(row.day) === lastDay))
    .map((row) => ({
      label: `${row.citizen} · ${labelOf(labels, "groups", row.group)}`,
      day: Number(row.day),
      trueScore: tenth(row.trueScore),
      recordedScore: tenth(row.recordedScore),
    }));
  return { series, groups, scoreBins, denials, rewards, trajectories };
}

/** The blacklist's size over time and its wrongful share. */
export function blacklistChart(summary: Summary): Chart {
  const { listings } = summary;
  return {
    id: "fig-blacklist",
    title: "The blacklist, day by day",
    caption:
      "The whole height is the number of people on the list; the red band at its base is those who did nothing " +
      "that would list them under the system's own rules. The line below is that band's share of the list: how " +
      "often, on any day, a name on the list is wrong.",
    description:
      "Stacked area chart of the number of people on the blacklist each day, split into those listed wrongfully " +
      "and those the truth would list too, above a line of the wrongful share. At the end: " +
      `${count(listings.current)} listed, ${count(wrongfullyListedNow(summary))} of them wrongfully.`,
    datasets: ["series"],
    spec: blacklistSpec(),
    narrow: blacklistSpec("narrow"),
  };
}

/** Score distributions by group, truth against record. */
export function scoresChart(summary: Summary, days: number[], labels?: Labels): Chart {
  const means = Object.entries(summary.groups)
    .filter(([, g]) => g.meanRecordedScore !== null && g.meanTrueScore !== null)
    .map(
      ([id, g]) =>
        `the ${nameOf(labels, "groups", id)} group's mean recorded score is ${count(g.meanRecordedScore ?? 0)} against a true ` +
        `${count(g.meanTrueScore ?? 0)}`,
    );
  return {
    id: "fig-scores",
    title: "Scores: the record against the truth",
    caption:
      "Each panel is one group on one day. Filled bars show how scores would spread if the rules were applied to " +
      "what people really did; outlined bars show the scores the system holds. Where the outline sits to the left " +
      "of the fill, the records push people down; outlines far out on the left are people the records sink.",
    description:
      `Histograms of scores in each group on days ${list(days.map(String))}: filled bars for true scores, ` +
      `outlined bars for recorded scores.${means.length > 0 ? ` At the end, ${list(means)}.` : ""}`,
    datasets: ["scoreBins"],
    spec: scoresSpec(days),
    narrow: scoresSpec(days, "narrow", Object.keys(summary.groups).length),
  };
}

/** Listing rate by group over time. */
export function listingRateChart(summary: Summary, labels?: Labels): Chart {
  return {
    id: "fig-listing-rate",
    title: "How often each group is listed",
    caption:
      "Each line is the share of one group on the list. Lines that part show one group listed more often than " +
      "another; the four-fifths rule flags a disparate impact when the lower rate falls under 80% of the higher.",
    description:
      "Line chart of the share of each group on the blacklist, day by day. At the end: " +
      `${groupRates(summary, labels, (g) => g.listingRate)}.`,
    datasets: ["series", "groups"],
    spec: listingRateSpec(),
    narrow: listingRateSpec("narrow"),
  };
}

/** Final listing and wrongful listing rates by group. */
export function groupRatesChart(summary: Summary, labels?: Labels): Chart {
  return {
    id: "fig-group-rates",
    title: "Listed, and listed wrongfully, by group at the end",
    caption:
      "Grey: the share of each group on the list on the last day; red: the share on it for nothing they did. " +
      "Compare the bars across groups: equal treatment would give bars of equal length.",
    description:
      "Bar chart by group of the share listed at the end and the share listed wrongfully at the end: listed " +
      `${groupRates(summary, labels, (g) => g.listingRate)}; wrongfully ` +
      `${groupRates(summary, labels, (g) => g.wrongfulListingRate)}.`,
    datasets: ["groups"],
    spec: groupRatesSpec(),
    narrow: groupRatesSpec("narrow"),
  };
}

function groupRates(
  summary: Summary,
  labels: Labels | undefined,
  rate: (group: Summary["groups"][string]) => number,
): string {
  return list(
    Object.entries(summary.groups).map(
      ([id, g]) => `${percent(rate(g))} of the ${nameOf(labels, "groups", id)} group`,
    ),
  );
}

/** Requests refused, by opportunity. */
export function denialsChart(summary: Summary, labels?: Labels): Chart {
  const refused = Object.entries(summary.denied)
    .filter(([, o]) => o.denied > 0)
    .sort((a, b) => b[1].denied - a[1].denied)
    .map(
      ([id, o]) =>
        `${labelOf(labels, "opportunities", id)}: ${count(o.denied)} refused, ${count(o.deniedWrongfully)} wrongly`,
    );
  return {
    id: "fig-denials",
    title: "What the list refused",
    caption:
      "Each bar is one kind of request and how often it was refused. Red: refused to people the truth would not " +
      "have sanctioned; grey: refused as the truth would; purple: refused informally, by people who saw the " +
      "public list.",
    description: `Horizontal stacked bar chart of requests refused, by opportunity. ${list(refused)}.`,
    datasets: ["denials"],
    spec: denialsSpec(),
    narrow: denialsSpec("narrow"),
  };
}

/** Reward value by group and by income band. */
export function rewardsChart(summary: Summary, labels?: Labels): Chart {
  const rewards = Object.values(summary.rewards);
  const total = rewards.reduce((sum, reward) => sum + reward.value, 0);
  const byIncome = new Map<string, number>();
  for (const reward of rewards)
    for (const [id, value] of Object.entries(reward.byIncome))
      byIncome.set(id, (byIncome.get(id) ?? 0) + value);
  const shares = [...byIncome].map(
    ([id, value]) =>
      `${percent(total > 0 ? value / total : 0)} to the ${nameOf(labels, "incomeBands", id)} band`,
  );
  return {
    id: "fig-rewards",
    title: "Who the rewards went to",
    caption:
      "Rewards go to good records. Each bar adds up the value granted, stacked by reward, by group (left) and by " +
      "income band (right); set it against each group's share of the population in the tables below.",
    description:
      `Bar charts of the value of rewards granted, by group and by income band, stacked by reward: ` +
      `${count(total)} in all${shares.length > 0 ? `, ${list(shares)}` : ""}.`,
    datasets: ["rewards"],
    spec: rewardsSpec(),
    narrow: rewardsSpec("narrow"),
  };
}

/** Columns of small multiples that leave no empty panel when they can: 4, else 3, else 4. */
export function panelColumns(panels: number): number {
  if (panels <= 4) return Math.max(panels, 1);
  return panels % 4 === 0 || panels % 3 !== 0 ? 4 : 3;
}

/** True and recorded scores of the sampled citizens. */
export function trajectoriesChart(report: RunReport): Chart {
  const sampled = new Set(report.trajectories.map((row) => row.citizen)).size;
  const drawn = trajectoryCitizens(report.trajectories).length;
  const which =
    drawn < sampled
      ? `${count(drawn)} of the ${count(sampled)} sampled citizens, taken evenly through the sample`
      : `the ${count(drawn)} sampled citizens`;
  return {
    id: "fig-trajectories",
    title: "A sample of citizens, truth against record",
    caption:
      `Each panel is one synthetic citizen (${which}). Blue: the score their real acts would give; orange: the ` +
      "score the system holds. Where the two lines part, the record has drifted from what the citizen did.",
    description: `Small multiples of true and recorded scores over the run for ${which}.`,
    datasets: ["trajectories"],
    spec: trajectoriesSpec(panelColumns(drawn)),
    narrow: trajectoriesSpec(panelColumns(drawn), "narrow"),
  };
}
