import { ChannelKind, compileModel, type Model } from "../model/index.js";
import { propensityLevels } from "../population/index.js";
import { PROPENSITY_LEVELS } from "../rng/index.js";
import type { Scenario } from "../scenario/index.js";
import { largestPropensity } from "../scenario/references.js";
import { NEAR_DAYS } from "../state/buffers.js";
import { withoutApparatus } from "./runner.js";

// What a run will cost, from its compiled model alone, before a citizen is drawn: the events the day loop draws
// (time), the records waiting in the queues (memory), and the largest numbers its outputs can hold.

/**
 * Bytes one record in flight holds: 4 integers of 4 bytes (`RECORD_STRIDE`) in a chunk of its due day's list, or 3
 * for a record about its own actor, with each day's last chunk part-filled and the chunks of the day last applied
 * waiting in the pool (`RecordQueue`). A record that names another citizen than its actor (a false match's, an
 * association penalty): 18. The canonical sort's indexes and the applied day's copy exist only for the day applied.
 */
export const RECORD_BYTES = 18;

/**
 * Bytes one record about its own actor (true and spurious records: most of them) holds in flight: 14 (china-2020 at
 * 1M citizens holds 1.03M records in 14.5 MB of chunks, 14.1 bytes each).
 */
export const OWN_RECORD_BYTES = 14;

/**
 * Bytes one record about its own actor holds in flight in 2 integers (an act's record whose fields are small, the
 * most of them: `RecordQueue`): 10 (china-2020 at 1M citizens holds 1.1M records in 10.3 MB of chunks).
 */
export const COMPACT_RECORD_BYTES = 10;

/**
 * What a streamed record's bytes (`RecordQueue`'s streams: 2 of fields and the gap from the target before in 7-bit
 * groups) are multiplied by for the chunks' slack and the pool: 1.5 (china-2020 at 1M citizens holds 0.96M streamed
 * records, 3.04 bytes each, in 4.25 MB of stream chunks, 1.46 times as much).
 */
export const STREAM_SLACK = 1.5;

/**
 * Bytes a streamed record holds in flight, its stream holding `density` records a citizen (records a day of its
 * source and act day ÷ the citizens): gaps between targets of mean 1 / density, taken as exponential, need a byte more
 * past each 128^j (j = 1 … 4) with probability e^(−128^j × density).
 */
export function streamedRecordBytes(density: number): number {
  let bytes = 3;
  for (let j = 1; j <= 4; j++) bytes += density > 0 ? Math.exp(-(128 ** j) * density) : 1;
  return STREAM_SLACK * bytes;
}

/** Bytes a record of source s holds in flight, on average: its false matches name another citizen. */
export function sourceRecordBytes(model: Model, s: number): number {
  return OWN_RECORD_BYTES + (RECORD_BYTES - OWN_RECORD_BYTES) * model.misattributionRate[s];
}

/**
 * The sources whose records about their own actor go in streams (`RecordQueue`): those whose delay is fixed in every
 * segment of the timeline, so that the records due on a day are of one act day (a queue keeps its sources from day 0;
 * a delay made exponential later would spread them over many short streams).
 */
export function streamedSources(model: Model): number[] {
  const segments = [model, ...model.timeline.map((change) => change.model)];
  const streamed: number[] = [];
  for (let s = 0; s < model.sources; s++) {
    if (segments.every((segment) => segment.delayExponential[s] !== 1)) streamed.push(s);
  }
  return streamed;
}

/**
 * The share of source s's records of acts that lie in 2 integers (`COMPACT_RECORD_BYTES`), at least: those due
 * less than 128 days after the act, from a source below the 31st and behaviours below the 63rd, of a day's first 4
 * events — counted for a citizen of the cell with the most acts a day, at the largest propensity.
 */
