import { parquetWriteBuffer } from "hyparquet-writer";
import type { SeriesRow, TrajectoryRow } from "../../report/types.js";

/** A CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
function field(value: string | number | boolean): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as CSV with a header line, columns in the order given. */
export function toCsv<T extends object>(rows: readonly T[], columns: readonly (keyof T & string)[]): string {
  const lines = [columns.join(",")];
  for (const row of rows)
    lines.push(columns.map((column) => field(row[column] as string | number)).join(","));
  return `${lines.join("\n")}\n`;
}

export const SERIES_COLUMNS = ["day", "dimension", "part", "measure", "value"] as const;
export const SCORE_BIN_COLUMNS = ["day", "group", "ledger", "bin", "width", "count"] as const;

/** The tidy series as Parquet: day INT32, dimension/part/measure STRING, value DOUBLE. */
export function seriesParquet(rows: readonly SeriesRow[]): Uint8Array {
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: "day", data: Int32Array.from(rows, (row) => row.day), type: "INT32", nullable: false },
        { name: "dimension", data: rows.map((row) => row.dimension), type: "STRING", nullable: false },
        { name: "part", data: rows.map((row) => row.part), type: "STRING", nullable: false },
        { name: "measure", data: rows.map((row) => row.measure), type: "STRING", nullable: false },
        { name: "value", data: Float64Array.from(rows, (row) => row.value), type: "DOUBLE", nullable: false },
      ],
      createdBy: "controlocracy",
    }),
  );
}

/** Sampled citizens' trajectories as Parquet, truth and record side by side. */
export function trajectoriesParquet(rows: readonly TrajectoryRow[]): Uint8Array {
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: "citizen", data: rows.map((row) => row.citizen), type: "STRING", nullable: false },
        { name: "group", data: rows.map((row) => row.group), type: "STRING", nullable: false },
        { name: "day", data: Int32Array.from(rows, (row) => row.day), type: "INT32", nullable: false },
        {
          name: "trueScore",
          data: Float64Array.from(rows, (row) => row.trueScore),
          type: "DOUBLE",
          nullable: false,
        },
        {
          name: "recordedScore",
          data: Float64Array.from(rows, (row) => row.recordedScore),
          type: "DOUBLE",
          nullable: false,
        },
        { name: "listed", data: rows.map((row) => row.listed), type: "BOOLEAN", nullable: false },
        { name: "trulyListed", data: rows.map((row) => row.trulyListed), type: "BOOLEAN", nullable: false },
      ],
      createdBy: "controlocracy",
    }),
  );
}

/** Parses the CSV this module writes (plain fields, or quoted per RFC 4180) into records of strings. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let value = "";
  let quoted = false;
  for (let k = 0; k < text.length; k++) {
    const char = text[k];
    if (quoted) {
      if (char === '"' && text[k + 1] === '"') {
        value += '"';
        k++;
      } else if (char === '"') quoted = false;
      else value += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(value);
      value = "";
    } else if (char === "\n") {
      row.push(value);
      rows.push(row);
      row = [];
      value = "";
    } else if (char !== "\r") value += char;
  }
  if (value !== "" || row.length > 0) {
    row.push(value);
    rows.push(row);
  }
  const [header, ...body] = rows;
  return body.map((cells) => Object.fromEntries(header.map((name, k) => [name, cells[k] ?? ""])));
}
