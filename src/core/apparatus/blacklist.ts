import { ListingRule, type Model } from "../model/index.js";
import { groupOf, type Population } from "../population/index.js";
import { Flag, NOT_LISTED } from "../state/citizens.js";
import type { Counts } from "../state/counts.js";
import { type CitizenSet, ListingEnd, type ListingLog } from "../state/listings.js";
import type { DailyMeasures } from "../state/measures.js";
import type { CitizenParts } from "../state/parts.js";
import type { ShardContext } from "../state/shard.js";
import type { Standing } from "../state/standing.js";
import { TraceEventType } from "../state/trace.js";
import type { WrongRecords } from "../state/wrongRecords.js";
import type { DueProcess } from "./dueProcess.js";
import type { Scores } from "./scoring.js";

// The blacklist, on both ledgers: the record lists a citizen on what the apparatus recorded, the truth on what the
// citizen did, by the same entry rules; one exit rule lets either go. The record's listings are logged with their
// cause and the cause of their end, counted, and may be appealed.

export class Blacklist {
  private model: Model;
  private readonly population: Population;
  // The state columns this system reads and writes.
  private readonly trueScore: Float32Array;
  private readonly standing: Standing;
  private readonly wrongRecords: WrongRecords;
  private readonly counts: Counts;
  private readonly measures: DailyMeasures;
  private readonly listings: ListingLog;
  private readonly listed: CitizenSet;
  private readonly trulyListed: CitizenSet;
  private readonly parts: CitizenParts;
  private readonly context: ShardContext;
  /** No exit rule at all: a listing ends as soon as its minimum has passed. */
  private noExitRule = false;
  /**
   * The earliest day an ongoing listing on the truth began, as of the last visit of them all, or NaN when not known
   * (none visited yet, or none ongoing then): `endOfDay` skips the truth's exits while none can have reached its
   * minimum. Listings begun since the last visit began later, so it stays a lower bound.
   */
  private earliestTrueListing = Number.NaN;

  constructor(
    context: ShardContext,
    private readonly scores: Scores,
    private readonly dueProcess: DueProcess,
  ) {
    this.context = context;
    this.model = context.model;
    this.population = context.population;
    this.trueScore = context.state.trueScore;
    this.standing = context.standing;
    this.wrongRecords = context.wrongRecords;
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
      !Number.isFinite(model.exitScoreBelow) &&
      !model.exitCompliance.includes(1) &&
      !Number.isFinite(model.exitMaximumDays);
  }

  /** Whether a score meets a score entry rule: below `entry.scoreBelow`, or at least `entry.scoreAtLeast`. */
  private meetsEntryScore(score: number): boolean {
    return score < this.model.entryScoreBelow || score >= this.model.entryScoreAtLeast;
  }

  /**
   * The truth's side of an act of behaviour b by citizen i: a citizen not on the truth's list enters it on a
   * behaviour at or above the entry severity, an entry behaviour, a behaviour the courts judge, or a true score below
   * `entry.scoreBelow` or at least `entry.scoreAtLeast` (as it stands after the act); one on it complies when b is an
   * exit behaviour.
   */
  truthAct(i: number, b: number, day: number): void {
    const model = this.model;
    if (!this.standing.isTrulyListed(i)) {
      if (
        model.severity[b] >= model.entrySeverity ||
        model.entryBehaviour[b] === 1 ||
        model.courtBehaviour[b] === 1 ||
        this.meetsEntryScore(this.trueScore[i])
      ) {
        this.listTruth(i, day);
      }
    } else if (model.exitCompliance[b] === 1) {
      this.standing.addFlags(i, Flag.trulyComplied);
    }
  }

  /**
   * The record's side of a record about citizen t (of behaviour b, from source s, of `kind`, about `actor`'s act):
   * a listed citizen complies when b is an exit behaviour; others are listed by the first rule that applies, in the
   * order severity, entry behaviour, a court's record, the score below `entry.scoreBelow`, the score at least
   * `entry.scoreAtLeast`.
   */
  recordApplied(t: number, day: number, s: number, b: number, kind: number, actor: number): void {
    const model = this.model;
    if (this.standing.isListed(t)) {
      if (model.exitCompliance[b] === 1) this.standing.addFlags(t, Flag.complied);
      return;
    }
    if (model.severity[b] >= model.entrySeverity) this.list(t, day, ListingRule.severity, s, b, kind, actor);
    else if (model.entryBehaviour[b] === 1) this.list(t, day, ListingRule.behaviour, s, b, kind, actor);
    else if (model.courtSource[s] === 1) this.list(t, day, ListingRule.court, s, b, kind, actor);
    else this.checkThreshold(t, day, s, b, kind, actor);
  }

  /**
   * Lists citizen t on a score rule when its recorded score, decayed to `day`, is below `entry.scoreBelow` (rule
   * *threshold*) or else at least `entry.scoreAtLeast` (rule *atLeast*). A record without points has not brought the
   * score up to date: it is read decayed, as the truth reads its own.
   */
  checkThreshold(t: number, day: number, s: number, b: number, kind: number, actor: number): void {
    if (!this.model.blacklist || this.standing.isListed(t)) return;
    const score = this.scores.recordedOn(t, day);
    if (score < this.model.entryScoreBelow) this.list(t, day, ListingRule.threshold, s, b, kind, actor);
    else if (score >= this.model.entryScoreAtLeast) this.list(t, day, ListingRule.atLeast, s, b, kind, actor);
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
    const counts = this.counts;
    const group = groupOf(this.population, t);
    // The truth's thresholds are a state, not an event: a citizen who starts beyond one, or drifts beyond it without
    // acting, is judged by it now, before the record's listing is called wrongful.
    const standing = this.standing;
    if (!standing.isTrulyListed(t) && this.meetsEntryScore(this.scores.trueOn(t, day))) {
      this.listTruth(t, day);
    }
    const wrongful = !standing.isTrulyListed(t);
    standing.setListedSince(t, day);
    standing.clearFlags(t, Flag.complied);
    this.listings.add(
      this.population.start + t,
      day,
      rule,
      s,
      b,
      kind,
      actor,
      wrongful,
      this.wrongRecords.get(t),
    );
    this.listed.add(t);
    this.measures.listed(this.parts.of(t), wrongful);
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
    if ((standing.flags(t) & Flag.everListed) === 0) counts.everListedByGroup[group]++;
    standing.addFlags(t, Flag.everListed);
    if (wrongful) {
      counts.wrongfulListingsByGroup[group]++;
      if ((standing.flags(t) & Flag.everWrongfullyListed) === 0) counts.everWrongfullyListedByGroup[group]++;
      standing.addFlags(t, Flag.everWrongfullyListed);
    }
    this.dueProcess.file(t, day);
  }

