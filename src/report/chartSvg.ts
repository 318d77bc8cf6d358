import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

// Vega measures text with a canvas when it has one; Node has none, and Vega's fallback (0.8 em for every
// character) makes labels and legends half as wide again as they are drawn. These widths, in ems, are those of a
// common sans-serif face (Helvetica's metrics, rounded): close enough to lay out axes, legends and label limits.
const NARROW_CHARACTERS = /[iljtf.,:;'|!()[\]\s]/;
const WIDE_CHARACTERS = /[mwMW%@—]/;

function estimateWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const character of text) {
    if (NARROW_CHARACTERS.test(character)) ems += 0.3;
    else if (WIDE_CHARACTERS.test(character)) ems += 0.85;
    else if (character >= "A" && character <= "Z") ems += 0.67;
    else ems += 0.56;
  }
  return ems * fontSize;
}

interface TextItem {
  fontSize?: number;
}

let measuring = false;

/** Makes Vega lay text out with `estimateWidth` (once per process). */
function measureText(): void {
  if (measuring) return;
  measuring = true;
  // `textMetrics` is exported by Vega (from vega-scenegraph) but missing from its typings.
  const { textMetrics } = vega as unknown as {
    textMetrics: { width: (item: TextItem, text: unknown) => number };
  };
  textMetrics.width = (item, text) => {
    const fontSize = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    return text == null ? 0 : estimateWidth(String(text).trim(), fontSize);
  };
}

/** A logger that keeps Vega's and Vega-Lite's warnings off the user's terminal (the charts draw regardless). */
function quietLogger(): vega.LoggerInterface {
  return vega.logger(vega.None);
}

/**
 * A Vega-Lite chart as a static SVG document, drawn in Node with the datasets it reads inlined: what a report
 * shows without JavaScript. Sized by its `width` and `height` attributes with a matching `viewBox`, so CSS can
 * shrink it to fit its column.
 */
export async function chartSvg(spec: TopLevelSpec, datasets: Record<string, unknown[]>): Promise<string> {
  measureText();
  const logger = quietLogger();
  // No ARIA on every mark: the figure carries the chart's description, and per-mark labels would triple the bytes.
  const quiet = { ...spec, config: { ...spec.config, aria: false }, datasets } as TopLevelSpec;
  const compiled = compile(quiet, { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logger });
  try {
    return compactGeometry(await view.toSVG());
  } finally {
    view.finalize();
  }
}

const GEOMETRY = / (d|transform|x|y|x1|x2|y1|y2|width|height)="([^"]*)"/g;

/**
 * The same drawing in fewer bytes: coordinates rounded to a tenth of a pixel (Vega writes up to 17 digits), and
 * polylines (step lines) without the points that lie on a straight horizontal or vertical run.
 */
export function compactGeometry(svg: string): string {
  return svg.replace(GEOMETRY, (_, name: string, value: string) => {
    const rounded = value.replace(/-?\d+\.\d{2,}/g, (number) => String(Math.round(Number(number) * 10) / 10));
    return ` ${name}="${name === "d" ? simplifiedPolyline(rounded) : rounded}"`;
  });
}

const POLYLINE = /^M-?[\d.]+,-?[\d.]+(L-?[\d.]+,-?[\d.]+)+$/;

/** A path of straight segments (`M x,y L x,y …`) without repeated points or points inside an axis-aligned run. */
export function simplifiedPolyline(path: string): string {
  if (!POLYLINE.test(path)) return path;
  const points = path
    .slice(1)
    .split("L")
    .map((pair) => pair.split(",").map(Number) as [number, number]);
  const kept: [number, number][] = [];
  for (const point of points) {
    const last = kept[kept.length - 1];
    if (last && last[0] === point[0] && last[1] === point[1]) continue;
    const before = kept[kept.length - 2];
    // The last kept point lies between `before` and `point` on one horizontal or vertical line: drop it.
    if (
      before &&
      ((before[1] === last[1] && last[1] === point[1] && (last[0] - before[0]) * (point[0] - last[0]) >= 0) ||
        (before[0] === last[0] && last[0] === point[0] && (last[1] - before[1]) * (point[1] - last[1]) >= 0))
    )
      kept.pop();
    kept.push(point);
  }
  return `M${kept.map(([x, y]) => `${x},${y}`).join("L")}`;
}
