import { describeDesign } from "../../core/sweep/design.js";
import type { IndexRow, SweepIndices, SweepSpec } from "../../core/sweep/types.js";
import { formatCount } from "../numbers.js";
import { formatTable, type Style } from "../style.js";

/** A number with 3 significant digits (and no exponent for ordinary magnitudes); "—" for none. */
export function significant(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return "—";
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e6) return String(Number(value.toPrecision(3)));
  return value.toExponential(2);
}

const withInterval = (row: IndexRow | undefined) =>
  row === undefined
    ? "—"
    : row.low === null || row.high === null
      ? `${significant(row.value)} [n/a]`
      : `${significant(row.value)} [${significant(row.low)}, ${significant(row.high)}]`;

/** The table of one measure's indices, parameters ordered by their main index (ST, μ* or |PRCC|), largest first. */
function measureTable(spec: SweepSpec, rows: readonly IndexRow[], style: Style): string {
  const find = (parameter: string, index: IndexRow["index"]) =>
    rows.find((row) => row.parameter === parameter && row.index === index && row.parameter2 === null);
  const names = spec.parameters.map((parameter) => parameter.name);
  const kind = spec.design.kind;
  const key = kind === "sobol" ? "ST" : kind === "morris" ? "muStar" : "prcc";
  const ordered = [...names].sort(
    (a, b) => Math.abs(find(b, key)?.value ?? -1) - Math.abs(find(a, key)?.value ?? -1),
  );
  if (kind === "sobol") {
    const table = [
      ["parameter", "first order S1 [95% CI]", "total ST [95% CI]"],
      ...ordered.map((name) => [name, withInterval(find(name, "S1")), withInterval(find(name, "ST"))]),
    ];
    return formatTable(table, style);
  }
  if (kind === "morris") {
    const table = [
      ["parameter", "μ* [95% CI]", "μ", "σ"],
      ...ordered.map((name) => [
        name,
        withInterval(find(name, "muStar")),
        significant(find(name, "mu")?.value ?? null),
        significant(find(name, "sigma")?.value ?? null),
      ]),
    ];
    return formatTable(table, style);
  }
  const table = [
    ["parameter", "partial rank correlation [95% CI]"],
    ...ordered.map((name) => [name, withInterval(find(name, "prcc"))]),
  ];
  return formatTable(table, style);
}

/** Below this many base samples, Sobol estimates are said to be unreliable. */
const SMALL_SOBOL = 64;

export interface SweepSummaryContext {
  style: Style;
  directory: string;
  wallSeconds: number;
  runs: number;
  failures: { point: number; replicate: number; error: string }[];
  population: number | null;
  days: number | null;
  model: string;
}

/** What `sweep` prints when it is done: what ran, each measure's indices, failures, and where the files are. */
export function formatIndices(spec: SweepSpec, indices: SweepIndices, context: SweepSummaryContext): string {
  const { style } = context;
  const case_ = { sobol: "base samples", morris: "trajectories", lhs: "samples", grid: "points" }[
    spec.design.kind
  ];
  const scale =
    context.population === null
      ? ""
      : ` · ${formatCount(context.population)} citizens · ${formatCount(context.days ?? 0)} days`;
  const lines = [
    `${style.bold(`sweep ${spec.name}`)} · ${context.model} · ${describeDesign(spec)} · ` +
      `${formatCount(context.runs)} runs (${spec.replicates} replicate${spec.replicates === 1 ? "" : "s"} a point)` +
      `${scale} · ${context.wallSeconds.toFixed(1)} s`,
    "",
  ];
  if (spec.design.kind === "sobol" && spec.design.n < SMALL_SOBOL) {
    lines.push(
      style.yellow(
        `N = ${spec.design.n} base samples is few for Sobol indices: estimates can fall far outside 0 to 1 and ` +
          `rank parameters wrongly; see their convergence in report.html, and use N ≥ ${SMALL_SOBOL} for answers`,
      ),
      "",
    );
  }
  for (const measure of indices.measures) {
    const noise =
      measure.noise === null
        ? ""
        : `; noise between replicates ${(100 * measure.noise.ratio).toFixed(1)}% of the variance between points`;
    lines.push(
      `${style.bold(measure.measure)} ${style.dim(
        `(${formatCount(measure.used)} ${case_} complete, ${formatCount(measure.missing)} missing${noise})`,
      )}`,
    );
    if (spec.design.kind === "grid") {
      lines.push(style.dim("  a grid gives no indices: its values are in results.parquet and report.html"));
    } else {
      lines.push(
        measureTable(
          spec,
          indices.rows.filter((row) => row.measure === measure.measure),
          style,
        ),
      );
    }
    lines.push("");
  }
  if (context.failures.length > 0) {
    const [first] = context.failures;
    lines.push(
      style.yellow(
        `${formatCount(context.failures.length)} run${context.failures.length === 1 ? "" : "s"} failed ` +
          `(recorded in results.parquet); the first, point ${first.point} replicate ${first.replicate}: ${first.error}`,
      ),
      "",
    );
  }
  lines.push(style.dim(`written to ${context.directory}/`));
  return `${lines.join("\n")}\n`;
}
