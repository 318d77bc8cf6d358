import { type Chart, type ComparedMeasureAxis, comparisonSpec } from "./chartSpecs.js";
import { capitalise, count, counted, list, percent, plain, signed } from "./format.js";
import { groupedTable } from "./htmlTables.js";
import { escapeHtml, figure, footer, masthead, type Page, type Section, sectionsHtml } from "./page.js";
import type { ComparisonReport, ComparisonRow } from "./types.js";

/** Measures that are shares of something, written as percentages (differences in percentage points). */
const SHARES = new Set(["listedShare", "wrongfulShare", "precision", "recall"]);

export function isShare(measure: string): boolean {
  return SHARES.has(measure) || /Share$|Rate$/.test(measure);
}

/** A value of a measure in words: a percentage for a share, else a plain number. */
export function formatMeasure(measure: string, value: number): string {
  return isShare(measure) ? percent(value) : plain(value);
}

/** A difference of a measure, signed: in percentage points for a share (without the unit). */
export function formatDifference(measure: string, value: number): string {
  if (!isShare(measure)) return signed(value);
  return signed(value * 100);
}

/** The unit a difference is written in, after the number: " percentage points" for a share. */
function differenceUnit(measure: string): string {
  return isShare(measure) ? " percentage points" : "";
}

function interval(measure: string, low: number | null, high: number | null, format = formatMeasure): string {
  if (low === null || high === null) return "n/a (one replicate)";
  return `${format(measure, low)} to ${format(measure, high)}`;
}

/** Whether a 95% interval leaves out zero: the difference is clear at that level. */
type Defined<T> = T & { mean: number };
/** A row with only the entries whose measure is defined (a null mean: the scenario does not define it). */
interface DefinedRow extends Omit<ComparisonRow, "values" | "differences"> {
  values: Defined<ComparisonRow["values"][number]>[];
  differences: Defined<ComparisonRow["differences"][number]>[];
}

function definedRows(report: ComparisonReport): DefinedRow[] {
  const defined = <T extends { mean: number | null }>(entry: T): entry is Defined<T> => entry.mean !== null;
  return report.rows.map((row) => ({
    ...row,
    values: row.values.filter(defined),
    differences: row.differences.filter(defined),
  }));
}

function clear(difference: { low: number | null; high: number | null }): boolean {
  return (difference.low !== null && difference.low > 0) || (difference.high !== null && difference.high < 0);
}

/** The comparison in plain words: which differences are clear, and which are not. */
export function describeComparison(report: ComparisonReport): string[] {
  const base = report.scenarios[0];
  const paragraphs = [
    `Each scenario ran ${counted(report.replicates, "time")} on the same seeds, so each replicate pairs the ` +
      `scenarios on the same ${count(report.population)} synthetic citizens over ${counted(report.days, "day")} ` +
      "(common random numbers). Intervals are 95% confidence intervals across replicates; a difference is called " +
      "clear when its interval leaves out zero.",
    ...(report.notes ?? []),
    ...(report.warnings ?? []).map((warning) => `Warning: ${warning}.`),
  ];
  if (report.replicates < 2) {
    paragraphs.push("With one replicate no interval can be given, so no difference can be called clear.");
  }
  for (const scenario of report.replicates < 2 ? [] : report.scenarios.slice(1)) {
    const clearOnes: string[] = [];
    const unclear: string[] = [];
    for (const row of definedRows(report)) {
      const difference = row.differences.find((d) => d.scenario === scenario);
      if (!difference) continue;
      if (!clear(difference)) {
        unclear.push(row.label);
        continue;
      }
      const size = formatDifference(row.measure, Math.abs(difference.mean)).replace(/^\+/, "");
      clearOnes.push(
        `${capitalise(row.label)}: ${size}${differenceUnit(row.measure)} ` +
          `${difference.mean > 0 ? "higher" : "lower"} (95% interval of the difference: ` +
          `${interval(row.measure, difference.low, difference.high, formatDifference)}).`,
      );
    }
    const compared = clearOnes.length + unclear.length;
    if (compared === 0) continue;
    const sentences = [
      clearOnes.length === 0
        ? `Against ${base}, ${scenario} differs clearly in none of the ${counted(compared, "measure")}.`
        : `Against ${base}, ${scenario} differs clearly in ${count(clearOnes.length)} of the ` +
          `${counted(compared, "measure")}.`,
      ...clearOnes,
    ];
    if (unclear.length > 0 && clearOnes.length > 0)
      sentences.push(`No clear difference in: ${unclear.join("; ")}.`);
    paragraphs.push(sentences.join(" "));
  }
  const missing = new Map<string, string[]>();
  for (const row of definedRows(report)) {
    for (const scenario of report.scenarios) {
      if (row.values.some((value) => value.scenario === scenario)) continue;
      missing.set(scenario, [...(missing.get(scenario) ?? []), row.label]);
    }
  }
  for (const [scenario, labels] of missing) {
    paragraphs.push(
      `In ${scenario}, ${counted(labels.length, "measure")} cannot be taken (nobody is listed, or nobody would be): ` +
        `${labels.join("; ")}.`,
    );
  }
  return paragraphs;
}

