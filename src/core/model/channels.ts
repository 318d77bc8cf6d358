import type { Scenario } from "../scenario/index.js";
import { type CellLayout, DAYS_PER_YEAR, forEachCell } from "./cells.js";
import { enabledOpportunities } from "./consequences.js";
import { multiplier } from "./lookup.js";
import { ChannelKind, type ChannelTables, type SourceTables } from "./model.js";
import type { ActResponses } from "./responses.js";
import { perceivedSurveillance } from "./sources.js";
import type { BehaviourStates } from "./states.js";

// The channels compiled: every Poisson process a citizen runs (acts per behaviour, spurious records per source,
// opportunities), with its rate per cell, then ordered for the engine's channel choice.

/** The channels in scenario order (acts, then spurious records per source, then opportunities), before ordering. */
interface UnorderedChannels {
  channels: number;
  kind: Uint8Array;
  target: Uint16Array;
  /** Per channel and cell (`channel * cells + cell`). */
  rate: Float64Array;
  usesPropensity: Uint8Array;
  gamedShare: Float64Array;
}

/**
 * An act's daily rate in a cell: rate/365 × the region's, group's, income band's and age band's multipliers,
 * × (1 − deterrence × perceived surveillance) and × (1 − chilling × perceived surveillance) where they apply (floored
 * at 0), × (1 + extra) for gaming, where extra = strength × points / the largest gamed points.
 */
function compileActs(
  scenario: Scenario,
  layout: CellLayout,
  sources: SourceTables,
  responses: ActResponses,
  points: Float64Array,
  into: UnorderedChannels,
): void {
  const { regions, groups, incomeBands, ageBands } = scenario.population;
  const { cells } = layout;
  const { deterrence, chilling, gaming, maxGamedPoints } = responses;
  scenario.behaviours.forEach((behaviour, b) => {
    into.kind[b] = ChannelKind.act;
    into.target[b] = b;
    into.usesPropensity[b] = 1;
    forEachCell(layout, (c, r, g, i, a) => {
      let rate =
        (behaviour.rate / DAYS_PER_YEAR) *
        multiplier(behaviour.rateByRegion, regions[r].id) *
        multiplier(behaviour.rateByGroup, groups[g].id) *
        multiplier(behaviour.rateByIncome, incomeBands[i].id) *
        multiplier(behaviour.rateByAge, ageBands[a].id);
      const seen = perceivedSurveillance(sources, cells, b, c);
      if (deterrence?.behaviours[b]) rate *= Math.max(0, 1 - deterrence.strength * seen);
      if (chilling?.behaviours[b]) rate *= Math.max(0, 1 - chilling.strength * seen);
      if (gaming?.behaviours[b] && maxGamedPoints > 0) {
        // Nothing to game in a behaviour whose points are not positive (a user may name one): no extra acts.
        const extra = Math.max(0, gaming.strength * (points[b] / maxGamedPoints));
        into.gamedShare[b * cells + c] = extra / (1 + extra);
        rate *= 1 + extra;
      }
      into.rate[b * cells + c] = rate;
    });
  });
}

/** Whether a source makes spurious records: enabled, with spurious records enabled at a positive rate. */
export function spuriousOn(source: Scenario["sources"][number]): boolean {
  return source.enabled && source.spurious?.enabled === true && source.spurious.rate > 0;
}

