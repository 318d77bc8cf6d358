import { type Chart, storySpec } from "./chartSpecs.js";
import { capitalise, count, counted, list } from "./format.js";
import { type Labels, nameOf } from "./labels.js";
import { escapeHtml, figure } from "./page.js";
import { tenth } from "./runCharts.js";
import type { Story, StoryEvent } from "./types.js";

/** A run of consecutive days on the list: from `start` to `end` (exclusive). */
interface Period {
  start: number;
  end: number;
  label: string;
}

/** The days the citizen was on the list, as periods. */
export function listedPeriods(story: Story): Period[] {
  const periods: Period[] = [];
  const days = [...story.days].sort((a, b) => a.day - b.day);
  let start = -1;
  let previous = -1;
  for (const row of days) {
    if (row.listed && start < 0) start = row.day;
    if (!row.listed && start >= 0) {
      periods.push({ start, end: row.day, label: "listed" });
      start = -1;
    }
    previous = row.day;
  }
  if (start >= 0) periods.push({ start, end: previous + 1, label: "listed" });
  return periods;
}

function isWrongRecord(event: StoryEvent): boolean {
  return event.type === "record" && event.kind !== undefined && event.kind !== "true";
}

/** Whether an event is routine (an act some source saw, or the true record of one): told only in the full list. */
function isRoutine(event: StoryEvent): boolean {
  return (
    (event.type === "act" && (event.sources?.length ?? 0) > 0) ||
    (event.type === "record" && event.kind === "true")
  );
}

/** The recorded score on a day (the last known day at or before it). */
function recordedScoreOn(story: Story, day: number): number | null {
  let score: number | null = null;
  for (const row of story.days) if (row.day <= day) score = row.recordedScore;
  return score ?? story.days[0]?.recordedScore ?? null;
}

/** The datasets of the story chart: its days, its listed periods, and its wrong records. */
export function storyDatasets(story: Story | undefined): Record<string, unknown[]> {
  if (!story) return {};
  const days = [...story.days].sort((a, b) => a.day - b.day);
  return {
    storyDays: days.map((row) => ({
      day: Number(row.day),
      trueScore: tenth(row.trueScore),
      recordedScore: tenth(row.recordedScore),
    })),
    storyPeriods: listedPeriods(story),
    storyMarks: story.events.filter(isWrongRecord).flatMap((event) => {
      const score = recordedScoreOn(story, event.day);
      return score === null ? [] : [{ day: event.day, score: tenth(score), text: eventText(event) }];
    }),
  };
}

/** Which of the story chart's layers have data: listed periods, wrong records' marks. */
export function storyShape(story: Story): { periods: boolean; marks: boolean } {
  return { periods: listedPeriods(story).length > 0, marks: story.events.some(isWrongRecord) };
}

/** The story chart. */
export function storyChart(story: Story): Chart {
  const periods = listedPeriods(story);
  const wrong = story.events.filter(isWrongRecord).length;
  const has = storyShape(story);
  const listed =
    periods.length === 0
      ? "never listed"
      : `listed ${list(periods.map((p) => `from day ${p.start} to day ${p.end - 1}`))}`;
  return {
    id: "fig-story",
    title: `${story.citizen}: truth against record`,
    caption:
      "Blue: the score this citizen's real acts would give; orange: the score the system holds. Shaded: days on " +
      "the blacklist. Red triangles: wrong records — someone else's act, or one that never happened. Where orange " +
      "drops and blue does not, the system punished something the citizen did not do.",
    description:
      `Line chart of ${story.citizen}'s true and recorded score over ${counted(story.days.length, "day")}, ` +
      `${listed}, with ${counted(wrong, "wrong record")} marked.`,
    datasets: ["storyDays", "storyPeriods", "storyMarks"],
    spec: storySpec(has),
    narrow: storySpec(has, "narrow"),
  };
}

const TAGS: Record<string, [string, string]> = {
  missed: ["missed", "missed"],
  act: ["act", ""],
  true: ["record", ""],
  misattributed: ["false match", "wrong"],
  spurious: ["never happened", "wrong"],
  association: ["guilt by association", "wrong"],
  listed: ["listed", "listed"],
  delisted: ["delisted", ""],
  denied: ["refused", "harm"],
  ostracised: ["refused informally", "harm"],
  appeal: ["appeal", ""],
};

