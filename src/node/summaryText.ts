import type { Summary } from "../core/metrics/index.js";
import { formatCount, formatPercent } from "./numbers.js";
import { formatTable, type Style } from "./style.js";

function percentOrDash(value: number | null, digits = 1): string {
  return value === null ? "—" : formatPercent(value, digits);
}

/** The short summary `run` prints: what the system did, in a few lines a person reads at a glance. */
export function formatSummary(
  summary: Summary,
  run: { wallSeconds: number; directory?: string },
  style: Style,
): string {
  const { acts } = summary;
  const lines: string[] = [];
  const actsPerSecond = acts.true / Math.max(run.wallSeconds, 1e-9);
  lines.push(
    `${style.bold(summary.scenario)} · seed ${summary.seed} · ${formatCount(summary.population)} citizens · ` +
      `${summary.days} days · ${run.wallSeconds.toFixed(1)} s (${formatCount(Math.round(actsPerSecond))} acts/s)`,
  );
  lines.push("");
  const rows: string[][] = [["measure", "value"]];
  rows.push([
    "acts",
    `${formatCount(acts.true)} true · ${formatCount(acts.recorded)} recorded ` +
      `(${formatCount(acts.misattributed)} misattributed, ${formatCount(acts.spurious)} spurious)`,
  ]);
  if (summary.mechanisms.blacklist) rows.push(...listingRows(summary));
  else rows.push(["blacklist", "none in this scenario"]);
  for (const [id, opportunity] of Object.entries(summary.denied)) {
    if (opportunity.denied === 0 && opportunity.ostracised === 0) continue;
    rows.push([
      `denied: ${id}`,
      `${formatCount(opportunity.denied)} of ${formatCount(opportunity.requests)} requests ` +
        `(${formatCount(opportunity.deniedWrongfully)} wrongly)`,
    ]);
  }
  lines.push(formatTable(rows, style));
  if (run.directory) {
    lines.push("");
    lines.push(style.dim(`written to ${run.directory}/`));
  }
  return lines.join("\n");
}

/** The rows about the blacklist: who is listed, how many wrongly, and how groups compare. */
function listingRows(summary: Summary): string[][] {
  const { listings } = summary;
  const listedShare = summary.population > 0 ? listings.current / summary.population : 0;
  const rows: string[][] = [];
  rows.push([
    "listed now",
    `${formatCount(listings.current)} (${formatPercent(listedShare, 2)} of citizens) · ${formatCount(listings.ever)} ever`,
  ]);
  rows.push([
    "wrongful listings",
    `${formatCount(listings.wrongful)} of ${formatCount(listings.entries)} (${percentOrDash(listings.wrongfulShare)}) ` +
      "— the truth would not list them",
  ]);
  rows.push([
    "precision / recall",
    `${percentOrDash(listings.precision)} of the listed would be listed on the truth · ` +
      `${percentOrDash(listings.recall)} of those the truth would list are listed`,
  ]);
  const disparity = summary.disparity;
  if (disparity.listingRateRatio !== null && Object.keys(summary.groups).length > 1) {
    const rates = Object.entries(summary.groups)
      .map(([id, group]) => `${id} ${formatPercent(group.listingRate, 3)}`)
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
