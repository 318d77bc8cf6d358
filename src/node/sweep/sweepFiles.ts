import { parquetWriteBuffer } from "hyparquet-writer";
import { COMPARISON_MEASURES } from "../../core/metrics/index.js";
import type { DesignPoint } from "../../core/sweep/design.js";
import { pointMeans } from "../../core/sweep/indices.js";
import type { ParameterSpace, SweepIndices, SweepMeasure, SweepSpec } from "../../core/sweep/types.js";
import type { SweepReport } from "../../report/types.js";
import { toCsv } from "../output/tableFiles.js";
import { renderSweepReport } from "../report/chartLibraries.js";
import type { LoggedRun } from "./sweepDirectory.js";

/** What a finished sweep's files are written from. */
export interface FinishedSweep {
  spec: SweepSpec;
  design: readonly DesignPoint[];
  /** Every run, in design order: point by point, replicate by replicate. */
  runs: readonly LoggedRun[];
  indices: SweepIndices;
  model: string;
  population: number | null;
  days: number | null;
  description: string;
  seeds: readonly number[];
  /** run.json: how the runs were executed (a local pool of `jobs` threads, or a queue's workers). */
  run: { version: string; wallSeconds: number; runs: number; failed: number } & (
    | { executor: "local"; jobs: number }
    | { executor: "queue"; queue: string }
  );
}

type ColumnData = Parameters<typeof parquetWriteBuffer>[0]["columnData"][number];

/** A parameter's values as a Parquet column: DOUBLE when they are all numbers, else STRING (JSON for non-strings). */
function parameterColumn(name: string, values: readonly unknown[]): ColumnData {
  if (values.every((value) => typeof value === "number")) {
    return { name, data: Float64Array.from(values as number[]), type: "DOUBLE", nullable: false };
  }
  return {
    name,
    data: values.map((value) => (typeof value === "string" ? value : JSON.stringify(value))),
    type: "STRING",
    nullable: false,
  };
}

/** Which group of the design a point belongs to: a Sobol block or a Morris trajectory; the point itself otherwise. */
function groupOf(spec: SweepSpec, point: number): number {
  const d = spec.parameters.length;
  if (spec.design.kind === "sobol") return Math.floor(point / (spec.design.secondOrder ? 2 * d + 2 : d + 2));
  if (spec.design.kind === "morris") return Math.floor(point / (d + 1));
  return point;
}

function designParquet(sweep: FinishedSweep): Uint8Array {
  const { spec, design } = sweep;
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: "point", data: Int32Array.from(design, (p) => p.point), type: "INT32", nullable: false },
        {
          name: "group",
          data: Int32Array.from(design, (p) => groupOf(spec, p.point)),
          type: "INT32",
          nullable: false,
        },
        ...spec.parameters.map((parameter, k) =>
          parameterColumn(
            parameter.name,
            design.map((p) => p.values[k]),
          ),
        ),
      ],
      createdBy: "controlocracy",
    }),
  );
}

/** The tidy results: one row a run and measure (a failed run: one row per measure, no value, its error). */
interface ResultRow {
  point: number;
  replicate: number;
  seed: number;
  measure: string;
  value: number | null;
  error: string | null;
}

function resultRows(sweep: FinishedSweep): ResultRow[] {
  const rows: ResultRow[] = [];
  for (const run of sweep.runs) {
    sweep.spec.measures.forEach((measure, m) => {
      rows.push({
        point: run.point,
        replicate: run.replicate,
        seed: run.seed,
        measure: measure.id,
        value: "values" in run ? run.values[m] : null,
        error: "error" in run ? run.error : null,
      });
    });
  }
  return rows;
}

function resultsParquet(sweep: FinishedSweep, rows: readonly ResultRow[]): Uint8Array {
  const { spec, design } = sweep;
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: "point", data: Int32Array.from(rows, (row) => row.point), type: "INT32", nullable: false },
        {
          name: "replicate",
          data: Int32Array.from(rows, (row) => row.replicate),
          type: "INT32",
          nullable: false,
        },
        { name: "seed", data: rows.map((row) => BigInt(row.seed)), type: "INT64", nullable: false },
        ...spec.parameters.map((parameter, k) =>
          parameterColumn(
            parameter.name,
            rows.map((row) => design[row.point].values[k]),
          ),
        ),
        { name: "measure", data: rows.map((row) => row.measure), type: "STRING", nullable: false },
        { name: "value", data: rows.map((row) => row.value), type: "DOUBLE", nullable: true },
        { name: "error", data: rows.map((row) => row.error), type: "STRING", nullable: true },
      ],
      createdBy: "controlocracy",
    }),
  );
}

