import type { Model } from "../model/index.js";
import { column, type Population, type PopulationParts } from "../population/index.js";
import { AliasTable, type RandomSource } from "../rng/index.js";

/** The population as a gallery reads it: where a shard starts, and its citizens' cells. */
export type GalleryShard = Pick<PopulationParts, "start" | "size" | "cell">;

/**
 * Citizens by (region, group), to find the k-th citizen of a (region, group) cell in index order without a list of
 * them. The gallery's citizens, in index order, are cut into blocks of 2^`blockShift`; `before[b × cells + cell]` is
 * how many citizens of the cell come before block b (row `blocks` holds each cell's total). The k-th citizen of a
 * cell lies in the last block with at most k of them before it, found by a binary search, and is found there by
 * reading that block's cells (a citizen's (region, group) cell is its cell ÷ (income bands × age bands), rounded
 * down: `cellIndex` numbers the cells with region and group slowest). Far less than a list's 4 bytes a citizen:
 * `cells` × 4 bytes per block.
 */
export interface GalleryIndex {
  readonly blockShift: number;
  readonly before: Int32Array;
  /** The gallery's shards, in index order, one after another. */
  readonly shards: readonly GalleryShard[];
}

/**
 * The blocks of a gallery of `cells` (region, group) cells: 16 × cells citizens rounded up to a power of two (the
 * table then takes a quarter of a byte a citizen), at least 256 and at most 65,536 (so that one draw reads at most
 * that many citizens' cells, and the table at most 4 bytes a citizen, for 65,535 cells).
 */
export function galleryBlockShift(cells: number): number {
  return Math.min(16, Math.max(8, Math.ceil(Math.log2(16 * cells))));
}

/**
 * Indexes the citizens of every shard (`populations`, in index order, one after another) by (region, group); the
 * table over a `SharedArrayBuffer` when `sharedMemory` (one index for every thread of a run, which also shares the
 * shards' columns).
 */
export function indexGallery(
  model: Model,
  populations: readonly GalleryShard[],
  sharedMemory = false,
): GalleryIndex {
  const cells = model.regions * model.groups;
  const span = model.incomeBands * model.ageBands;
  const blockShift = galleryBlockShift(cells);
  const mask = 2 ** blockShift - 1;
  const total = populations.reduce((sum, { size }) => sum + size, 0);
  const blocks = Math.ceil(total / 2 ** blockShift);
  const before = column(Int32Array, (blocks + 1) * cells, sharedMemory);
  const running = new Int32Array(cells);
  let position = 0;
  for (const { cell, size } of populations) {
    for (let i = 0; i < size; i++, position++) {
      if ((position & mask) === 0) before.set(running, (position >>> blockShift) * cells);
      running[(cell[i] / span) | 0]++;
    }
  }
  before.set(running, blocks * cells);
  const shards = populations.map(({ start, size, cell }) => ({ start, size, cell }));
  return { blockShift, before, shards };
}

/**
 * Draws the citizen a misattributed record lands on (a 1:N false match): a group chosen with probability
 * proportional to (citizens of that group in the gallery) × (the source's weight for that group), then a citizen of
 * that group uniformly (the ⌊U·n⌋-th of its n citizens in index order). The gallery is the actor's region when the
 * source searches regionally, else everyone. Citizens are indexed by (region, group) once (`indexGallery`).
 */
export class VictimSampler {
  private readonly blockShift: number;
  private readonly before: Int32Array;
  private readonly shards: readonly GalleryShard[];
  /** Where each shard's citizens begin among the gallery's (`shards.length` + 1 entries). */
  private readonly shardBegins: number[];
  /** The number of blocks: the row of `before` that holds each cell's total. */
  private readonly blocks: number;
  /** Per source: one table over groups per region (same region), or one over all (region, group) cells. */
  private tables: (AliasTable | undefined)[][] = [];
  private model: Model;

  /**
   * `gallery`: every shard of the population, in index order — the gallery is everyone — or an index of them built
   * once for the run (`indexGallery`) and shared between threads.
   */
  constructor(model: Model, gallery: readonly Population[] | GalleryIndex) {
    this.model = model;
    const index = Array.isArray(gallery) ? indexGallery(model, gallery) : (gallery as GalleryIndex);
    this.blockShift = index.blockShift;
    this.before = index.before;
    this.shards = index.shards;
    this.shardBegins = [0];
    for (const { size } of this.shards)
      this.shardBegins.push(this.shardBegins[this.shardBegins.length - 1] + size);
    this.blocks = this.before.length / (model.regions * model.groups) - 1;
    this.useModel(model);
  }

  /** How many citizens of (region, group) cell `cell` the gallery holds. */
  sizeOf(cell: number): number {
    return this.before[this.blocks * this.model.regions * this.model.groups + cell];
  }

  /** The k-th citizen (from 0), in index order, of (region, group) cell `cell`; k below `sizeOf(cell)`. */
  memberOf(cell: number, k: number): number {
    const cells = this.model.regions * this.model.groups;
    const span = this.model.incomeBands * this.model.ageBands;
    const before = this.before;
    // The last block with at most k of the cell's citizens before it (block 0 has none).
    let low = 0;
    let high = this.blocks - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (before[middle * cells + cell] <= k) low = middle;
      else high = middle - 1;
    }
    let remaining = k - before[low * cells + cell];
    let position = low * 2 ** this.blockShift;
    let shard = 0;
    while (this.shardBegins[shard + 1] <= position) shard++;
    for (;;) {
      const { start, size, cell: cellOf } = this.shards[shard];
      // The (region, group) cells of the shard's citizens run from `first` up to `first + span − 1`.
      const first = cell * span;
      for (let i = position - this.shardBegins[shard]; i < size; i++) {
        if ((cellOf[i] - first) >>> 0 < span && remaining-- === 0) return start + i;
      }
      shard++;
      position = this.shardBegins[shard];
    }
  }

  /** Builds the sources' tables from `model` (again at a timeline's change: the misattribution may change). */
  useModel(model: Model): void {
    this.model = model;
    const { regions: R, groups: G } = model;
    this.tables = [];
    for (let s = 0; s < model.sources; s++) {
      const perSource: (AliasTable | undefined)[] = [];
      if (model.misattributionRate[s] > 0) {
        const weight = (r: number, g: number) => this.sizeOf(r * G + g) * model.victimWeight[s * G + g];
        if (model.misattributionSameRegion[s]) {
          for (let r = 0; r < R; r++) {
            const weights = Array.from({ length: G }, (_, g) => weight(r, g));
            perSource.push(weights.some((w) => w > 0) ? new AliasTable(weights) : undefined);
          }
        } else {
          const weights = Array.from({ length: R * G }, (_, k) => weight(Math.floor(k / G), k % G));
          perSource.push(weights.some((w) => w > 0) ? new AliasTable(weights) : undefined);
        }
      }
      this.tables.push(perSource);
    }
  }

  /** A citizen other than `actor` (of region `region`) for source `s`, or −1 if there is none to draw. */
  draw(rng: RandomSource, s: number, actor: number, region: number): number {
    const G = this.model.groups;
    const sameRegion = this.model.misattributionSameRegion[s] === 1;
    const table = this.tables[s][sameRegion ? region : 0];
    if (table === undefined) return -1;
    for (let attempt = 0; attempt < 64; attempt++) {
      const drawn = table.sample(rng);
      const cell = sameRegion ? region * G + drawn : drawn;
      const victim = this.memberOf(cell, Math.floor(rng.nextDouble() * this.sizeOf(cell)));
      if (victim !== actor) return victim;
    }
    return -1;
  }
}
