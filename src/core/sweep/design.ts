import { latinHypercube, morrisDesign, saltelliDesign } from "../sensitivity/index.js";
import { gridValues, parameterValue } from "./space.js";
import type { SweepSpec } from "./types.js";

/** A design point: its coordinates in the unit hypercube (none on a grid) and the values its parameters take. */
export interface DesignPoint {
  point: number;
  unit: Float64Array | null;
  values: unknown[];
}

/**
 * Every point of a sweep's design, in the order the estimators read them: a grid's combinations (the first
 * parameter varying slowest), a Latin hypercube's samples, Saltelli's blocks or Morris's trajectories. A function of
 * the sweep file alone (the hypercube and the trajectories are drawn from the sweep's seed).
 */
export function designPoints(spec: SweepSpec): DesignPoint[] {
  const { design, parameters } = spec;
  const dimension = parameters.length;
  if (design.kind === "grid") {
    const levels = parameters.map((parameter) => gridValues(parameter, design.points));
    const points: DesignPoint[] = [];
    const index = new Array<number>(dimension).fill(0);
    for (;;) {
      points.push({ point: points.length, unit: null, values: index.map((k, p) => levels[p][k]) });
      let p = dimension - 1;
      while (p >= 0 && index[p] === levels[p].length - 1) index[p--] = 0;
      if (p < 0) return points;
      index[p]++;
    }
  }
  const unit =
    design.kind === "lhs"
      ? latinHypercube(design.samples, dimension, spec.seed)
      : design.kind === "sobol"
        ? saltelliDesign(design.n, dimension, design.secondOrder)
        : morrisDesign(design.trajectories, dimension, design.levels, spec.seed);
  return unit.map((coordinates, point) => ({
    point,
    unit: coordinates,
    values: parameters.map((parameter, p) => parameterValue(parameter, coordinates[p])),
  }));
}

/** How many points a sweep's design has, without drawing them. */
export function designSize(spec: SweepSpec): number {
  const { design, parameters } = spec;
  const d = parameters.length;
  switch (design.kind) {
    case "grid":
      return parameters.reduce(
        (product, parameter) =>
          product * (parameter.space.kind === "levels" ? parameter.space.levels.length : design.points),
        1,
      );
    case "lhs":
      return design.samples;
    case "sobol":
      return design.n * (design.secondOrder ? 2 * d + 2 : d + 2);
    case "morris":
      return design.trajectories * (d + 1);
  }
}

/** How a design is described in a sentence's clause ("Sobol (Saltelli), N = 64, first and total order"). */
export function describeDesign(spec: SweepSpec): string {
  const { design } = spec;
  switch (design.kind) {
    case "grid":
      return `full grid, ${design.points} values per range`;
    case "lhs":
      return `Latin hypercube, ${design.samples} samples`;
    case "sobol":
      return `Sobol sequence in Saltelli's scheme, N = ${design.n}${design.secondOrder ? ", with second-order indices" : ""}`;
    case "morris":
      return `Morris, ${design.trajectories} trajectories on ${design.levels} levels`;
  }
}
