import type { Simulation } from "./simulation.js";

// The day protocol: what happens in a day, in order, declared once. Every runner — one shard on this thread, several
// shards in lockstep, shards on worker threads — runs each phase on every shard (in shard order) before the next
// phase starts. What crosses shards travels as records: the phases before the exchange may address records to any
// shard; the exchange delivers them to their owners' queues; the phases after it read and write only the shard's
// own citizens. Then the run's own measures close the day (the daily series, the samples).

export interface DayPhase {
  readonly name: string;
  /** What the phase does. */
  readonly does: string;
  /** Runs the phase of `day` on one shard; returns the records it applied (0 for all but `records`). */
  run(shard: Simulation, day: number): number;
}

/** Before the exchange: each shard's citizens act and have apparatus events; records go to their targets' owners. */
export const PHASES_BEFORE_EXCHANGE: readonly DayPhase[] = [
  {
    name: "acts",
    does: "citizens with events today draw them: apparatus events (spurious records, requests), then acts",
    run: (shard, day) => {
      shard.actPhase(day);
      return 0;
    },
  },
  {
    name: "outcomes",
    does: "obligations due today end in their outcome acts (truth, then sources), citizen by citizen",
    run: (shard, day) => {
      shard.outcomePhase(day);
      return 0;
    },
  },
  {
    name: "association",
    does: "penalty records for the contacts of listed citizens, every association.everyDays",
    run: (shard, day) => {
      shard.associationPhase(day);
      return 0;
    },
  },
];

/** After the exchange: each shard applies the day's records about its citizens and closes its day. */
export const PHASES_AFTER_EXCHANGE: readonly DayPhase[] = [
  {
    name: "records",
    does: "the day's records applied in canonical order; listings follow",
    run: (shard, day) => shard.recordPhase(day),
  },
  {
    name: "appeals",
    does: "appeals due today reviewed; wrong records struck off, listings overturned",
    run: (shard, day) => {
      shard.appealPhase(day);
      return 0;
    },
  },
  {
    name: "close",
    does: "listing days counted, exits, rewards at the end of a period, the traced citizen's day",
    run: (shard, day) => {
      shard.closePhase(day);
      return 0;
    },
  },
];

/** The whole day, in order. */
export const DAY_PHASES: readonly DayPhase[] = [...PHASES_BEFORE_EXCHANGE, ...PHASES_AFTER_EXCHANGE];

/** Runs `phases` of `day` on every shard, phase by phase; returns the records applied. */
export function runPhases(phases: readonly DayPhase[], shards: readonly Simulation[], day: number): number {
  let applied = 0;
  for (const phase of phases) {
    for (const shard of shards) applied += phase.run(shard, day);
  }
  return applied;
}
