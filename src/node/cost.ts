import {
  estimateCost,
  OUTPUT_LIMIT,
  outputOverflows,
  type RunCost,
  scheduleBytes,
  sourceRecordBytes,
} from "../core/engine/cost.js";
import { ENGINE_BYTES_PER_CITIZEN, SCHEDULES_BYTES } from "../core/engine/index.js";
import { withoutApparatus } from "../core/engine/runner.js";
import { compileModel, type Model } from "../core/model/index.js";
import { populationBytesPerCitizen } from "../core/population/index.js";
import type { Scenario } from "../core/scenario/index.js";
import { UsageError } from "./errors.js";
import { checkMemory } from "./memory.js";
import { parseCount } from "./numbers.js";

/**
 * Events a command may draw unless `--max-events` says otherwise: about an hour on two cores at the 2.5 million
 * events a second measured for china-2020 (bench/RESULTS.md: 2.3e9 events for 68M citizens in 932 s), four times
 * what that 68-million-citizen year draws.
 */
export const DEFAULT_MAX_EVENTS = 1e10;

/**
 * Nor, by default, more than this many a citizen-year: the busiest built-in scenario draws 62 (sesame-credit), so a
 * rate mistyped by orders of magnitude is refused at any population, rather than running for hours on a small one.
 */
export const DEFAULT_EVENTS_PER_CITIZEN_YEAR = 1e4;

/** Parses `--max-events` (`1e10`, `20B`, `5000000000`): a whole number of events ≥ 1; undefined for the default. */
export function parseMaxEvents(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(parseCount("--max-events", text));
  if (!Number.isFinite(value) || value < 1) {
    throw new UsageError(
      `--max-events expects a number of events ≥ 1 such as 1e10 or 20B, received "${text}"`,
    );
  }
  return value;
}

/** What a command will run: each scenario `runs` times (replicates), under these limits. */
export interface CostLimits {
  /** Bytes (`--max-memory`), or the machine's free memory when undefined. */
  maxMemory: number | undefined;
  /**
   * Events over the whole command (`--max-events`); by default the smaller of `DEFAULT_MAX_EVENTS` and
   * `DEFAULT_EVENTS_PER_CITIZEN_YEAR` per citizen-year run.
   */
  maxEvents: number | undefined;
  threads: number;
  /** Runs of each scenario (compare's replicates); 1 for `run`. */
  runs?: number;
  /** Bytes per citizen besides the population's and the engine's (checkpoints taken or read). */
  extraBytesPerCitizen?: number;
}

/** A count or magnitude in words: 2,187 below a million, 9.3e11 above, 62.5 with three digits, 1.0e-7 when tiny. */
function scientific(value: number): string {
  if (!Number.isFinite(value)) return "more than a number can hold";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || (magnitude > 0 && magnitude < 1e-3))
    return value.toExponential(1).replace("e+", "e");
  return magnitude >= 100 ? Math.round(value).toLocaleString("en-US") : String(Number(value.toPrecision(3)));
}

/** Events of one run of the scenario, with its paired baseline run when the scenario asks for one. */
function runEvents(scenario: Scenario, model: Model, cost: RunCost): number {
  if (!scenario.measurement.pairedBaseline) return cost.events;
  return (
    cost.events +
    estimateCost(compileModel(withoutApparatus(scenario), model.days - model.warmupDays, model.seed)).events
  );
}

/** Where a run's records in flight come from, in words: the source that holds most of them. */
function recordsInWords(model: Model, cost: RunCost): { what: string; change?: string } {
  const parts: string[] = [];
  if (cost.recordsInFlight >= 1) {
    const largest = cost.sources[0];
    const delay = model.scenario.sources[largest.index].delay.days;
    parts.push(
      `${scientific(cost.recordsInFlight)} records in flight (mostly sources.${largest.id}: ` +
        `${scientific(largest.recordsPerDay)} a day × ${delay === 1 ? "1 day's" : `${delay} days'`} delay)`,
    );
  }
  if (cost.associationRecords > 0) {
    parts.push(`up to ${scientific(cost.associationRecords)} association penalties a day`);
  }
  const largest = cost.sources[0];
  const change =
    largest && largest.recordsInFlight * sourceRecordBytes(model, largest.index) >= cost.recordBytes / 2
      ? `lower sources.${largest.id}.delay.days or the rates of what it records`
      : undefined;
  return { what: parts.join(" and "), change };
}

