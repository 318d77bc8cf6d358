import { CounterRng, purposeId, seedKey } from "../rng/index.js";
import type { Scenario } from "../scenario/index.js";
import { type IntervalScale, meanInterval } from "./statistics.js";
import type { Summary } from "./summary.js";

const PURPOSE_REPLICATE = purposeId("compare.replicate");

/**
 * The seed of replicate r: a hash of (base seed, r) — two Philox words of the (`compare.replicate`, r) stream under
 * the base seed, as a 53-bit integer — not base + r, so replicates of nearby base seeds do not overlap. Every
 * scenario of a comparison gets the same replicate seeds: its runs are paired on common random numbers.
 */
export function replicateSeed(baseSeed: number, replicate: number): number {
  const rng = new CounterRng(seedKey(baseSeed)).reset(PURPOSE_REPLICATE, replicate, 0);
  const high = rng.nextUint32() & 0x1f_ffff;
  const low = rng.nextUint32();
  return high * 0x1_0000_0000 + low;
}

/** What a measure's values can be, which sets the scale of its intervals. */
export type MeasureRange = "share" | "nonNegative" | "real";

/** A measure a comparison reports, read off a run's summary (null when it is undefined for that run). */
export interface ComparisonMeasure {
  id: string;
  label: string;
  range: MeasureRange;
  of(summary: Summary): number | null;
}

/** A measure defined only when the run had a list (else null: a blank, not 0). */
const withList =
  (of: (s: Summary) => number | null) =>
  (s: Summary): number | null =>
    s.mechanisms.blacklist ? of(s) : null;

/** The scale of a measure's intervals (`values`) and of its paired differences' (`differences`). */
export function intervalScales(range: MeasureRange): { values: IntervalScale; differences: IntervalScale } {
  if (range === "share") return { values: "logit", differences: "atanh" };
  if (range === "nonNegative") return { values: "log", differences: "linear" };
  return { values: "linear", differences: "linear" };
}

/** Whether a keyed section of the summary has any entry (no opportunity, no reward: the measure is undefined). */
const hasAny = (section: Record<string, unknown>) => Object.keys(section).length > 0;
const perThousand = (value: number, summary: Summary) => (1000 * value) / summary.population;
const sumOf = (summary: Summary, pick: (o: Summary["denied"][string]) => number) =>
  Object.values(summary.denied).reduce((total, opportunity) => total + pick(opportunity), 0);

/** The main measures of `compare`, in the order they are printed. */
export const COMPARISON_MEASURES: readonly ComparisonMeasure[] = [
  {
    id: "listedShare",
    range: "share",
    label: "share of citizens listed on the last day",
    of: withList((s) => s.listings.current / s.population),
  },
  {
    id: "wrongfulShare",
    range: "share",
    label: "share of listings that were wrongful",
    of: (s) => s.listings.wrongfulShare,
  },
  {
    id: "precision",
    range: "share",
    label: "precision: listed who the truth would list",
    of: (s) => s.listings.precision,
  },
  {
    id: "recall",
    range: "share",
    label: "recall: truly listable who are listed",
    of: (s) => s.listings.recall,
  },
  {
    id: "wrongfulPersonDays",
    range: "nonNegative",
    label: "wrongful person-days on the list per 1,000 citizens",
    of: withList((s) => perThousand(s.listings.wrongfulPersonDays, s)),
  },
  {
    id: "listingRateRatio",
    range: "share",
    label: "listing-rate ratio, lowest group over highest (four-fifths rule: ≥ 0.8)",
    of: (s) => s.disparity.listingRateRatio,
  },
  {
    id: "denied",
    range: "nonNegative",
    label: "requests denied per 1,000 citizens",
    of: (s) =>
      hasAny(s.denied)
        ? perThousand(
            sumOf(s, (o) => o.denied),
            s,
          )
        : null,
  },
  {
    id: "deniedWrongfully",
    range: "nonNegative",
    label: "requests denied wrongfully per 1,000 citizens",
    of: (s) =>
      hasAny(s.denied)
        ? perThousand(
            sumOf(s, (o) => o.deniedWrongfully),
            s,
          )
        : null,
  },
  {
    id: "harm",
    range: "real",
    label: "harm-weighted acts per citizen",
    of: (s) => s.behaviour.harm / s.population,
  },
  {
    id: "legitimateActs",
    range: "nonNegative",
    label: "legitimate acts (e.g. online speech) per citizen",
    of: (s) => s.behaviour.legitimateActs / s.population,
  },
  {
    id: "rewardValue",
    range: "nonNegative",
    label: "reward value per citizen",
    of: (s) =>
      hasAny(s.rewards)
        ? Object.values(s.rewards).reduce((total, reward) => total + reward.value, 0) / s.population
        : null,
  },
];

/**
 * One measure across scenarios: means with 95% intervals, and differences against the first, paired by seed. An
 * interval's `low` and `high` are null when it rests on one replicate (no interval can be given); `mean` too when
 * the measure is undefined in every replicate of a scenario (no list: no share listed), or of a pair.
 */
