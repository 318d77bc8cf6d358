// A sweep's `report.html`: what was run, the parameters, and for each measure its sensitivity indices with their
// intervals, the complete cases and the noise between replicates, the measure against each parameter, and the
// indices' convergence with n.
import type { Chart } from "./chartSpecs.js";
import { capitalise, count, counted, list, plain } from "./format.js";
import { type Column, table } from "./htmlTables.js";
import {
  escapeHtml,
  figure,
  footer,
  masthead,
  note,
  type Page,
  type Section,
  SYNTHETIC_NOTICE,
  sectionsHtml,
  TEST_FUNCTION_NOTICE,
} from "./page.js";
import {
  convergenceSpec,
  indexLabel,
  morrisSpec,
  prccSpec,
  type ScatterPanel,
  scatterSpec,
  sobolSpec,
} from "./sweepCharts.js";
import type { IndexRow, SweepIndices, SweepReport } from "./types.js";

/** Failed runs listed with their error on the page; the rest are counted. */
export const LISTED_FAILURES = 5;

/** Noise ratios below this are called small beside the effects. */
const SMALL_NOISE = 0.1;

type Design = SweepIndices["design"];

const DESIGN_WORDS: Record<Design, string> = {
  grid: "a full grid",
  lhs: "a Latin hypercube",
  sobol: "Saltelli's scheme for Sobol indices",
  morris: "Morris trajectories",
};

/** What one complete case is, by design (singular, plural). */
const CASES: Record<Design, [string, string]> = {
  grid: ["design point", "design points"],
  lhs: ["sample", "samples"],
  sobol: ["base sample", "base samples"],
  morris: ["trajectory", "trajectories"],
};

/** An index's number: three significant digits, in powers of ten below 10⁻⁶ (an index of 8e−17 is 0 to its noise). */
function indexNumber(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude === 0 || magnitude >= 1e-6) return plain(value);
  const [mantissa, exponent] = value.toExponential(2).split("e");
  return `${mantissa.replace(/^-/, "−")}×10^${exponent.replace(/^\+/, "").replace(/^-/, "−")}`;
}

/** A number with about three significant digits, or a dash where there is none. */
function number(value: number | null): string {
  return value === null ? "—" : indexNumber(value);
}

function interval(low: number | null, high: number | null): string {
  return low === null || high === null ? "—" : `${indexNumber(low)} to ${indexNumber(high)}`;
}

/** `index = value (95% interval low to high)`, for sentences. */
function estimate(name: string, row: IndexRow): string {
  const within =
    row.low === null || row.high === null ? "" : ` (95% interval ${interval(row.low, row.high)})`;
  return `${name} = ${number(row.value)}${within}`;
}

/** The index that ranks parameters in each method: total (Sobol), μ* (Morris), |PRCC|. */
const RANKING: Record<Design, IndexRow["index"] | null> = {
  sobol: "ST",
  morris: "muStar",
  lhs: "prcc",
  grid: null,
};

function rowsOf(report: SweepReport, measure: string, index: IndexRow["index"]): IndexRow[] {
  return report.indices.rows.filter((row) => row.measure === measure && row.index === index);
}

/** The parameters, most influential first by the design's ranking index (those without an estimate last). */
function ranked(report: SweepReport, measure: string): string[] {
  const names = report.parameters.map((parameter) => parameter.name);
  const index = RANKING[report.indices.design];
  if (index === null) return names;
  const strength = new Map(
    rowsOf(report, measure, index).map((row) => [
      row.parameter,
      row.value === null ? Number.NEGATIVE_INFINITY : Math.abs(row.value),
    ]),
  );
  return [...names].sort(
    (a, b) => (strength.get(b) ?? Number.NEGATIVE_INFINITY) - (strength.get(a) ?? Number.NEGATIVE_INFINITY),
  );
}

