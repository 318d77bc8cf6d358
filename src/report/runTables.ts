import type { PartSummary, Summary } from "../core/metrics/index.js";
import { count, percent, percentOrDash, plain, words } from "./format.js";
import { measureTable, table } from "./htmlTables.js";
import { type LabelKind, type Labels, labelOf } from "./labels.js";
import { wrongfullyListedNow } from "./runDescription.js";
import type { RunReport } from "./types.js";

const TRIGGER_WORDS: Record<string, string> = {
  true: "a true record",
  misattributed: "a false match",
  spurious: "a record of something that never happened",
  association: "an association penalty",
};

/** Why listings ended (`listings.delistingsByCause`). */
const END_WORDS: Record<string, string> = {
  compliance: "because they complied",
  score: "because their score crossed the exit threshold",
  maximum: "at the maximum duration",
  minimum: "at the minimum duration (no exit rule)",
  overturned: "overturned on appeal",
};

const score = (value: number | null) => (value === null ? "—" : count(value));

/** The main numbers as HTML tables, readable without JavaScript. */
export function runTables(report: RunReport): string {
  const { summary, labels } = report;
  const label = (kind: LabelKind) => (id: string) => labelOf(labels, kind, id);
  return [
    listingsTable(summary),
    actsTable(summary),
    behavioursTable(summary, label("behaviours")),
    groupsTable(summary, label("groups")),
    partsTable("Listings by region", "region", summary.regions, label("regions")),
    partsTable("Listings by income band", "income band", summary.incomeBands, label("incomeBands")),
    refusalsTable(summary, label("opportunities")),
    rewardsTable(summary, labels),
    runTable(report),
  ]
    .filter((html) => html !== "")
    .join("\n");
}

function listingsTable(summary: Summary): string {
  if (!summary.mechanisms.blacklist) return '<p class="note">This scenario keeps no blacklist.</p>';
  const l = summary.listings;
  return measureTable("Listings", [
    [
      "listed on the last day",
      `${count(l.current)} (${percent(l.current / Math.max(summary.population, 1))})`,
    ],
    [
      "… of whom the truth would not list on that day (1 − precision)",
      `${count(wrongfullyListedNow(summary))} (${percentOrDash(l.precision === null ? null : 1 - l.precision)})`,
    ],
    ["listed at some point", count(l.ever)],
    ["listings (entries)", count(l.entries)],
    [
      "wrongful listings: the truth would not have listed them on the day they were listed",
      `${count(l.wrongful)} (${percentOrDash(l.wrongfulShare)})`,
    ],
    [
      "precision: of those listed on the last day, the share the truth would list",
      percentOrDash(l.precision),
    ],
    ["recall: of those the truth would list on the last day, the share listed", percentOrDash(l.recall)],
    ["the truth would list on the last day", count(l.trulyListed)],
    ["… of whom not listed", count(l.missedOffenders)],
    ["days on the list, all listed people", count(l.personDays)],
    ["days on the list, wrongly listed people", count(l.wrongfulPersonDays)],
    ["listed longer than the trapped threshold", count(l.trapped)],
    ["taken off the list", count(l.delistings)],
    // A summary written before exits had causes has none.
    ...Object.entries(l.delistingsByCause ?? {})
      .filter(([, n]) => n > 0)
      .map(([cause, n]): [string, string] => [`… ${END_WORDS[cause] ?? words(cause)}`, count(n)]),
    ...Object.entries(l.byTrigger).map(([kind, n]): [string, string] => [
      `listings set off by ${TRIGGER_WORDS[kind] ?? `a ${words(kind)} record`}`,
      count(n),
    ]),
  ]);
}

function actsTable(summary: Summary): string {
  const a = summary.acts;
  return measureTable("Acts and records", [
    ["acts citizens really committed", count(a.true)],
    ["records the sources made", count(a.recorded)],
    ["… someone else's act (false match)", count(a.misattributed)],
    ["… of an act that never happened", count(a.spurious)],
    ["acts gamed for the score", count(a.gamed)],
    ["records still pending at the end", count(a.pendingRecords)],
    ["sources watching", count(summary.mechanisms.sources)],
  ]);
}

type Name = (id: string) => string;