export interface ComparedMeasure {
  measure: string;
  label: string;
  /** The scales the intervals were built on (see `meanInterval`). */
  scales: { values: IntervalScale; differences: IntervalScale };
  values: {
    scenario: string;
    mean: number | null;
    low: number | null;
    high: number | null;
    replicates: number[];
  }[];
  differences: { scenario: string; mean: number | null; low: number | null; high: number | null }[];
}

/**
 * Compares runs: `runs[k][r]` is scenario k's summary on replicate r (the same seeds for every k), on `measures`
 * (default the main ones). A replicate where a measure is undefined for a scenario (nobody listed: no precision)
 * leaves it out of that scenario's mean and of the differences that need it; with none left, the mean is null.
 */
export function compareRuns(
  scenarios: readonly string[],
  runs: readonly (readonly Summary[])[],
  measures: readonly ComparisonMeasure[] = COMPARISON_MEASURES,
): ComparedMeasure[] {
  const undefinedEntry = { mean: null, low: null, high: null };
  return measures.map((measure) => {
    const scales = intervalScales(measure.range);
    const matrix = runs.map((replicates) => replicates.map((summary) => measure.of(summary)));
    const values = scenarios.map((scenario, k) => {
      const present = matrix[k].filter((value): value is number => value !== null && Number.isFinite(value));
      const interval = meanInterval(present, scales.values);
      return interval
        ? { scenario, mean: interval.mean, low: interval.low, high: interval.high, replicates: present }
        : { scenario, ...undefinedEntry, replicates: [] };
    });
    const differences = scenarios.slice(1).map((scenario, index) => {
      const k = index + 1;
      const paired: number[] = [];
      matrix[k].forEach((value, r) => {
        const reference = matrix[0][r];
        if (value !== null && reference !== null && Number.isFinite(value) && Number.isFinite(reference)) {
          paired.push(value - reference);
        }
      });
      const interval = meanInterval(paired, scales.differences);
      return interval
        ? { scenario, mean: interval.mean, low: interval.low, high: interval.high }
        : { scenario, ...undefinedEntry };
    });
    return { measure: measure.id, label: measure.label, scales, values, differences };
  });
}

/**
 * How the intervals are computed, in words, for the comparison's notes (and whether there are any); `chosen`: when
 * fields of summary.json were chosen (`--measure`), how their scale follows their range.
 */
export function intervalNotes(replicates: number, chosen = false): string[] {
  if (replicates < 2) {
    return [
      "n/a: one replicate gives no interval (no spread to estimate it from); run with --replicates 2 or more — " +
        "5 or more for intervals worth reading.",
    ];
  }
  return [
    `95% intervals are Student-t intervals (t with ${replicates - 1} degrees of freedom, from the spread of the ` +
      "replicates' values) for the mean over replicates, built on a scale that keeps them in the measure's range " +
      "(delta method): shares and the listing-rate ratio on the logit scale, within 0–100%; counts per citizen or " +
      "per 1,000 and reward value on the log scale, never below 0; harm (which benefits can make negative) as is. " +
      "Paired differences: of shares on the atanh (Fisher z) scale, within ±100 percentage points; others as is.",
    ...(chosen
      ? [
          "Chosen fields of summary.json take their scale from their range in its schema: from 0 to 1 (a share) as " +
            "shares are, from 0 (a count) on the log scale, others (scores, changes) as is.",
        ]
      : []),
  ];
}

/**
 * What the populations of scenarios compared with the first one differ in: their citizens are then not the same
 * citizens, and differences are paired by seed only, not citizen by citizen. A citizen's attributes depend on
 * `population`, its propensities on each behaviour's id and heterogeneity (see `createPopulation`).
 */
export function pairingWarnings(scenarios: readonly Scenario[]): string[] {
  const [first, ...others] = scenarios;
  const propensities = (scenario: Scenario) =>
    new Map(
      scenario.behaviours.map((behaviour) => [
        behaviour.id,
        JSON.stringify(behaviour.heterogeneity ?? scenario.population.propensity),
      ]),
    );
  const reference = propensities(first);
  return others.flatMap((scenario) => {
    const differs: string[] = [];
    const keys = new Set([...Object.keys(first.population), ...Object.keys(scenario.population)]);
    for (const key of keys) {
      const a = (first.population as Record<string, unknown>)[key];
      const b = (scenario.population as Record<string, unknown>)[key];
      if (JSON.stringify(a) !== JSON.stringify(b)) differs.push(`population.${key}`);
    }
    const own = propensities(scenario);
    const changed = [...new Set([...reference.keys(), ...own.keys()])].filter(
      (id) => reference.get(id) !== own.get(id),
    );
    if (changed.length > 0) differs.push(`the propensities of ${changed.join(", ")}`);
    if (differs.length === 0) return [];
    return [
      `the populations of ${first.name} and ${scenario.name} differ (${differs.join("; ")}): their citizens are ` +
        "not the same, so differences are paired by seed only, not citizen by citizen",
    ];
  });
}