function compactShare(model: Model, s: number, mostActs: number): number {
  if (s >= 31 || model.behaviours > 63) return 0;
  const inTime = model.delayExponential[s]
    ? 1 - Math.exp(-128 * model.delayRate[s])
    : model.delayDays[s] < 128
      ? 1
      : 0;
  return inTime * firstEventsShare(mostActs, 4);
}

/** E[min(N, n)] / λ for N ~ Poisson(λ): the share of the events of a day that are among its first n. */
function firstEventsShare(lambda: number, n: number): number {
  if (!(lambda > 0)) return 1;
  if (!Number.isFinite(lambda)) return 0;
  let p = Math.exp(-lambda);
  let fewer = 0;
  for (let k = 0; k < n; k++) {
    fewer += (n - k) * p;
    p *= lambda / (k + 1);
  }
  return Math.min(1, (n - fewer) / lambda);
}

/** The most acts a day (at the bound) that a citizen of any cell, at the largest propensity, expects. */
function mostActsPerDay(model: Model): number {
  const { scenario, cells } = model;
  const largest = scenario.behaviours.map((behaviour) =>
    largestPropensity((behaviour.heterogeneity ?? scenario.population.propensity).shape),
  );
  let most = 0;
  for (let cell = 0; cell < cells; cell++) {
    let acts = 0;
    for (let c = 0; c < model.actChannels; c++) {
      const propensity = model.channelUsesPropensity[c] === 1 ? largest[model.channelTarget[c]] : 1;
      acts += model.channelRate[c * cells + cell] * model.channelBound[c] * propensity;
    }
    most = Math.max(most, acts);
  }
  return most;
}

/** Bytes one obligation waiting for its outcome holds: (citizen, outcome) in its due day's list, 3/4 full. */
export const OBLIGATION_BYTES = 11;

/**
 * The largest magnitude a number in a run's outputs may reach: far below 2^1024 (about 1.8e308, beyond which a
 * double is Infinity and JSON writes `null`), so squares in a comparison's variances stay finite too (1e200).
 */
export const OUTPUT_LIMIT = 1e100;

/** What one channel of events costs over a run. */
export interface ChannelCost {
  /** The scenario field that sets the channel's rate (`behaviours.jaywalking.rate`). */
  path: string;
  /** Expected events drawn on the channel, thinned ones included. */
  events: number;
  /**
   * Of which drawn only because a state rule may raise the rate above its base (`responses.distress.multiplier`,
   * `responses.byState`): events × (1 − 1/M) for a bound M above 1, else 0.
   */
  distressEvents: number;
}

/** What one source's records cost. */
export interface SourceCost {
  index: number;
  id: string;
  recordsPerDay: number;
  recordsInFlight: number;
}

/** A run's cost, estimated before it starts. */
export interface RunCost {
  citizens: number;
  days: number;
  /**
   * Expected events the day loop draws: acts, spurious records and opportunity requests, including those drawn at
   * the bound of the state rules and thinned away (the engine draws at the highest rate a citizen can reach).
   */
  events: number;
  acts: number;
  spurious: number;
  opportunities: number;
  /** Each channel's share, most events first. */
  channels: ChannelCost[];
  /** Expected records waiting in the queues at the end of a day: each source's records a day × (delay + 1). */
  recordsInFlight: number;
  /** Each source's part of them, most first. */
  sources: SourceCost[];
  /** Most association penalties one association day may create (0 without association). */
  associationRecords: number;
  /** Expected obligations waiting for their outcome at the end of a day (at most one per request). */
  obligationsInFlight: number;
  /** Bytes of records in flight, association penalties and obligations, besides the per-citizen columns. */
  recordBytes: number;
}

