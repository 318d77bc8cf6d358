import type { Scenario } from "../scenario/index.js";

// The compiled model's shape: a scenario as flat tables the day loop reads without lookups by name. Everything that
// depends only on a citizen's static attributes is precomputed per *cell* (a region × group × income band × age band
// combination, numbered by `cellIndex`), and every Poisson process a citizen runs is a numbered *channel*. The
// compilers of each section (one file each beside this one) fill the groups of fields below; `compileModel` joins them.

export const SEVERITY_RANK = { minor: 0, moderate: 1, serious: 2, severe: 3 } as const;

/** What a channel's events are. */
export const ChannelKind = { act: 0, spurious: 1, opportunity: 2 } as const;

/**
 * Which rule put a citizen on the list: `threshold`, the score below `entry.scoreBelow`; `atLeast`, the score at or
 * above `entry.scoreAtLeast`.
 */
export const ListingRule = { threshold: 0, severity: 1, behaviour: 2, court: 3, atLeast: 4 } as const;
export const LISTING_RULE_NAMES = ["threshold", "severity", "behaviour", "court", "atLeast"] as const;

/** What a record is, against the truth. */
export const RecordKind = { true: 0, misattributed: 1, spurious: 2, association: 3 } as const;
export const RECORD_KIND_NAMES = ["true", "misattributed", "spurious", "association"] as const;

/** A sanction or reward rule on the record, as compiled from `deniedTo` / `grantedTo`. */
export interface EligibilityRule {
  listed: boolean;
  categories: Uint8Array;
  /** Per group: the score below which the rule holds (−∞: never). */
  scoreBelow: Float64Array;
  /** Per group: the score at or above which the rule holds (+∞: never). */
  scoreAtLeast: Float64Array;
  /** False when the rule can match nobody (no condition set). */
  any: boolean;
}

/** The run: its length, seed and the population's dimensions (compiled by `compile.ts` and `cells.ts`). */
export interface RunTables {
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
  /** Region × group × income band × age band combinations; per-cell tables are indexed by `cellIndex`. */
  cells: number;
  /** A citizen listed for more than this many days counts as trapped (`measurement.trappedAfterDays`). */
  trappedAfterDays: number;
}

/** The citizens' Poisson processes: acts, spurious records and opportunities (compiled by `channels.ts`). */
export interface ChannelTables {
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
  /**
   * Per channel: the bound M — the largest state multiplier (`responses.byState`, `responses.distress`) a citizen can
   * reach; the engine draws at rate × M and thins (1 for the apparatus's channels and behaviours without rules).
   */
  channelBound: Float64Array;
  /** States a citizen can be in (`states.ts`: listed + 2 × sanctioned + 4 × band). */
  states: number;
  /** Per channel and state (`channel * states + state`): the rate multiplier m(state) ≤ the channel's bound. */
  stateMultiplier: Float64Array;
  /** Whether a state rule reads the recorded score's band (the engine then decays the score to the day). */
  stateReadsScore: boolean;
  /** Whether any state rule exists; without, the engine reads no state. */
  stateRules: boolean;
  /** Share of a behaviour's acts that are gamed rather than genuine, per cell (`behaviour * cells + cell`). */
  gamedShare: Float64Array;
}

/** Per behaviour, in scenario order: what an act is worth to the score and to the world (`behaviours.ts`). */
export interface BehaviourTables {
  behaviours: number;
  /** Points a recorded act adds to the score; 0 everywhere when scoring is off. */
  points: Float64Array;
  harm: Float64Array;
  /** `SEVERITY_RANK` of the behaviour. */
  severity: Uint8Array;
  legitimate: Uint8Array;
}

/** The observing apparatus: who sees what, how often, how wrongly and how late (`sources.ts`). */
export interface SourceTables {
  sources: number;
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
}

/** The score: its range, start, decay and bands (`scoring.ts`); neutral values when scoring is off. */
export interface ScoringTables {
  scoring: boolean;
  scoreMin: number;
  scoreMax: number;
  initialMean: number;
  initialSd: number;
  /**
   * Initial mean and sd by cell `group * incomeBands + band` (income band's value, else the group's, else
   * `initialMean`/`initialSd`); null when the scenario gives neither `byGroup` nor `byIncome`.
   */
  initialByCell: { mean: Float64Array; sd: Float64Array } | null;
  decay: boolean;
  decayTowards: number;
  decayHalfLifeDays: number;
  /** Lower bounds of the bands, ascending. */
  bandMin: Float64Array;
  /** Per band (in `bandMin`'s order), its index in `categoryNames`. */
  bandCategory: Uint8Array;
  /** Each band's category (its id when it names none), in order of first appearance, without repeats. */
  categoryNames: string[];
}

