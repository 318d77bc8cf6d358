import type { Scenario } from "../scenario/index.js";

// A scenario compiled into flat tables the day loop reads without lookups by name: everything that depends only
// on a citizen's static attributes is precomputed per *cell* (a region × group × income band × age band
// combination), and every Poisson process a citizen runs is a numbered *channel*.

export const SEVERITY_RANK = { minor: 0, moderate: 1, serious: 2, severe: 3 } as const;

/** What a channel's events are. */
export const ChannelKind = { act: 0, spurious: 1, opportunity: 2 } as const;

/** Which rule put a citizen on the list. */
export const ListingRule = { threshold: 0, severity: 1, behaviour: 2, court: 3 } as const;
export const LISTING_RULE_NAMES = ["threshold", "severity", "behaviour", "court"] as const;

/** What a record is, against the truth. */
export const RecordKind = { true: 0, misattributed: 1, spurious: 2, association: 3 } as const;
export const RECORD_KIND_NAMES = ["true", "misattributed", "spurious", "association"] as const;

/** A sanction or reward rule on the record, as compiled from `deniedTo` / `grantedTo`. */
export interface EligibilityRule {
  listed: boolean;
  categories: Uint8Array;
  scoreBelow: number;
  scoreAtLeast: number;
  /** False when the rule can match nobody (no condition set). */
  any: boolean;
}

export interface Model {
  scenario: Scenario;
  /** Days simulated: the warm-up's, then the measured ones. */
  days: number;
  /** The first `warmupDays` days are simulated but not measured; measured days are numbered from 0 after them. */
  warmupDays: number;
  seed: number;
  size: number;
  regions: number;
  groups: number;
  incomeBands: number;
  ageBands: number;
  cells: number;
  behaviours: number;
  sources: number;
  opportunities: number;

  channels: number;
  /**
   * Channels `0 … actChannels − 1` are acts (the truth's process); the others, spurious records and opportunities
   * (the apparatus's process, drawn from its own streams).
   */
  actChannels: number;
  /** Per cell: the apparatus's channels' total events per citizen-day (they use no propensity and no distress). */
  apparatusRate: Float64Array;
  channelKind: Uint8Array;
  /** For an act channel, its behaviour; for a spurious one, its source; for an opportunity, its index. */
  channelTarget: Uint16Array;
  /** Per channel and cell (`channel * cells + cell`): events per citizen-day before the propensity. */
  channelRate: Float64Array;
  /** Whether the citizen's propensity for the behaviour multiplies the channel. */
  channelUsesPropensity: Uint8Array;
  /** Rate multiplier while the citizen is distressed (1 where distress does not apply). */
  channelDistress: Float64Array;
  /** Share of a behaviour's acts that are gamed rather than genuine, per cell (`behaviour * cells + cell`). */
  gamedShare: Float64Array;

  points: Float64Array;
  harm: Float64Array;
  severity: Uint8Array;
  legitimate: Uint8Array;
  repairMultiplier: Float64Array;

  /** Sources observing each behaviour, in scenario order (enabled sources only). */
  observers: Uint8Array[];
  /** Detection probability per source and cell (`source * cells + cell`), capped at 1. */
  detection: Float64Array;
  misattributionRate: Float64Array;
  misattributionSameRegion: Uint8Array;
  /** Weight of each group as a wrongly matched citizen, per source (`source * groups + group`). */
  victimWeight: Float64Array;
  /** Behaviours a spurious record of each source can name. */
  spuriousBehaviours: Uint16Array[];
  delayDays: Float64Array;
  delayExponential: Uint8Array;
  /** Rate of the exponential whose floor is geometric with mean `delayDays`: ln(1 + 1/days). */
  delayRate: Float64Array;
  courtSource: Uint8Array;

  scoring: boolean;
  scoreMin: number;
  scoreMax: number;
  initialMean: number;
  initialSd: number;
  decay: boolean;
  decayTowards: number;
  decayHalfLifeDays: number;
  bandMin: Float64Array;
  bandCategory: Uint8Array;
  categoryNames: string[];