/** The most influential parameter of a measure in a sentence, or null where no index was estimated. */
function leader(report: SweepReport, measure: { id: string; label: string }): string | null {
  const index = RANKING[report.indices.design];
  if (index === null) return null;
  const first = ranked(report, measure.id)[0];
  const row = rowsOf(report, measure.id, index).find((r) => r.parameter === first && r.value !== null);
  if (!row) return null;
  const what =
    index === "ST"
      ? "the largest total index"
      : index === "muStar"
        ? "the largest overall influence"
        : "the strongest partial rank correlation";
  const name = index === "ST" ? "ST" : index === "muStar" ? "μ*" : "PRCC";
  return `For ${measure.label}, ${row.parameter} has ${what}: ${estimate(name, row)}.`;
}

/** The sweep in plain words: what was run, what failed, and which parameter leads each measure. */
export function describeSweep(report: SweepReport): string[] {
  const { design, runs } = report;
  const who =
    report.population === null
      ? "The model is a test function: no synthetic population."
      : `Each run simulated ${count(report.population)} synthetic citizens` +
        `${report.days === null ? "" : ` over ${counted(report.days, "day")}`}.`;
  const paragraphs = [
    `This sweep ran ${report.model} at ${counted(design.points, "design point")} chosen by ` +
      `${DESIGN_WORDS[design.kind]} (${design.description}), ${counted(report.replicates, "replicate")} each: ` +
      `${counted(runs.total, "run")}. The replicates' seeds derive from the sweep's seed, ${report.seed}, and are ` +
      "the same at every design point (common random numbers), so points differ by their parameters, not by " +
      `chance. ${who}`,
  ];
  paragraphs.push(
    runs.failed === 0
      ? "Every run finished."
      : `${capitalise(counted(runs.failed, "run"))} of ${count(runs.total)} failed and ` +
          `${runs.failed === 1 ? "is" : "are"} left out; the estimators use the complete cases (below).`,
  );
  for (const measure of report.measures) {
    const sentence = leader(report, measure);
    if (sentence) paragraphs.push(sentence);
  }
  return paragraphs;
}

function failuresHtml(report: SweepReport): string {
  const { failures, failed } = report.runs;
  if (failed === 0) return "";
  const listed = failures
    .slice(0, LISTED_FAILURES)
    .map(
      (failure) =>
        `<li>Design point ${count(failure.point)}, replicate ${count(failure.replicate)}: ` +
        `${escapeHtml(failure.error)}</li>`,
    );
  const more = failed - listed.length;
  return (
    `<h3 id="failures">Failed runs</h3>\n<ul class="failures">\n${listed.join("\n")}\n</ul>` +
    (more > 0 ? `\n<p>… and ${counted(more, "more failed run")}, recorded in the sweep's results.</p>` : "")
  );
}

function parametersTable(report: SweepReport): string {
  return table(
    `${capitalise(counted(report.parameters.length, "parameter"))} varied`,
    [{ label: "parameter" }, { label: "scenario path" }, { label: "range or levels" }],
    report.parameters.map((parameter) => [parameter.name, parameter.path, parameter.description]),
  );
}

const GUIDES: Record<Design, string[]> = {
  sobol: [
    "The first-order index S1 of a parameter is the share of the measure's variance that the parameter explains " +
      "alone; the total index ST is that share including everything it does together with other parameters " +
      "(interactions). Both run from 0 (no influence) to 1 (all of it); ST − S1 is what the parameter does only " +
      "in interaction. A parameter whose total index is near zero could be fixed anywhere in its range without " +
      "changing the measure.",
    "A second-order index S2 of a pair is the share explained by the two parameters' interaction alone.",
    "Estimates can fall a little below 0 or above 1 from sampling error; the 95% intervals (bootstrap) say how " +
      "far to trust each one.",
  ],
  morris: [
    "μ* (mu-star), the mean absolute elementary effect, is a parameter's overall influence, in the measure's own " +
      "units: the larger, the more the measure moves when the parameter does. σ, the spread of the elementary " +
      "effects, is large beside μ* when the effect changes across the range (non-linearity) or depends on other " +
      "parameters (interactions). μ, the mean effect with its sign, near ±μ* means the effect has one direction.",
    "Morris screens many parameters cheaply; it ranks them but does not share out the variance as Sobol indices do.",
  ],
  lhs: [
    "The partial rank correlation (PRCC) of a parameter, from −1 to 1, says how steadily the measure rises " +
      "(positive) or falls (negative) as the parameter grows, with the other parameters held fixed (monotone " +
      "association). Near 0: no monotone association, though an effect that rises then falls can hide there.",
  ],
  grid: ["A grid gives no sensitivity indices: read each parameter's effect from the scatters."],
};

