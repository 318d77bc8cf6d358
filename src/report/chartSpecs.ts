// Vega-Lite specs for the reports. Each reads named datasets (`data: { name }`), never inline values, so the same
// specs serve `report.html` (datasets inlined once) and, later, the browser explorable (datasets streamed in).
import type { Config, TopLevelSpec } from "vega-lite";
import type { Field } from "vega-lite/types_unstable/channeldef.js";
import type { LayerSpec } from "vega-lite/types_unstable/spec/index.js";

/** A chart of a report: its spec, the datasets it reads, and the words around it. */
export interface Chart {
  /** The figure's id in the page (`fig-blacklist`). */
  id: string;
  title: string;
  /** What to read from the chart, in a sentence or two. */
  caption: string;
  /** The chart in words, for screen readers (its `aria-label`). */
  description: string;
  /** Names of the datasets the spec reads. */
  datasets: string[];
  spec: TopLevelSpec;
  /** The same chart laid out for a phone: drawn at most `NARROW_WIDTH` wide, so its text keeps its size. */
  narrow: TopLevelSpec;
}

/** Chart layouts: `wide` for a desktop page (up to ~900 px), `narrow` for a phone (a 390 px screen). */
export type Layout = "wide" | "narrow";

/** The width a narrow chart must fit whole, axes and legends included: a 390 px screen less the page's margins. */
export const NARROW_WIDTH = 350;

/** Colours: truth and record (a colour-blind-safe blue/orange pair), wrongful and rightful listings. */
export const COLOURS = {
  truth: "#1f6fb4",
  record: "#d95f02",
  wrongful: "#b2182b",
  rightful: "#8da9c4",
  informal: "#b8a1d9",
  listedShade: "#f4c7c3",
} as const;

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/** Shared look: readable type, dark labels on white (contrast above 7:1), light grid. */
export const CONFIG: Config = {
  font: FONT,
  background: "#ffffff",
  view: { stroke: null },
  axis: {
    labelColor: "#333333",
    titleColor: "#1a1a1a",
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 600,
    gridColor: "#e6e6e6",
    domainColor: "#666666",
    tickColor: "#666666",
  },
  legend: {
    labelColor: "#1a1a1a",
    titleColor: "#1a1a1a",
    labelFontSize: 12,
    titleFontSize: 12,
    labelLimit: 320,
  },
  header: { labelColor: "#1a1a1a", titleColor: "#1a1a1a", labelFontSize: 12, titleFontSize: 12 },
  title: { color: "#1a1a1a", fontSize: 13 },
  // Groups, rewards and scenarios: hues apart from the blue, orange and red that mean truth, record and wrongful.
  range: { category: ["#5e3c99", "#1b9e77", "#b8860b", "#e7298a", "#666666", "#66a61e", "#3b5b92"] },
};

const WIDE = 620;
/** The plotting width of a single narrow chart: `NARROW_WIDTH` less its axis and padding. */
export const NARROW = 250;

/** A legend above the chart: in a row when wide, in a column when narrow (a row would overflow a phone). */
function topLegend(layout: Layout) {
  return layout === "narrow"
    ? ({ orient: "top", direction: "vertical" } as const)
    : ({ orient: "top" } as const);
}

function ledgerColour(layout: Layout) {
  return {
    field: "ledgerLabel",
    type: "nominal",
    title: null,
    scale: { domain: ["truth", "record"], range: [COLOURS.truth, COLOURS.record] },
    legend: {
      ...topLegend(layout),
      labelExpr: "datum.value === 'truth' ? 'truth: what they did' : 'record: what the system holds'",
    },
  } as const;
}

const day = {
  field: "day",
  type: "quantitative",
  title: "day",
  axis: { tickMinStep: 1 },
  scale: { nice: false, zero: true },
} as const;

