import { type Model, RecordKind } from "../model/index.js";
import { Contacts } from "../population/contacts.js";
import type { Population } from "../population/index.js";
import {
  canonicalOrder,
  OrderBuffers,
  R_ACTOR,
  R_DAY_WHAT,
  R_RANK_SOURCE,
  R_TARGET,
  RECORD_STRIDE,
  type RecordQueue,
  type RecordSink,
  recordBehaviour,
  recordFlags,
  recordSource,
  SCORED_FLAG,
  WARM_AHEAD,
} from "../state/buffers.js";
import { CostError } from "../state/costError.js";
import type { Counts } from "../state/counts.js";
import type { CitizenSet } from "../state/listings.js";
import type { DailyMeasures } from "../state/measures.js";
import type { CitizenParts } from "../state/parts.js";
import type { ShardContext } from "../state/shard.js";
import { TraceEventType } from "../state/trace.js";
import { MOST_WRONG_RECORDS, type WrongRecords } from "../state/wrongRecords.js";
import type { Blacklist } from "./blacklist.js";
import { clampScore, type Scores, scored } from "./scoring.js";

// The record: the day's records about this shard's citizens are applied at the day's end in a canonical order (by
// target, act day, actor, rank of the sequence, then as made), which no thread or shard layout changes. A record
// moves the recorded score (if it carries the points), counts a wrong record, and may list its target. Guilt by
// association adds penalty records for the contacts of listed citizens.

export class Records {
  private model: Model;
  private readonly population: Population;
  // The state columns this system reads and writes.
  private readonly recordedScore: Float32Array;
  private readonly wrongRecords: WrongRecords;
  private readonly falsePoints: Float32Array;
  private readonly counts: Counts;
  private readonly measures: DailyMeasures;
  private readonly listed: CitizenSet;
  private readonly parts: CitizenParts;
  private readonly context: ShardContext;
  private readonly contacts: Contacts;
  private readonly contactBuffer: Int32Array;
  /** Records about this shard's citizens, by the day they are due. */
  readonly queue: RecordQueue;
  /** Where `apply` sorts each day's records. */
  private readonly orderBuffers = new OrderBuffers();
  /** What `warm` read, summed, so that its reads are not optimised away. */
  private warmed = 0;

  constructor(
    context: ShardContext,
    private readonly scores: Scores,
    private readonly blacklist: Blacklist,
    queue: RecordQueue,
  ) {
    this.context = context;
    this.model = context.model;
    this.population = context.population;
    this.recordedScore = context.state.recordedScore;
    this.wrongRecords = context.wrongRecords;
    this.falsePoints = context.state.falsePoints;
    this.counts = context.counts;
    this.measures = context.measures;
    this.listed = context.listed;
    this.parts = context.parts;
    this.queue = queue;
    this.contacts = new Contacts(context.key, context.model.size);
    this.contactBuffer = new Int32Array(context.model.associationContacts);
  }

  /** Reads `model` from now on: a timeline's change (same structure; see `Simulation.changeModel`). */
  useModel(model: Model): void {
    this.model = model;
  }

  /**
   * Every `association.everyDays` days (at the end of days d with (d + 1) divisible by it), each citizen listed now
   * gives each of its first `contacts` contacts a penalty record due today, in the queue of the shard that owns the
   * contact (`queueOf`) — before any shard applies the day's records.
   */
  associate(day: number, queueOf: (citizen: number) => RecordSink): void {
    const model = this.model;
    if (!model.association || (day + 1) % model.associationEveryDays !== 0) return;
    const buffer = this.contactBuffer;
    const { members, size } = this.listed;
    const count = model.size < 2 ? 0 : model.associationContacts;
    // The memory estimate allows `associationCap` penalties a day: stop rather than outgrow it.
    if (size * count > model.associationCap) {
      throw new CostError(
        `association penalties on day ${day + 1} need ${(size * count).toLocaleString("en-US")} records ` +
          `(${size.toLocaleString("en-US")} listed × ${count.toLocaleString("en-US")} contacts), more than the ` +
          `${model.associationCap.toLocaleString("en-US")} a day the run's memory estimate allows ` +
          `(one for every two citizens, at least 524,288); lower responses.association.contacts`,
      );
    }
    for (let k = 0; k < size; k++) {
      const actor = this.population.start + members[k];
      this.contacts.of(actor, count, buffer);
      for (let c = 0; c < count; c++) {
        const contact = buffer[c];
        queueOf(contact).push(day, contact, day, actor, c, -1, -1, RecordKind.association);
      }
    }
  }