function indicesParquet(indices: SweepIndices): Uint8Array {
  const rows = [
    ...indices.rows.map((row) => ({ ...row, convergence: false })),
    ...indices.convergence.map((row) => ({ ...row, convergence: true })),
  ];
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: "measure", data: rows.map((row) => row.measure), type: "STRING", nullable: false },
        { name: "method", data: rows.map((row) => row.method), type: "STRING", nullable: false },
        { name: "index", data: rows.map((row) => row.index), type: "STRING", nullable: false },
        { name: "parameter", data: rows.map((row) => row.parameter), type: "STRING", nullable: false },
        { name: "parameter2", data: rows.map((row) => row.parameter2), type: "STRING", nullable: true },
        { name: "value", data: rows.map((row) => row.value), type: "DOUBLE", nullable: true },
        { name: "low", data: rows.map((row) => row.low), type: "DOUBLE", nullable: true },
        { name: "high", data: rows.map((row) => row.high), type: "DOUBLE", nullable: true },
        { name: "n", data: Int32Array.from(rows, (row) => row.n), type: "INT32", nullable: false },
        { name: "convergence", data: rows.map((row) => row.convergence), type: "BOOLEAN", nullable: false },
      ],
      createdBy: "controlocracy",
    }),
  );
}

/** A parameter's space in words, for the report's table. */
export function describeSpace(space: ParameterSpace, integer: boolean): string {
  const whole = integer ? ", rounded to an integer" : "";
  switch (space.kind) {
    case "uniform":
      return `uniform from ${space.low} to ${space.high}${whole}`;
    case "logUniform":
      return `log-uniform from ${space.low} to ${space.high}${whole}`;
    case "normal":
      return `normal, mean ${space.mean}, sd ${space.sd}${whole}`;
    case "triangular":
      return `triangular from ${space.low} to ${space.high}, mode ${space.mode}${whole}`;
    case "levels":
      return `levels ${space.levels.map((level) => JSON.stringify(level)).join(", ")}`;
  }
}

/** A measure in words: a main measure's label, a series' measure and day, else its path. */
function measureLabel(measure: SweepMeasure): string {
  if (measure.kind === "series") return `${measure.measure} on day ${measure.day} (daily series)`;
  if (measure.kind === "function") return "y, the test function's output";
  return COMPARISON_MEASURES.find((main) => main.id === measure.id)?.label ?? `summary.json's ${measure.id}`;
}

/** The report's view of a finished sweep. */
function sweepReport(sweep: FinishedSweep): SweepReport {
  const { spec, design, indices } = sweep;
  const replicates = spec.replicates;
  const failures = sweep.runs.filter((run): run is Extract<LoggedRun, { error: string }> => "error" in run);
  const means = spec.measures.map((_, m) =>
    pointMeans(
      design.map((point) =>
        Array.from({ length: replicates }, (_, r) => {
          const run = sweep.runs[point.point * replicates + r];
          return "values" in run ? run.values[m] : null;
        }),
      ),
    ),
  );
  return {
    name: spec.name,
    title: spec.title,
    model: sweep.model,
    design: { kind: spec.design.kind, description: sweep.description, points: design.length },
    population: sweep.population,
    days: sweep.days,
    replicates,
    seed: spec.seed,
    parameters: spec.parameters.map((parameter) => ({
      name: parameter.name,
      path: parameter.path,
      description: describeSpace(parameter.space, parameter.integer),
    })),
    measures: spec.measures.map((measure) => ({ id: measure.id, label: measureLabel(measure) })),
    runs: {
      total: sweep.runs.length,
      failed: failures.length,
      failures: failures.slice(0, 20).map(({ point, replicate, error }) => ({ point, replicate, error })),
    },
    points: design.map((point) => ({
      point: point.point,
      values: Object.fromEntries(
        spec.parameters.map((parameter, k) => {
          const value = point.values[k];
          const plain =
            typeof value === "number" ||
            typeof value === "string" ||
            typeof value === "boolean" ||
            value === null
              ? value
              : JSON.stringify(value);
          return [parameter.name, plain];
        }),
      ),
      measures: Object.fromEntries(
        spec.measures.map((measure, m) => {
          const value = means[m][point.point];
          return [measure.id, Number.isNaN(value) ? null : value];
        }),
      ),
    })),
    indices,
  };
}

/** The files of a finished sweep's directory, by name. */
export async function sweepFiles(sweep: FinishedSweep): Promise<Record<string, string | Uint8Array>> {
  const rows = resultRows(sweep);
  return {
    "design.parquet": designParquet(sweep),
    "results.parquet": resultsParquet(sweep, rows),
    "results.csv": toCsv(
      rows.map((row) => ({ ...row, value: row.value ?? "", error: row.error ?? "" })),
      ["point", "replicate", "seed", "measure", "value", "error"],
    ),
    "indices.json": `${JSON.stringify(sweep.indices, null, 2)}\n`,
    "indices.parquet": indicesParquet(sweep.indices),
    "report.html": await renderSweepReport(sweepReport(sweep)),
    "run.json": `${JSON.stringify(sweep.run, null, 2)}\n`,
  };
}
