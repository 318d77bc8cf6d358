// How many wrong records (misattributed or spurious) each citizen has on its record, at most 65,535: a byte each, and
// the few past 254 in a map (china-2020 gives 30% of its citizens one in a year, and hardly any more than a few).

/** The largest count held. */
export const MOST_WRONG_RECORDS = 0xffff;
/** A citizen's byte when its count is in the map. */
const IN_MAP = 255;

export class WrongRecords {
  private readonly low: Uint8Array;
  private readonly high = new Map<number, number>();

  constructor(readonly size: number) {
    this.low = new Uint8Array(size);
  }

  /** Citizen i's count. */
  get(i: number): number {
    const count = this.low[i];
    return count !== IN_MAP ? count : (this.high.get(i) as number);
  }

  /** Sets citizen i's count (0 … `MOST_WRONG_RECORDS`). */
  set(i: number, count: number): void {
    if (count < IN_MAP) {
      if (this.low[i] === IN_MAP) this.high.delete(i);
      this.low[i] = count;
    } else {
      this.low[i] = IN_MAP;
      this.high.set(i, count);
    }
  }

  /** Adds one to citizen i's count (below `MOST_WRONG_RECORDS`). */
  increment(i: number): void {
    const count = this.low[i];
    if (count < IN_MAP - 1) this.low[i] = count + 1;
    else this.set(i, this.get(i) + 1);
  }

  /** Every citizen's count, in a new 16-bit column (for a checkpoint). */
  column(): Uint16Array {
    const column = Uint16Array.from(this.low);
    for (const [i, count] of this.high) column[i] = count;
    return column;
  }

  /** Puts every count back from a column (as `column` gives it). */
  restore(column: ArrayLike<number>): void {
    if (column.length !== this.size) {
      throw new RangeError(`wrong records of ${this.size} citizens given ${column.length}`);
    }
    this.high.clear();
    for (let i = 0; i < this.size; i++) this.set(i, column[i]);
  }

  /** Citizens whose count is past a byte, in the map. */
  get entries(): number {
    return this.high.size;
  }
}