/** Each cell's share of the population: region × group given region × income band given group × age band. */
export function cellShares(scenario: Scenario): Float64Array {
  const { regions, groups, incomeBands, ageBands, groupShareByRegion, incomeShareByGroup } =
    scenario.population;
  const normalise = (weights: number[]) => {
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    return weights.map((weight) => (total > 0 ? weight / total : 0));
  };
  const conditional = (
    outer: readonly { id: string }[],
    inner: readonly { id: string; share: number }[],
    table: Record<string, Record<string, number>>,
  ) =>
    outer.map((part) => {
      const shares = table[part.id];
      return normalise(inner.map((innerPart) => (shares ? (shares[innerPart.id] ?? 0) : innerPart.share)));
    });
  const region = normalise(regions.map((part) => part.share));
  const groupGiven = conditional(regions, groups, groupShareByRegion);
  const incomeGiven = conditional(groups, incomeBands, incomeShareByGroup);
  const age = normalise(ageBands.map((part) => part.share));
  const G = groups.length;
  const I = incomeBands.length;
  const A = ageBands.length;
  const shares = new Float64Array(regions.length * G * I * A);
  for (let r = 0; r < regions.length; r++)
    for (let g = 0; g < G; g++)
      for (let i = 0; i < I; i++)
        for (let a = 0; a < A; a++)
          shares[((r * G + g) * I + i) * A + a] = region[r] * groupGiven[r][g] * incomeGiven[g][i] * age[a];
  return shares;
}

function channelPath(model: Model, c: number): string {
  const scenario = model.scenario;
  const target = model.channelTarget[c];
  const kind = model.channelKind[c];
  if (kind === ChannelKind.act) return `behaviours.${scenario.behaviours[target].id}.rate`;
  if (kind === ChannelKind.spurious) return `sources.${scenario.sources[target].id}.spurious.rate`;
  return `consequences.opportunities.${scenario.consequences?.opportunities?.[target].id}.rate`;
}

/**
 * Estimates what a run of `model` costs. Propensities have mean 1, so a channel's expected events are
 * N × days × Σ_cells share × rate × M (the bound of the state multipliers, which the engine draws at). With a
 * timeline, each segment's model is estimated over the whole run and weighted by its share of the days for what adds
 * up over days (events, by channel); what is held at once (records in flight, by source) is the largest segment's.
 */
export function estimateCost(model: Model): RunCost {
  if (model.timeline.length === 0) return estimateSegment(model);
  const segments = [model, ...model.timeline.map((change) => change.model)];
  const starts = [0, ...model.timeline.map((change) => change.day), model.days];
  const costs = segments.map(estimateSegment);
  const weight = (k: number) => (starts[k + 1] - starts[k]) / model.days;
  const channels = new Map<string, ChannelCost>();
  const sources = new Map<number, SourceCost>();
  costs.forEach((cost, k) => {
    for (const channel of cost.channels) {
      const sum = channels.get(channel.path) ?? { path: channel.path, events: 0, distressEvents: 0 };
      sum.events += weight(k) * channel.events;
      sum.distressEvents += weight(k) * channel.distressEvents;
      channels.set(channel.path, sum);
    }
    for (const source of cost.sources) {
      const most = sources.get(source.index);
      if (!most || source.recordsInFlight > most.recordsInFlight) sources.set(source.index, source);
    }
  });
  const byEvents = [...channels.values()].sort((x, y) => y.events - x.events);
  const bySource = [...sources.values()].sort((x, y) => y.recordsInFlight - x.recordsInFlight);
  const weighted = (part: (cost: RunCost) => number) =>
    costs.reduce((total, cost, k) => total + weight(k) * part(cost), 0);
  const recordsInFlight = bySource.reduce((total, source) => total + source.recordsInFlight, 0);
  // Each source's records at the largest share of false matches any segment has.
  const recordBytes = bySource.reduce(
    (total, source) =>
      total + source.recordsInFlight * Math.max(...segments.map((m) => sourceRecordBytes(m, source.index))),
    0,
  );
  const { associationRecords } = costs[0];
  const obligationsInFlight = Math.max(...costs.map((cost) => cost.obligationsInFlight));
  return {
    ...costs[0],
    events: weighted((cost) => cost.events),
    acts: weighted((cost) => cost.acts),
    spurious: weighted((cost) => cost.spurious),
    opportunities: weighted((cost) => cost.opportunities),
    channels: byEvents,
    recordsInFlight,
    sources: bySource,
    obligationsInFlight,
    recordBytes: recordBytes + associationRecords * RECORD_BYTES + obligationsInFlight * OBLIGATION_BYTES,
  };
}

