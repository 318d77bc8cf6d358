// What the systems tell the run's streaming measures as events happen. The daily series (metrics' `SeriesRecorder`)
// implements it; the systems see only this, so the measures sit above them.

/**
 * A citizen's parts (group | region << 8 | income band << 16) come packed as `parts`; `citizen` is its index in the
 * whole population.
 */
export interface DailyMeasures {
  /** An act of behaviour `b`. */
  act(parts: number, b: number): void;
  /** The truth's score changed by `delta` (after decay to today and clamping). */
  trueChanged(parts: number, citizen: number, delta: number): void;
  /** The recorded score changed by `delta` (after decay to today and clamping). */
  recordedChanged(parts: number, citizen: number, delta: number): void;
  /** An opportunity was denied. */
  denied(parts: number): void;
  /** The citizen was listed (`wrongful`: the truth does not list it). */
  listed(parts: number, wrongful: boolean): void;
  /** The citizen left the list for `cause` (`ListingEnd`; `trulyListed`: whether the truth lists it now). */
  delisted(parts: number, trulyListed: boolean, cause: number): void;
  /** The truth listed (+1) or delisted (−1) the citizen, who is or is not `listed` on the record. */
  trulyListedChanged(parts: number, change: 1 | -1, listed: boolean): void;
}
