import { escapeHtml } from "./page.js";

/** A column of an HTML table: its heading, and whether its cells are numbers (right-aligned). */
export interface Column {
  label: string;
  numeric?: boolean;
}

/** A group of rows of a table, under an optional heading row that spans every column. */
export interface RowGroup {
  heading?: string;
  rows: string[][];
}

/**
 * An HTML table readable without JavaScript: a caption, column headings, and rows whose first cell heads the row.
 * Cells are plain text.
 */
export function table(caption: string, columns: Column[], rows: string[][]): string {
  return groupedTable(caption, columns, [{ rows }]);
}

/** An HTML table whose rows come in groups, each a `<tbody>` under its own heading row. */
export function groupedTable(caption: string, columns: Column[], groups: RowGroup[]): string {
  const cls = (column: Column | undefined) => (column?.numeric ? ' class="num"' : "");
  const head = columns
    .map((column) => `<th scope="col"${cls(column)}>${escapeHtml(column.label)}</th>`)
    .join("");
  const bodies = groups.map((group) => {
    const rows = group.rows.map((row) => {
      const cells = row.map((cell, k) =>
        k === 0
          ? `<th scope="row">${escapeHtml(cell)}</th>`
          : `<td${cls(columns[k])}>${escapeHtml(cell)}</td>`,
      );
      return `<tr>${cells.join("")}</tr>`;
    });
    if (group.heading !== undefined) {
      rows.unshift(
        `<tr class="group"><th scope="rowgroup" colspan="${columns.length}">${escapeHtml(group.heading)}</th></tr>`,
      );
    }
    return `<tbody>\n${rows.join("\n")}\n</tbody>`;
  });
  return (
    `<div class="table-wrap"><table>\n<caption>${escapeHtml(caption)}</caption>\n` +
    `<thead><tr>${head}</tr></thead>\n${bodies.join("\n")}\n</table></div>`
  );
}

/** A two-column table of measures and their values. */
export function measureTable(caption: string, rows: [string, string][]): string {
  return table(caption, [{ label: "measure" }, { label: "value", numeric: true }], rows);
}
