// The page's live charts: plain SVG, drawn again as the days come (a few hundred points a line at most is cheap).

/** A line: its label, its colour and its points (day, value). */
export interface Line {
  label: string;
  color: string;
  points: [number, number][];
  dashed?: boolean;
}

/** Okabe–Ito: told apart with the common colour-blindnesses. */
export const PALETTE = [
  "#0072b2",
  "#e69f00",
  "#009e73",
  "#cc79a7",
  "#56b4e9",
  "#d55e00",
  "#f0e442",
  "#000000",
];

const WIDTH = 600;
const HEIGHT = 200;

const escapeText = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] as string);

/** Draws lines over days 0 … days − 1 into `svg`, with the y axis from `yMin` to the largest value (or `yMax`). */
export function drawLines(
  svg: SVGSVGElement,
  lines: Line[],
  days: number,
  options: { yMin?: number; yMax?: number; format?: (value: number) => string } = {},
): void {
  const values = lines.flatMap((line) => line.points.map(([, value]) => value)).filter(Number.isFinite);
  if (values.length === 0) {
    svg.innerHTML = "";
    return;
  }
  const low = options.yMin ?? Math.min(...values);
  const high = options.yMax ?? Math.max(...values);
  const span = high - low || 1;
  const x = (day: number) => (days <= 1 ? 0 : (day / (days - 1)) * WIDTH);
  const y = (value: number) => HEIGHT - 4 - ((value - low) / span) * (HEIGHT - 22);
  const format =
    options.format ?? ((value: number) => value.toLocaleString("en-US", { maximumFractionDigits: 3 }));
  const paths = lines.map((line) => {
    const d = line.points
      .filter(([, value]) => Number.isFinite(value))
      .map(([day, value], k) => `${k === 0 ? "M" : "L"}${x(day).toFixed(1)},${y(value).toFixed(1)}`)
      .join("");
    const dash = line.dashed ? ' stroke-dasharray="6 4"' : "";
    return `<path d="${d}" fill="none" stroke="${line.color}" stroke-width="2"${dash}><title>${escapeText(line.label)}</title></path>`;
  });
  svg.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
  svg.innerHTML =
    paths.join("") +
    `<text x="4" y="12" font-size="11">${escapeText(format(high))}</text>` +
    `<text x="4" y="${HEIGHT - 6}" font-size="11">${escapeText(format(low))}</text>`;
}

/** A legend for `lines`, as HTML. */
export function legend(lines: Line[]): string {
  return lines
    .map(
      (line) =>
        `<span class="key"><span class="swatch" style="background:${line.color}"></span>${escapeText(line.label)}</span>`,
    )
    .join(" ");
}