/** `estimateCost` of one segment's model, as if it ran every day of the run. */
function estimateSegment(model: Model): RunCost {
  const shares = cellShares(model.scenario);
  const { cells, size, days } = model;
  const citizenDays = size * days;
  const channels: ChannelCost[] = [];
  let acts = 0;
  let spurious = 0;
  let opportunities = 0;
  let obligationsInFlight = 0;
  // Records a day by source: acts seen by it (at the bound), and its spurious records; and the acts' alone.
  const recordsPerDay = new Float64Array(model.sources);
  const actRecordsPerDay = new Float64Array(model.sources);
  // Of the acts' records, those a stream can hold (`packStreamed`): of a behaviour below the 32nd, the source among
  // its first 4 observers.
  const streamableRecordsPerDay = new Float64Array(model.sources);
  for (let c = 0; c < model.channels; c++) {
    let perCitizenDay = 0;
    for (let cell = 0; cell < cells; cell++)
      perCitizenDay += shares[cell] * model.channelRate[c * cells + cell];
    const boost = model.channelBound[c];
    // Multipliers whose product is 0 × ∞ give NaN: count it as unbounded, so the run is refused.
    const product = citizenDays * perCitizenDay * boost;
    const events = Number.isNaN(product) ? Number.POSITIVE_INFINITY : product;
    const distressEvents = boost > 1 ? events - events / boost : 0;
    channels.push({ path: channelPath(model, c), events, distressEvents });
    const kind = model.channelKind[c];
    const target = model.channelTarget[c];
    if (kind === ChannelKind.act) {
      acts += events;
      const observers = model.observers[target];
      for (let k = 0; k < observers.length; k++) {
        const s = observers[k];
        let seen = 0;
        for (let cell = 0; cell < cells; cell++)
          seen += shares[cell] * model.channelRate[c * cells + cell] * model.detection[s * cells + cell];
        recordsPerDay[s] += size * seen * boost;
        actRecordsPerDay[s] += size * seen * boost;
        if (target < 31 && k < 4) streamableRecordsPerDay[s] += size * seen * boost;
      }
    } else if (kind === ChannelKind.spurious) {
      spurious += events;
      recordsPerDay[target] += size * perCitizenDay;
    } else {
      opportunities += events;
      // A request opens at most one obligation (granted or not), which ends in one act: bounds on both.
      const branches = [model.outcomeBranchOf[target * 2], model.outcomeBranchOf[target * 2 + 1]].filter(
        (k) => k >= 0,
      );
      if (branches.length > 0) {
        acts += events;
        const wait = Math.max(...branches.map((k) => model.outcomeDelayDays[k]));
        obligationsInFlight += size * perCitizenDay * (Math.min(wait, days) + 1);
        const observing = new Set(
          branches.flatMap((k) => [...model.outcomeBehaviours[k]].flatMap((b) => [...model.observers[b]])),
        );
        for (const s of observing) {
          let seen = 0;
          for (let cell = 0; cell < cells; cell++)
            seen += shares[cell] * model.channelRate[c * cells + cell] * model.detection[s * cells + cell];
          recordsPerDay[s] += size * seen;
        }
      }
    }
  }
  channels.sort((x, y) => y.events - x.events);
  const sources: SourceCost[] = model.scenario.sources.map((source, s) => ({
    index: s,
    id: source.id,
    recordsPerDay: recordsPerDay[s],
    recordsInFlight: recordsPerDay[s] * (Math.min(model.delayDays[s], days) + 1),
  }));
  sources.sort((x, y) => y.recordsInFlight - x.recordsInFlight);
  const recordsInFlight = sources.reduce((total, source) => total + source.recordsInFlight, 0);
  const associationRecords = model.association && model.associationContacts > 0 ? model.associationCap : 0;
  // Of the acts' records, those about their own actor that lie in 2 integers hold less, and those in streams (of a
  // source whose delay is fixed, of a day's first 16 events) less again: the larger saving of the two, each counted
  // over the records it surely holds.
  const mostActs = mostActsPerDay(model);
  const streamed = new Set(streamedSources(model));
  const compactSaving = sources.reduce((total, source) => {
    const s = source.index;
    const waits = Math.min(model.delayDays[s], days) + 1;
    const own = 1 - model.misattributionRate[s];
    const compact = actRecordsPerDay[s] * waits * own * compactShare(model, s, mostActs);
    let saving = compact * (OWN_RECORD_BYTES - COMPACT_RECORD_BYTES);
    if (streamed.has(s)) {
      const perDay = streamableRecordsPerDay[s] * own * firstEventsShare(mostActs, 16);
      const bytes = streamedRecordBytes(perDay / size);
      saving = Math.max(saving, perDay * waits * (OWN_RECORD_BYTES - bytes));
    }
    return total + saving;
  }, 0);
  return {
    citizens: size,
    days,
    events: acts + spurious + opportunities,
    acts,
    spurious,
    opportunities,
    channels,
    recordsInFlight,
    sources,
    associationRecords,
    obligationsInFlight,
    recordBytes:
      sources.reduce(
        (total, source) => total + source.recordsInFlight * sourceRecordBytes(model, source.index),
        0,
      ) +
      associationRecords * RECORD_BYTES +
      obligationsInFlight * OBLIGATION_BYTES -
      compactSaving,
  };
}