/** A measure's indices as a table, by design (none for a grid). */
function indexTables(report: SweepReport, measure: { id: string; label: string }, order: string[]): string {
  const { design, resamples } = report.indices;
  const find = (index: IndexRow["index"], parameter: string) =>
    rowsOf(report, measure.id, index).find((row) => row.parameter === parameter && row.parameter2 === null);
  const pick = (row: IndexRow | undefined) => [
    number(row?.value ?? null),
    interval(row?.low ?? null, row?.high ?? null),
  ];
  const n = report.indices.rows.find((row) => row.measure === measure.id)?.n;
  const basis =
    `${n === undefined ? "" : `${counted(n, CASES[design][0], CASES[design][1])}; `}95% bootstrap intervals over ` +
    `${count(resamples)} resamples`;
  const interval95: Column = { label: "95% interval", numeric: true };
  if (design === "sobol") {
    const html = [
      table(
        `Sobol indices of ${measure.label} (${basis})`,
        [
          { label: "parameter" },
          { label: "S1", numeric: true },
          interval95,
          { label: "ST", numeric: true },
          interval95,
        ],
        order.map((parameter) => [parameter, ...pick(find("S1", parameter)), ...pick(find("ST", parameter))]),
      ),
    ];
    const pairs = rowsOf(report, measure.id, "S2").filter((row) => row.parameter2 !== null);
    if (pairs.length > 0)
      html.push(
        table(
          `Second-order Sobol indices of ${measure.label}: the share of each pair's interaction alone`,
          [{ label: "pair" }, { label: "S2", numeric: true }, interval95],
          pairs.map((row) => [`${row.parameter} × ${row.parameter2}`, ...pick(row)]),
        ),
      );
    return html.join("\n");
  }
  if (design === "morris")
    return table(
      `Morris indices of ${measure.label} (${basis} for μ*)`,
      [
        { label: "parameter" },
        { label: "μ*", numeric: true },
        interval95,
        { label: "μ", numeric: true },
        { label: "σ", numeric: true },
      ],
      order.map((parameter) => [
        parameter,
        ...pick(find("muStar", parameter)),
        number(find("mu", parameter)?.value ?? null),
        number(find("sigma", parameter)?.value ?? null),
      ]),
    );
  if (design === "lhs")
    return table(
      `Partial rank correlations of ${measure.label} with each parameter (${basis})`,
      [{ label: "parameter" }, { label: "PRCC", numeric: true }, interval95],
      order.map((parameter) => [parameter, ...pick(find("prcc", parameter))]),
    );
  return "";
}

