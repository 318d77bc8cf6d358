import type { Model } from "../model/index.js";
import { RecordKind } from "../model/index.js";
import { type CellAttributes, groupOf, type PopulationParts } from "../population/index.js";
import type { SharedState } from "../state/citizens.js";
import { type Counts, mergeCounts } from "../state/counts.js";
import { LISTING_END_NAMES, type ListedCitizens, memberOf } from "../state/listings.js";
import type { SeriesRecorder } from "./series.js";

/** Measures of one group of citizens. */
export interface GroupSummary {
  share: number;
  citizens: number;
  /** Share of the group listed on the last day. */
  listingRate: number;
  /** Share of the group listed on the last day although the truth would not list them. */
  wrongfulListingRate: number;
  /** Share of the group listed at least once during the run. */
  everListedRate: number;
  /** Share of the group wrongfully listed at least once. */
  everWrongfullyListedRate: number;
  /** Share of the group listed longer than `measurement.trappedAfterDays`. */
  trappedRate: number;
  meanRecordedScore: number | null;
  meanTrueScore: number | null;
  /**
   * Mean of recorded − true score: how the apparatus's errors move the group's scores at identical true behaviour
   * (the truth is the same rules applied to what they did). Comparing groups gives the score gap.
   */
  meanScoreError: number | null;
  /**
   * Change of the group's mean recorded score over the measured days: its mean at the end of the last day minus at
   * the end of day 0, as the daily series gives them; null without scoring.
   */
  meanRecordedScoreChange: number | null;
  /** The same on the truth ledger. */
  meanTrueScoreChange: number | null;
  /** Harm-weighted acts per citizen of the group (what its acts cost others). */
  harmPerCitizen: number;
}

/** Listing measures of a region or an income band. */
export interface PartSummary {
  share: number;
  citizens: number;
  listingRate: number;
  wrongfulListingRate: number;
  meanRecordedScore: number | null;
  meanTrueScore: number | null;
}

/** Requests for one opportunity and what sanctions did to them. */
export interface OpportunitySummary {
  requests: number;
  denied: number;
  /** Denied although the same rule on the truth ledger would have granted it. */
  deniedWrongfully: number;
  /** Refused informally by people who saw the public listing. */
  ostracised: number;
  byGroup: Record<string, { requests: number; denied: number }>;
}

/** The obligations of one outcome branch (an opportunity, granted or not) and how they ended. */
export interface OutcomeSummary {
  /** Obligations opened (requests followed by this outcome). */
  obligations: number;
  /** Of those, due after the run's last day: never applied. */
  pending: number;
  /** Outcome acts by behaviour. */
  byBehaviour: Record<string, number>;
  byGroup: Record<string, { obligations: number; byBehaviour: Record<string, number> }>;
}