/** Blacklist size over time, split into wrongful and rightful listings, and the wrongful share below it. */
export function blacklistSpec(layout: Layout = "wide"): TopLevelSpec {
  const width = layout === "narrow" ? NARROW : WIDE;
  const pivoted = [
    { filter: "datum.dimension === 'all'" },
    { filter: { field: "measure", oneOf: ["listed", "wrongfullyListed"] } },
    { pivot: "measure", value: "value", groupby: ["day"] },
  ];
  return {
    config: CONFIG,
    data: { name: "series" },
    vconcat: [
      {
        width,
        height: 220,
        transform: [
          ...pivoted,
          { calculate: "datum.listed - datum.wrongfullyListed", as: "rightly" },
          { fold: ["wrongfullyListed", "rightly"], as: ["kind", "people"] },
          {
            calculate: "datum.kind === 'rightly' ? 'listed, as the truth would' : 'listed wrongfully'",
            as: "who",
          },
          { calculate: "datum.kind === 'rightly' ? 1 : 0", as: "stackOrder" },
        ],
        mark: { type: "area", interpolate: "step-after" },
        encoding: {
          x: day,
          y: {
            field: "people",
            type: "quantitative",
            stack: "zero",
            title: "people listed",
            axis: { tickMinStep: 1, format: ",d" },
          },
          color: {
            field: "who",
            type: "nominal",
            title: null,
            scale: {
              domain: ["listed wrongfully", "listed, as the truth would"],
              range: [COLOURS.wrongful, COLOURS.rightful],
            },
            legend: topLegend(layout),
          },
          order: { field: "stackOrder" },
          tooltip: [
            { field: "day", type: "quantitative" },
            { field: "who", type: "nominal" },
            { field: "people", type: "quantitative", format: "," },
          ],
        },
      },
      {
        width,
        height: 110,
        transform: [
          ...pivoted,
          { filter: "datum.listed > 0" },
          { calculate: "datum.wrongfullyListed / datum.listed", as: "share" },
        ],
        mark: { type: "line", interpolate: "step-after", color: COLOURS.wrongful, strokeWidth: 1.75 },
        encoding: {
          x: day,
          y: {
            field: "share",
            type: "quantitative",
            title: "share listed wrongfully",
            axis: { format: ".0%" },
            scale: { domain: [0, 1] },
          },
          tooltip: [
            { field: "day", type: "quantitative" },
            { field: "share", type: "quantitative", format: ".1%" },
          ],
        },
      },
    ],
  };
}

/** Score distributions by group, truth (filled bars) against record (outlined bars), on a few days. */
export function scoresSpec(days: number[], layout: Layout = "wide", groups = 2): TopLevelSpec {
  const narrow = layout === "narrow";
  const x = {
    field: "bin",
    type: "quantitative",
    title: "score",
    scale: { zero: false },
    axis: narrow ? { tickCount: 3 } : {},
  } as const;
  const y = {
    field: "share",
    type: "quantitative",
    title: "share",
    axis: { format: ".0%", tickCount: 3 },
  } as const;
  return {
    config: CONFIG,
    data: { name: "scoreBins" },
    transform: [
      { filter: { field: "day", oneOf: days } },
      { joinaggregate: [{ op: "sum", field: "count", as: "total" }], groupby: ["day", "group", "ledger"] },
      { calculate: "datum.total > 0 ? datum.count / datum.total : 0", as: "share" },
      { calculate: "datum.bin + datum.width", as: "binEnd" },
      { calculate: "datum.ledger === 'true' ? 'truth' : 'record'", as: "ledgerLabel" },
    ],
    facet: {
      row: {
        field: "day",
        type: "ordinal",
        sort: "ascending",
        title: null,
        header: {
          labelExpr: "'day ' + datum.value",
          labelAngle: 0,
          labelAlign: "left",
          labelFontWeight: 600,
        },
      },
      column: { field: "groupLabel", type: "nominal", title: null },
    },
    spec: {
      // On a phone the groups share the narrow width, side by side.
      width: narrow ? Math.max(80, Math.floor(NARROW / Math.max(groups, 1)) - 25) : 290,
      height: 80,
      layer: [
        {
          transform: [{ filter: "datum.ledger === 'true'" }],
          mark: { type: "rect", opacity: 0.45 },
          encoding: { x, x2: { field: "binEnd" }, y, color: ledgerColour(layout) },
        },
        {
          transform: [{ filter: "datum.ledger === 'recorded'" }],
          mark: { type: "rect", filled: false, strokeWidth: 1.5 },
          encoding: {
            x,
            x2: { field: "binEnd" },
            y,
            color: ledgerColour(layout),
            tooltip: [
              { field: "groupLabel", type: "nominal", title: "group" },
              { field: "bin", type: "quantitative", title: "score from" },
              { field: "count", type: "quantitative", format: ",", title: "citizens (record)" },
            ],
          },
        },
      ],
    },
  };
}