function indicesChart(
  report: SweepReport,
  measure: { id: string; label: string },
  k: number,
  order: string[],
): Chart | null {
  const design = report.indices.design;
  const id = `fig-indices-${k}`;
  const defined = (index: IndexRow["index"]) =>
    rowsOf(report, measure.id, index).some((row) => row.value !== null);
  if (design === "sobol" && (defined("S1") || defined("ST")))
    return {
      id,
      title: `What drives ${measure.label}: Sobol indices`,
      caption:
        "For each parameter, most influential first: the first-order index (the share of the variance it explains " +
        "alone) and the total index (with its interactions), each a dot with its 95% interval as a line.",
      description: `Dot-and-interval chart of the first-order and total Sobol indices of ${measure.label} for ${list(order)}.`,
      datasets: ["sweepIndices"],
      spec: sobolSpec(measure.id, order),
      narrow: sobolSpec(measure.id, order, "narrow"),
    };
  if (design === "morris" && defined("muStar") && defined("sigma"))
    return {
      id,
      title: `What drives ${measure.label}: Morris screening`,
      caption:
        "Each parameter at its overall influence μ* (across, with its 95% interval as a line) and σ (up): far right " +
        "is influential; high up is non-linear or interacting with others.",
      description: `Scatter of Morris μ* against σ of ${measure.label} for ${list(order)}.`,
      datasets: ["sweepMorris"],
      spec: morrisSpec(measure.id),
      narrow: morrisSpec(measure.id, "narrow"),
    };
  if (design === "lhs" && defined("prcc"))
    return {
      id,
      title: `What drives ${measure.label}: partial rank correlations`,
      caption:
        "Each parameter's partial rank correlation with the measure (bar) and its 95% interval (line), from −1 " +
        "(falls steadily as the parameter grows) to 1 (rises steadily).",
      description: `Bar chart of the partial rank correlations of ${measure.label} with ${list(order)}.`,
      datasets: ["sweepIndices"],
      spec: prccSpec(measure.id, order),
      narrow: prccSpec(measure.id, order, "narrow"),
    };
  return null;
}

/** The cases a measure's estimates used and dropped, and the noise between replicates, in words. */
function casesAndNoise(report: SweepReport, measure: { id: string; label: string }): string[] {
  const design = report.indices.design;
  const [one, many] = CASES[design];
  const paragraphs: string[] = [];
  const undefinedAt = report.points.filter((point) => point.measures[measure.id] == null).length;
  if (undefinedAt > 0)
    paragraphs.push(
      `${capitalise(counted(undefinedAt, "design point"))} of ${count(report.points.length)} ` +
        `${undefinedAt === 1 ? "has" : "have"} no value of ${measure.label} (every replicate failed, or the ` +
        "measure is not defined there): missing from the estimates and the scatters.",
    );
  const stats = report.indices.measures.find((m) => m.measure === measure.id);
  if (stats) {
    paragraphs.push(
      stats.missing === 0
        ? `Complete cases: all ${counted(stats.used, one, many)}, none missing.`
        : `Complete cases: ${counted(stats.used, one, many)} used; ${count(stats.missing)} dropped for a missing value.`,
    );
    const { noise } = stats;
    if (report.replicates < 2) paragraphs.push("One replicate: noise between replicates not measured.");
    else if (noise === null)
      paragraphs.push(
        "Noise between replicates not measured: too few design points with complete replicates.",
      );
    else
      paragraphs.push(
        `Noise: the replicates of a design point vary by ${indexNumber(noise.replicateVariance)} (mean variance), the ` +
          `points' means by ${indexNumber(noise.pointVariance)}: a ratio of ${indexNumber(noise.ratio)}, ` +
          (noise.ratio < SMALL_NOISE
            ? "small beside the effects."
            : "not small beside the effects: the indices mix chance with the parameters' effects (more replicates " +
              "or a larger population would separate them)."),
      );
  }
  return paragraphs;
}

function isNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** Design points drawn in the scatters at most: a large Sobol design would otherwise weigh megabytes. */
export const SCATTER_POINTS = 1000;

/** The design points the scatters draw: all up to `SCATTER_POINTS`, else that many evenly spaced in design order. */
export function scatterPoints(report: SweepReport): SweepReport["points"] {
  const { points } = report;
  if (points.length <= SCATTER_POINTS) return points;
  return Array.from(
    { length: SCATTER_POINTS },
    (_, k) => points[Math.floor((k * points.length) / SCATTER_POINTS)],
  );
}

