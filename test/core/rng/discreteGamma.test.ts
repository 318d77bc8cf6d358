import { describe, expect, it } from "vitest";
import { discreteGamma, PROPENSITY_LEVELS } from "../../../src/core/rng/index.js";

// Reference class means computed once with scipy 1.x (gamma.ppf for the quantiles y_j of gamma(k, 1) at j/256, then
// 256·[P(k + 1, y_(j+1)) − P(k + 1, y_j)] with gammainc, or the same with gammaincc above the median), and the
// classes' variance (numpy's population variance of the 256 means).
const REFERENCE: Record<number, { classes: Record<number, number>; variance: number }> = {
  0.3: {
    classes: {
      0: 5.034901999022919e-9,
      1: 9.646236482711189e-8,
      64: 0.02360894183830986,
      127: 0.2404357388618834,
      128: 0.2471528647664334,
      200: 1.3880131060283034,
      254: 10.343388684329332,
      255: 14.357989971996078,
    },
    variance: 3.296494638106405,
  },
  2: {
    classes: {
      0: 0.030135769822628607,
      1: 0.05592798268269543,
      64: 0.48329564534893166,
      127: 0.8360618584255093,
      128: 0.8422956023291945,
      200: 1.4431256797174399,
      254: 3.6356537933247264,
      255: 4.412209762756071,
    },
    variance: 0.49870513658969906,
  },
  10: {
    classes: {
      0: 0.3145984929606611,
      1: 0.37973988921034063,
      64: 0.7742235845243712,
      127: 0.9653546092661429,
      128: 0.968390438421423,
      200: 1.2304577293781307,
      254: 1.9756033136000601,
      255: 2.2045250313662716,
    },
    variance: 0.09988589124128419,
  },
};

const moments = (levels: Float64Array) => {
  const mean = levels.reduce((sum, x) => sum + x, 0) / levels.length;
  const variance = levels.reduce((sum, x) => sum + (x - mean) ** 2, 0) / levels.length;
  return { mean, variance };
};

describe("discreteGamma()", () => {
  it.each(Object.keys(REFERENCE).map(Number))(
    "gives the class means of shape %s to 1e-10 (scipy)",
    (shape) => {
      const levels = discreteGamma(shape);
      expect(levels).toHaveLength(PROPENSITY_LEVELS);
      for (const [j, value] of Object.entries(REFERENCE[shape].classes)) {
        expect(Math.abs(levels[Number(j)] - value) / value).toBeLessThan(1e-10);
      }
      const { mean, variance } = moments(levels);
      expect(Math.abs(mean - 1)).toBeLessThan(1e-14);
      expect(Math.abs(variance - REFERENCE[shape].variance) / REFERENCE[shape].variance).toBeLessThan(1e-10);
    },
  );

  it("has mean 1 and nearly all of the variance 1/k from k = 0.1 to 10^6, and ascends", () => {
    for (const [shape, kept] of [
      [0.1, 0.97],
      [0.5, 0.99],
      [2, 0.997],
      [1e3, 0.999],
      [1e6, 0.999],
    ]) {
      const levels = discreteGamma(shape);
      const { mean, variance } = moments(levels);
      expect(Math.abs(mean - 1)).toBeLessThan(1e-13);
      expect(variance * shape).toBeGreaterThan(kept);
      expect(variance * shape).toBeLessThan(1);
      for (let j = 1; j < levels.length; j++) expect(levels[j]).toBeGreaterThan(levels[j - 1]);
    }
  });

  it("gives finite classes of at least 0 at the schema's smallest shape, 0.001", () => {
    const levels = discreteGamma(0.001);
    expect(levels.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
    expect(Math.abs(moments(levels).mean - 1)).toBeLessThan(1e-13);
  });

  it("refuses a shape that is not finite and above 0", () => {
    for (const shape of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => discreteGamma(shape)).toThrow(/gamma shape must be finite and > 0/);
    }
  });
});