  /** Applies the records due on `day`, in canonical order; returns how many. */
  apply(day: number): number {
    const list = this.queue.take(day);
    const count = list.length / RECORD_STRIDE;
    if (count === 0) return 0;
    const order = canonicalOrder(list, this.orderBuffers);
    const data = list.data;
    const start = this.population.start;
    for (let k = 0; k < count; k++) {
      if (k % WARM_AHEAD === 0) this.warm(data, order, k, Math.min(count, k + WARM_AHEAD), start);
      const at = order[k] * RECORD_STRIDE;
      const dayWhat = data[at + R_DAY_WHAT];
      this.applyOne(
        data[at + R_TARGET] - start,
        data[at + R_ACTOR],
        recordBehaviour(dayWhat),
        recordSource(data[at + R_RANK_SOURCE]),
        recordFlags(dayWhat),
        day,
      );
    }
    return count;
  }

  /**
   * Reads the records `order[from … to − 1]` and their targets' columns that applying them reads first, and changes
   * nothing, so that their cache misses overlap here instead of waiting one after the other in `applyOne` (the
   * records' targets ascend).
   */
  private warm(data: Int32Array, order: Uint32Array, from: number, to: number, start: number): void {
    const { scoreDay, trueScore } = this.context.state;
    const { recordedScore, falsePoints } = this;
    const { cellOf } = this.context;
    let sum = 0;
    for (let k = from; k < to; k++) {
      const t = data[order[k] * RECORD_STRIDE + R_TARGET] - start;
      sum += scoreDay[t] + trueScore[t] + recordedScore[t] + falsePoints[t];
      sum += cellOf[t];
    }
    this.warmed += sum;
  }

  /**
   * One record about citizen t: an association penalty moves the score by points × everyDays and is judged by the
   * threshold alone; another counts as wrong (kind other than true) on t's record (at most 65,535), moves the score by
   * the points rule if it carries them, and goes to the blacklist.
   */
  private applyOne(t: number, actor: number, b: number, s: number, flags: number, day: number): void {
    const model = this.model;
    const counts = this.counts;
    const kind = flags & 0xff;
    counts.recordsByKind[kind]++;
    if (kind === RecordKind.association) {
      counts.associationPenalties++;
      this.scores.bringTo(t, day);
      const before = this.recordedScore[t];
      const penalty = model.associationPoints * model.associationEveryDays;
      this.recordedScore[t] = clampScore(before + penalty, model.scoreMin, model.scoreMax);
      this.measures.recordedChanged(
        this.parts.of(t),
        this.population.start + t,
        this.recordedScore[t] - before,
      );
      this.trace(t, day, b, s, kind, actor, this.recordedScore[t] - before);
      this.blacklist.checkThreshold(t, day, s, b, kind, actor);
      return;
    }
    counts.recordsByBehaviour[b]++;
    const wrong = kind !== RecordKind.true && this.wrongRecords.get(t) < MOST_WRONG_RECORDS;
    if (wrong) this.wrongRecords.increment(t);
    if ((flags & SCORED_FLAG) !== 0 && model.scoring) {
      this.scores.bringTo(t, day);
      const before = this.recordedScore[t];
      this.recordedScore[t] = scored(model, b, before);
      const change = this.recordedScore[t] - before;
      if (wrong) this.falsePoints[t] += change;
      this.measures.recordedChanged(this.parts.of(t), this.population.start + t, change);
      this.trace(t, day, b, s, kind, actor, change);
    } else {
      this.trace(t, day, b, s, kind, actor, 0);
    }
    if (!model.blacklist) return;
    this.blacklist.recordApplied(t, day, s, b, kind, actor);
  }

  private trace(t: number, day: number, b: number, s: number, kind: number, actor: number, points: number) {
    if (this.context.traced !== t) return;
    this.context.trace?.add({
      day,
      type: TraceEventType.record,
      behaviour: b,
      source: s,
      kind,
      actor,
      points,
    });
  }

  /** Records due after the last day, never applied. */
  get pendingAtEnd(): number {
    return this.queue.pendingAtEnd;
  }
}
