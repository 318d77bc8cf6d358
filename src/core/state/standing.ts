import { NOT_LISTED, STANDING_COLUMNS, type StandingColumn } from "./citizens.js";

// A citizen's standing with the apparatus: listed on the record since a day, listed by the truth since a day, in
// distress until a day, and the `Flag` bits. Most citizens never have any (china-2020 lists about 1% by the truth in a
// year), so it is held only for those who have had some, in an open-addressing table of slots, and for every citizen,
// as plain columns, once more than a sixteenth of the shard has some: then a slot is the citizen's own index.

/** Bytes of one slot of the table: the citizen (4), three 16-bit days, the flags. */
export const STANDING_SLOT_BYTES = 4 + 3 * 2 + 1;
/** Bytes a citizen of the columns the table turns into: three 16-bit days and the flags. */
export const STANDING_DENSE_BYTES = 3 * 2 + 1;
/**
 * The most the table holds, a citizen, before it turns into columns: a table of at most size / 8 slots (it grows at
 * half full), STANDING_SLOT_BYTES / 8, and a bit a citizen. Turning, the table and the columns are both held for a
 * moment, so an upper bound of the standing's bytes a citizen is STANDING_DENSE_BYTES + this.
 */
export const STANDING_TABLE_BYTES = (STANDING_SLOT_BYTES + 1) / 8;

/** The table's first size, in slots. */
const FIRST_SLOTS = 64;
/** Fibonacci hashing: the citizen times 2^32 / φ, its top bits the first slot probed. */
const GOLDEN = 0x9e3779b1;

/**
 * The standing of a shard's `size` citizens. Read a citizen's values by the getters, or, on a hot path, by `slot`
 * and the value arrays (a slot stays valid until the next write that adds a citizen).
 */
export class Standing {
  /** Each slot's citizen, −1 for an empty slot; null once held as columns (a citizen's slot is its index). */
  private keys: Int32Array | null = null;
  /**
   * A bit a citizen, set once it has a slot: most reads (a citizen acting, a record applied) find it clear and never
   * probe the table, whose slots are scattered (an eighth of a byte a citizen; empty once held as columns).
   */
  private present = new Uint8Array(0);
  /** `32 − log2(slots)`: the hash's top bits pick the first slot. */
  private shift = 0;
  /** Citizens in the table. */
  private count = 0;
  /** By slot: the day the listing on the record started, or `NOT_LISTED`. */
  listedAt = new Uint16Array(0);
  /** By slot: the same on the truth ledger. */
  trulyListedAt = new Uint16Array(0);
  /** By slot: distress lasts until this day (exclusive); 0 for none. */
  distressAt = new Uint16Array(0);
  /** By slot: `Flag` bits. */
  flagsAt = new Uint8Array(0);

  constructor(readonly size: number) {
    this.reset();
  }

  /** Whether every citizen has a slot (the table turned into columns). */
  get dense(): boolean {
    return this.keys === null;
  }

  /** Citizen i's slot, or −1 when it has none (all its values are those of a citizen with none). */
  slot(i: number): number {
    const keys = this.keys;
    if (keys === null) return i;
    if ((this.present[i >>> 3] & (1 << (i & 7))) === 0) return -1;
    const mask = keys.length - 1;
    let s = Math.imul(i, GOLDEN) >>> this.shift;
    for (;;) {
      const key = keys[s];
      if (key === i) return s;
      if (key < 0) return -1;
      s = (s + 1) & mask;
    }
  }

  listedSince(i: number): number {
    const s = this.slot(i);
    return s < 0 ? NOT_LISTED : this.listedAt[s];
  }

  trulyListedSince(i: number): number {
    const s = this.slot(i);
    return s < 0 ? NOT_LISTED : this.trulyListedAt[s];
  }

  distressUntil(i: number): number {
    const s = this.slot(i);
    return s < 0 ? 0 : this.distressAt[s];
  }

  flags(i: number): number {
    const s = this.slot(i);
    return s < 0 ? 0 : this.flagsAt[s];
  }

  isListed(i: number): boolean {
    return this.listedSince(i) !== NOT_LISTED;
  }

  isTrulyListed(i: number): boolean {
    return this.trulyListedSince(i) !== NOT_LISTED;
  }

  setListedSince(i: number, day: number): void {
    const s = day === NOT_LISTED ? this.slot(i) : this.slotFor(i);
    if (s >= 0) this.listedAt[s] = day;
  }

  setTrulyListedSince(i: number, day: number): void {
    const s = day === NOT_LISTED ? this.slot(i) : this.slotFor(i);
    if (s >= 0) this.trulyListedAt[s] = day;
  }

  setDistressUntil(i: number, day: number): void {
    const s = day === 0 ? this.slot(i) : this.slotFor(i);
    if (s >= 0) this.distressAt[s] = day;
  }

  /** Sets `bits` of citizen i's flags. */
  addFlags(i: number, bits: number): void {
    if (bits === 0) return;
    // The slot first: making it may move the table.
    const s = this.slotFor(i);
    this.flagsAt[s] |= bits;
  }

  /** Clears `bits` of citizen i's flags. */
  clearFlags(i: number, bits: number): void {
    const s = this.slot(i);
    if (s >= 0) this.flagsAt[s] &= ~bits;
  }

  /** Clears `bits` of every citizen's flags. */
  clearAllFlags(bits: number): void {
    const flags = this.flagsAt;
    for (let s = 0; s < flags.length; s++) flags[s] &= ~bits;
  }

