import type { Scenario } from "../scenario/index.js";

// Cells: the region × group × income band × age band combinations over which the per-cell tables are computed,
// numbered with the age band varying fastest.

export const DAYS_PER_YEAR = 365;

/** The population's dimensions: how many of each, and the cells they make. */
export interface CellLayout {
  regions: number;
  groups: number;
  incomeBands: number;
  ageBands: number;
  cells: number;
}

export function cellLayout(population: Scenario["population"]): CellLayout {
  const regions = population.regions.length;
  const groups = population.groups.length;
  const incomeBands = population.incomeBands.length;
  const ageBands = population.ageBands.length;
  return { regions, groups, incomeBands, ageBands, cells: regions * groups * incomeBands * ageBands };
}

/** The cell of region `r`, group `g`, income band `i` and age band `a`. */
export function cellIndex(layout: CellLayout, r: number, g: number, i: number, a: number): number {
  return ((r * layout.groups + g) * layout.incomeBands + i) * layout.ageBands + a;
}

/** Calls `visit` for every cell, in increasing cell order, with the cell and its coordinates. */
export function forEachCell(
  layout: CellLayout,
  visit: (cell: number, r: number, g: number, i: number, a: number) => void,
): void {
  for (let r = 0; r < layout.regions; r++)
    for (let g = 0; g < layout.groups; g++)
      for (let i = 0; i < layout.incomeBands; i++)
        for (let a = 0; a < layout.ageBands; a++) visit(cellIndex(layout, r, g, i, a), r, g, i, a);
}