function behavioursTable(summary: Summary, name: Name): string {
  const rows = Object.entries(summary.acts.byBehaviour).map(([id, b]) => [
    name(id),
    count(b.true),
    count(b.recorded),
    count(b.gamed),
  ]);
  if (rows.length === 0) return "";
  return table(
    "Acts and records by behaviour",
    [
      { label: "behaviour" },
      { label: "acts", numeric: true },
      { label: "records", numeric: true },
      { label: "gamed", numeric: true },
    ],
    rows,
  );
}

function groupsTable(summary: Summary, name: Name): string {
  const rows = Object.entries(summary.groups).map(([id, g]) => [
    name(id),
    count(g.citizens),
    percent(g.share),
    percent(g.listingRate),
    percent(g.wrongfulListingRate),
    percent(g.everListedRate),
    score(g.meanRecordedScore),
    score(g.meanTrueScore),
    plain(g.harmPerCitizen),
  ]);
  const ratio = summary.disparity.listingRateRatio;
  const caption =
    "Groups" +
    (ratio === null || rows.length < 2
      ? ""
      : ` — lowest listing rate over highest: ${percent(ratio)} (the four-fifths rule asks for at least 80%)`);
  return table(
    caption,
    [
      { label: "group" },
      { label: "citizens", numeric: true },
      { label: "share", numeric: true },
      { label: "listed at the end", numeric: true },
      { label: "listed wrongfully", numeric: true },
      { label: "ever listed", numeric: true },
      { label: "mean recorded score", numeric: true },
      { label: "mean true score", numeric: true },
      { label: "harm per citizen", numeric: true },
    ],
    rows,
  );
}

function partsTable(
  caption: string,
  label: string,
  parts: Record<string, PartSummary> | undefined,
  name: Name,
): string {
  const entries = Object.entries(parts ?? {});
  if (entries.length === 0) return "";
  return table(
    caption,
    [
      { label },
      { label: "citizens", numeric: true },
      { label: "share", numeric: true },
      { label: "listed at the end", numeric: true },
      { label: "listed wrongfully", numeric: true },
      { label: "mean recorded score", numeric: true },
      { label: "mean true score", numeric: true },
    ],
    entries.map(([id, p]) => [
      name(id),
      count(p.citizens),
      percent(p.share),
      percent(p.listingRate),
      percent(p.wrongfulListingRate),
      score(p.meanRecordedScore),
      score(p.meanTrueScore),
    ]),
  );
}

function refusalsTable(summary: Summary, name: Name): string {
  const entries = Object.entries(summary.denied);
  if (entries.length === 0) return "";
  return table(
    "Requests and refusals",
    [
      { label: "opportunity" },
      { label: "requests", numeric: true },
      { label: "refused", numeric: true },
      { label: "refused wrongly", numeric: true },
      { label: "refused informally", numeric: true },
    ],
    entries.map(([id, o]) => [
      name(id),
      count(o.requests),
      count(o.denied),
      count(o.deniedWrongfully),
      count(o.ostracised),
    ]),
  );
}

function rewardsTable(summary: Summary, labels: Labels | undefined): string {
  const entries = Object.entries(summary.rewards);
  if (entries.length === 0) return "";
  const groups = Object.keys(summary.groups);
  const bands = [...new Set(entries.flatMap(([, reward]) => Object.keys(reward.byIncome)))];
  return table(
    "Rewards granted (value)",
    [
      { label: "reward" },
      { label: "total", numeric: true },
      ...groups.map((id) => ({ label: `${labelOf(labels, "groups", id)} group`, numeric: true })),
      ...bands.map((id) => ({ label: `${labelOf(labels, "incomeBands", id)} income`, numeric: true })),
    ],
    entries.map(([id, reward]) => [
      labelOf(labels, "rewards", id),
      count(reward.value),
      ...groups.map((group) => count(reward.byGroup[group] ?? 0)),
      ...bands.map((band) => count(reward.byIncome[band] ?? 0)),
    ]),
  );
}

function runTable(report: RunReport): string {
  const { summary, runtime } = report;
  const rows: [string, string][] = [
    ["scenario", summary.scenario],
    ["seed", String(summary.seed)],
    ["synthetic citizens", count(summary.population)],
    ["days", count(summary.days)],
    ...(summary.warmupDays
      ? [["warm-up days (not measured)", count(summary.warmupDays)] as [string, string]]
      : []),
  ];
  if (runtime) {
    rows.push(["threads", count(runtime.threads)]);
    rows.push(["wall time", `${plain(runtime.wallSeconds)} s`]);
  }
  return measureTable("The run", rows);
}