/** Share of each group listed, day by day. */
export function listingRateSpec(layout: Layout = "wide"): TopLevelSpec {
  return {
    config: CONFIG,
    width: layout === "narrow" ? NARROW : WIDE,
    height: 220,
    data: { name: "series" },
    transform: [
      { filter: "datum.dimension === 'group' && datum.measure === 'listed'" },
      {
        lookup: "part",
        from: { data: { name: "groups" }, key: "group", fields: ["citizens", "label"] },
        as: ["citizens", "groupLabel"],
      },
      { calculate: "datum.citizens > 0 ? datum.value / datum.citizens : 0", as: "rate" },
    ],
    mark: { type: "line", interpolate: "step-after", strokeWidth: 2 },
    encoding: {
      x: day,
      y: {
        field: "rate",
        type: "quantitative",
        title: "share of the group listed",
        axis: { format: ".2~%" },
      },
      color: { field: "groupLabel", type: "nominal", title: "group", legend: topLegend(layout) },
      tooltip: [
        { field: "day", type: "quantitative" },
        { field: "groupLabel", type: "nominal", title: "group" },
        { field: "value", type: "quantitative", format: ",", title: "listed" },
        { field: "rate", type: "quantitative", format: ".3~%", title: "share" },
      ],
    },
  };
}

/**
 * Final listing rate and wrongful listing rate by group, as bars, each labelled with the words the tables use
 * (`rateLabel` fields of the dataset: "under 0.01%" where a format would print "0%").
 */
export function groupRatesSpec(layout: Layout = "wide"): TopLevelSpec {
  const what = {
    field: "what",
    type: "nominal",
    title: null,
    scale: {
      domain: ["listed at the end", "listed wrongfully at the end"],
      range: [COLOURS.rightful, COLOURS.wrongful],
    },
    legend: topLegend(layout),
  } as const;
  return {
    config: CONFIG,
    width: layout === "narrow" ? 190 : 520,
    data: { name: "groups" },
    transform: [
      { fold: ["listingRate", "wrongfulListingRate"], as: ["measure", "rate"] },
      {
        calculate: "datum.measure === 'listingRate' ? 'listed at the end' : 'listed wrongfully at the end'",
        as: "what",
      },
      {
        calculate:
          "datum.measure === 'listingRate' ? datum.listingRateLabel : datum.wrongfulListingRateLabel",
        as: "rateLabel",
      },
    ],
    encoding: {
      y: {
        field: "label",
        type: "nominal",
        title: null,
        axis: { labelLimit: layout === "narrow" ? 80 : 200 },
      },
      yOffset: { field: "what", type: "nominal", scale: { domain: [...what.scale.domain] } },
      x: { field: "rate", type: "quantitative", title: "share of the group", axis: { format: ".2~%" } },
    },
    layer: [
      {
        mark: { type: "bar", height: { band: 0.9 } },
        encoding: {
          color: what,
          tooltip: [
            { field: "label", type: "nominal", title: "group" },
            { field: "what", type: "nominal" },
            { field: "rateLabel", type: "nominal", title: "share" },
          ],
        },
      },
      {
        mark: { type: "text", align: "left", dx: 4, color: "#1a1a1a", fontSize: 11 },
        encoding: { text: { field: "rateLabel", type: "nominal" } },
      },
    ],
  };
}

/**
 * Requests refused, by opportunity: wrongly, as the truth would, informally. (No label limit on a phone: Vega in
 * Node sizes an axis by its labels before they are cut short, so a cut label would still widen the chart.)
 */