/** A number the outputs could not hold, with the field that causes it. */
export interface OutputOverflow {
  /** The scenario field to change. */
  path: string;
  value: number;
  /** What the outputs would hold, at most. */
  measure: string;
  bound: number;
  /** The largest magnitude of the field that keeps the outputs within `OUTPUT_LIMIT` (0 when none does). */
  largest: number;
}

/** An upper bound on a Poisson count of mean `mean` (ten standard deviations above it). */
function countBound(mean: number): number {
  return mean + 10 * Math.sqrt(mean) + 10;
}

/**
 * The sums a run writes that could exceed `OUTPUT_LIMIT` (and so become Infinity, or NaN, and `null` in JSON):
 * harm-weighted acts (in the run and its paired baseline), reward value, score sums and exposure. Each bound is the
 * largest the sum can reach on a realistic draw, as `|field| × factor`; an empty list means every number written is
 * finite.
 */
export function outputOverflows(model: Model, cost: RunCost = estimateCost(model)): OutputOverflow[] {
  if (model.timeline.length === 0) return segmentOverflows(model, cost);
  // Each segment's fields against the whole run's bounds; a field is named once, at its first overflow.
  const overflows = new Map<string, OutputOverflow>();
  for (const segment of [model, ...model.timeline.map((change) => change.model)]) {
    for (const overflow of segmentOverflows(segment, cost))
      if (!overflows.has(overflow.path)) overflows.set(overflow.path, overflow);
  }
  return [...overflows.values()];
}

