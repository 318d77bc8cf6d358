import { type CellLayout, forEachCell } from "../model/cells.js";
import type { CellColumn } from "../population/index.js";

/** A citizen's parts packed for the series: group | region << 8 | income band << 16 (each below 256). */
export function packParts(group: number, region: number, incomeBand: number): number {
  return group | (region << 8) | (incomeBand << 16);
}

/**
 * Each citizen's parts for the series (`DailyMeasures`): group | region << 8 | income band << 16, which its cell
 * determines, so they are held per cell, not per citizen (4 bytes a citizen saved).
 */
export class CitizenParts {
  /** Per cell, its parts packed. */
  private readonly partsOfCell: Int32Array;

  /** `cellOf`: each citizen's cell, in the model's layout of cells. */
  constructor(
    private readonly cellOf: CellColumn,
    layout: CellLayout,
  ) {
    const partsOfCell = new Int32Array(layout.cells);
    forEachCell(layout, (cell, region, group, income) => {
      partsOfCell[cell] = packParts(group, region, income);
    });
    this.partsOfCell = partsOfCell;
  }

  /** Citizen i's parts, packed. */
  of(i: number): number {
    return this.partsOfCell[this.cellOf[i]];
  }
}
