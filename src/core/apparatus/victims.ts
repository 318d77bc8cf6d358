import type { Model } from "../model/index.js";
import { column, type Population, type PopulationParts } from "../population/index.js";
import { AliasTable, type RandomSource } from "../rng/index.js";

/** Citizens by (region, group): `members[offsets[cell]]` … `members[offsets[cell + 1] − 1]`, in index order. */
export interface GalleryIndex {
  readonly offsets: Int32Array;
  readonly members: Int32Array;
}

/**
 * Indexes the citizens of every shard (in index order) by (region, group), by a counting sort: 4 bytes per citizen,
 * over a `SharedArrayBuffer` when `sharedMemory` (one index for every thread of a run).
 */
export function indexGallery(
  model: Model,
  populations: readonly PopulationParts[],
  sharedMemory = false,
): GalleryIndex {
  const { regions: R, groups: G } = model;
  const counts = new Int32Array(R * G + 1);
  let total = 0;
  for (const { region, group, size } of populations) {
    for (let i = 0; i < size; i++) counts[region[i] * G + group[i] + 1]++;
    total += size;
  }
  for (let k = 1; k <= R * G; k++) counts[k] += counts[k - 1];
  const offsets = column(Int32Array, counts.length, sharedMemory);
  offsets.set(counts);
  const next = counts.slice();
  const members = column(Int32Array, total, sharedMemory);
  for (const { region, group, size, start } of populations) {
    for (let i = 0; i < size; i++) members[next[region[i] * G + group[i]]++] = start + i;
  }
  return { offsets, members };
}

/**
 * Draws the citizen a misattributed record lands on (a 1:N false match): a group chosen with probability
 * proportional to (citizens of that group in the gallery) × (the source's weight for that group), then a citizen of
 * that group uniformly. The gallery is the actor's region when the source searches regionally, else everyone.
 * Citizens are indexed by (region, group) once, by a counting sort: 4 bytes per citizen.
 */
export class VictimSampler {
  private readonly members: Int32Array;
  /** Start of each (region, group) range in `members`; `offsets[R * G]` is the population size. */
  private readonly offsets: Int32Array;
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
    this.offsets = index.offsets;
    this.members = index.members;
    this.useModel(model);
  }

  /** Builds the sources' tables from `model` (again at a timeline's change: the misattribution may change). */
  useModel(model: Model): void {
    this.model = model;
    const { regions: R, groups: G } = model;
    this.tables = [];
    for (let s = 0; s < model.sources; s++) {
      const perSource: (AliasTable | undefined)[] = [];
      if (model.misattributionRate[s] > 0) {
        const weight = (r: number, g: number) =>
          (this.offsets[r * G + g + 1] - this.offsets[r * G + g]) * model.victimWeight[s * G + g];
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
      const from = this.offsets[cell];
      const count = this.offsets[cell + 1] - from;
      const victim = this.members[from + Math.floor(rng.nextDouble() * count)];
      if (victim !== actor) return victim;
    }
    return -1;
  }
}