function segmentOverflows(model: Model, cost: RunCost): OutputOverflow[] {
  const scenario = model.scenario;
  const overflows: OutputOverflow[] = [];
  const check = (path: string, value: number, measure: string, factor: number) => {
    const bound = Math.abs(value) * factor;
    if (bound <= OUTPUT_LIMIT || (value === 0 && Number.isFinite(factor))) return;
    const largest = factor > 0 ? OUTPUT_LIMIT / factor : 0;
    overflows.push({ path, value, measure, bound, largest: Number.isFinite(largest) ? largest : 0 });
  };
  // Acts per behaviour, in the run and in the baseline without the apparatus (no deterrence, chilling, distress).
  const baseline = estimateCost(compileModel(withoutApparatus(scenario), model.days, model.seed));
  const actsOf = (of: RunCost, b: number) =>
    of.channels.find((channel) => channel.path === `behaviours.${scenario.behaviours[b].id}.rate`)?.events ??
    0;
  scenario.behaviours.forEach((behaviour, b) => {
    const acts = countBound(actsOf(cost, b)) + countBound(actsOf(baseline, b));
    check(`behaviours.${behaviour.id}.harm`, behaviour.harm, "harm-weighted acts", acts);
  });
  const rewards = model.consequences ? (scenario.consequences?.rewards ?? []) : [];
  rewards.forEach((reward, r) => {
    // Value = eligible citizen-days × uses a day × value; uses a day = rate / 365 × the income band's multiplier.
    let uses = 0;
    for (let i = 0; i < model.incomeBands; i++)
      uses = Math.max(uses, model.rewardDailyUses[r * model.incomeBands + i]);
    const citizenDays = model.size * model.days;
    const path = `consequences.rewards.${reward.id}`;
    // Name the rate when the uses alone overflow, the value otherwise.
    if (reward.rate > 0 && !(citizenDays * uses <= OUTPUT_LIMIT)) {
      const perRate = citizenDays * (uses / reward.rate) * Math.abs(reward.value);
      check(`${path}.rate`, reward.rate, "reward value", perRate);
    } else {
      check(`${path}.value`, reward.value, "reward value", citizenDays * uses);
    }
  });
  if (model.scoring) {
    // Scores are clamped to the range, and decay moves them towards `decay.towards`; sums over citizens (means, the
    // score error) and the daily series' sums of changes (two per record at most) stay within these.
    // The range as the scenario gives it: the model's bounds are 32-bit floats, which stop at 3.4e38.
    const given = model.scenario.scoring?.range ?? { min: model.scoreMin, max: model.scoreMax };
    const range = Math.max(Math.abs(given.min), Math.abs(given.max));
    const towards = model.decay ? Math.abs(model.decayTowards) : 0;
    const changes =
      countBound(cost.events) + cost.associationRecords * Math.ceil(model.days / model.associationEveryDays);
    const factor = 2 * (model.size + 2 * changes);
    if (towards > range) check("scoring.decay.towards", model.decayTowards, "sums of scores", factor);
    else check("scoring.range", range, "sums of scores", factor);
  }
  check("blacklist.public.reach", model.reach, "exposure person-days", model.size * model.days);
  return overflows;
}

/**
 * Bytes a citizen that waits for a day more than `NEAR_DAYS` ahead holds in that day's list of its schedule
 * (`NextDays`): 4, in a list grown by half.
 */
export const FAR_WAIT_BYTES = 6;
/** Evaluations of a mean over propensity classes, at most, before classes are taken 16 at a time. */
const MOST_CLASS_TERMS = 5e6;
/** The largest of (1 + x) e^(−x/2) for x ≥ 0 (at x = 1): (1 + x) e^(−x) ≤ this × e^(−x/2). */
const LENGTH_BIAS = 2 * Math.exp(-0.5);