/** The final measures of a run (`summary.json`). Field names are stable; more may be added. */
export interface Summary {
  scenario: string;
  title: string;
  seed: number;
  population: number;
  /** Measured days (after the warm-up, if any). */
  days: number;
  /** Days simulated before measurement started; absent when there was no warm-up. */
  warmupDays?: number;
  /** Which parts of the apparatus ran (switched on and present in the scenario). */
  mechanisms: {
    sources: number;
    scoring: boolean;
    blacklist: boolean;
    publicListing: boolean;
    sanctions: boolean;
    rewards: boolean;
    appeals: boolean;
    association: boolean;
  };
  acts: {
    true: number;
    recorded: number;
    misattributed: number;
    spurious: number;
    gamed: number;
    harm: number;
    byBehaviour: Record<string, { true: number; recorded: number; gamed: number }>;
    /** Records whose due day fell after the run. */
    pendingRecords: number;
  };
  listings: {
    current: number;
    ever: number;
    entries: number;
    wrongful: number;
    /** Share of listing entries that were wrongful. */
    wrongfulShare: number | null;
    /** Of those listed on the last day, the share the truth would also list. */
    precision: number | null;
    /** Of those the truth would list on the last day, the share that are listed. */
    recall: number | null;
    wrongfulPersonDays: number;
    personDays: number;
    /** Citizens the truth would list on the last day who are not listed. */
    missedOffenders: number;
    trulyListed: number;
    trapped: number;
    byRule: Record<string, number>;
    byTrigger: Record<string, number>;
    delistings: number;
    /** Listings ended, by cause: compliance, score, maximum, minimum, overturned (they add up to `delistings`). */
    delistingsByCause: Record<string, number>;
    /** The same by group. */
    delistingsByGroup: Record<string, Record<string, number>>;
  };
  groups: Record<string, GroupSummary>;
  /** Listing rates by region and by income band (shares of each part listed on the last day, and ever). */
  regions: Record<string, PartSummary>;
  incomeBands: Record<string, PartSummary>;
  /** Citizens by category on the record, on the first day (rows) and the last (columns). */
  categoryTransitions: { categories: string[]; counts: number[][] } | null;
  /** Against the same population and seed with the apparatus switched off (`measurement.pairedBaseline`). */
  behaviour: {
    harm: number;
    legitimateActs: number;
    baselineHarm: number | null;
    baselineLegitimateActs: number | null;
    /** Harm-weighted acts the system prevented (baseline − system): deterrence. */
    harmPrevented: number | null;
    /** Legitimate acts lost (baseline − system): chilling. */
    legitimateActsLost: number | null;
  };
  disparity: {
    /** Lowest group listing rate over the highest (the four-fifths rule asks for at least 0.8). */
    listingRateRatio: number | null;
    mostListedGroup: string | null;
    leastListedGroup: string | null;
  };
  denied: Record<string, OpportunitySummary>;
  /** By opportunity: its outcomes when granted and when not; present only when the scenario has outcomes. */
  outcomes?: Record<string, { granted?: OutcomeSummary; denied?: OutcomeSummary }>;
  rewards: Record<
    string,
    { value: number; byGroup: Record<string, number>; byIncome: Record<string, number> }
  >;
  exposure: { personDays: number };
  association: { penalties: number };
  appeals: { filed: number; reviewed: number; overturned: number; recordsRestored: number };
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/** Sums of the paired baseline run (same population and seed, no apparatus). */
export interface Baseline {
  harm: number;
  legitimateActs: number;
}

/**
 * What the summary reads off a finished shard (a `Simulation`, or a view of one that ran on a worker thread): its
 * counts, and the final state of its citizens.
 */
export interface ShardState {
  readonly model: Model;
  readonly population: PopulationParts;
  readonly counts: Counts;
  /** The final state of its citizens. */
  readonly state: SharedState;
  /** Its citizens listed at the end, on the record and by the truth (indices in the shard). */
  readonly listed: ListedCitizens;
  readonly trulyListed: ListedCitizens;
  /**
   * How many of its citizens went from each category on the first day to each at the end, by the first day's bands
   * (first × categories + last); empty without categories.
   */
  categoryTransitions(): Float64Array;
  readonly pendingRecords: number;
}

/** The shards of a run, in index order: one simulation, or the shards of a sharded one. */
export type Shards = readonly ShardState[];

/** What the summary reads off the run's daily series: each group's change of mean score (`SeriesRecorder`). */
export type ScoreChanges = Pick<SeriesRecorder, "groupMeanScoreChange">;

/**
 * Reads the final measures off a finished simulation (or the shards of one, in index order) and its daily series
 * (`series`; without it, the changes of mean score are null).
 */
export function summarise(
  simulation: ShardState | Shards,
  baseline?: Baseline,
  series?: ScoreChanges,
): Summary {
  const shards: Shards = Array.isArray(simulation) ? simulation : [simulation as ShardState];
  const model = shards[0].model;
  const metrics = mergeCounts(shards.map((shard) => shard.counts));
  const population = { size: shards.reduce((total, shard) => total + shard.population.size, 0) };
  // Every scan below visits citizens in index order, shard after shard: the same additions in the same order as
  // one unsharded run, so floating-point sums do not depend on the number of shards.
  const scenario = model.scenario;
  const segments = [model, ...model.timeline.map((change) => change.model)];
  const groupIds = scenario.population.groups.map((group) => group.id);
  const G = model.groups;

  // Harm from whole-number act counts, so it does not depend on the order acts were counted in.
  const harmByGroup = new Float64Array(G);
  for (let b = 0; b < model.behaviours; b++) {
    for (let g = 0; g < G; g++) harmByGroup[g] += metrics.actsByGroup[b * G + g] * model.harm[b];
  }

  // Final state by group: scores, current listings, wrongful and missed.
  const recordedSum = new Float64Array(G);
  const trueSum = new Float64Array(G);
  const listedNow = new Float64Array(G);
  const wrongfulNow = new Float64Array(G);
  let listedAndTrue = 0;
  let trulyListed = 0;
  // Whether the truth lists a citizen of each shard, built once for every breakdown below.
  const trulyIn = shards.map((shard) => memberOf(shard.trulyListed));
  for (const [k, shard] of shards.entries()) {
    for (let i = 0; i < shard.population.size; i++) {
      const g = groupOf(shard.population, i);
      recordedSum[g] += shard.state.recordedScore[i];
      trueSum[g] += shard.state.trueScore[i];
    }
    const truly = trulyIn[k];
    trulyListed += shard.trulyListed.size;
    for (let m = 0; m < shard.listed.size; m++) {
      const t = shard.listed.members[m];
      const g = groupOf(shard.population, t);
      listedNow[g]++;
      if (truly(t)) listedAndTrue++;
      else wrongfulNow[g]++;
    }
  }
  const current = listedNow.reduce((a, b) => a + b, 0);
  const sum = (values: Float64Array) => values.reduce((a, b) => a + b, 0);

  const groups: Record<string, GroupSummary> = {};
  const rates: number[] = [];
  groupIds.forEach((id, g) => {
    const citizens = metrics.groupSize[g];
    const change = model.scoring ? (series?.groupMeanScoreChange(g) ?? null) : null;
    const listingRate = citizens > 0 ? listedNow[g] / citizens : 0;
    rates.push(listingRate);
    groups[id] = {
      share: citizens / population.size,
      citizens,
      listingRate,
      wrongfulListingRate: citizens > 0 ? wrongfulNow[g] / citizens : 0,
      everListedRate: citizens > 0 ? metrics.everListedByGroup[g] / citizens : 0,
      everWrongfullyListedRate: citizens > 0 ? metrics.everWrongfullyListedByGroup[g] / citizens : 0,
      trappedRate: citizens > 0 ? metrics.trappedByGroup[g] / citizens : 0,
      meanRecordedScore: model.scoring && citizens > 0 ? recordedSum[g] / citizens : null,
      meanTrueScore: model.scoring && citizens > 0 ? trueSum[g] / citizens : null,
      meanScoreError: model.scoring && citizens > 0 ? (recordedSum[g] - trueSum[g]) / citizens : null,
      meanRecordedScoreChange: change?.recorded ?? null,
      meanTrueScoreChange: change?.true ?? null,
      harmPerCitizen: citizens > 0 ? harmByGroup[g] / citizens : 0,
    };
  });
  const populated = groupIds.map((_, g) => g).filter((g) => metrics.groupSize[g] > 0);
  const highest = populated.reduce((best, g) => (best < 0 || rates[g] > rates[best] ? g : best), -1);
  const lowest = populated.reduce((best, g) => (best < 0 || rates[g] < rates[best] ? g : best), -1);

  const byBehaviour: Summary["acts"]["byBehaviour"] = {};
  scenario.behaviours.forEach((behaviour, b) => {
    byBehaviour[behaviour.id] = {
      true: metrics.trueActs[b],
      recorded: metrics.recordsByBehaviour[b],
      gamed: metrics.gamedActs[b],
    };
  });

  const opportunities = model.consequences ? (scenario.consequences?.opportunities ?? []) : [];
  const denied: Record<string, OpportunitySummary> = {};
  opportunities.forEach((opportunity, o) => {
    const slice = (values: Float64Array) => values.subarray(o * G, (o + 1) * G);
    const byGroup: OpportunitySummary["byGroup"] = {};
    groupIds.forEach((id, g) => {
      byGroup[id] = { requests: metrics.requests[o * G + g], denied: metrics.denied[o * G + g] };
    });
    denied[opportunity.id] = {
      requests: sum(slice(metrics.requests)),
      denied: sum(slice(metrics.denied)),
      deniedWrongfully: sum(slice(metrics.deniedWrongfully)),
      ostracised: sum(slice(metrics.ostracised)),
      byGroup,
    };
  });

  const outcomes = model.outcomeBranches > 0 ? summariseOutcomes(model, metrics) : undefined;

  const rewardDefinitions = model.consequences ? (scenario.consequences?.rewards ?? []) : [];
  const rewards: Summary["rewards"] = {};
  const incomeIds = scenario.population.incomeBands.map((band) => band.id);
  rewardDefinitions.forEach((reward, r) => {
    const I = model.incomeBands;
    const valueIn = (g: number, k: number) =>
      metrics.rewardDays[(r * G + g) * I + k] * model.rewardDailyUses[r * I + k] * model.rewardValue[r];
    const byGroup: Record<string, number> = {};
    groupIds.forEach((id, g) => {
      byGroup[id] = incomeIds.reduce((total, _, k) => total + valueIn(g, k), 0);
    });
    const byIncome: Record<string, number> = {};
    incomeIds.forEach((id, k) => {
      byIncome[id] = groupIds.reduce((total, _, g) => total + valueIn(g, k), 0);
    });
    const value = groupIds.reduce((total, id) => total + byGroup[id], 0);
    rewards[reward.id] = { value, byGroup, byIncome };
  });

  /** The measures by one attribute's parts; `column`: each cell's part (`CellAttributes`). */
  const parts = (
    column: (cells: CellAttributes) => Uint8Array,
    ids: string[],
  ): Record<string, PartSummary> => {
    const size = new Float64Array(ids.length);
    const listed = new Float64Array(ids.length);
    const wrongful = new Float64Array(ids.length);
    const recorded = new Float64Array(ids.length);
    const truth = new Float64Array(ids.length);
    for (const [k, shard] of shards.entries()) {
      const partOf = column(shard.population.cells);
      const cell = shard.population.cell;
      for (let i = 0; i < shard.population.size; i++) {
        const p = partOf[cell[i]];
        size[p]++;
        recorded[p] += shard.state.recordedScore[i];
        truth[p] += shard.state.trueScore[i];
      }
      for (let m = 0; m < shard.listed.size; m++) {
        const t = shard.listed.members[m];
        const p = partOf[cell[t]];
        listed[p]++;
        if (!trulyIn[k](t)) wrongful[p]++;
      }
    }
    const result: Record<string, PartSummary> = {};
    ids.forEach((id, p) => {
      result[id] = {
        share: size[p] / population.size,
        citizens: size[p],
        listingRate: size[p] > 0 ? listed[p] / size[p] : 0,
        wrongfulListingRate: size[p] > 0 ? wrongful[p] / size[p] : 0,
        meanRecordedScore: model.scoring && size[p] > 0 ? recorded[p] / size[p] : null,
        meanTrueScore: model.scoring && size[p] > 0 ? truth[p] / size[p] : null,
      };
    });
    return result;
  };

  let categoryTransitions: Summary["categoryTransitions"] = null;
  if (model.scoring && model.categoryNames.length > 0) {
    const count = model.categoryNames.length;
    const counts = Array.from({ length: count }, () => new Array<number>(count).fill(0));
    for (const shard of shards) {
      const shardCounts = shard.categoryTransitions();
      for (let first = 0; first < count; first++) {
        for (let last = 0; last < count; last++) counts[first][last] += shardCounts[first * count + last];
      }
    }
    categoryTransitions = { categories: model.categoryNames, counts };
  }

  let legitimateActs = 0;
  for (let b = 0; b < model.behaviours; b++)
    if (model.legitimate[b] === 1) legitimateActs += metrics.trueActs[b];
  const harm = sum(harmByGroup);

  const delistingsByCause: Record<string, number> = {};
  const delistingsByGroup: Record<string, Record<string, number>> = {};
  for (const id of groupIds) delistingsByGroup[id] = {};
  LISTING_END_NAMES.forEach((cause, c) => {
    const byGroup = metrics.delistingsByCause.subarray(c * G, (c + 1) * G);
    delistingsByCause[cause] = sum(byGroup);
    groupIds.forEach((id, g) => {
      delistingsByGroup[id][cause] = byGroup[g];
    });
  });

  const entries = sum(metrics.listingsByGroup);
  const wrongful = sum(metrics.wrongfulListingsByGroup);
  const records = metrics.recordsByKind;
  return {
    scenario: scenario.name,
    title: scenario.title,
    seed: model.seed,
    population: population.size,
    days: model.days - model.warmupDays,
    ...(model.warmupDays > 0 ? { warmupDays: model.warmupDays } : {}),
    mechanisms: {
      // With a timeline, what is on in any of its segments.
      sources: scenario.sources.filter((_, s) => segments.some((m) => m.scenario.sources[s].enabled)).length,
      scoring: model.scoring,
      blacklist: model.blacklist,
      publicListing: segments.some((m) => m.publicListing),
      sanctions: segments.some((m) => m.deniedTo.some((rule) => rule.any)),
      rewards: segments.some((m) => m.grantedTo.some((rule) => rule.any)),
      appeals: model.appeals,
      association: model.association,
    },
    acts: {
      true: sum(metrics.trueActs),
      recorded: records[RecordKind.true] + records[RecordKind.misattributed] + records[RecordKind.spurious],
      misattributed: records[RecordKind.misattributed],
      spurious: records[RecordKind.spurious],
      gamed: sum(metrics.gamedActs),
      harm,
      byBehaviour,
      pendingRecords: shards.reduce((total, shard) => total + shard.pendingRecords, 0),
    },
    listings: {
      current,
      ever: sum(metrics.everListedByGroup),
      entries,
      wrongful,
      wrongfulShare: ratio(wrongful, entries),
      precision: ratio(listedAndTrue, current),
      recall: ratio(listedAndTrue, trulyListed),
      wrongfulPersonDays: sum(metrics.wrongfulPersonDaysByGroup),
      personDays: sum(metrics.listedPersonDaysByGroup),
      missedOffenders: trulyListed - listedAndTrue,
      trulyListed,
      trapped: sum(metrics.trappedByGroup),
      byRule: {
        threshold: metrics.listingsByRule[0],
        severity: metrics.listingsByRule[1],
        behaviour: metrics.listingsByRule[2],
        court: metrics.listingsByRule[3],
        atLeast: metrics.listingsByRule[4],
      },
      byTrigger: {
        true: metrics.listingsByTriggerKind[RecordKind.true],
        misattributed: metrics.listingsByTriggerKind[RecordKind.misattributed],
        spurious: metrics.listingsByTriggerKind[RecordKind.spurious],
        association: metrics.listingsByTriggerKind[RecordKind.association],
      },
      delistings: metrics.delistings,
      delistingsByCause,
      delistingsByGroup,
    },
    groups,
    regions: parts(
      (cells) => cells.region,
      scenario.population.regions.map((part) => part.id),
    ),
    incomeBands: parts(
      (cells) => cells.incomeBand,
      scenario.population.incomeBands.map((part) => part.id),
    ),
    categoryTransitions,
    behaviour: {
      harm,
      legitimateActs,
      baselineHarm: baseline?.harm ?? null,
      baselineLegitimateActs: baseline?.legitimateActs ?? null,
      harmPrevented: baseline ? baseline.harm - harm : null,
      legitimateActsLost: baseline ? baseline.legitimateActs - legitimateActs : null,
    },
    disparity: {
      listingRateRatio: highest >= 0 && rates[highest] > 0 ? rates[lowest] / rates[highest] : null,
      mostListedGroup: highest >= 0 && rates[highest] > 0 ? groupIds[highest] : null,
      leastListedGroup: highest >= 0 && rates[highest] > 0 ? groupIds[lowest] : null,
    },
    denied,
    ...(outcomes ? { outcomes } : {}),
    rewards,
    // Each listed day exposes the citizen to `reach` people (whole-number person-days × reach: order-free).
    exposure: { personDays: sum(metrics.listedPersonDaysByGroup) * model.reach },
    association: { penalties: metrics.associationPenalties },
    appeals: {
      filed: metrics.appeals,
      reviewed: metrics.appealsReviewed,
      overturned: metrics.appealsOverturned,
      recordsRestored: metrics.recordsRestored,
    },
  };
}

/** The outcome counts by opportunity and branch (granted, denied), behaviour and group. */
function summariseOutcomes(model: Model, metrics: Counts): NonNullable<Summary["outcomes"]> {
  const scenario = model.scenario;
  const G = model.groups;
  const groupIds = scenario.population.groups.map((group) => group.id);
  const outcomes: NonNullable<Summary["outcomes"]> = {};
  for (let k = 0; k < model.outcomeBranches; k++) {
    const id = scenario.consequences?.opportunities[model.outcomeOpportunity[k]].id ?? "";
    const behaviours = Array.from(model.outcomeBehaviours[k], (b) => scenario.behaviours[b].id);
    const start = model.outcomeActStart[k];
    const acts = (j: number, g: number) => metrics.outcomes[(start + j) * G + g];
    const summary: OutcomeSummary = { obligations: 0, pending: 0, byBehaviour: {}, byGroup: {} };
    for (const b of behaviours) summary.byBehaviour[b] = 0;
    groupIds.forEach((group, g) => {
      const byBehaviour: Record<string, number> = {};
      behaviours.forEach((b, j) => {
        byBehaviour[b] = (byBehaviour[b] ?? 0) + acts(j, g);
        summary.byBehaviour[b] += acts(j, g);
      });
      summary.obligations += metrics.obligations[k * G + g];
      summary.pending += metrics.obligationsPending[k * G + g];
      summary.byGroup[group] = { obligations: metrics.obligations[k * G + g], byBehaviour };
    });
    outcomes[id] ??= {};
    outcomes[id][model.outcomeGranted[k] === 1 ? "granted" : "denied"] = summary;
  }
  return outcomes;
}
