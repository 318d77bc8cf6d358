import { readFileSync } from "node:fs";
import type { Summary } from "../../../src/core/metrics/index.js";
import type { ComparisonReport, RunReport } from "../../../src/report/types.js";

const fixture = (name: string) => new URL(`../../fixtures/report/${name}`, import.meta.url);

/** The run report fixture: china-2020, 20,000 synthetic citizens, a year, a story of a false match. */
export function runFixture(): RunReport {
  return JSON.parse(readFileSync(fixture("run-report.json"), "utf8")) as RunReport;
}

/** The comparison fixture: china-2020, the same with error-prone cameras, and no-system. */
export function comparisonFixture(): ComparisonReport {
  return JSON.parse(readFileSync(fixture("comparison-report.json"), "utf8")) as ComparisonReport;
}

/** A scenario without a blacklist: nobody listed, nothing refused. */
export function withoutBlacklist(summary: Summary): Summary {
  return {
    ...summary,
    mechanisms: { ...summary.mechanisms, blacklist: false, publicListing: false, sanctions: false },
    listings: {
      ...summary.listings,
      current: 0,
      ever: 0,
      entries: 0,
      wrongful: 0,
      wrongfulShare: null,
      precision: null,
      recall: null,
      wrongfulPersonDays: 0,
      personDays: 0,
      missedOffenders: 0,
      trulyListed: 0,
    },
    disparity: { listingRateRatio: null, mostListedGroup: null, leastListedGroup: null },
    denied: {},
  };
}

/** A run with a blacklist where nobody was listed, though the truth would list some. */
export function nobodyListed(summary: Summary): Summary {
  const groups = Object.fromEntries(
    Object.entries(summary.groups).map(([id, g]) => [id, { ...g, listingRate: 0, wrongfulListingRate: 0 }]),
  );
  return {
    ...summary,
    listings: {
      ...summary.listings,
      current: 0,
      ever: 0,
      entries: 0,
      wrongful: 0,
      wrongfulShare: null,
      precision: null,
      recall: 0,
      wrongfulPersonDays: 0,
      personDays: 0,
      missedOffenders: 12,
      trulyListed: 12,
    },
    groups,
    disparity: { listingRateRatio: null, mostListedGroup: null, leastListedGroup: null },
    denied: Object.fromEntries(
      Object.entries(summary.denied).map(([id, o]) => [
        id,
        { ...o, denied: 0, deniedWrongfully: 0, ostracised: 0 },
      ]),
    ),
  };
}

/** A population of one group. */
export function oneGroup(summary: Summary): Summary {
  const everyone = summary.groups.majority;
  return {
    ...summary,
    groups: { everyone: { ...everyone, share: 1, citizens: summary.population } },
    disparity: { listingRateRatio: 1, mostListedGroup: "everyone", leastListedGroup: "everyone" },
    rewards: Object.fromEntries(
      Object.entries(summary.rewards).map(([id, r]) => [id, { ...r, byGroup: { everyone: r.value } }]),
    ),
  };
}