/**
 * The share of citizens in a far day's list (`NextDays`), at most, in the schedule of days with acts and in that of
 * days with apparatus events. Days with events come at exponential gaps of rate Λ a day (the channels' rates at their
 * bound, by cell, times the propensity for acts; a citizen with none waits for nothing). A citizen is in a far list
 * while its gap is longer than t = 254 days, and the gap a citizen is in at any time is length-biased: longer than t
 * with probability (1 + tΛ) e^(−tΛ). That is averaged over cells by share; for acts, whose rate has a propensity, it is
 * at most 2e^(−1/2) × e^(−tΛ/2) (`LENGTH_BIAS`), averaged over propensity classes, drawn independently by behaviour, so
 * that the mean of e^(−tΛ/2) is the product of each behaviour's mean over its classes L of e^(−t r_b L / 2) (a
 * behaviour's classes taken 16 at a time at their smallest, an upper bound, where cells × behaviours × 256 would pass
 * `MOST_CLASS_TERMS`). A run of at most 255 days has no far day. With a timeline, each schedule's largest share over
 * its segments (the schedules are made on the first day and keep their form).
 */
export function farWaitShares(model: Model): { acts: number; apparatus: number } {
  if (model.days <= NEAR_DAYS + 1) return { acts: 0, apparatus: 0 };
  const segments = [model, ...model.timeline.map((change) => change.model)].map(segmentFarWaitShares);
  return {
    acts: Math.max(...segments.map((shares) => shares.acts)),
    apparatus: Math.max(...segments.map((shares) => shares.apparatus)),
  };
}

/** `farWaitShares` of one segment's model. */
function segmentFarWaitShares(model: Model): { acts: number; apparatus: number } {
  const half = NEAR_DAYS / 2;
  const shares = cellShares(model.scenario);
  const { cells, behaviours } = model;
  const levels = propensityLevels(model.scenario);
  const step = cells * behaviours * PROPENSITY_LEVELS > MOST_CLASS_TERMS ? 16 : 1;
  const byBehaviour = new Float64Array(behaviours);
  let acts = 0;
  let apparatus = 0;
  for (let cell = 0; cell < cells; cell++) {
    const rate = model.apparatusRate[cell];
    if (rate > 0) apparatus += shares[cell] * (1 + NEAR_DAYS * rate) * Math.exp(-NEAR_DAYS * rate);
    byBehaviour.fill(0);
    let plain = 0;
    let any = 0;
    for (let c = 0; c < model.actChannels; c++) {
      const channel = model.channelRate[c * cells + cell] * model.channelBound[c];
      any += channel;
      if (model.channelUsesPropensity[c] === 1) byBehaviour[model.channelTarget[c]] += channel;
      else plain += channel;
    }
    if (!(any > 0)) continue;
    let share = Math.exp(-half * plain);
    for (let b = 0; b < behaviours && share > 0; b++) {
      if (byBehaviour[b] === 0) continue;
      let mean = 0;
      // Classes ascend (`discreteGamma`), so a group's first is its smallest.
      for (let j = 0; j < PROPENSITY_LEVELS; j += step) {
        mean += Math.exp(-half * byBehaviour[b] * levels[b * PROPENSITY_LEVELS + j]);
      }
      share *= (mean * step) / PROPENSITY_LEVELS;
    }
    acts += shares[cell] * share;
  }
  return { acts: Math.min(1, LENGTH_BIAS * acts), apparatus: Math.min(1, apparatus) };
}

/**
 * Whether each schedule holds its days in 16 bits rather than a byte: when a byte and the far lists could take more
 * (1 + `FAR_WAIT_BYTES` × the share in far lists ≥ 2).
 */
export function wideSchedules(
  model: Model,
  far = farWaitShares(model),
): { acts: boolean; apparatus: boolean } {
  return { acts: far.acts * FAR_WAIT_BYTES >= 1, apparatus: far.apparatus * FAR_WAIT_BYTES >= 1 };
}

/** Bytes a citizen of both schedules, at most: 2 when wide, else 1 and its share of the far lists (less than 2). */
export function scheduleBytes(model: Model): number {
  const far = farWaitShares(model);
  const wide = wideSchedules(model, far);
  const bytes = (share: number, isWide: boolean) => (isWide ? 2 : 1 + FAR_WAIT_BYTES * share);
  return bytes(far.acts, wide.acts) + bytes(far.apparatus, wide.apparatus);
}
