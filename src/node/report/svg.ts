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
  const compiled = compile({ ...spec, datasets } as TopLevelSpec, { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logger });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
