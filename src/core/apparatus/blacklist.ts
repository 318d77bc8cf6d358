import { ListingRule, type Model } from "../model/index.js";
import type { Population } from "../population/index.js";
import { Flag, NOT_LISTED } from "../state/citizens.js";
import type { Counts } from "../state/counts.js";
import { type CitizenSet, ListingEnd, type ListingLog } from "../state/listings.js";
import type { DailyMeasures } from "../state/measures.js";
import type { ShardContext } from "../state/shard.js";
import { TraceEventType } from "../state/trace.js";
import type { DueProcess } from "./dueProcess.js";
import type { Scores } from "./scoring.js";

// The blacklist, on both ledgers: the record lists a citizen on what the apparatus recorded, the truth on what the
// citizen did, by the same entry rules; one exit rule lets either go. The record's listings are logged with their
// cause, counted, and may be appealed.

export class Blacklist {
  private model: Model;
  private readonly population: Population;
  // The state columns this system reads and writes.
  private readonly trueScore: Float64Array;
  private readonly recordedScore: Float64Array;
  private readonly listedSince: Int32Array;
  private readonly trulyListedSince: Int32Array;
  private readonly currentListing: Int32Array;
  private readonly flags: Uint8Array;
  private readonly falseRecords: Uint16Array;
  private readonly counts: Counts;
  private readonly measures: DailyMeasures;
  private readonly listings: ListingLog;
  private readonly listed: CitizenSet;
  private readonly trulyListed: CitizenSet;
  private readonly parts: Int32Array;
  private readonly context: ShardContext;
  /** No exit rule at all: a listing ends as soon as its minimum has passed. */
  private noExitRule = false;

  constructor(
    context: ShardContext,
    private readonly scores: Scores,
    private readonly dueProcess: DueProcess,
  ) {
    this.context = context;
    this.model = context.model;
    this.population = context.population;
    this.trueScore = context.state.trueScore;
    this.recordedScore = context.state.recordedScore;
    this.listedSince = context.state.listedSince;
    this.trulyListedSince = context.state.trulyListedSince;
    this.currentListing = context.state.currentListing;
    this.flags = context.state.flags;
    this.falseRecords = context.state.falseRecords;
    this.counts = context.counts;
    this.measures = context.measures;
    this.listings = context.listings;
    this.listed = context.listed;
    this.trulyListed = context.trulyListed;
    this.parts = context.parts;
    this.useModel(context.model);
  }

  /** Reads `model` from now on: a timeline's change (same structure; see `Simulation.changeModel`). */
  useModel(model: Model): void {
    this.model = model;
    this.noExitRule =
      !Number.isFinite(model.exitScoreAtLeast) &&
      !model.exitCompliance.includes(1) &&
      !Number.isFinite(model.exitMaximumDays);
  }

  /**
   * The truth's side of an act of behaviour b by citizen i: a citizen not on the truth's list enters it on a
   * behaviour at or above the entry severity, an entry behaviour, a behaviour the courts judge, or a true score below
   * the threshold (as it stands after the act); one on it complies when b is an exit behaviour.
   */
  truthAct(i: number, b: number, day: number): void {
    const model = this.model;
    if (this.trulyListedSince[i] === NOT_LISTED) {
      if (
        model.severity[b] >= model.entrySeverity ||
        model.entryBehaviour[b] === 1 ||
        model.courtBehaviour[b] === 1 ||
        this.trueScore[i] < model.entryScoreBelow
      ) {
        this.listTruth(i, day);
      }
    } else if (model.exitCompliance[b] === 1) {
      this.flags[i] |= Flag.trulyComplied;
    }
  }

  /**
   * The record's side of a record about citizen t (of behaviour b, from source s, of `kind`, about `actor`'s act):
   * a listed citizen complies when b is an exit behaviour; others are listed by the first rule that applies, in the
   * order severity, entry behaviour, a court's record, the threshold.
   */
  recordApplied(t: number, day: number, s: number, b: number, kind: number, actor: number): void {
    const model = this.model;
    if (this.listedSince[t] !== NOT_LISTED) {
      if (model.exitCompliance[b] === 1) this.flags[t] |= Flag.complied;
      return;
    }
    if (model.severity[b] >= model.entrySeverity) this.list(t, day, ListingRule.severity, s, b, kind, actor);
    else if (model.entryBehaviour[b] === 1) this.list(t, day, ListingRule.behaviour, s, b, kind, actor);
    else if (model.courtSource[s] === 1) this.list(t, day, ListingRule.court, s, b, kind, actor);
    else this.checkThreshold(t, day, s, b, kind, actor);
  }

  /** Lists citizen t on the threshold rule when its recorded score (as it stands) is below it. */
  checkThreshold(t: number, day: number, s: number, b: number, kind: number, actor: number): void {
    if (
      this.model.blacklist &&
      this.listedSince[t] === NOT_LISTED &&
      this.recordedScore[t] < this.model.entryScoreBelow
    ) {
      this.list(t, day, ListingRule.threshold, s, b, kind, actor);
    }
  }