/** The list: entry rules, exit rules and publicity (`blacklist.ts`); rules that cannot fire when it is off. */
export interface BlacklistTables {
  blacklist: boolean;
  /** Listed when the score is below this (−∞: no such rule). */
  entryScoreBelow: number;
  /** Listed when the score is at least this (+∞: no such rule). */
  entryScoreAtLeast: number;
  /** `SEVERITY_RANK` at or above which one true act lists; 99 when no severity rule. */
  entrySeverity: number;
  entryBehaviour: Uint8Array;
  /** Per source: whether it is a court, whose records list under the court rule. */
  courtSource: Uint8Array;
  /** Behaviours whose true acts list under the truth's court rule (those a court source observes). */
  courtBehaviour: Uint8Array;
  minimumDays: number;
  /** After the minimum, leave when the score is at least this (+∞: no such rule)… */
  exitScoreAtLeast: number;
  /** …or below this (−∞: no such rule). */
  exitScoreBelow: number;
  exitCompliance: Uint8Array;
  /** Whether compliance ends a listing before its minimum duration. */
  exitComplianceBeforeMinimum: boolean;
  exitMaximumDays: number;
  publicListing: boolean;
  reach: number;
  ostracism: number;
}

/** Sanctions and rewards: opportunities denied and rewards granted on the record (`consequences.ts`). */
export interface ConsequenceTables {
  consequences: boolean;
  /** Per opportunity: who is denied it. */
  deniedTo: EligibilityRule[];
  opportunityValue: Float64Array;
  rewardCount: number;
  /** Per reward: who is granted it. */
  grantedTo: EligibilityRule[];
  /** Uses per eligible citizen-day, per reward and income band (`reward * incomeBands + band`). */
  rewardDailyUses: Float64Array;
  rewardValue: Float64Array;
  rewardReviewDays: number;
}

/**
 * Outcomes of opportunities (`outcomes.ts`): each (opportunity, granted or not) with outcomes is a *branch*, numbered
 * in scenario order; none when consequences are off.
 */
export interface OutcomeTables {
  outcomeBranches: number;
  /** Per `opportunity * 2 + (0 when granted, 1 when not)`: its branch, or −1. */
  outcomeBranchOf: Int32Array;
  /** Per branch: its opportunity, and 1 for the granted branch. */
  outcomeOpportunity: Uint16Array;
  outcomeGranted: Uint8Array;
  /** Per branch: the delay from request to outcome, as a source's (`delayDays`, `delayExponential`, `delayRate`). */
  outcomeDelayDays: Float64Array;
  outcomeDelayExponential: Uint8Array;
  outcomeDelayRate: Float64Array;
  /** Per branch: the behaviours one of which the outcome is. */
  outcomeBehaviours: Uint16Array[];
  /** Per branch: the index of its first behaviour among all branches' (`outcomeActs` in all), for the counts. */
  outcomeActStart: Int32Array;
  outcomeActs: number;
  /** Per branch: `OutcomeChoice`. */
  outcomeChoice: Uint8Array;
  /** Per branch and cell (`branch * cells + cell`): the first behaviour's probability, for a table. */
  outcomeProbability: Float64Array;
  /** Per branch, for a logistic: p = 1 / (1 + exp(−(intercept + slope·(score − centre)))), on `outcomeLedger`. */
  outcomeIntercept: Float64Array;
  outcomeSlope: Float64Array;
  outcomeCentre: Float64Array;
  /** `OutcomeLedger`. */
  outcomeLedger: Uint8Array;
}

/** The citizens' responses beyond their acts' rates: distress and guilt by association (`responses.ts`). */
export interface ResponseTables {
  /**
   * Days a denial or an ostracism refusal leaves a citizen sanctioned (distressed): `distress.durationDays` with
   * distress on, else `sanctionDays` (default 90) when a state rule reads `sanctioned` or `distressed`, else 0.
   */
  distressDays: number;
  association: boolean;
  associationContacts: number;
  associationPoints: number;
  associationEveryDays: number;
  /** Most association penalties one association day may create (see `associationCap`). */
  associationCap: number;
}

/** Due process: credit repair and appeals (`dueProcess.ts`). */
export interface DueProcessTables {
  /** Per behaviour: what credit repair multiplies its points by (1 where repair does not apply). */
  repairMultiplier: Float64Array;
  appeals: boolean;
  /** Per income band: the chance a listed citizen appeals, capped at 1. */
  appealProbability: Float64Array;
  reviewDays: number;
  errorDetection: number;
  restoreRecord: boolean;
}

/** A change of the model during a run: from the start of `day`, the run reads `model`. */
export interface ModelChange {
  day: number;
  model: Model;
}

/** A scenario compiled for one run: what the engine, the apparatus and the metrics read. */
export interface Model
  extends RunTables,
    ChannelTables,
    BehaviourTables,
    SourceTables,
    ScoringTables,
    BlacklistTables,
    ConsequenceTables,
    OutcomeTables,
    ResponseTables,
    DueProcessTables {
  /**
   * The timeline's changes, in order of day (each `model` with the same structure and an empty timeline); empty
   * without a timeline. This model is the one of the days before the first change.
   */
  timeline: ModelChange[];
}
