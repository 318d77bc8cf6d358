import { CounterRng, purposeId, seedKey } from "../rng/index.js";
import { meanInterval } from "./statistics.js";
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

/** A measure a comparison reports, read off a run's summary (null when it is undefined for that run). */
export interface ComparisonMeasure {
  id: string;
  label: string;
  of(summary: Summary): number | null;
}

const perThousand = (value: number, summary: Summary) => (1000 * value) / summary.population;
const sumOf = (summary: Summary, pick: (o: Summary["denied"][string]) => number) =>
  Object.values(summary.denied).reduce((total, opportunity) => total + pick(opportunity), 0);

/** The main measures of `compare`, in the order they are printed. */
export const COMPARISON_MEASURES: readonly ComparisonMeasure[] = [
  {
    id: "listedShare",
    label: "share of citizens listed on the last day",
    of: (s) => s.listings.current / s.population,
  },
  { id: "wrongfulShare", label: "share of listings that were wrongful", of: (s) => s.listings.wrongfulShare },
  { id: "precision", label: "precision: listed who the truth would list", of: (s) => s.listings.precision },
  { id: "recall", label: "recall: truly listable who are listed", of: (s) => s.listings.recall },
  {
    id: "wrongfulPersonDays",
    label: "wrongful person-days on the list per 1,000 citizens",
    of: (s) => perThousand(s.listings.wrongfulPersonDays, s),
  },
  {
    id: "listingRateRatio",
    label: "listing-rate ratio, lowest group over highest (four-fifths rule: ≥ 0.8)",
    of: (s) => s.disparity.listingRateRatio,
  },
  {
    id: "denied",
    label: "requests denied per 1,000 citizens",
    of: (s) =>
      perThousand(
        sumOf(s, (o) => o.denied),
        s,
      ),
  },
  {
    id: "deniedWrongfully",
    label: "requests denied wrongfully per 1,000 citizens",
    of: (s) =>
      perThousand(
        sumOf(s, (o) => o.deniedWrongfully),
        s,
      ),
  },
  { id: "harm", label: "harm-weighted acts per citizen", of: (s) => s.behaviour.harm / s.population },
  {
    id: "legitimateActs",
    label: "legitimate acts (e.g. online speech) per citizen",
    of: (s) => s.behaviour.legitimateActs / s.population,
  },
  {
    id: "rewardValue",
    label: "reward value per citizen",
    of: (s) => Object.values(s.rewards).reduce((total, reward) => total + reward.value, 0) / s.population,
  },
];

/** One measure across scenarios: means with 95% intervals, and differences against the first, paired by seed. */
export interface ComparedMeasure {
  measure: string;
  label: string;
  values: { scenario: string; mean: number; low: number; high: number; replicates: number[] }[];
  differences: { scenario: string; mean: number; low: number; high: number }[];
}

/**
 * Compares runs: `runs[k][r]` is scenario k's summary on replicate r (the same seeds for every k). A replicate
 * where a measure is undefined for a scenario (nobody listed: no precision) leaves it out of that scenario's mean
 * and of the differences that need it.
 */
export function compareRuns(
  scenarios: readonly string[],
  runs: readonly (readonly Summary[])[],
): ComparedMeasure[] {
  return COMPARISON_MEASURES.map((measure) => {
    const matrix = runs.map((replicates) => replicates.map((summary) => measure.of(summary)));
    const values = scenarios.flatMap((scenario, k) => {
      const present = matrix[k].filter((value): value is number => value !== null && Number.isFinite(value));
      const interval = meanInterval(present);
      return interval
        ? [{ scenario, mean: interval.mean, low: interval.low, high: interval.high, replicates: present }]
        : [];
    });
    const differences = scenarios.slice(1).flatMap((scenario, index) => {
      const k = index + 1;
      const paired: number[] = [];
      matrix[k].forEach((value, r) => {
        const reference = matrix[0][r];
        if (value !== null && reference !== null && Number.isFinite(value) && Number.isFinite(reference)) {
          paired.push(value - reference);
        }
      });
      const interval = meanInterval(paired);
      return interval ? [{ scenario, mean: interval.mean, low: interval.low, high: interval.high }] : [];
    });
    return { measure: measure.id, label: measure.label, values, differences };
  });
}