export function denialsSpec(layout: Layout = "wide"): TopLevelSpec {
  return {
    config: CONFIG,
    width: layout === "narrow" ? 180 : 520,
    // Room for names on two lines on a phone.
    ...(layout === "narrow" ? { height: { step: 32 } } : {}),
    data: { name: "denials" },
    mark: "bar",
    encoding: {
      // On a phone, long names on two lines (`opportunityLines`: the name broken with "\n").
      y: {
        field: layout === "narrow" ? "opportunityLines" : "opportunity",
        type: "nominal",
        title: null,
        sort: { op: "sum", field: "requests", order: "descending" },
        axis: layout === "narrow" ? { labelExpr: "split(datum.value, '\\n')" } : { labelLimit: 200 },
      },
      x: { field: "requests", type: "quantitative", stack: "zero", title: "requests refused" },
      color: {
        field: "outcome",
        type: "nominal",
        title: null,
        scale: {
          domain: ["refused wrongly", "refused, as the truth would", "refused informally"],
          range: [COLOURS.wrongful, COLOURS.rightful, COLOURS.informal],
        },
        legend: topLegend(layout),
      },
      order: { field: "order" },
      tooltip: [
        { field: "opportunity", type: "nominal" },
        { field: "outcome", type: "nominal" },
        { field: "requests", type: "quantitative", format: "," },
      ],
    },
  };
}

/** Value of rewards granted, by group and by income band, stacked by reward. */
export function rewardsSpec(layout: Layout = "wide"): TopLevelSpec {
  const by = { field: "by", type: "nominal", title: null, header: { labelFontWeight: 600 } } as const;
  const narrow = layout === "narrow";
  return {
    config: CONFIG,
    data: { name: "rewards" },
    // On a phone the two panels stack.
    facet: narrow
      ? { row: { ...by, header: { ...by.header, labelAngle: 0, labelAlign: "left", labelOrient: "top" } } }
      : { column: by },
    spec: {
      width: narrow ? 210 : 280,
      height: 110,
      mark: "bar",
      encoding: {
        y: {
          field: "part",
          type: "nominal",
          title: null,
          sort: null,
          axis: { labelLimit: narrow ? 80 : 200 },
        },
        x: {
          field: "value",
          type: "quantitative",
          stack: "zero",
          title: "value granted",
          axis: { format: ",.0f", tickCount: narrow ? 3 : 4 },
        },
        color: { field: "reward", type: "nominal", title: null, legend: topLegend(layout) },
        tooltip: [
          { field: "reward", type: "nominal" },
          { field: "part", type: "nominal" },
          { field: "value", type: "quantitative", format: ",.0f" },
        ],
      },
    },
    resolve: { scale: { y: "independent", x: "independent" } },
  };
}

/**
 * One citizen's true and recorded score, listed periods shaded, wrong records marked. Layers without data are left
 * out (an empty layer gives Vega an infinite extent to warn about).
 */