function scatterChart(report: SweepReport, measure: { id: string; label: string }, k: number): Chart | null {
  if (!report.points.some((point) => isNumber(point.measures[measure.id]))) return null;
  const drawn = scatterPoints(report).length;
  const sample =
    drawn < report.points.length
      ? ` ${count(drawn)} of the ${count(report.points.length)} design points are drawn, evenly spaced in the ` +
        "design's order."
      : "";
  const panels: ScatterPanel[] = report.parameters.map((parameter) => ({
    parameter: parameter.name,
    numeric: report.points.every((point) => {
      const value = point.values[parameter.name];
      return value === null || value === undefined || isNumber(value);
    }),
  }));
  return {
    id: `fig-scatter-${k}`,
    title: `${capitalise(measure.label)} against each parameter`,
    caption:
      "One panel a parameter, one dot a design point (the measure's mean over its replicates). A steady slope or " +
      `spread that follows the parameter shows its effect; a shapeless cloud, little effect alone.${sample}`,
    description: `Scatter plots of ${measure.label} against ${list(panels.map((panel) => panel.parameter))}.`,
    datasets: ["sweepPoints"],
    spec: scatterSpec(measure.id, measure.label, panels, "wide", drawn),
    narrow: scatterSpec(measure.id, measure.label, panels, "narrow", drawn),
  };
}

/** The indices whose convergence a design's chart shows. */
const CONVERGED: Record<Design, ("S1" | "ST" | "muStar" | "prcc")[]> = {
  sobol: ["S1", "ST"],
  morris: ["muStar"],
  lhs: ["prcc"],
  grid: [],
};

function convergenceChart(
  report: SweepReport,
  measure: { id: string; label: string },
  k: number,
  order: string[],
): Chart | null {
  const design = report.indices.design;
  const indices = CONVERGED[design];
  const rows = report.indices.convergence.filter(
    (row) => row.measure === measure.id && (indices as string[]).includes(row.index) && row.value !== null,
  );
  if (rows.length === 0) return null;
  const sizes = [...new Set(rows.map((row) => row.n))].sort((a, b) => a - b);
  const [, many] = CASES[design];
  return {
    id: `fig-convergence-${k}`,
    title: `Convergence of the indices of ${measure.label}`,
    caption:
      `Each index estimated on the first n ${many} (n = ${sizes.map(count).join(", ")}), one panel a parameter, ` +
      "with its 95% interval as a band. Estimates that settle and bands that narrow as n grows mean n was large " +
      "enough.",
    description: `Line charts of the ${list(indices.map(indexLabel))} of ${measure.label} against n for ${list(order)}.`,
    datasets: ["sweepConvergence"],
    spec: convergenceSpec(measure.id, indices, order),
    narrow: convergenceSpec(measure.id, indices, order, "narrow"),
  };
}

/** The datasets the sweep charts read (only the fields they draw). */
export function sweepDatasets(report: SweepReport): Record<string, unknown[]> {
  const indexRow = (row: IndexRow) => ({
    measure: row.measure,
    index: row.index,
    indexLabel: indexLabel(row.index),
    parameter: row.parameter,
    value: row.value,
    low: row.low,
    high: row.high,
  });
  const drawn = new Set(["S1", "ST", "prcc"]);
  const sweepIndices = report.indices.rows
    .filter((row) => drawn.has(row.index) && row.parameter2 === null)
    .map(indexRow);
  const sweepMorris: unknown[] = [];
  if (report.indices.design === "morris")
    for (const measure of report.measures)
      for (const parameter of report.parameters) {
        const find = (index: IndexRow["index"]) =>
          rowsOf(report, measure.id, index).find((row) => row.parameter === parameter.name);
        const muStar = find("muStar");
        if (!muStar) continue;
        sweepMorris.push({
          measure: measure.id,
          parameter: parameter.name,
          muStar: muStar.value,
          low: muStar.low,
          high: muStar.high,
          mu: find("mu")?.value ?? null,
          sigma: find("sigma")?.value ?? null,
        });
      }
  const sweepPoints = scatterPoints(report).flatMap((point) =>
    report.measures.flatMap((measure) =>
      report.parameters.map((parameter) => {
        const value = point.values[parameter.name] ?? null;
        return {
          measure: measure.id,
          parameter: parameter.name,
          point: point.point,
          x: isNumber(value) ? value : null,
          level: value === null ? null : String(value),
          y: point.measures[measure.id] ?? null,
        };
      }),
    ),
  );
  const converged = new Set<string>(CONVERGED[report.indices.design]);
  const sweepConvergence = report.indices.convergence
    .filter((row) => converged.has(row.index) && row.parameter2 === null)
    .map((row) => ({ ...indexRow(row), n: row.n }));
  return { sweepIndices, sweepMorris, sweepPoints, sweepConvergence };
}

