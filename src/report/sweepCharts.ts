// Vega-Lite specs of a sweep's report: the indices with their intervals (Sobol, Morris, partial rank correlations),
// each measure against each parameter, and the indices' convergence with n. Each reads a named dataset of the
// page (`sweepIndices`, `sweepMorris`, `sweepPoints`, `sweepConvergence`), filtered to one measure.
import type { TopLevelSpec } from "vega-lite";
import type { Field } from "vega-lite/types_unstable/channeldef.js";
import type { LayerSpec } from "vega-lite/types_unstable/spec/index.js";
import { CONFIG, type Layout, NARROW, wrapped } from "./chartSpecs.js";

/** Colours of the indices: first-order and total Sobol indices, and any single index (μ*, PRCC). */
export const INDEX_COLOURS = { S1: "#1f6fb4", ST: "#d95f02", single: "#5e3c99" } as const;

const INDEX_LABELS = {
  S1: "first-order (S1)",
  ST: "total (ST)",
  muStar: "μ*",
  prcc: "PRCC",
} as const;

function measureFilter(measure: string) {
  return { filter: `datum.measure === ${JSON.stringify(measure)}` };
}

function parameterAxis(parameters: string[], layout: Layout) {
  return {
    field: "parameter",
    type: "nominal",
    title: null,
    scale: { domain: parameters },
    axis: { labelLimit: layout === "narrow" ? 90 : 200 },
  } as const;
}

const zeroRule: LayerSpec<Field>["layer"][number] = {
  mark: { type: "rule", color: "#666666", strokeDash: [3, 3] },
  encoding: { x: { datum: 0, type: "quantitative" } },
};

/**
 * Sobol indices of one measure: per parameter (in `parameters`' order), the first-order and total index as dots
 * with their 95% intervals as lines, beside a dashed zero line.
 */
export function sobolSpec(measure: string, parameters: string[], layout: Layout = "wide"): TopLevelSpec {
  const y = parameterAxis(parameters, layout);
  const colour = {
    field: "indexLabel",
    type: "nominal",
    title: null,
    scale: { domain: [INDEX_LABELS.S1, INDEX_LABELS.ST], range: [INDEX_COLOURS.S1, INDEX_COLOURS.ST] },
    legend: { orient: "top" },
  } as const;
  const both: string[] = [INDEX_LABELS.S1, INDEX_LABELS.ST];
  const offset = { field: "indexLabel", type: "nominal", scale: { domain: both } } as const;
  return {
    config: CONFIG,
    data: { name: "sweepIndices" },
    width: layout === "narrow" ? 200 : 480,
    height: { step: 30 },
    transform: [
      measureFilter(measure),
      { filter: { field: "index", oneOf: ["S1", "ST"] } },
      { filter: "isValid(datum.value)" },
    ],
    layer: [
      zeroRule,
      {
        transform: [{ filter: "isValid(datum.low) && isValid(datum.high)" }],
        mark: { type: "rule", strokeWidth: 2 },
        encoding: {
          y,
          yOffset: offset,
          color: colour,
          x: { field: "low", type: "quantitative" },
          x2: { field: "high" },
        },
      },
      {
        mark: { type: "point", filled: true, size: 60, opacity: 1 },
        encoding: {
          y,
          yOffset: offset,
          color: colour,
          x: {
            field: "value",
            type: "quantitative",
            title: "index and 95% interval",
            axis: { format: ".2~f", tickCount: layout === "narrow" ? 4 : 8 },
          },
          tooltip: [
            { field: "parameter", type: "nominal" },
            { field: "indexLabel", type: "nominal", title: "index" },
            { field: "value", type: "quantitative", format: ".3~g" },
            { field: "low", type: "quantitative", format: ".3~g", title: "95% from" },
            { field: "high", type: "quantitative", format: ".3~g", title: "95% to" },
          ],
        },
      },
    ],
  };
}

/**
 * Morris indices of one measure: each parameter at its μ* (overall influence, with its 95% interval as a line) and
 * σ (non-linearity or interactions), labelled with its name.
 */
