import { type Model, RecordKind } from "../model/index.js";
import type { CellColumn } from "../population/index.js";
import { type Population, regionOf } from "../population/index.js";
import { type CounterRng, exponential } from "../rng/index.js";
import { type RecordQueue, type RecordSink, SCORED_FLAG, SPURIOUS_SEQUENCE } from "../state/buffers.js";
import type { ShardContext } from "../state/shard.js";
import type { VictimSampler } from "./victims.js";

// Observation: what the apparatus's sources make of an act — each source that covers it detects it with its
// probability in the actor's cell, may attribute it to someone else (a false match), and files a record that is
// applied after the source's delay — and records of acts that never happened (spurious records).

export class Observation {
  private model: Model;
  private readonly population: Population;
  private readonly cellOf: CellColumn;
  /** The sources that saw the traced citizen's last act (for its story). */
  readonly seenBy: number[] = [];

  constructor(
    context: ShardContext,
    private readonly victims: VictimSampler,
    /** The queue of the shard that owns a citizen (its index in the whole population), or the outbox towards it. */
    private readonly queueOf: (citizen: number) => RecordSink,
    /** This shard's own queue. */
    private readonly queue: RecordQueue,
  ) {
    this.model = context.model;
    this.population = context.population;
    this.cellOf = context.cellOf;
  }

  /** Reads `model` from now on: a timeline's change (same structure; see `Simulation.changeModel`). */
  useModel(model: Model): void {
    this.model = model;
  }

  /**
   * Act `event` of the day, of behaviour b, by citizen i, as the sources see it, drawing from `rng` (the day's
   * stream `apparatus.observation` of the actor): for each source covering b, in order, a detection draw; when
   * detected, a misattribution draw and, if it hits and a victim exists, the victim; then the delay. The first
   * record carries the points (`SCORED_FLAG`). `traced`: keep the sources in `seenBy`.
   */
  observe(i: number, b: number, day: number, event: number, rng: CounterRng, traced: boolean): void {
    const model = this.model;
    const cell = this.cellOf[i];
    const observers = model.observers[b];
    // Records name citizens by their index in the whole population: a false match may land in another shard.
    const actor = this.population.start + i;
    if (traced) this.seenBy.length = 0;
    let scored = false;
    for (let k = 0; k < observers.length; k++) {
      const s = observers[k];
      if (rng.nextUnit32() >= model.detection[s * model.cells + cell]) continue;
      if (traced) this.seenBy.push(s);
      let target = actor;
      let kind: number = RecordKind.true;
      if (model.misattributionRate[s] > 0 && rng.nextUnit32() < model.misattributionRate[s]) {
        const victim = this.victims.draw(rng, s, actor, regionOf(this.population, i));
        if (victim >= 0) {
          target = victim;
          kind = RecordKind.misattributed;
        }
      }
      const flags = kind | (scored ? 0 : SCORED_FLAG);
      scored = true;
      this.queueOf(target).push(day + this.delay(s, rng), target, day, actor, event * 256 + k, b, s, flags);
    }
  }

  /**
   * A spurious record of source s about citizen i (event `event` of its apparatus events of the day): a behaviour
   * drawn uniformly among those s may invent, its delay, and a record in this shard's queue that carries points.
   */
  spurious(i: number, s: number, day: number, event: number, rng: CounterRng): void {
    const candidates = this.model.spuriousBehaviours[s];
    const b = candidates[Math.floor(rng.nextUnit32() * candidates.length)];
    const citizen = this.population.start + i;
    const due = day + this.delay(s, rng);
    const sequence = SPURIOUS_SEQUENCE + event * 256;
    this.queue.push(due, citizen, day, citizen, sequence, b, s, RecordKind.spurious | SCORED_FLAG);
  }

  /**
   * Source s's delay in days: none for a delay ≤ 0; with an exponential distribution, geometric with mean `days`
   * (the discrete exponential): ⌊E⌋ with E exponential of rate ln(1 + 1/days); otherwise `days` rounded.
   */
  private delay(s: number, rng: CounterRng): number {
    const days = this.model.delayDays[s];
    if (days <= 0) return 0;
    return this.model.delayExponential[s] === 1
      ? Math.floor(exponential(rng, this.model.delayRate[s]))
      : Math.round(days);
  }
}
