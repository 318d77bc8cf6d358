import type { Summary } from "../core/metrics/summary.js";
import { count, counted, percent } from "../report/format.js";
import { type Labels, nameOf } from "../report/labels.js";
import { wrongfullyListedNow } from "../report/runDescription.js";

// The explorable's story: six steps through the system, each with one control to move, a chart, and its effect in
// words. Each step runs a built-in scenario on a small synthetic population for one year; the control's value is a
// `--set` change, so a step's run is the same as `controlocracy run` with the same changes.

/** The charts a step or the sandbox can show (src/web/main.ts draws them from the report's specs). */
export type ChartKind = "blacklist" | "scores" | "records" | "refusals" | "groups" | "ratio";

/** A step's one control: a scenario field set with `--set PATH=VALUE`, or a choice of built-in scenario. */
export interface StepControl {
  /** The `--set` path, or "scenario" for a choice of rules. */
  path: string;
  label: string;
  /** What the value means and its unit, beside the control. */
  help: string;
  value: number | string;
  min?: number;
  max?: number;
  step?: number;
  /** A choice of built-in scenarios instead of a number. */
  options?: { value: string; label: string }[];
  /** The value in words ("10% of acts"). */
  format(value: number | string): string;
}

export interface Step {
  title: string;
  /** What the step is about, in a few sentences; the last says what to move. */
  text: string[];
  scenario: string;
  /** Changes the step makes to the scenario besides its control (said in its text). */
  sets: string[];
  control: StepControl;
  charts: ChartKind[];
  /** What the run gave, in one or two sentences with its numbers. */
  outcome(summary: Summary, labels: Labels): string;
}

/** The story's runs: citizens and days (a year of a small town: seconds in a browser). */
export const STORY_POPULATION = 20_000;
export const STORY_DAYS = 365;

const totalDenied = (summary: Summary, field: "denied" | "deniedWrongfully" | "ostracised") =>
  Object.values(summary.denied).reduce((sum, opportunity) => sum + opportunity[field], 0);

/** "N listed at the end, M of them for nothing they did". */
function listedWords(summary: Summary): string {
  return (
    `${count(summary.listings.current)} people are on the list at the end; ${count(wrongfullyListedNow(summary))} ` +
    "of them would not be on it if its rules were applied to what they really did"
  );
}

const share = (value: number | string) => `${Math.round(Number(value) * 100)}%`;

