import { normalQuantile } from "./normal.js";
import type { SweepParameter } from "./types.js";

// A parameter's values: its quantile function maps a design's unit coordinate u to a value, and a grid takes a
// fixed set of them. docs/SWEEPS.md states the same formulas.

/** The u a normal quantile is taken at is kept within [U_MIN, 1 − U_MIN]: designs may give 0 or 1 (Φ⁻¹ = ±∞). */
export const U_MIN = 1e-12;

/** The value before rounding: the parameter's quantile function at u (u from 0 to 1). */
function quantile(parameter: SweepParameter, u: number): unknown {
  const space = parameter.space;
  switch (space.kind) {
    case "uniform":
      // (1 − u) low + u high = low + u (high − low), written so that u = 0 and u = 1 give low and high exactly.
      return (1 - u) * space.low + u * space.high;
    case "logUniform":
      // low^(1 − u) · high^u = low · (high / low)^u, exact at u = 0 and u = 1.
      return space.low ** (1 - u) * space.high ** u;
    case "normal":
      return space.mean + space.sd * normalQuantile(Math.min(Math.max(u, U_MIN), 1 - U_MIN));
    case "triangular": {
      const { low, mode, high } = space;
      // F(mode) = (mode − low) / (high − low); below it F(x) = (x − low)² / ((high − low)(mode − low)).
      if (u * (high - low) < mode - low) return low + Math.sqrt(u * (high - low) * (mode - low));
      return high - Math.sqrt((1 - u) * (high - low) * (high - mode));
    }
    case "levels": {
      const count = space.levels.length;
      return space.levels[Math.min(Math.floor(u * count), count - 1)];
    }
  }
}

/**
 * The parameter's value at the unit coordinate u ∈ [0, 1] (a design's point): its quantile function, then, for an
 * `integer` parameter (a range or a distribution: a sweep file gives levels no `integer`), Math.round (halves go up).
 */
export function parameterValue(parameter: SweepParameter, u: number): unknown {
  const value = quantile(parameter, u);
  return parameter.integer && typeof value === "number" ? Math.round(value) : value;
}

/**
 * The values a grid gives the parameter: its levels as listed; else `points` values, at u = k / (points − 1) for a
 * range (both ends included) and at u = (k + 0.5) / points for a distribution (k = 0 … points − 1). Rounding an
 * `integer` parameter may repeat a value.
 */
export function gridValues(parameter: SweepParameter, points: number): unknown[] {
  const space = parameter.space;
  if (space.kind === "levels") return [...space.levels];
  const range = space.kind === "uniform" || space.kind === "logUniform";
  return Array.from({ length: points }, (_, k) =>
    parameterValue(parameter, range ? k / (points - 1) : (k + 0.5) / points),
  );
}