  blacklist: boolean;
  entryScoreBelow: number;
  entrySeverity: number;
  entryBehaviour: Uint8Array;
  /** Behaviours whose true acts list under the truth's court rule (those a court source observes). */
  courtBehaviour: Uint8Array;
  minimumDays: number;
  exitScoreAtLeast: number;
  exitCompliance: Uint8Array;
  exitMaximumDays: number;
  publicListing: boolean;
  reach: number;
  ostracism: number;

  consequences: boolean;
  deniedTo: EligibilityRule[];
  opportunityValue: Float64Array;
  rewardCount: number;
  grantedTo: EligibilityRule[];
  /** Uses per eligible citizen-day, per reward and income band (`reward * incomeBands + band`). */
  rewardDailyUses: Float64Array;
  rewardValue: Float64Array;
  rewardReviewDays: number;

  distressDays: number;
  distressOn: boolean;
  association: boolean;
  associationContacts: number;
  associationPoints: number;
  associationEveryDays: number;
  /** Most association penalties one association day may create (see `associationCap`). */
  associationCap: number;

  appeals: boolean;
  appealProbability: Float64Array;
  reviewDays: number;
  errorDetection: number;
  restoreRecord: boolean;

  trappedAfterDays: number;
}

const DAYS_PER_YEAR = 365;

/**
 * Most association penalties one association day may create, for a population of `size`: one for every two
 * citizens (2.5% listed with 20 contacts each), and at least 2^19 (20 MiB). china-2020 creates about 0.08 a citizen (0.4% listed × 20
 * contacts); a run that needs more stops with a `CostError` rather than outgrow the memory its estimate allowed.
 */
export function associationCap(size: number): number {
  return Math.max(2 ** 19, Math.ceil(size / 2));
}

function indexOf(ids: readonly { id: string }[]): Map<string, number> {
  return new Map(ids.map((item, i) => [item.id, i]));
}

function multiplier(table: Record<string, number>, id: string): number {
  return table[id] ?? 1;
}

/**
 * Compiles a validated scenario into the model's tables, for `days` measured days (default `run.days`) after the
 * scenario's `run.warmupDays`. Parts that are switched off (`enabled: false`) or left out compile to no effect.
 */