export const STEPS: Step[] = [
  {
    title: "The cameras",
    text: [
      "Cameras, bank records, purchases, employers and informants watch what people do. None of them sees " +
        "everything: a camera sees an act only where it happens to look, and when face recognition matches the " +
        "wrong face, the act lands on someone else's file. Some records are of things that never happened.",
      "The chart sets what people did (the truth) against what the system recorded, act by act. Move the " +
        "cameras' detection: the share of acts in a camera's sight that it records.",
    ],
    scenario: "china-2020",
    sets: [],
    control: {
      path: "sources.cctv.detection",
      label: "Cameras' detection",
      help: "share of the acts a camera could see that it records, 0–1",
      value: 0.1,
      min: 0,
      max: 1,
      step: 0.05,
      format: (value) => `cameras recording ${share(value)} of what they could see`,
    },
    charts: ["records"],
    outcome: (summary) =>
      `people did ${count(summary.acts.true)} acts; the system recorded ${count(summary.acts.recorded)}. ` +
      `${count(summary.acts.misattributed)} records were put on the wrong person (false matches) and ` +
      `${count(summary.acts.spurious)} were of acts that never happened. ${listedWords(summary)}.`,
  },
  {
    title: "The score",
    text: [
      "Every record moves a score between 350 and 950, up for approved acts (giving blood, paying on time), " +
        "down for disapproved ones (jaywalking, a default). Records fade: their weight halves after the " +
        "score's memory. The same rules applied to what people really did give each citizen a true score.",
      "The chart follows the mean score on both ledgers. Move the memory: how many days a record's weight " +
        "takes to halve.",
    ],
    scenario: "china-2020",
    sets: [],
    control: {
      path: "scoring.decay.halfLifeDays",
      label: "The score's memory",
      help: "days for a record's weight to halve",
      value: 730,
      min: 30,
      max: 3650,
      step: 10,
      format: (value) => `a memory of ${count(Number(value))} days`,
    },
    charts: ["scores"],
    outcome: (summary) => {
      const groups = Object.values(summary.groups);
      const mean = (field: "meanRecordedScore" | "meanTrueScore") => {
        const citizens = groups.reduce((sum, g) => sum + (g[field] === null ? 0 : g.citizens), 0);
        return citizens === 0
          ? 0
          : groups.reduce((sum, g) => sum + (g[field] ?? 0) * g.citizens, 0) / citizens;
      };
      const recorded = mean("meanRecordedScore");
      const truth = mean("meanTrueScore");
      const gap = recorded - truth;
      return (
        `at the end the recorded score averages ${recorded.toFixed(1)} against a true ${truth.toFixed(1)}: the ` +
        `record is ${Math.abs(gap).toFixed(1)} points ${gap < 0 ? "below" : "above"} what people did. ${listedWords(summary)}.`
      );
    },
  },
  {
    title: "The list, and what it takes away",
    text: [
      "A score below the threshold, a court record or a severe act puts a citizen on the blacklist. A listed " +
        "citizen is refused air and rail tickets, loans, jobs, a flat, a school place for their children, and " +
        "their name is public.",
      "The chart shows the list day by day; its red band is those listed for nothing they did. Move the " +
        "threshold: the score below which a citizen is listed.",
    ],
    scenario: "china-2020",
    sets: [],
    control: {
      path: "blacklist.entry.scoreBelow",
      label: "Blacklist threshold",
      help: "score points: listed below it",
      value: 550,
      min: 450,
      max: 650,
      step: 10,
      format: (value) => `a threshold of ${value}`,
    },
    charts: ["blacklist", "refusals"],
    outcome: (summary) => {
      const ostracised = totalDenied(summary, "ostracised");
      return (
        `${listedWords(summary)}. The list refused ${count(totalDenied(summary, "denied"))} requests, ` +
        `${count(totalDenied(summary, "deniedWrongfully"))} of them to people the truth would not have sanctioned` +
        (ostracised > 0 ? `, and people who saw it refused ${count(ostracised)} more.` : ".")
      );
    },
  },
  {
    title: "The errors",
    text: [
      "The truth ledger applies the system's own rules to what people really did. Where the record and the truth " +
        "disagree, someone is listed for nothing they did, or an offender goes free. Records of acts that never " +
        "happened (a classifier's false alarm, a malicious report) are one cause; good deeds no source saw are " +
        "another.",
      "This step lists below 600 instead of 550, so that a year is enough to see the errors at work. Move the " +
        "rate of camera records of acts that never happened.",
    ],
    scenario: "china-2020",
    sets: ["blacklist.entry.scoreBelow=600"],
    control: {
      path: "sources.cctv.spurious.rate",
      label: "Records of acts that never happened",
      help: "camera records of nothing, per citizen per year",
      value: 0.2,
      min: 0,
      max: 3,
      step: 0.1,
      format: (value) => `${value} records of nothing per citizen per year`,
    },
    charts: ["blacklist"],
    outcome: (summary) =>
      `${listedWords(summary)}. Of all the listings in the year, ${percent(summary.listings.wrongfulShare ?? 0)} ` +
      `were wrongful; of those listed at the end, ${percent(summary.listings.precision ?? 0)} would be listed by ` +
      `the truth too, and ${count(summary.listings.missedOffenders)} whom the truth would list are not.`,
  },
  {
    title: "Who is hit hardest",
    text: [
      "An error falls on whoever the apparatus watches most, or whose face it confuses most. The four-fifths " +
        "rule flags a disparate impact when one group's rate falls under 80% of another's.",
      "The charts show each group's share on the list and the ratio of the lowest rate to the highest, against " +
        "the four-fifths line (listing below 600, as in the last step). Move how many more records of acts that " +
        "never happened the cameras make about minorities: an assumption of yours, 1 meaning none more.",
    ],
    scenario: "china-2020",
    sets: ["blacklist.entry.scoreBelow=600"],
    control: {
      path: "sources.cctv.spurious.byGroup.minority",
      label: "False alarms on minorities",
      help: "times the majority's rate of camera records of acts that never happened",
      value: 1,
      min: 1,
      max: 20,
      step: 1,
      format: (value) => `minorities ${value}× as exposed to false alarms`,
    },
    charts: ["groups", "ratio"],
    outcome: (summary, labels) => {
      const groups = Object.entries(summary.groups);
      const rates = groups.map(
        ([id, g]) =>
          `${percent(g.listingRate)} of the ${nameOf(labels, "groups", id)} group (${percent(g.wrongfulListingRate)} wrongfully)`,
      );
      const { listingRateRatio: ratio, leastListedGroup: least, mostListedGroup: most } = summary.disparity;
      if (ratio === null || least === null || most === null)
        return `at the end ${rates.join(" and ")} are on the list: nobody is listed, so there is no ratio.`;
      const listedIn = (id: string) =>
        Math.round(summary.groups[id].listingRate * summary.groups[id].citizens);
      const few = Math.min(...groups.map(([id]) => listedIn(id)));
      return (
        `at the end ${rates.join(" and ")} are on the list. The ${nameOf(labels, "groups", least)} group's rate is ` +
        `${ratio.toFixed(2)} of the ${nameOf(labels, "groups", most)} group's: ` +
        `${ratio < 0.8 ? "under four fifths, a disparate impact" : "within four fifths"}.` +
        (few < 20
          ? ` With ${counted(few, "person", "people")} listed in a group, the ratio is mostly chance.`
          : "")
      );
    },
  },
  {
    title: "What due process changes",
    text: [
      "Rights that the article's system lacks: a listed citizen may appeal to a human review that strikes wrong " +
        "records off; the list is not public; records fade in a year; no one stays listed more than a year.",
      "Listing below 600 as before, choose the rules: the system as the article describes it, or the same " +
        "system with due process (the built-in scenario due-process).",
    ],
    scenario: "china-2020",
    sets: ["blacklist.entry.scoreBelow=600"],
    control: {
      path: "scenario",
      label: "The rules",
      help: "the same population and acts under other rules",
      value: "china-2020",
      options: [
        { value: "china-2020", label: "as the article describes them" },
        { value: "due-process", label: "with due process" },
      ],
      format: (value) => (value === "due-process" ? "due process" : "the article's rules"),
    },
    charts: ["blacklist"],
    outcome: (summary) =>
      `${listedWords(summary)}; wrongful listings took ${count(summary.listings.wrongfulPersonDays)} ` +
      `person-days in the year. ${count(summary.appeals.filed)} appeals were filed and ` +
      `${count(summary.appeals.overturned)} listings overturned. The list refused ` +
      `${count(totalDenied(summary, "deniedWrongfully"))} requests wrongly.`,
  },
];