export function morrisSpec(measure: string, layout: Layout = "wide"): TopLevelSpec {
  const narrow = layout === "narrow";
  const x = {
    field: "muStar",
    type: "quantitative",
    title: "μ*: overall influence",
    scale: { zero: true },
    axis: { format: ",.3~g", tickCount: narrow ? 4 : 8 },
  } as const;
  const y = {
    field: "sigma",
    type: "quantitative",
    title: "σ: non-linearity or interactions",
    scale: { zero: true },
    axis: { format: ",.3~g" },
  } as const;
  return {
    config: CONFIG,
    data: { name: "sweepMorris" },
    width: narrow ? NARROW - 60 : 480,
    height: narrow ? 220 : 300,
    transform: [measureFilter(measure), { filter: "isValid(datum.muStar) && isValid(datum.sigma)" }],
    layer: [
      {
        transform: [{ filter: "isValid(datum.low) && isValid(datum.high)" }],
        mark: { type: "rule", strokeWidth: 1.5, color: "#8da9c4" },
        encoding: { x: { field: "low", type: "quantitative" }, x2: { field: "high" }, y },
      },
      {
        mark: { type: "point", filled: true, size: 60, opacity: 1, color: INDEX_COLOURS.single },
        encoding: {
          x,
          y,
          tooltip: [
            { field: "parameter", type: "nominal" },
            { field: "muStar", type: "quantitative", format: ".3~g", title: "μ*" },
            { field: "low", type: "quantitative", format: ".3~g", title: "μ* 95% from" },
            { field: "high", type: "quantitative", format: ".3~g", title: "μ* 95% to" },
            { field: "mu", type: "quantitative", format: ".3~g", title: "μ" },
            { field: "sigma", type: "quantitative", format: ".3~g", title: "σ" },
          ],
        },
      },
      {
        mark: { type: "text", align: "left", dx: 6, dy: -6, fontSize: 11, color: "#1a1a1a" },
        encoding: { x, y, text: { field: "parameter", type: "nominal" } },
      },
    ],
  };
}

/** The range of a correlation. */
const UNIT: number[] = [-1, 1];

/** Partial rank correlations of one measure with each parameter, as bars from zero, with their 95% intervals. */
export function prccSpec(measure: string, parameters: string[], layout: Layout = "wide"): TopLevelSpec {
  const y = parameterAxis(parameters, layout);
  const x = {
    field: "value",
    type: "quantitative",
    title: "partial rank correlation and 95% interval",
    scale: { domain: UNIT },
    axis: { format: ".1~f", tickCount: layout === "narrow" ? 5 : 9 },
  } as const;
  return {
    config: CONFIG,
    data: { name: "sweepIndices" },
    width: layout === "narrow" ? 200 : 480,
    height: { step: 26 },
    transform: [measureFilter(measure), { filter: "datum.index === 'prcc' && isValid(datum.value)" }],
    layer: [
      {
        mark: { type: "bar", color: INDEX_COLOURS.single, opacity: 0.55, height: { band: 0.7 } },
        encoding: {
          y,
          x,
          tooltip: [
            { field: "parameter", type: "nominal" },
            { field: "value", type: "quantitative", format: ".3~g", title: "PRCC" },
            { field: "low", type: "quantitative", format: ".3~g", title: "95% from" },
            { field: "high", type: "quantitative", format: ".3~g", title: "95% to" },
          ],
        },
      },
      {
        transform: [{ filter: "isValid(datum.low) && isValid(datum.high)" }],
        mark: { type: "rule", strokeWidth: 2, color: "#1a1a1a" },
        encoding: { y, x: { field: "low", type: "quantitative" }, x2: { field: "high" } },
      },
      zeroRule,
    ],
  };
}

/** A parameter of a sweep as the scatter draws it: its name, and whether its values are numbers. */
export interface ScatterPanel {
  parameter: string;
  numeric: boolean;
}

/**
 * Small multiples: one measure against each parameter, one panel a parameter, one dot a design point (its mean
 * over replicates; `points` of them: few are drawn larger). A parameter given as levels that are not numbers is
 * drawn on a nominal axis.
 */
