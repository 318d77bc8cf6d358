/** Kinds of events in a traced citizen's story. */
export const TraceEventType = {
  act: 0,
  record: 1,
  listed: 2,
  delisted: 3,
  denied: 4,
  ostracised: 5,
  appeal: 6,
} as const;

/** One event of a traced citizen, with indexes into the model's lists. */
export interface TraceEvent {
  day: number;
  type: number;
  behaviour: number;
  source: number;
  /** RecordKind for a record; ListingRule for a listing; ListingEnd for a delisting. */
  kind: number;
  /** The citizen who really acted (for a record), or the opportunity (for a denial). */
  actor: number;
  /** For an act: the sources that recorded it (empty: missed). */
  sources: number[];
  /** For a record: what it changed the score by. */
  points: number;
}

/**
 * Everything that happens to one citizen, for the report's story: its acts and which sources saw them, the records
 * that land on its file and why, listings, denials, appeals, and its scores on both ledgers day by day. Only the
 * traced citizen pays for this.
 */
export class StoryTrace {
  readonly events: TraceEvent[] = [];
  readonly days: {
    day: number;
    trueScore: number;
    recordedScore: number;
    listed: boolean;
    trulyListed: boolean;
  }[] = [];

  /** `citizen`: its index in the whole population; the rest: its group, region and income band (indexes). */
  constructor(
    readonly citizen: number,
    readonly group = 0,
    readonly region = 0,
    readonly incomeBand = 0,
  ) {}

  add(event: Partial<TraceEvent> & { day: number; type: number }): void {
    this.events.push({ behaviour: -1, source: -1, kind: -1, actor: -1, sources: [], points: 0, ...event });
  }
}
