import { describe, expect, it } from "vitest";
import {
  type GalleryShard,
  galleryBlockShift,
  indexGallery,
  VictimSampler,
} from "../../../src/core/apparatus/victims.js";
import type { Model } from "../../../src/core/model/index.js";

// The gallery finds the k-th citizen of a (region, group) cell, in index order, from a table of counts per block
// instead of a list of every citizen; a false match's victim is that citizen. Checked here against the list itself
// (a counting sort, as the gallery was held before), for every k of every cell.

/** Income bands and age bands of every test's cells: a citizen's cell holds them below its (region, group). */
const INCOME_BANDS = 2;
const AGE_BANDS = 3;

/** A model with the structure the gallery reads, and no source that misattributes. */
function structure(regions: number, groups: number): Model {
  return {
    regions,
    groups,
    incomeBands: INCOME_BANDS,
    ageBands: AGE_BANDS,
    sources: 0,
    misattributionRate: new Float64Array(0),
  } as unknown as Model;
}

/**
 * Shards of the given sizes, one after another from `first`, with regions, groups, income and age bands drawn by a
 * fixed LCG, held as cells (`cellIndex`).
 */
function shards(sizes: number[], regions: number, groups: number, first = 0): GalleryShard[] {
  let state = 12345;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state >>> 8;
  };
  let start = first;
  return sizes.map((size) => {
    const cell = new Uint16Array(size);
    for (let i = 0; i < size; i++) {
      const region = next() % regions;
      // Group 0 is rare and the last group never occurs in region 0: cells of every size, one empty.
      const drawn = next() % (4 * groups);
      let group = drawn === 0 ? 0 : 1 + (drawn % (groups - 1));
      if (region === 0 && group === groups - 1) group = 1;
      const income = next() % INCOME_BANDS;
      cell[i] = ((region * groups + group) * INCOME_BANDS + income) * AGE_BANDS + (next() % AGE_BANDS);
    }
    const shard = { start, size, cell };
    start += size;
    return shard;
  });
}

/** Each cell's citizens in index order: the list the gallery no longer holds. */
function lists(gallery: GalleryShard[]): Map<number, number[]> {
  const byCell = new Map<number, number[]>();
  for (const { start, size, cell: cellOf } of gallery) {
    for (let i = 0; i < size; i++) {
      // The (region, group) cell: the citizen's cell less its age band, then less its income band.
      const cell = Math.floor(Math.floor(cellOf[i] / AGE_BANDS) / INCOME_BANDS);
      const members = byCell.get(cell) ?? [];
      members.push(start + i);
      byCell.set(cell, members);
    }
  }
  return byCell;
}

function expectSameAsLists(regions: number, groups: number, gallery: GalleryShard[]): void {
  const model = structure(regions, groups);
  const sampler = new VictimSampler(model, indexGallery(model, gallery));
  const expected = lists(gallery);
  for (let cell = 0; cell < regions * groups; cell++) {
    const members = expected.get(cell) ?? [];
    expect(sampler.sizeOf(cell)).toBe(members.length);
    const found = members.map((_, k) => sampler.memberOf(cell, k));
    expect(found).toEqual(members);
  }
}

describe("the gallery of false matches (indexGallery, VictimSampler.memberOf)", () => {
  it("finds every cell's k-th citizen in index order, across shards that end inside a block and an empty one", () => {
    expect(galleryBlockShift(3 * 4)).toBe(8);
    expectSameAsLists(3, 4, shards([1000, 0, 2300, 1, 1699], 3, 4));
  });

  it("counts shards from their own start (a gallery of one shard in the middle of the population)", () => {
    expectSameAsLists(3, 4, shards([3000], 3, 4, 70_000));
  });

  it("takes larger blocks for many cells, and the last block part-filled", () => {
    expect(galleryBlockShift(40 * 50)).toBe(15);
    expect(galleryBlockShift(255 * 255)).toBe(16);
    expectSameAsLists(40, 50, shards([40_000, 30_001], 40, 50));
  });

  it("holds a quarter of a byte a citizen or less for a few cells, not a list's four", () => {
    const model = structure(3, 2);
    const index = indexGallery(model, shards([100_000], 3, 2));
    expect(index.before.byteLength / 100_000).toBeLessThanOrEqual(0.25);
  });
});