  private list(
    t: number,
    day: number,
    rule: number,
    s: number,
    b: number,
    kind: number,
    actor: number,
  ): void {
    const model = this.model;
    const counts = this.counts;
    const group = this.population.group[t];
    // The truth's threshold is a state, not an event: a citizen who starts below it, or drifts below it without
    // acting, is judged by it now, before the record's listing is called wrongful.
    if (this.trulyListedSince[t] === NOT_LISTED && this.scores.trueOn(t, day) < model.entryScoreBelow) {
      this.listTruth(t, day);
    }
    const wrongful = this.trulyListedSince[t] === NOT_LISTED;
    this.listedSince[t] = day;
    this.flags[t] &= ~Flag.complied;
    this.currentListing[t] = this.listings.add(
      this.population.start + t,
      day,
      rule,
      s,
      b,
      kind,
      actor,
      wrongful,
      this.falseRecords[t],
    );
    this.listed.add(t);
    this.measures.listed(this.parts[t], wrongful);
    if (this.context.traced === t) {
      this.context.trace?.add({
        day,
        type: TraceEventType.listed,
        kind: rule,
        behaviour: b,
        source: s,
        actor,
      });
    }
    counts.listingsByGroup[group]++;
    counts.listingsByRule[rule]++;
    counts.listingsByTriggerKind[kind]++;
    if ((this.flags[t] & Flag.everListed) === 0) counts.everListedByGroup[group]++;
    this.flags[t] |= Flag.everListed;
    if (wrongful) {
      counts.wrongfulListingsByGroup[group]++;
      if ((this.flags[t] & Flag.everWrongfullyListed) === 0) counts.everWrongfullyListedByGroup[group]++;
      this.flags[t] |= Flag.everWrongfullyListed;
    }
    this.dueProcess.file(t, day);
  }

  /** The truth lists citizen i (its own rules, on what i really did). */
  private listTruth(i: number, day: number): void {
    this.trulyListedSince[i] = day;
    this.flags[i] &= ~Flag.trulyComplied;
    this.trulyListed.add(i);
    this.measures.trulyListedChanged(this.parts[i], 1, this.listedSince[i] !== NOT_LISTED);
  }

  /** Ends citizen t's listing on the record on `day`, for `reason` (`ListingEnd`). */
  delist(t: number, day: number, reason: number): void {
    this.listings.end(this.currentListing[t], day, reason);
    this.listedSince[t] = NOT_LISTED;
    this.currentListing[t] = NOT_LISTED;
    this.listed.delete(t);
    this.counts.delistings++;
    this.measures.delisted(this.parts[t], this.trulyListedSince[t] !== NOT_LISTED);
    if (this.context.traced === t)
      this.context.trace?.add({ day, type: TraceEventType.delisted, kind: reason });
  }

  /**
   * The exit rule, the same on both ledgers, for a citizen listed `days` days (counting today) that has or has not
   * `complied`: none before the minimum; then it leaves when there is no exit rule, or it complied, or it reached the
   * maximum, or its score on that ledger (`truth`) is at or above the exit score.
   */
  private exits(i: number, day: number, days: number, complied: boolean, truth: boolean): boolean {
    const model = this.model;
    if (days < model.minimumDays) return false;
    return (
      this.noExitRule ||
      complied ||
      days >= model.exitMaximumDays ||
      (truth ? this.scores.trueOn(i, day) : this.scores.recordedOn(i, day)) >= model.exitScoreAtLeast
    );
  }

  /**
   * The day's end: every listed citizen's day is counted (listed, wrongfully listed, trapped once past
   * `trappedAfterDays`), then the exit rule is applied on the record and on the truth.
   */
  endOfDay(day: number): void {
    const model = this.model;
    if (!model.blacklist) return;
    const counts = this.counts;
    const group = this.population.group;
    // Walk backwards: delisting swaps the last member into the current slot.
    for (let k = this.listed.size - 1; k >= 0; k--) {
      const t = this.listed.members[k];
      const g = group[t];
      const days = day - this.listedSince[t] + 1;
      counts.listedPersonDaysByGroup[g]++;
      if (this.trulyListedSince[t] === NOT_LISTED) counts.wrongfulPersonDaysByGroup[g]++;
      if (days > model.trappedAfterDays && (this.flags[t] & Flag.trapped) === 0) {
        this.flags[t] |= Flag.trapped;
        counts.trappedByGroup[g]++;
      }
      if (this.exits(t, day, days, (this.flags[t] & Flag.complied) !== 0, false)) {
        this.delist(t, day, ListingEnd.exit);
      }
    }
    for (let k = this.trulyListed.size - 1; k >= 0; k--) {
      const t = this.trulyListed.members[k];
      const days = day - this.trulyListedSince[t] + 1;
      if (this.exits(t, day, days, (this.flags[t] & Flag.trulyComplied) !== 0, true)) {
        this.trulyListedSince[t] = NOT_LISTED;
        this.trulyListed.delete(t);
        this.measures.trulyListedChanged(this.parts[t], -1, this.listedSince[t] !== NOT_LISTED);
      }
    }
  }
}
