import { IntList } from "./buffers.js";

/**
 * Obligations waiting for their outcome: (citizen, branch) pairs, one list per due day of the run. A day's list is
 * freed once taken; each day's pairs stay in the order they were opened.
 */
export class ObligationQueue {
  private readonly lists: (IntList | undefined)[];

  constructor(readonly days: number) {
    this.lists = new Array(days);
  }

  /** Adds citizen i's obligation of outcome branch k, due on `day` (a day of the run). */
  push(day: number, i: number, k: number): void {
    let list = this.lists[day];
    if (list === undefined) {
      list = new IntList(32);
      this.lists[day] = list;
    }
    list.push(i);
    list.push(k);
  }

  /** Removes and returns `day`'s pairs (possibly none), packed (citizen, branch). */
  take(day: number): IntList {
    const list = this.lists[day] ?? new IntList(1);
    this.lists[day] = undefined;
    return list;
  }

  /** Every waiting obligation as (day, citizen, branch) triples, day after day, each day's in order (a checkpoint's). */
  triples(): Int32Array {
    let count = 0;
    for (const list of this.lists) count += (list?.length ?? 0) / 2;
    const triples = new Int32Array(3 * count);
    let at = 0;
    this.lists.forEach((list, day) => {
      if (list === undefined) return;
      for (let k = 0; k < list.length; k += 2) {
        triples[at++] = day;
        triples[at++] = list.data[k];
        triples[at++] = list.data[k + 1];
      }
    });
    return triples;
  }

  clear(): void {
    this.lists.fill(undefined);
  }
}