function comparisonTable(report: ComparisonReport): string {
  const base = report.scenarios[0];
  const groups = definedRows(report).map((row) => ({
    heading: row.label,
    rows: report.scenarios.map((scenario) => {
      const value = row.values.find((v) => v.scenario === scenario);
      const difference = row.differences.find((d) => d.scenario === scenario);
      return [
        scenario,
        value ? formatMeasure(row.measure, value.mean) : "—",
        value ? interval(row.measure, value.low, value.high) : "—",
        difference ? formatDifference(row.measure, difference.mean) : scenario === base ? "" : "—",
        difference ? interval(row.measure, difference.low, difference.high, formatDifference) : "",
      ];
    }),
  }));
  return groupedTable(
    `Each measure by scenario: mean and 95% interval over ${counted(report.replicates, "replicate")}, and the ` +
      `paired difference from ${base} (for shares, in percentage points)`,
    [
      { label: "scenario" },
      { label: "mean", numeric: true },
      { label: "95% interval", numeric: true },
      { label: `difference from ${base}`, numeric: true },
      { label: "95% interval of the difference", numeric: true },
    ],
    groups,
  );
}

function comparisonDataset(report: ComparisonReport): unknown[] {
  return definedRows(report).flatMap((row) => [
    ...row.values.map((v) => ({
      measure: row.measure,
      kind: "value",
      scenario: v.scenario,
      mean: v.mean,
      low: v.low,
      high: v.high,
    })),
    ...row.differences.map((d) => ({
      measure: row.measure,
      kind: "difference",
      scenario: d.scenario,
      mean: d.mean,
      low: d.low,
      high: d.high,
    })),
  ]);
}

function comparisonChart(report: ComparisonReport): Chart {
  // A measure no scenario could take has nothing to draw; the table says so.
  const measures: ComparedMeasureAxis[] = definedRows(report)
    .filter((row) => row.values.length > 0)
    .map((row) => ({
      measure: row.measure,
      label: row.label,
      share: isShare(row.measure),
      differences: row.differences.length > 0,
    }));
  return {
    id: "fig-comparison",
    title: "Each measure, scenario by scenario",
    caption:
      "Left: each scenario's mean (dot) and 95% interval (line). Right: the paired difference from " +
      `${report.scenarios[0]}, beside a dashed zero line; a line that does not cross zero is a clear difference.`,
    description:
      `Dot-and-interval charts of ${counted(report.rows.length, "measure")} for ${list(report.scenarios)}, with ` +
      `the paired differences from ${report.scenarios[0]}.`,
    datasets: ["comparison"],
    spec: comparisonSpec(measures, report.scenarios),
    narrow: comparisonSpec(measures, report.scenarios, "narrow"),
  };
}

/** The comparison report's page. */
export function comparisonPage(report: ComparisonReport): Page {
  const chart = comparisonChart(report);
  const sections: Section[] = [
    {
      id: "summary",
      heading: "In plain words",
      html: `<div class="lede">\n${describeComparison(report)
        .map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`)
        .join("\n")}\n</div>`,
    },
    { id: "chart", heading: "Measures side by side", html: figure(chart) },
    { id: "numbers", heading: "The numbers", html: comparisonTable(report) },
    {
      id: "seeds",
      heading: "Seeds",
      html: `<p>Replicate seeds, shared by every scenario: ${escapeHtml(report.seeds.map(String).join(", "))}.</p>`,
    },
  ];
  const title = `Comparison: ${report.scenarios.join(" vs ")}`;
  const meta =
    `${counted(report.replicates, "paired replicate")} · ${count(report.population)} synthetic citizens · ` +
    `${count(report.days)} days`;
  const body = [
    masthead(title, meta),
    '<main id="main">',
    sectionsHtml(sections),
    "</main>",
    footer("The same scenarios and seeds give the same numbers."),
  ].join("\n");
  return {
    title: `${title} — controlocracy`,
    body,
    charts: [chart],
    datasets: { comparison: comparisonDataset(report) },
  };
}