export function scatterSpec(
  measure: string,
  measureLabel: string,
  panels: ScatterPanel[],
  layout: Layout = "wide",
  points = 100,
): TopLevelSpec {
  const narrow = layout === "narrow";
  // Few points (a small grid) as larger dots.
  const size = points <= 50 ? 40 : narrow ? 14 : 18;
  const columns = Math.min(panels.length, narrow ? 2 : 3);
  return {
    config: CONFIG,
    data: { name: "sweepPoints" },
    transform: [measureFilter(measure), { filter: "isValid(datum.y)" }],
    columns,
    spacing: narrow ? 12 : 20,
    concat: panels.map((panel, k) => ({
      width: narrow ? 105 : 170,
      height: narrow ? 100 : 130,
      transform: [
        {
          filter: `datum.parameter === ${JSON.stringify(panel.parameter)} && isValid(datum.${panel.numeric ? "x" : "level"})`,
        },
      ],
      mark: { type: "point", filled: true, size, opacity: 0.6, color: INDEX_COLOURS.S1 },
      encoding: {
        x: panel.numeric
          ? {
              field: "x",
              type: "quantitative",
              title: panel.parameter,
              scale: { zero: false, nice: false },
              axis: { tickCount: 3, format: ",.3~g" },
            }
          : {
              field: "level",
              type: "nominal",
              title: panel.parameter,
              axis: { labelAngle: 0, labelLimit: 60 },
            },
        y: {
          field: "y",
          type: "quantitative",
          scale: { zero: false },
          // The measure's name on the first panel of each row only.
          title: k % columns === 0 ? wrapped(measureLabel, narrow ? 18 : 24) : null,
          axis: { tickCount: 3, format: ",.3~g" },
        },
        tooltip: [
          { field: "point", type: "quantitative", title: "design point" },
          panel.numeric
            ? { field: "x", type: "quantitative", format: ".3~g", title: panel.parameter }
            : { field: "level", type: "nominal", title: panel.parameter },
          { field: "y", type: "quantitative", format: ".3~g", title: "mean of the measure" },
        ],
      },
    })),
  };
}

/**
 * Convergence of one measure's indices with n, one panel a parameter: each index's estimate as a line with dots,
 * its 95% interval as a band.
 */
export function convergenceSpec(
  measure: string,
  indices: (keyof typeof INDEX_LABELS)[],
  parameters: string[],
  layout: Layout = "wide",
): TopLevelSpec {
  const narrow = layout === "narrow";
  const labels = indices.map((index) => INDEX_LABELS[index]);
  const range = indices.map((index) =>
    index === "S1" ? INDEX_COLOURS.S1 : index === "ST" ? INDEX_COLOURS.ST : INDEX_COLOURS.single,
  );
  const colour = {
    field: "indexLabel",
    type: "nominal",
    title: null,
    scale: { domain: labels, range },
    legend: { orient: "top" },
  } as const;
  const x = {
    field: "n",
    type: "quantitative",
    title: "n",
    scale: { type: "log", base: 2, nice: false },
    axis: { tickCount: 4, format: "~d" },
  } as const;
  return {
    config: CONFIG,
    data: { name: "sweepConvergence" },
    transform: [
      measureFilter(measure),
      { filter: { field: "index", oneOf: indices } },
      { filter: "isValid(datum.value)" },
    ],
    facet: {
      field: "parameter",
      type: "nominal",
      title: null,
      sort: parameters,
      header: { labelFontSize: 11, labelFontWeight: 600 },
    },
    columns: Math.min(parameters.length, narrow ? 2 : 3),
    spacing: narrow ? 12 : 20,
    spec: {
      width: narrow ? 115 : 170,
      height: narrow ? 90 : 110,
      layer: [
        {
          transform: [
            { filter: "isValid(datum.low) && isValid(datum.high)" },
            { calculate: "datum.indexLabel", as: "band" },
          ],
          mark: { type: "area", opacity: 0.2 },
          // Bands on a scale of their own, without a legend: the legend shows the lines.
          encoding: {
            x,
            y: { field: "low", type: "quantitative" },
            y2: { field: "high" },
            fill: { ...colour, field: "band", legend: null },
          },
        },
        {
          mark: { type: "line", strokeWidth: 1.5, point: { filled: true, size: 20 } },
          encoding: {
            x,
            y: {
              field: "value",
              type: "quantitative",
              title: "index",
              axis: { tickCount: 3, format: ",.3~g" },
            },
            color: colour,
            tooltip: [
              { field: "parameter", type: "nominal" },
              { field: "indexLabel", type: "nominal", title: "index" },
              { field: "n", type: "quantitative" },
              { field: "value", type: "quantitative", format: ".3~g" },
              { field: "low", type: "quantitative", format: ".3~g", title: "95% from" },
              { field: "high", type: "quantitative", format: ".3~g", title: "95% to" },
            ],
          },
        },
      ],
    },
  };
}

/** The words a chart's legend uses for an index. */
export function indexLabel(index: string): string {
  return index in INDEX_LABELS ? INDEX_LABELS[index as keyof typeof INDEX_LABELS] : index;
}