  /** The truth lists citizen i (its own rules, on what i really did). */
  private listTruth(i: number, day: number): void {
    this.standing.setTrulyListedSince(i, day);
    this.standing.clearFlags(i, Flag.trulyComplied);
    this.trulyListed.add(i);
    this.measures.trulyListedChanged(this.parts.of(i), 1, this.standing.isListed(i));
  }

  /** Ends citizen t's listing on the record on `day`, for `reason` (a cause of `ListingEnd`). */
  delist(t: number, day: number, reason: number): void {
    this.listings.end(this.listings.ongoingOf(this.population.start + t), day, reason);
    this.standing.setListedSince(t, NOT_LISTED);
    this.listed.delete(t);
    this.counts.delistings++;
    this.counts.delistingsByCause[reason * this.model.groups + groupOf(this.population, t)]++;
    this.measures.delisted(this.parts.of(t), this.standing.isTrulyListed(t), reason);
    if (this.context.traced === t)
      this.context.trace?.add({ day, type: TraceEventType.delisted, kind: reason });
  }

  /**
   * The exit rule, the same on both ledgers, for a citizen listed `days` days (counting today as one, the listing
   * day as the first) that has or has not `complied`: `ListingEnd.ongoing` before the minimum (but `compliance` for one
   * that complied, with `exit.complianceBeforeMinimum`); then the cause of its
   * exit, the first that holds of: no exit rule at all (`minimum`), it complied (`compliance`), its score on that
   * ledger (`truth`) is at least `exit.scoreAtLeast` or below `exit.scoreBelow` (`score`), it has lasted
   * `exit.maximumDays` (`maximum`); `ongoing` when none holds.
   */
  private exitCause(i: number, day: number, days: number, complied: boolean, truth: boolean): number {
    const model = this.model;
    if (days < model.minimumDays)
      return complied && model.exitComplianceBeforeMinimum ? ListingEnd.compliance : ListingEnd.ongoing;
    if (this.noExitRule) return ListingEnd.minimum;
    if (complied) return ListingEnd.compliance;
    const score = truth ? this.scores.trueOn(i, day) : this.scores.recordedOn(i, day);
    if (score >= model.exitScoreAtLeast || score < model.exitScoreBelow) return ListingEnd.score;
    if (days >= model.exitMaximumDays) return ListingEnd.maximum;
    return ListingEnd.ongoing;
  }

  /**
   * The day's end: every listed citizen's day is counted (listed, wrongfully listed, trapped once past
   * `trappedAfterDays`), then the exit rule is applied on the record and on the truth. On the truth no listing can
   * end while each is shorter than the minimum and compliance does not end one before it (`exitCause`): then its
   * listings are not visited, which changes nothing but the time (a run shorter than the minimum, the truth listing
   * many, visited them all every day).
   */
  endOfDay(day: number): void {
    const model = this.model;
    if (!model.blacklist) return;
    const counts = this.counts;
    const { cell, cells } = this.population;
    const standing = this.standing;
    // Walk backwards: delisting swaps the last member into the current slot.
    for (let k = this.listed.size - 1; k >= 0; k--) {
      const t = this.listed.members[k];
      const g = cells.group[cell[t]];
      const days = day - standing.listedSince(t) + 1;
      counts.listedPersonDaysByGroup[g]++;
      if (!standing.isTrulyListed(t)) counts.wrongfulPersonDaysByGroup[g]++;
      const flags = standing.flags(t);
      if (days > model.trappedAfterDays && (flags & Flag.trapped) === 0) {
        standing.addFlags(t, Flag.trapped);
        counts.trappedByGroup[g]++;
      }
      const cause = this.exitCause(t, day, days, (flags & Flag.complied) !== 0, false);
      if (cause !== ListingEnd.ongoing) this.delist(t, day, cause);
    }
    // The longest truth listing has lasted at most day − earliestTrueListing + 1 days (false when not known).
    if (!model.exitComplianceBeforeMinimum && day - this.earliestTrueListing + 1 < model.minimumDays) return;
    let earliest = Number.NaN;
    for (let k = this.trulyListed.size - 1; k >= 0; k--) {
      const t = this.trulyListed.members[k];
      const since = standing.trulyListedSince(t);
      const days = day - since + 1;
      if (
        this.exitCause(t, day, days, (standing.flags(t) & Flag.trulyComplied) !== 0, true) !==
        ListingEnd.ongoing
      ) {
        standing.setTrulyListedSince(t, NOT_LISTED);
        this.trulyListed.delete(t);
        this.measures.trulyListedChanged(this.parts.of(t), -1, standing.isListed(t));
      } else if (Number.isNaN(earliest) || since < earliest) {
        earliest = since;
      }
    }
    this.earliestTrueListing = earliest;
  }
}
