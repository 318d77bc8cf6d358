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

  /**
   * `cellOf`: each citizen's cell, ((region × groups + group) × income bands + income band) × age bands + age band.
   */
  constructor(
    private readonly cellOf: Uint16Array,
    layout: { regions: number; groups: number; incomeBands: number; ageBands: number },
  ) {
    const { regions, groups, incomeBands, ageBands } = layout;
    this.partsOfCell = new Int32Array(regions * groups * incomeBands * ageBands);
    for (let region = 0; region < regions; region++) {
      for (let group = 0; group < groups; group++) {
        for (let income = 0; income < incomeBands; income++) {
          const parts = packParts(group, region, income);
          const first = ((region * groups + group) * incomeBands + income) * ageBands;
          this.partsOfCell.fill(parts, first, first + ageBands);
        }
      }
    }
  }

  /** Citizen i's parts, packed. */
  of(i: number): number {
    return this.partsOfCell[this.cellOf[i]];
  }
}