function unorderedChannels(
  scenario: Scenario,
  layout: CellLayout,
  sources: SourceTables,
  responses: ActResponses,
  points: Float64Array,
  spuriousChannel: readonly boolean[] | undefined,
): UnorderedChannels {
  const { groups, incomeBands, ageBands } = scenario.population;
  const { cells } = layout;
  const B = scenario.behaviours.length;
  const opportunities = enabledOpportunities(scenario);
  const spuriousSources = scenario.sources
    .map((source, s) => ({ source, s }))
    .filter(({ source, s }) => spuriousChannel?.[s] ?? spuriousOn(source));
  const channels = B + spuriousSources.length + opportunities.length;
  const unordered: UnorderedChannels = {
    channels,
    kind: new Uint8Array(channels),
    target: new Uint16Array(channels),
    rate: new Float64Array(channels * cells),
    usesPropensity: new Uint8Array(channels),
    gamedShare: new Float64Array(B * cells),
  };
  compileActs(scenario, layout, sources, responses, points, unordered);
  // A spurious record's daily rate: rate/365 × the group's multiplier (0 for a channel kept while off).
  spuriousSources.forEach(({ source, s }, k) => {
    const channel = B + k;
    unordered.kind[channel] = ChannelKind.spurious;
    unordered.target[channel] = s;
    if (!spuriousOn(source)) return;
    forEachCell(layout, (c, _r, g) => {
      unordered.rate[channel * cells + c] =
        ((source.spurious?.rate ?? 0) / DAYS_PER_YEAR) *
        multiplier(source.spurious?.byGroup ?? {}, groups[g].id);
    });
  });
  // An opportunity's daily rate: rate/365 × the income band's and the age band's multipliers.
  opportunities.forEach((opportunity, o) => {
    const channel = B + spuriousSources.length + o;
    unordered.kind[channel] = ChannelKind.opportunity;
    unordered.target[channel] = o;
    forEachCell(layout, (c, _r, _g, i, a) => {
      unordered.rate[channel * cells + c] =
        (opportunity.rate / DAYS_PER_YEAR) *
        multiplier(opportunity.rateByIncome, incomeBands[i].id) *
        multiplier(opportunity.rateByAge, ageBands[a].id);
    });
  });
  return unordered;
}

/**
 * Compiles the channels. Acts first, then the apparatus's channels, each in decreasing order of their mean rate over
 * cells: choosing an event's channel scans from the start, so the frequent ones come first (fewer rates computed per
 * event). The acts' order depends on the behaviours alone, so the truth's draws do not depend on the apparatus.
 * `states`: the acts' state multipliers and bounds (`states.ts`); the apparatus's channels have none (1 in every
 * state). `spuriousChannel`, per source, whether it has a spurious channel (default: where `spuriousOn`); a timeline
 * keeps one in every segment where any segment has one, at rate 0 where off, so the channels stay the same through
 * the run.
 */
export function compileChannels(
  scenario: Scenario,
  layout: CellLayout,
  sources: SourceTables,
  responses: ActResponses,
  points: Float64Array,
  states: BehaviourStates,
  spuriousChannel?: readonly boolean[],
): ChannelTables {
  const { cells } = layout;
  const B = scenario.behaviours.length;
  const unordered = unorderedChannels(scenario, layout, sources, responses, points, spuriousChannel);
  const { channels, rate } = unordered;
  const meanRate = (c: number) => {
    let total = 0;
    for (let cell = 0; cell < cells; cell++) total += rate[c * cells + cell];
    return total / cells;
  };
  const byRate = (x: number, y: number) => meanRate(y) - meanRate(x) || x - y;
  const order = [
    ...Array.from({ length: B }, (_, c) => c).sort(byRate),
    ...Array.from({ length: channels - B }, (_, k) => B + k).sort(byRate),
  ];
  const apparatusRate = new Float64Array(cells);
  for (let c = B; c < channels; c++)
    for (let cell = 0; cell < cells; cell++) apparatusRate[cell] += rate[c * cells + cell];
  const reorder = <T extends Uint8Array | Uint16Array | Float64Array>(values: T): T => {
    const copy = values.slice() as T;
    order.forEach((from, to) => {
      copy[to] = values[from];
    });
    return copy;
  };
  const orderedRate = new Float64Array(channels * cells);
  order.forEach((from, to) => {
    orderedRate.set(rate.subarray(from * cells, (from + 1) * cells), to * cells);
  });
  // Act channel c (behaviour b, before ordering c = b) takes b's state multipliers and bound.
  const S = states.states;
  const channelBound = new Float64Array(channels).fill(1);
  const stateMultiplier = new Float64Array(channels * S).fill(1);
  order.forEach((from, to) => {
    if (from >= B) return;
    channelBound[to] = states.bound[from];
    stateMultiplier.set(states.multiplier.subarray(from * S, (from + 1) * S), to * S);
  });
  return {
    opportunities: enabledOpportunities(scenario).length,
    channels,
    actChannels: B,
    apparatusRate,
    channelKind: reorder(unordered.kind),
    channelTarget: reorder(unordered.target),
    channelRate: orderedRate,
    channelUsesPropensity: reorder(unordered.usesPropensity),
    channelBound,
    states: S,
    stateMultiplier,
    stateReadsScore: states.stateReadsScore,
    stateRules: states.stateRules,
    gamedShare: unordered.gamedShare,
  };
}