/** The sweep report's page. */
export function sweepPage(report: SweepReport): Page {
  const charts: Chart[] = [];
  const show = (chart: Chart | null, otherwise: string) => {
    if (chart === null) return note(otherwise);
    charts.push(chart);
    return figure(chart);
  };
  const design = report.indices.design;
  const sections: Section[] = [
    {
      id: "summary",
      heading: "In plain words",
      html: [
        '<div class="lede">',
        ...describeSweep(report).map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
        "</div>",
        failuresHtml(report),
      ]
        .filter((part) => part !== "")
        .join("\n"),
    },
    { id: "parameters", heading: "The parameters", html: parametersTable(report) },
    {
      id: "reading",
      heading: design === "grid" ? "No indices for a grid" : "How to read the indices",
      html: GUIDES[design]
        // The words on second-order indices only where there are some.
        .filter(
          (paragraph) => !paragraph.includes(" S2 ") || report.indices.rows.some((row) => row.index === "S2"),
        )
        .map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`)
        .join("\n"),
    },
  ];
  report.measures.forEach((measure, m) => {
    const k = m + 1;
    const id = `measure-${k}`;
    const order = ranked(report, measure.id);
    const indices =
      design === "grid"
        ? note("A grid gives no sensitivity indices: read the effects from the scatters below.")
        : [
            show(
              indicesChart(report, measure, k, order),
              `No index of ${measure.label} could be estimated (too few complete cases).`,
            ),
            indexTables(report, measure, order),
          ].join("\n");
    const convergence = report.indices.convergence.some((row) => row.measure === measure.id)
      ? [
          `<h3 id="${id}-convergence">Convergence with n</h3>`,
          show(convergenceChart(report, measure, k, order), "No convergence to draw: no estimate at any n."),
        ]
      : [];
    sections.push({
      id,
      heading: capitalise(measure.label),
      html: [
        `<h3 id="${id}-indices">Sensitivity indices</h3>`,
        indices,
        `<h3 id="${id}-cases">Complete cases and noise</h3>`,
        ...casesAndNoise(report, measure).map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
        `<h3 id="${id}-scatter">Against each parameter</h3>`,
        show(
          scatterChart(report, measure, k),
          `No design point has a value of ${measure.label}: nothing to draw.`,
        ),
        ...convergence,
      ].join("\n"),
    });
  });
  const title = report.title ?? report.name;
  const meta = [
    `Sweep ${report.name}`,
    `${report.model}`,
    `${design} design`,
    `${counted(report.design.points, "point")} × ${counted(report.replicates, "replicate")}`,
    `seed ${report.seed}`,
    ...(report.population === null ? [] : [`${count(report.population)} synthetic citizens`]),
    ...(report.days === null ? [] : [`${count(report.days)} days`]),
  ].join(" · ");
  const body = [
    masthead(title, meta, report.population === null ? TEST_FUNCTION_NOTICE : SYNTHETIC_NOTICE),
    '<main id="main">',
    sectionsHtml(sections),
    "</main>",
    footer("The same sweep file and seed give the same numbers."),
  ].join("\n");
  return {
    title: `${report.name} — controlocracy sweep report`,
    body,
    charts,
    datasets: sweepDatasets(report),
  };
}
