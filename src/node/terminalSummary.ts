import type { Summary } from "../core/metrics/index.js";
import { type Labels, labelOf } from "../report/labels.js";
import { formatCount, formatPercent } from "./numbers.js";
import { formatTable, type Style } from "./style.js";

function percentOrDash(value: number | null, digits = 1): string {
  return value === null ? "—" : formatPercent(value, digits);
}

/** What the summary's words mean, one line each: printed under the numbers. */
export const SUMMARY_WORDS: readonly [string, string][] = [
  ["acts", "what citizens really did (true) and what the apparatus's sources recorded of them"],
  [
    "misattributed",
    "a record of someone else's act pinned on a citizen (a false match); spurious: an act that never happened",
  ],
  [
    "wrongful",
    "a listing the truth (the rules applied to what the citizen really did) would not make that day",
  ],
  ["precision", "of those listed on the last day, the share the truth would list too"],
  ["recall", "of those the truth would list on the last day, the share the system lists"],
];

/** The short summary `run` prints: what the system did, in a few lines a person reads at a glance. */
export function formatSummary(
  summary: Summary,
  run: { wallSeconds: number; directory?: string; labels?: Labels },
  style: Style,
): string {
  const { acts } = summary;
  const lines: string[] = [];
  const actsPerSecond = acts.true / Math.max(run.wallSeconds, 1e-9);
  lines.push(
    `${style.bold(summary.scenario)} · seed ${summary.seed} · ${formatCount(summary.population)} citizens · ` +
      `${summary.days} days${summary.warmupDays ? ` after a ${summary.warmupDays}-day warm-up` : ""} · ${run.wallSeconds.toFixed(1)} s (${formatCount(Math.round(actsPerSecond))} acts/s)`,
  );
  lines.push("");
  const rows: string[][] = [["measure", "value"]];
  rows.push([
    "acts",
    `${formatCount(acts.true)} true · ${formatCount(acts.recorded)} recorded ` +
      `(${formatCount(acts.misattributed)} misattributed, ${formatCount(acts.spurious)} spurious)`,
  ]);
  if (summary.mechanisms.blacklist) rows.push(...listingRows(summary, run.labels));
  else rows.push(["blacklist", "none in this scenario"]);
  for (const [id, opportunity] of Object.entries(summary.denied)) {
    if (opportunity.denied === 0 && opportunity.ostracised === 0) continue;
    rows.push([
      `denied: ${labelOf(run.labels, "opportunities", id)}`,
      `${formatCount(opportunity.denied)} of ${formatCount(opportunity.requests)} requests ` +
        `(${formatCount(opportunity.deniedWrongfully)} wrongly)`,
    ]);
  }
  lines.push(formatTable(rows, style));
  lines.push("");
  const width = Math.max(...SUMMARY_WORDS.map(([word]) => word.length));
  for (const [word, meaning] of SUMMARY_WORDS) lines.push(style.dim(`${word.padEnd(width)}  ${meaning}`));
  if (run.directory) {
    lines.push("");
    lines.push(
      `${style.bold(`${run.directory}/report.html`)}: the full report (open it in a browser): charts, one synthetic ` +
        "citizen's story, every number",
    );
    lines.push(style.dim(`written to ${run.directory}/`));
  }
  return lines.join("\n");
}

/**
 * The rows about the blacklist: who is listed on the last day and how many of them wrongly (1 − precision), then
 * the listings over the run and how many were wrongful when made; the two counts differ as the truth catches up
 * with some records and lets go of others.
 */
function listingRows(summary: Summary, labels: Labels | undefined): string[][] {
  const { listings } = summary;
  const listedShare = summary.population > 0 ? listings.current / summary.population : 0;
  const rows: string[][] = [];
  rows.push([
    "listed now",
    `${formatCount(listings.current)} (${formatPercent(listedShare, 2)} of citizens) · ${formatCount(listings.ever)} ever`,
  ]);
  if (listings.precision !== null) {
    const wrongNow = listings.current - Math.round(listings.precision * listings.current);
    rows.push([
      "wrongly listed now",
      `${formatCount(wrongNow)} of the ${formatCount(listings.current)} (${percentOrDash(1 - listings.precision)}) ` +
        "— the truth would not list them on the last day (1 − precision)",
    ]);
  }
  rows.push([
    "wrongful listings",
    `${formatCount(listings.wrongful)} of the ${formatCount(listings.entries)} made over the run ` +
      `(${percentOrDash(listings.wrongfulShare)}) — wrong on the day they were made`,
  ]);
  rows.push([
    "precision / recall",
    `${percentOrDash(listings.precision)} · ${percentOrDash(listings.recall)} (on the last day)`,
  ]);
  const disparity = summary.disparity;
  const groups = Object.entries(summary.groups);
  if (disparity.listingRateRatio !== null && groups.length > 1) {
    const rates = groups
      .map(([id, group]) => `${labelOf(labels, "groups", id)} ${formatPercent(group.listingRate, 3)}`)
      .join(" · ");
    const verdict =
      disparity.listingRateRatio < 0.8 ? "fails the four-fifths rule" : "passes the four-fifths rule";
    rows.push([
      "listing rate by group",
      `${rates} · ratio ${disparity.listingRateRatio.toFixed(2)} (${verdict})`,
    ]);
  }
  return rows;
}