  /** The bytes held: the table's slots and the bits, or the columns. */
  get bytes(): number {
    return (
      (this.keys?.byteLength ?? 0) + this.present.byteLength + STANDING_DENSE_BYTES * this.listedAt.length
    );
  }

  /** Every citizen's values of `column`, in a new array (for a checkpoint and for tests). */
  column(column: "flags"): Uint8Array;
  column(column: Exclude<StandingColumn, "flags">): Uint16Array;
  column(column: StandingColumn): Uint16Array | Uint8Array;
  column(column: StandingColumn): Uint16Array | Uint8Array {
    const size = this.size;
    const out = column === "flags" ? new Uint8Array(size) : new Uint16Array(size);
    if (column === "listedSince" || column === "trulyListedSince") out.fill(NOT_LISTED);
    const values = this.values(column);
    const keys = this.keys;
    if (keys === null) {
      out.set(values);
    } else {
      for (let s = 0; s < keys.length; s++) if (keys[s] >= 0) out[keys[s]] = values[s];
    }
    return out;
  }

  /** Puts every citizen's values back from the columns (as `column` gives them), in place of all it held. */
  restore(columns: Record<StandingColumn, ArrayLike<number>>): void {
    for (const name of STANDING_COLUMNS) {
      if (columns[name].length !== this.size) {
        throw new RangeError(`a standing of ${this.size} citizens given ${columns[name].length} of ${name}`);
      }
    }
    this.reset();
    const { listedSince, trulyListedSince, flags, distressUntil } = columns;
    for (let i = 0; i < this.size; i++) {
      this.setListedSince(i, listedSince[i]);
      this.setTrulyListedSince(i, trulyListedSince[i]);
      this.setDistressUntil(i, distressUntil[i]);
      this.addFlags(i, flags[i]);
    }
  }

  private values(column: StandingColumn): Uint16Array | Uint8Array {
    if (column === "listedSince") return this.listedAt;
    if (column === "trulyListedSince") return this.trulyListedAt;
    if (column === "distressUntil") return this.distressAt;
    return this.flagsAt;
  }

  /** Empty: a table of `FIRST_SLOTS` slots, or columns when such a table is already more than size / 8 slots. */
  private reset(): void {
    this.count = 0;
    if (FIRST_SLOTS > this.size / 8) {
      this.toColumns(null);
    } else {
      this.present = new Uint8Array((this.size + 7) >>> 3);
      this.allocate(FIRST_SLOTS);
    }
  }

  private allocate(slots: number): void {
    this.keys = new Int32Array(slots).fill(-1);
    this.shift = 32 - Math.log2(slots);
    this.listedAt = new Uint16Array(slots).fill(NOT_LISTED);
    this.trulyListedAt = new Uint16Array(slots).fill(NOT_LISTED);
    this.distressAt = new Uint16Array(slots);
    this.flagsAt = new Uint8Array(slots);
  }

  /** Citizen i's slot, made when it has none: the table doubles at half full, or turns into columns. */
  private slotFor(i: number): number {
    const found = this.slot(i);
    if (found >= 0) return found;
    let keys = this.keys as Int32Array;
    if (2 * (this.count + 1) > keys.length) {
      if (2 * keys.length > this.size / 8) {
        this.toColumns(keys);
        return i;
      }
      this.grow();
      keys = this.keys as Int32Array;
    }
    const mask = keys.length - 1;
    let s = Math.imul(i, GOLDEN) >>> this.shift;
    while (keys[s] >= 0) s = (s + 1) & mask;
    keys[s] = i;
    this.present[i >>> 3] |= 1 << (i & 7);
    this.count++;
    return s;
  }

  private grow(): void {
    const keys = this.keys as Int32Array;
    const { listedAt, trulyListedAt, distressAt, flagsAt } = this;
    this.allocate(2 * keys.length);
    const next = this.keys as Int32Array;
    const mask = next.length - 1;
    for (let from = 0; from < keys.length; from++) {
      const i = keys[from];
      if (i < 0) continue;
      let s = Math.imul(i, GOLDEN) >>> this.shift;
      while (next[s] >= 0) s = (s + 1) & mask;
      next[s] = i;
      this.listedAt[s] = listedAt[from];
      this.trulyListedAt[s] = trulyListedAt[from];
      this.distressAt[s] = distressAt[from];
      this.flagsAt[s] = flagsAt[from];
    }
  }

  /** Every citizen gets its own slot, its index; `keys`: the table's, whose values move over. */
  private toColumns(keys: Int32Array | null): void {
    const size = this.size;
    const listedAt = new Uint16Array(size).fill(NOT_LISTED);
    const trulyListedAt = new Uint16Array(size).fill(NOT_LISTED);
    const distressAt = new Uint16Array(size);
    const flagsAt = new Uint8Array(size);
    if (keys !== null) {
      for (let s = 0; s < keys.length; s++) {
        const i = keys[s];
        if (i < 0) continue;
        listedAt[i] = this.listedAt[s];
        trulyListedAt[i] = this.trulyListedAt[s];
        distressAt[i] = this.distressAt[s];
        flagsAt[i] = this.flagsAt[s];
      }
    }
    this.keys = null;
    this.present = new Uint8Array(0);
    this.listedAt = listedAt;
    this.trulyListedAt = trulyListedAt;
    this.distressAt = distressAt;
    this.flagsAt = flagsAt;
  }
}