/** Refuses a scenario whose outputs could not hold a number, or whose association penalties cannot fit a day. */
function checkOutputs(model: Model, cost: RunCost): void {
  const overflow = outputOverflows(model, cost)[0];
  if (overflow) {
    const reach = Number.isFinite(overflow.bound) ? `reach about ${scientific(overflow.bound)}` : "overflow";
    const largest = overflow.largest > 0 ? ` to at most ${scientific(overflow.largest)} in magnitude` : "";
    throw new UsageError(
      `${overflow.path} = ${scientific(overflow.value)} lets the run's ${overflow.measure} ${reach}, beyond the ` +
        `${scientific(OUTPUT_LIMIT)} its outputs can hold; lower ${overflow.path}${largest}`,
    );
  }
  if (cost.associationRecords > 0 && model.associationContacts > cost.associationRecords) {
    throw new UsageError(
      `responses.association.contacts = ${scientific(model.associationContacts)} gives each listed citizen's ` +
        `contacts more penalties than the ${scientific(cost.associationRecords)} a day a run of ` +
        `${scientific(model.size)} citizens allows (one for every two citizens, at least 524,288); ` +
        `lower responses.association.contacts`,
    );
  }
}

/**
 * Refuses, before anything is allocated, a command whose runs cannot finish as asked: a number its outputs could
 * not hold (it would be written as `null`), more events than `--max-events` (time), or more memory than
 * `--max-memory` or free memory (the population's and the engine's columns, the records in flight, the association
 * penalties). Each refusal gives the estimate, the limit and the field or flag to change.
 */
export function checkRunCost(scenarios: readonly Scenario[], limits: CostLimits): void {
  const runs = limits.runs ?? 1;
  const estimates = scenarios.map((scenario) => {
    const model = compileModel(scenario);
    const cost = estimateCost(model);
    checkOutputs(model, cost);
    return { scenario, model, cost, events: runEvents(scenario, model, cost) * runs };
  });
  const totalEvents = estimates.reduce((total, estimate) => total + estimate.events, 0);
  const citizenYears = estimates.reduce(
    (total, { scenario, cost }) =>
      total + ((cost.citizens * cost.days) / 365) * runs * (scenario.measurement.pairedBaseline ? 2 : 1),
    0,
  );
  const perCitizenYear = DEFAULT_EVENTS_PER_CITIZEN_YEAR * citizenYears;
  const maxEvents = limits.maxEvents ?? Math.min(DEFAULT_MAX_EVENTS, perCitizenYear);
  const byDefault =
    limits.maxEvents !== undefined
      ? ""
      : perCitizenYear < DEFAULT_MAX_EVENTS
        ? `, ${scientific(DEFAULT_EVENTS_PER_CITIZEN_YEAR)} a citizen-year by default`
        : " by default";
  if (!(totalEvents <= maxEvents)) {
    const worst = estimates.reduce((a, b) => (b.events > a.events ? b : a));
    const { cost, scenario } = worst;
    const channel = cost.channels[0];
    // Events drawn mostly to be thinned: the state rules' multipliers set the bound — distress's when it raises
    // this behaviour, else a byState rule's.
    const behaviour = /^behaviours\.(.+)\.rate$/.exec(channel.path)?.[1];
    const distress = scenario.responses.distress;
    const distressed =
      distress?.enabled === true &&
      behaviour !== undefined &&
      (distress.behaviours ?? []).includes(behaviour);
    const stateField =
      distressed || !scenario.responses.byState?.length
        ? "responses.distress.multiplier"
        : "responses.byState[].multiplier";
    const field = channel.distressEvents > channel.events / 2 ? stateField : channel.path;
    const channelRate = channel.events / ((cost.citizens * cost.days) / 365);
    const baseline = scenario.measurement.pairedBaseline ? " with its paired baseline" : "";
    const what =
      estimates.length > 1 || runs > 1
        ? `this comparison would draw about ${scientific(totalEvents)} events over ${runs} replicates, ` +
          `${scientific(worst.events)} of them ${scenario.name}'s${baseline}`
        : `this run would draw about ${scientific(totalEvents)} events${baseline}`;
    throw new UsageError(
      `${what} (a run: ${scientific(cost.acts)} acts, ${scientific(cost.spurious)} spurious records, ` +
        `${scientific(cost.opportunities)} requests; most from ${field}, ${scientific(channelRate)} a ` +
        `citizen-year), more than the ${scientific(maxEvents)} allowed (--max-events${byDefault}); lower ${field}, ` +
        `--population${runs > 1 ? ", --replicates" : ""} or --days, or raise --max-events`,
    );
  }
  for (const { scenario, model, cost } of estimates) {
    checkMemory(
      scenario.population.size,
      Math.ceil(
        populationBytesPerCitizen(scenario) +
          ENGINE_BYTES_PER_CITIZEN -
          SCHEDULES_BYTES +
          scheduleBytes(model) +
          (limits.extraBytesPerCitizen ?? 0),
      ),
      limits.maxMemory,
      limits.threads,
      { bytes: cost.recordBytes, ...recordsInWords(model, cost) },
    );
  }
}