export function compileModel(scenario: Scenario, days = scenario.run.days, seed = scenario.run.seed): Model {
  const { regions, groups, incomeBands, ageBands } = scenario.population;
  const R = regions.length;
  const G = groups.length;
  const I = incomeBands.length;
  const A = ageBands.length;
  const cells = R * G * I * A;
  const B = scenario.behaviours.length;
  const behaviourIndex = indexOf(scenario.behaviours);
  const sourceIndex = indexOf(scenario.sources);
  const cell = (r: number, g: number, i: number, a: number) => ((r * G + g) * I + i) * A + a;

  // Sources: detection per cell; sources switched off detect nothing.
  const S = scenario.sources.length;
  const detection = new Float64Array(S * cells);
  const misattributionRate = new Float64Array(S);
  const misattributionSameRegion = new Uint8Array(S);
  const victimWeight = new Float64Array(S * G).fill(1);
  const delayDays = new Float64Array(S);
  const delayExponential = new Uint8Array(S);
  const courtSource = new Uint8Array(S);
  const spuriousBehaviours: Uint16Array[] = [];
  const observerLists: number[][] = scenario.behaviours.map(() => []);
  const blacklistOn = scenario.blacklist?.enabled === true;
  const courtIds = new Set(blacklistOn ? scenario.blacklist?.entry.courtSources : []);
  scenario.sources.forEach((source, s) => {
    spuriousBehaviours.push(
      Uint16Array.from(
        (source.spurious?.behaviours ?? source.observes).map((id) => behaviourIndex.get(id) ?? 0),
      ),
    );
    delayDays[s] = source.delay.days;
    delayExponential[s] = source.delay.distribution === "exponential" ? 1 : 0;
    courtSource[s] = courtIds.has(source.id) ? 1 : 0;
    if (!source.enabled) return;
    for (const id of source.observes) observerLists[behaviourIndex.get(id) ?? 0].push(s);
    for (let r = 0; r < R; r++)
      for (let g = 0; g < G; g++)
        for (let i = 0; i < I; i++)
          for (let a = 0; a < A; a++) {
            const coverage = source.coverage === "regional" ? regions[r].surveillance : 1;
            const p =
              source.detection *
              coverage *
              multiplier(source.detectionByGroup, groups[g].id) *
              multiplier(source.detectionByIncome, incomeBands[i].id);
            detection[s * cells + cell(r, g, i, a)] = Math.min(1, p);
          }
    const misattribution = source.misattribution;
    if (misattribution?.enabled) {
      misattributionRate[s] = misattribution.rate;
      misattributionSameRegion[s] = misattribution.sameRegion ? 1 : 0;
      for (let g = 0; g < G; g++)
        victimWeight[s * G + g] = multiplier(misattribution.victimWeightByGroup, groups[g].id);
    }
  });
  const observers = observerLists.map((list) => Uint8Array.from(list));

  // Perceived surveillance of a behaviour: the chance that at least one source records an act of it.
  const perceived = (b: number, c: number) => {
    let unseen = 1;
    for (const s of observers[b]) unseen *= 1 - detection[s * cells + c];
    return 1 - unseen;
  };

  const scoring = scenario.scoring?.enabled === true ? scenario.scoring : undefined;
  const points = Float64Array.from(scenario.behaviours, (behaviour) => (scoring ? behaviour.points : 0));
  const responses = scenario.responses;
  const selected = (list: string[] | undefined, fallback: (b: number) => boolean) => {
    const chosen = new Uint8Array(B);
    for (let b = 0; b < B; b++)
      chosen[b] = list ? (list.includes(scenario.behaviours[b].id) ? 1 : 0) : fallback(b) ? 1 : 0;
    return chosen;
  };
  const deterrence = responses.deterrence?.enabled ? responses.deterrence : undefined;
  // Deterrence reads the points the rules declare, so it works with scoring off (the watched still fear a record).
  const deterred = selected(
    deterrence?.behaviours,
    (b) => scenario.behaviours[b].points < 0 && !scenario.behaviours[b].legitimate,
  );
  const chilling = responses.chilling?.enabled ? responses.chilling : undefined;
  const chilled = selected(chilling?.behaviours, (b) => scenario.behaviours[b].legitimate);
  const gaming = responses.gaming?.enabled && scoring ? responses.gaming : undefined;
  const gamed = selected(gaming?.behaviours, (b) => scenario.behaviours[b].visible && points[b] > 0);
  let maxGamedPoints = 0;
  for (let b = 0; b < B; b++) if (gamed[b] && points[b] > maxGamedPoints) maxGamedPoints = points[b];
  const distress = responses.distress?.enabled ? responses.distress : undefined;
  const distressed = selected(distress?.behaviours ?? [], () => false);

  // Channels: acts, then spurious records per source, then opportunities.
  const consequencesOn = scenario.consequences?.enabled === true;
  const opportunities = consequencesOn ? (scenario.consequences?.opportunities ?? []) : [];
  const spuriousSources = scenario.sources
    .map((source, s) => ({ source, s }))
    .filter(({ source }) => source.enabled && source.spurious?.enabled && source.spurious.rate > 0);
  const channels = B + spuriousSources.length + opportunities.length;
  const channelKind = new Uint8Array(channels);
  const channelTarget = new Uint16Array(channels);
  const channelRate = new Float64Array(channels * cells);
  const channelUsesPropensity = new Uint8Array(channels);
  const channelDistress = new Float64Array(channels).fill(1);
  const gamedShare = new Float64Array(B * cells);

  for (let b = 0; b < B; b++) {
    const behaviour = scenario.behaviours[b];
    channelKind[b] = ChannelKind.act;
    channelTarget[b] = b;
    channelUsesPropensity[b] = 1;
    if (distressed[b]) channelDistress[b] = distress?.multiplier ?? 1;
    for (let r = 0; r < R; r++)
      for (let g = 0; g < G; g++)
        for (let i = 0; i < I; i++)
          for (let a = 0; a < A; a++) {
            const c = cell(r, g, i, a);
            let rate =
              (behaviour.rate / DAYS_PER_YEAR) *
              multiplier(behaviour.rateByRegion, regions[r].id) *
              multiplier(behaviour.rateByGroup, groups[g].id) *
              multiplier(behaviour.rateByIncome, incomeBands[i].id) *
              multiplier(behaviour.rateByAge, ageBands[a].id);
            const seen = perceived(b, c);
            if (deterrence && deterred[b]) rate *= Math.max(0, 1 - deterrence.strength * seen);
            if (chilling && chilled[b]) rate *= Math.max(0, 1 - chilling.strength * seen);
            if (gaming && gamed[b] && maxGamedPoints > 0) {
              const extra = gaming.strength * (points[b] / maxGamedPoints);
              gamedShare[b * cells + c] = extra / (1 + extra);
              rate *= 1 + extra;
            }
            channelRate[b * cells + c] = rate;
          }
  }
  spuriousSources.forEach(({ source, s }, k) => {
    const channel = B + k;
    channelKind[channel] = ChannelKind.spurious;
    channelTarget[channel] = s;
    for (let r = 0; r < R; r++)
      for (let g = 0; g < G; g++)
        for (let i = 0; i < I; i++)
          for (let a = 0; a < A; a++) {
            const rate =
              ((source.spurious?.rate ?? 0) / DAYS_PER_YEAR) *
              multiplier(source.spurious?.byGroup ?? {}, groups[g].id);
            channelRate[channel * cells + cell(r, g, i, a)] = rate;
          }
  });
  opportunities.forEach((opportunity, o) => {
    const channel = B + spuriousSources.length + o;
    channelKind[channel] = ChannelKind.opportunity;
    channelTarget[channel] = o;
    for (let r = 0; r < R; r++)
      for (let g = 0; g < G; g++)
        for (let i = 0; i < I; i++)
          for (let a = 0; a < A; a++) {
            const rate =
              (opportunity.rate / DAYS_PER_YEAR) *
              multiplier(opportunity.rateByIncome, incomeBands[i].id) *
              multiplier(opportunity.rateByAge, ageBands[a].id);
            channelRate[channel * cells + cell(r, g, i, a)] = rate;
          }
  });

  // Acts first, then the apparatus's channels, each in decreasing order of their mean rate over cells: choosing an
  // event's channel scans from the start, so the frequent ones come first (fewer rates computed per event). The
  // acts' order depends on the behaviours alone, so the truth's draws do not depend on the apparatus.
  const meanRate = (c: number) => {
    let total = 0;
    for (let cell = 0; cell < cells; cell++) total += channelRate[c * cells + cell];
    return total / cells;
  };
  const byRate = (x: number, y: number) => meanRate(y) - meanRate(x) || x - y;
  const order = [
    ...Array.from({ length: B }, (_, c) => c).sort(byRate),
    ...Array.from({ length: channels - B }, (_, k) => B + k).sort(byRate),
  ];
  const apparatusRate = new Float64Array(cells);
  for (let c = B; c < channels; c++)
    for (let cell = 0; cell < cells; cell++) apparatusRate[cell] += channelRate[c * cells + cell];
  const reorder = <T extends Uint8Array | Uint16Array | Float64Array>(values: T): T => {
    const copy = values.slice() as T;
    order.forEach((from, to) => {
      copy[to] = values[from];
    });
    return copy;
  };
  const sortedRate = new Float64Array(channels * cells);
  order.forEach((from, to) => {
    sortedRate.set(channelRate.subarray(from * cells, (from + 1) * cells), to * cells);
  });

  // Scoring and bands.
  const bands = scoring ? [...scoring.bands].sort((x, y) => x.min - y.min) : [];
  const categoryNames = [...new Set(bands.map((band) => band.category ?? band.id))];
  const categoryIndex = new Map(categoryNames.map((name, i) => [name, i]));
  const bandMin = Float64Array.from(bands, (band) => band.min);
  const bandCategory = Uint8Array.from(bands, (band) => categoryIndex.get(band.category ?? band.id) ?? 0);

  const rule = (
    source: { listed: boolean; categories: string[]; scoreBelow?: number; scoreAtLeast?: number } | undefined,
  ): EligibilityRule => {
    const categories = new Uint8Array(Math.max(1, categoryNames.length));
    for (const name of source?.categories ?? []) {
      const index = categoryIndex.get(name);
      if (index !== undefined) categories[index] = 1;
    }
    const listed = blacklistOn && source?.listed === true;
    const scoreBelow =
      scoring && source?.scoreBelow !== undefined ? source.scoreBelow : Number.NEGATIVE_INFINITY;
    const scoreAtLeast =
      scoring && source?.scoreAtLeast !== undefined ? source.scoreAtLeast : Number.POSITIVE_INFINITY;
    const anyCategory = scoring !== undefined && categories.some((flag) => flag === 1);
    return {
      listed,
      categories,
      scoreBelow,
      scoreAtLeast,
      any: listed || anyCategory || Number.isFinite(scoreBelow) || Number.isFinite(scoreAtLeast),
    };
  };

  const blacklist = blacklistOn ? scenario.blacklist : undefined;
  const deniedTo = opportunities.map((opportunity) => rule(opportunity.deniedTo));
  // Distress follows a denial, an ostracism refusal or a listing: with no list and no sanction that can deny,
  // nobody is ever distressed, and the engine must not draw at the raised rate only to thin it away.
  const distressReachable =
    distress !== undefined && (blacklist !== undefined || deniedTo.some((r) => r.any));
  const entryBehaviour = new Uint8Array(B);
  const exitCompliance = new Uint8Array(B);
  const courtBehaviour = new Uint8Array(B);
  for (const id of blacklist?.entry.behaviours ?? []) entryBehaviour[behaviourIndex.get(id) ?? 0] = 1;
  for (const id of blacklist?.exit.complianceBehaviours ?? [])
    exitCompliance[behaviourIndex.get(id) ?? 0] = 1;
  for (const id of blacklist?.entry.courtSources ?? []) {
    const source = scenario.sources[sourceIndex.get(id) ?? 0];
    if (!source.enabled) continue;
    for (const behaviourId of source.observes) courtBehaviour[behaviourIndex.get(behaviourId) ?? 0] = 1;
  }
  const publicListing = blacklist?.public?.enabled === true;

  const rewards = consequencesOn ? (scenario.consequences?.rewards ?? []) : [];
  const rewardDailyUses = new Float64Array(rewards.length * I);
  rewards.forEach((reward, k) => {
    for (let i = 0; i < I; i++) {
      rewardDailyUses[k * I + i] =
        (reward.rate / DAYS_PER_YEAR) * multiplier(reward.rateByIncome, incomeBands[i].id);
    }
  });

  const repair = scenario.dueProcess.repair?.enabled && scoring ? scenario.dueProcess.repair : undefined;
  const repairMultiplier = Float64Array.from(scenario.behaviours, (behaviour) =>
    repair?.behaviours.includes(behaviour.id) ? repair.pointsMultiplier : 1,
  );
  const appeals = scenario.dueProcess.appeals?.enabled && blacklist ? scenario.dueProcess.appeals : undefined;
  const association =
    responses.association?.enabled && blacklist && scoring ? responses.association : undefined;

  return {
    scenario,
    days: scenario.run.warmupDays + days,
    warmupDays: scenario.run.warmupDays,
    seed,
    size: scenario.population.size,
    regions: R,
    groups: G,
    incomeBands: I,
    ageBands: A,
    cells,
    behaviours: B,
    sources: S,
    opportunities: opportunities.length,
    channels,
    actChannels: B,
    apparatusRate,
    channelKind: reorder(channelKind),
    channelTarget: reorder(channelTarget),
    channelRate: sortedRate,
    channelUsesPropensity: reorder(channelUsesPropensity),
    channelDistress: distressReachable ? reorder(channelDistress) : new Float64Array(channels).fill(1),
    gamedShare,
    points,
    harm: Float64Array.from(scenario.behaviours, (behaviour) => behaviour.harm),
    severity: Uint8Array.from(scenario.behaviours, (behaviour) => SEVERITY_RANK[behaviour.severity]),
    legitimate: Uint8Array.from(scenario.behaviours, (behaviour) => (behaviour.legitimate ? 1 : 0)),
    repairMultiplier,
    observers,
    detection,
    misattributionRate,
    misattributionSameRegion,
    victimWeight,
    spuriousBehaviours,
    delayDays,
    delayExponential,
    delayRate: Float64Array.from(delayDays, (days) => (days > 0 ? Math.log1p(1 / days) : 0)),
    courtSource,
    scoring: scoring !== undefined,
    scoreMin: scoring?.range.min ?? 0,
    scoreMax: scoring?.range.max ?? 0,
    initialMean: scoring?.initial.mean ?? 0,
    initialSd: scoring?.initial.sd ?? 0,
    decay: scoring?.decay?.enabled === true,
    decayTowards: scoring?.decay?.towards ?? scoring?.initial.mean ?? 0,
    decayHalfLifeDays: scoring?.decay?.halfLifeDays ?? Number.POSITIVE_INFINITY,
    bandMin,
    bandCategory,
    categoryNames,
    blacklist: blacklist !== undefined,
    entryScoreBelow:
      scoring && blacklist?.entry.scoreBelow !== undefined
        ? blacklist.entry.scoreBelow
        : Number.NEGATIVE_INFINITY,
    entrySeverity: blacklist?.entry.severity !== undefined ? SEVERITY_RANK[blacklist.entry.severity] : 99,
    entryBehaviour,
    courtBehaviour,
    minimumDays: blacklist?.minimumDays ?? 0,
    exitScoreAtLeast:
      scoring && blacklist?.exit.scoreAtLeast !== undefined
        ? blacklist.exit.scoreAtLeast
        : Number.POSITIVE_INFINITY,
    exitCompliance,
    exitMaximumDays: blacklist?.exit.maximumDays ?? Number.POSITIVE_INFINITY,
    publicListing,
    reach: publicListing ? (blacklist?.public?.reach ?? 0) : 0,
    ostracism: publicListing ? (blacklist?.public?.ostracism ?? 0) : 0,
    consequences: consequencesOn,
    deniedTo,
    opportunityValue: Float64Array.from(opportunities, (opportunity) => opportunity.value),
    rewardCount: rewards.length,
    grantedTo: rewards.map((reward) => rule(reward.grantedTo)),
    rewardDailyUses,
    rewardValue: Float64Array.from(rewards, (reward) => reward.value),
    rewardReviewDays: scenario.consequences?.rewardReviewDays ?? 30,
    distressDays: distress?.durationDays ?? 0,
    distressOn: distressReachable,
    association: association !== undefined,
    associationContacts: association?.contacts ?? 0,
    associationPoints: association?.points ?? 0,
    associationEveryDays: association?.everyDays ?? 1,
    associationCap: associationCap(scenario.population.size),
    appeals: appeals !== undefined,
    appealProbability: Float64Array.from(incomeBands, (band) =>
      Math.min(1, (appeals?.probability ?? 0) * multiplier(appeals?.probabilityByIncome ?? {}, band.id)),
    ),
    reviewDays: appeals?.reviewDays ?? 0,
    errorDetection: appeals?.errorDetection ?? 0,
    restoreRecord: appeals?.restoreRecord ?? false,
    trappedAfterDays: scenario.measurement.trappedAfterDays,
  };
}