export function storySpec(has: { periods: boolean; marks: boolean }, layout: Layout = "wide"): TopLevelSpec {
  const periods: LayerSpec<Field>["layer"] = [
    {
      data: { name: "storyPeriods" },
      mark: { type: "rect", color: COLOURS.listedShade, opacity: 0.6 },
      encoding: { x: { field: "start", type: "quantitative" }, x2: { field: "end" } },
    },
    {
      data: { name: "storyPeriods" },
      mark: { type: "text", align: "left", baseline: "top", dx: 4, dy: 4, color: "#7a1010", fontSize: 11 },
      encoding: { x: { field: "start", type: "quantitative" }, y: { value: 0 }, text: { field: "label" } },
    },
  ];
  const scores: LayerSpec<Field>["layer"] = [
    {
      data: { name: "storyDays" },
      transform: [
        { fold: ["trueScore", "recordedScore"], as: ["ledger", "score"] },
        { calculate: "datum.ledger === 'trueScore' ? 'truth' : 'record'", as: "ledgerLabel" },
      ],
      mark: { type: "line", interpolate: "step-after", strokeWidth: 2 },
      encoding: {
        x: day,
        y: { field: "score", type: "quantitative", title: "score", scale: { zero: false } },
        color: ledgerColour(layout),
        tooltip: [
          { field: "day", type: "quantitative" },
          { field: "ledgerLabel", type: "nominal", title: "ledger" },
          { field: "score", type: "quantitative", format: ".0f" },
        ],
      },
    },
  ];
  const marks: LayerSpec<Field>["layer"] = [
    {
      data: { name: "storyMarks" },
      mark: { type: "point", shape: "triangle-down", filled: true, size: 90, color: COLOURS.wrongful },
      encoding: {
        x: { field: "day", type: "quantitative" },
        y: { field: "score", type: "quantitative" },
        tooltip: [
          { field: "day", type: "quantitative" },
          { field: "text", type: "nominal", title: "wrong record" },
        ],
      },
    },
  ];
  return {
    config: CONFIG,
    width: layout === "narrow" ? NARROW : WIDE,
    height: 240,
    layer: [...(has.periods ? periods : []), ...scores, ...(has.marks ? marks : [])],
  };
}

/** Small multiples: each sampled citizen's true and recorded score over the run. */
export function trajectoriesSpec(columns: number, layout: Layout = "wide"): TopLevelSpec {
  const narrow = layout === "narrow";
  return {
    config: CONFIG,
    data: { name: "trajectories" },
    transform: [
      { fold: ["trueScore", "recordedScore"], as: ["ledger", "score"] },
      { calculate: "datum.ledger === 'trueScore' ? 'truth' : 'record'", as: "ledgerLabel" },
    ],
    facet: {
      field: "label",
      type: "nominal",
      title: null,
      // On a phone, the pseudonym above the group.
      header: narrow ? { labelFontSize: 11, labelExpr: "split(datum.value, ' · ')" } : { labelFontSize: 11 },
    },
    // On a phone, two panels a row.
    columns: narrow ? Math.min(columns, 2) : columns,
    spec: {
      width: narrow ? 115 : columns >= 4 ? 140 : 190,
      height: 80,
      mark: { type: "line", interpolate: "step-after", strokeWidth: 1.25 },
      encoding: {
        x: { ...day, axis: { tickCount: narrow ? 3 : 4 } },
        y: { field: "score", type: "quantitative", title: "score", scale: { zero: false } },
        color: ledgerColour(layout),
      },
    },
  };
}

