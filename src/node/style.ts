/** Terminal styling that respects NO_COLOR (https://no-color.org) and plain pipes. */
export interface Style {
  color: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
}

/** Colours on only for a terminal, and never when NO_COLOR is set to a non-empty value. */
export function wantsColor(env: NodeJS.ProcessEnv, isTTY: boolean | undefined): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return isTTY === true && env.TERM !== "dumb";
}

export function createStyle(color: boolean): Style {
  const wrap = (open: number, close: number) => (text: string) =>
    color ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    color,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
  };
}

/** A plain text table: the first row is the header; numeric-looking cells are right-aligned. */
export function formatTable(rows: readonly (readonly string[])[], style: Style): string {
  const widths: number[] = [];
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) widths[i] = Math.max(widths[i] ?? 0, [...row[i]].length);
  }
  const numeric = /^[-−+]?[\d,. %×]+$/;
  return rows
    .map((row, r) =>
      row
        .map((cell, i) => {
          const pad = " ".repeat(widths[i] - [...cell].length);
          const text = numeric.test(cell) && r > 0 ? pad + cell : cell + pad;
          return r === 0 ? style.bold(text) : text;
        })
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