function tagOf(event: StoryEvent): [string, string] {
  if (event.type === "act") return (event.sources?.length ?? 0) === 0 ? TAGS.missed : TAGS.act;
  if (event.type === "record") return TAGS[event.kind ?? "true"] ?? TAGS.true;
  return TAGS[event.type] ?? ["event", ""];
}

/** An event in words, naming the real actor of a false match when its text does not. */
export function eventText(event: StoryEvent): string {
  let text = capitalise(event.text);
  if (
    event.type === "record" &&
    event.kind === "misattributed" &&
    event.actor &&
    !text.includes(event.actor)
  ) {
    text += ` — the act was ${event.actor}'s`;
  }
  return text;
}

function timeline(events: StoryEvent[]): string {
  const items = events.map((event) => {
    const [tag, tone] = tagOf(event);
    return (
      `<li><span class="day">day ${count(event.day)}</span>` +
      `<span class="tag${tone ? ` ${tone}` : ""}">${escapeHtml(tag)}</span>${escapeHtml(eventText(event))}</li>`
    );
  });
  return `<ol class="timeline">\n${items.join("\n")}\n</ol>`;
}

/**
 * The story in words: who, why chosen, what the record did to them. `teller`: who follows the citizen ("The report",
 * or the explorable's "This page").
 */
export function storyIntroduction(story: Story, labels?: Labels, teller = "The report"): string[] {
  const records = story.events.filter((event) => event.type === "record");
  const wrong = records.filter((event) => event.kind !== "true");
  const falseMatches = wrong.filter((event) => event.kind === "misattributed").length;
  const spurious = wrong.filter((event) => event.kind === "spurious").length;
  const association = wrong.filter((event) => event.kind === "association").length;
  const missed = story.events.filter(
    (event) => event.type === "act" && (event.sources?.length ?? 0) === 0,
  ).length;
  const listings = story.events.filter((event) => event.type === "listed").length;
  const refusals = story.events.filter(
    (event) => event.type === "denied" || event.type === "ostracised",
  ).length;
  const kinds: string[] = [];
  if (falseMatches > 0) kinds.push(counted(falseMatches, "false match", "false matches"));
  if (spurious > 0) kinds.push(`${counted(spurious, "record")} of something that never happened`);
  if (association > 0) kinds.push(`${counted(association, "penalty", "penalties")} for whom they know`);
  const wrongWords =
    wrong.length === 0 ? "none of them wrong" : `${count(wrong.length)} of them wrong: ${list(kinds)}`;
  const fate: string[] = [];
  if (listings > 0) fate.push(`listed ${listings === 1 ? "once" : `${count(listings)} times`}`);
  if (refusals > 0) fate.push(`refused ${refusals === 1 ? "once" : `${count(refusals)} times`}`);
  return [
    `${story.citizen} is a synthetic citizen of the ${nameOf(labels, "groups", story.group)} group, living in ` +
      `${nameOf(labels, "regions", story.region)} on a ${nameOf(labels, "incomeBands", story.incomeBand)} income. ${teller} follows them as ${story.why}.`,
    `Their file received ${counted(records.length, "record")}, ${wrongWords}; ` +
      `${counted(missed, "act")} they really committed went unseen.` +
      (fate.length > 0 ? ` They were ${list(fate)}.` : ""),
  ];
}

/**
 * The story section's content: its introduction, chart and timeline; or a note when the run has no story.
 * `teller`: as `storyIntroduction`'s.
 */
export function storySection(
  story: Story | undefined,
  labels?: Labels,
  teller?: string,
): { html: string; chart?: Chart } {
  if (!story) {
    return {
      html:
        '<p class="note">This run has no story to tell: nobody was listed, so there is no listed citizen to ' +
        "follow.</p>",
    };
  }
  const chart = storyChart(story);
  const key = story.events.filter((event) => !isRoutine(event));
  const paragraphs = storyIntroduction(story, labels, teller).map((text) => `<p>${escapeHtml(text)}</p>`);
  const html = [
    ...paragraphs,
    figure(chart),
    '<h3 id="story-events">What happened, day by day</h3>',
    key.length > 0
      ? `<p>The events that set the record apart from the truth, and what followed:</p>\n${timeline(key)}`
      : "<p>Nothing set the record apart from the truth.</p>",
    `<details><summary>All ${counted(story.events.length, "event")}, routine ones included</summary>\n` +
      `${timeline(story.events)}\n</details>`,
  ];
  return { html: html.join("\n"), chart };
}