/** Text broken into lines of about `width` characters at spaces (a chart title on a phone). */
export function wrapped(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** A measure of a comparison as the chart draws it. */
export interface ComparedMeasureAxis {
  measure: string;
  label: string;
  /** Whether the measure is a share (drawn as percentages). */
  share: boolean;
  /** Whether any scenario has a paired difference for it (else its right panel is left out). */
  differences: boolean;
}

/**
 * A comparison: for each measure, each scenario's mean with its 95% interval (left) and the paired difference
 * against the first scenario with its 95% interval, beside a dashed zero line (right). Differences of shares are
 * in percentage points.
 */
export function comparisonSpec(
  measures: ComparedMeasureAxis[],
  scenarios: string[],
  layout: Layout = "wide",
): TopLevelSpec {
  const narrow = layout === "narrow";
  const colour = { field: "scenario", type: "nominal", legend: null, scale: { domain: scenarios } } as const;
  const panel = (measure: ComparedMeasureAxis, kind: "value" | "difference"): LayerSpec<Field> => {
    const domain = kind === "value" ? scenarios : scenarios.slice(1);
    const y = {
      field: "scenario",
      type: "nominal",
      title: null,
      scale: { domain },
      axis: { labelLimit: narrow ? 90 : 200 },
    } as const;
    const format = measure.share ? ".2~%" : ",.3~g";
    const axis =
      measure.share && kind === "difference"
        ? { labelExpr: "format(datum.value * 100, '~r')", tickCount: 5 }
        : { format, tickCount: 5 };
    const base = `difference from ${scenarios[0]}`;
    const title =
      kind === "value"
        ? "mean and 95% interval"
        : !measure.share
          ? base
          : narrow
            ? [base, "(percentage points)"]
            : `${base} (percentage points)`;
    const zero: LayerSpec<Field>["layer"] = [
      {
        mark: { type: "rule", color: "#666666", strokeDash: [3, 3] },
        encoding: { x: { datum: 0, type: "quantitative" } },
      },
    ];
    return {
      width: narrow ? 185 : 300,
      height: { step: 22 },
      transform: [
        { filter: `datum.measure === ${JSON.stringify(measure.measure)} && datum.kind === '${kind}'` },
      ],
      layer: [
        ...(kind === "difference" ? zero : []),
        {
          mark: { type: "rule", strokeWidth: 2 },
          encoding: {
            y,
            color: colour,
            x: { field: "low", type: "quantitative", scale: { zero: false }, title, axis },
            x2: { field: "high" },
          },
        },
        {
          mark: { type: "point", filled: true, size: 70, opacity: 1 },
          encoding: {
            y,
            color: colour,
            x: { field: "mean", type: "quantitative" },
            tooltip: [
              { field: "scenario", type: "nominal" },
              { field: "mean", type: "quantitative", format },
              { field: "low", type: "quantitative", format, title: "95% from" },
              { field: "high", type: "quantitative", format, title: "95% to" },
            ],
          },
        },
      ],
    };
  };
  return {
    config: CONFIG,
    data: { name: "comparison" },
    spacing: 22,
    vconcat: measures.map((measure) => {
      const panels = measure.differences
        ? [panel(measure, "value"), panel(measure, "difference")]
        : [panel(measure, "value")];
      const title = { text: measure.label, anchor: "start", fontSize: 13, fontWeight: 600 } as const;
      // On a phone the difference panel goes under the values.
      return narrow
        ? { title: { ...title, text: wrapped(measure.label, 30) }, spacing: 18, vconcat: panels }
        : { title, spacing: 36, hconcat: panels };
    }),
  };
}

// Charts of the explorable's live run: each reads the daily `series` (rows day, dimension, part, measure, value) as
// it grows, or a finished run's summary in words and numbers.

/** The whole population's mean score each day, on the truth ledger and on the record. */
export function meanScoresSpec(layout: Layout = "wide"): TopLevelSpec {
  return {
    config: CONFIG,
    width: layout === "narrow" ? NARROW : WIDE,
    height: 200,
    data: { name: "series" },
    transform: [
      { filter: "datum.dimension === 'all'" },
      { filter: { field: "measure", oneOf: ["meanTrueScore", "meanRecordedScore"] } },
      { calculate: "datum.measure === 'meanTrueScore' ? 'truth' : 'record'", as: "ledgerLabel" },
    ],
    mark: { type: "line", strokeWidth: 2 },
    encoding: {
      x: day,
      y: {
        field: "value",
        type: "quantitative",
        title: "mean score",
        scale: { zero: false },
        axis: { format: ",.4~r" },
      },
      color: ledgerColour(layout),
      tooltip: [
        { field: "day", type: "quantitative" },
        { field: "ledgerLabel", type: "nominal", title: "ledger" },
        { field: "value", type: "quantitative", format: ".1f", title: "mean score" },
      ],
    },
  };
}

/** Requests refused each day, by the list's sanctions. */
export function refusalsSpec(layout: Layout = "wide"): TopLevelSpec {
  return {
    config: CONFIG,
    width: layout === "narrow" ? NARROW : WIDE,
    height: 160,
    data: { name: "series" },
    transform: [{ filter: "datum.dimension === 'all' && datum.measure === 'denied'" }],
    mark: { type: "area", interpolate: "step-after", color: COLOURS.record, opacity: 0.85 },
    encoding: {
      x: day,
      y: {
        field: "value",
        type: "quantitative",
        title: "requests refused that day",
        axis: { tickMinStep: 1, format: ",d" },
      },
      tooltip: [
        { field: "day", type: "quantitative" },
        { field: "value", type: "quantitative", format: ",", title: "refused" },
      ],
    },
  };
}

/**
 * The least listed group's rate over the most listed group's, day by day, against the four-fifths line: under 0.8,
 * the difference counts as disparate impact. Days when no group is listed have no ratio.
 */
export function impactRatioSpec(layout: Layout = "wide"): TopLevelSpec {
  const width = layout === "narrow" ? NARROW : WIDE;
  return {
    config: CONFIG,
    width,
    height: 140,
    layer: [
      {
        data: { name: "series" },
        transform: [
          { filter: "datum.dimension === 'group' && datum.measure === 'listed'" },
          { lookup: "part", from: { data: { name: "groups" }, key: "group", fields: ["citizens"] } },
          { calculate: "datum.citizens > 0 ? datum.value / datum.citizens : 0", as: "rate" },
          {
            aggregate: [
              { op: "min", field: "rate", as: "lowest" },
              { op: "max", field: "rate", as: "highest" },
            ],
            groupby: ["day"],
          },
          { filter: "datum.highest > 0" },
          { calculate: "datum.lowest / datum.highest", as: "ratio" },
        ],
        mark: { type: "line", interpolate: "step-after", color: "#5e3c99", strokeWidth: 2 },
        encoding: {
          x: day,
          y: {
            field: "ratio",
            type: "quantitative",
            title: "lowest rate ÷ highest",
            scale: { domain: [0, 1] },
            axis: { format: ".1f", values: [0, 0.2, 0.4, 0.6, 0.8, 1] },
          },
          tooltip: [
            { field: "day", type: "quantitative" },
            { field: "ratio", type: "quantitative", format: ".2f", title: "ratio" },
          ],
        },
      },
      {
        data: { values: [{ line: 0.8 }] },
        mark: { type: "rule", color: COLOURS.wrongful, strokeDash: [5, 4], strokeWidth: 1.5 },
        encoding: { y: { field: "line", type: "quantitative" } },
      },
      {
        data: { values: [{ line: 0.8, text: "four fifths" }] },
        // Beside the plot, right of its end: never over the line.
        mark: {
          type: "text",
          align: "left",
          baseline: "middle",
          dx: 4,
          color: COLOURS.wrongful,
          fontSize: 11,
        },
        encoding: {
          y: { field: "line", type: "quantitative" },
          x: { value: width },
          text: { field: "text" },
        },
      },
    ],
  };
}

/** Acts done and acts recorded, by behaviour (rows behaviour, order, ledger "truth" or "record", acts). */
export function recordsSpec(layout: Layout = "wide"): TopLevelSpec {
  const ledgers = ["truth", "record"];
  return {
    config: CONFIG,
    width: layout === "narrow" ? 130 : 440,
    height: { step: 24 },
    data: { name: "acts" },
    transform: [{ calculate: "datum.ledger === 'truth' ? 'truth' : 'record'", as: "ledgerLabel" }],
    mark: { type: "bar", height: { band: 0.9 } },
    encoding: {
      y: {
        field: "behaviour",
        type: "nominal",
        title: null,
        sort: { field: "order" },
        axis: { labelLimit: layout === "narrow" ? 150 : 240 },
      },
      yOffset: { field: "ledgerLabel", type: "nominal", scale: { domain: ledgers } },
      x: {
        field: "acts",
        type: "quantitative",
        title: "acts in the run (a log scale: rare acts show)",
        scale: { type: "symlog" },
        // The labels formatted as they are, not at the ticks' precision (which writes 10 as "0k").
        axis: {
          values: [0, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000],
          labelExpr: "format(datum.value, '~s')",
        },
      },
      color: {
        ...ledgerColour(layout),
        legend: {
          ...topLegend(layout),
          labelExpr: "datum.value === 'truth' ? 'done: what people did' : 'recorded: what the system holds'",
        },
      },
      tooltip: [
        { field: "behaviour", type: "nominal" },
        { field: "ledgerLabel", type: "nominal", title: "ledger" },
        { field: "acts", type: "quantitative", format: "," },
      ],
    },
  };
}
