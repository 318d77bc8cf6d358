import type { Chart } from "./chartSpecs.js";
import { chartSvg } from "./chartSvg.js";

/** What a report page is made of: its words (HTML), its charts and the data they read. */
export interface Page {
  title: string;
  /** The page's content, as HTML: a masthead, then `<main id="main">`. */
  body: string;
  charts: Chart[];
  datasets: Record<string, unknown[]>;
}

/** Text made safe for HTML content and double-quoted attribute values (the only kind the reports write). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * JSON made safe inside `<script type="application/json">`: every `<` written as `\u003c`, so no string in the data
 * (`</script>`, `<!--`) can end or confuse the element; U+2028 and U+2029 escaped for older parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * Script text safe inside `<script>…</script>`: no source-map comment (a browser with developer tools open would
 * fetch the map), and no `</script` or `<!--` that would end or confuse the element (both only occur in strings or
 * regular expressions, where `<\/` and `<\!--` mean the same). Applying it twice changes nothing.
 */
export function inlineScript(source: string): string {
  return source
    .replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, "")
    .replace(/<\/(script)/gi, "<\\/$1")
    .replace(/<!--/g, "<\\!--");
}

/** Where `renderPage` puts a chart's static drawings, inside its figure. */
function drawingsMark(chart: Chart): string {
  return `<!--drawings:${chart.id}-->`;
}

/**
 * The figure of a chart: a labelled drawing area and its caption. `renderPage` fills the area with the chart drawn
 * as static SVG, wide and narrow (CSS shows the one that fits the screen); the page script then adds the
 * interactive chart beside them, shown on wide screens once drawn.
 */
export function figure(chart: Chart): string {
  return (
    `<figure id="${chart.id}">\n` +
    `<div class="chart" id="${chart.id}-chart" role="img" aria-label="${escapeHtml(chart.description)}">` +
    `${drawingsMark(chart)}</div>\n` +
    `<figcaption><strong>${escapeHtml(chart.title)}.</strong> ${escapeHtml(chart.caption)}</figcaption>\n` +
    "</figure>"
  );
}

// Nothing may be fetched: scripts and styles are inline, pictures only from data: URLs; `eval` is Vega's
// expression compiler.
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; " +
  "font-src data:; base-uri 'none'; form-action 'none'";

// Adds an interactive chart (tooltips) beside each static drawing, marks each chart as rendered or failed (the
// static drawing stays), and the page as done.
const BOOT = `(function () {
  var payload = JSON.parse(document.getElementById("report-data").textContent);
  var drawn = payload.charts.map(function (chart) {
    var element = document.getElementById(chart.id + "-chart");
    var target = document.createElement("div");
    target.className = "interactive";
    element.appendChild(target);
    var datasets = {};
    chart.datasets.forEach(function (name) { datasets[name] = payload.datasets[name] || []; });
    var spec = Object.assign({}, chart.spec, { datasets: datasets });
    return vegaEmbed(target, spec, { mode: "vega-lite", renderer: "svg", actions: false })
      .then(function () { element.setAttribute("data-state", "rendered"); })
      .catch(function (error) {
        element.setAttribute("data-state", "failed");
        element.removeChild(target);
        console.error(error);
      });
  });
  Promise.all(drawn).then(function () { document.documentElement.setAttribute("data-charts", "done"); });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (details) { details.open = true; });
  });
})();`;

const STYLE = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #474747; --rule: #d4d4d4; --accent: #1f6fb4;
  --wrong: #9e1a1a; --paper: #ffffff; --soft: #f5f5f3; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  line-height: 1.55; color: var(--ink); background: var(--paper); -webkit-text-size-adjust: 100%; }
body { margin: 0; }
.page { max-width: 60rem; margin: 0 auto; padding: 1.25rem 1.25rem 4rem; }
a { color: #0b57a4; }
a:focus-visible, summary:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--paper); padding: .4rem .6rem; z-index: 1; }
.masthead { border-bottom: 3px solid var(--ink); padding-bottom: 1rem; margin-bottom: 1.5rem; }
.synthetic { margin: 0 0 1rem; padding: .55rem .8rem; background: #eaf2fa; border-left: 4px solid var(--accent);
  font-size: .95rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: .5rem 0 .4rem; letter-spacing: -.01em; }
h2 { font-size: 1.45rem; line-height: 1.25; margin: 2.75rem 0 .75rem; padding-bottom: .3rem;
  border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.1rem; margin: 1.75rem 0 .5rem; }
.meta { margin: 0; color: var(--muted); font-size: .95rem; }
.lede p { font-size: 1.08rem; max-width: 44rem; margin: 0 0 .9rem; }
.lede p:first-of-type { font-size: 1.22rem; line-height: 1.45; }
p { max-width: 46rem; }
nav.contents { background: var(--soft); padding: .6rem 1rem; border-radius: 6px; margin: 1.5rem 0; }
nav.contents h2 { font-size: 1rem; margin: 0 0 .3rem; padding: 0; border: 0; }
nav.contents ol { margin: 0; padding-left: 1.3rem; columns: 2; column-gap: 2rem; }
figure { margin: 1.5rem 0 2.25rem; }
.chart { overflow-x: auto; min-height: 2rem; }
.chart .vega-embed { max-width: 100%; }
.chart svg { display: block; max-width: 100%; height: auto; }
.chart .narrow { display: none; }
.chart[data-state="rendered"] .wide { display: none; }
@media (max-width: 45rem) {
  /* A phone: the narrow drawing, at its own size, so its text stays at least 11 px. */
  .chart .wide, .chart .interactive, .chart[data-state="rendered"] .wide { display: none; }
  .chart .narrow { display: block; }
}
figcaption { font-size: .95rem; color: var(--muted); max-width: 46rem; margin-top: .5rem; }
figcaption strong { color: var(--ink); }
.note { background: var(--soft); padding: .65rem .9rem; border-radius: 6px; max-width: 46rem; }
table { border-collapse: collapse; margin: .5rem 0 1.75rem; font-size: .93rem; }
caption { text-align: left; font-weight: 650; padding-bottom: .4rem; font-size: 1rem; }
th, td { padding: .3rem .65rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); vertical-align: bottom; }
tbody th { font-weight: 500; }
tr.group th { font-weight: 650; padding-top: .9rem; border-bottom: 1px solid var(--ink); }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.table-wrap { overflow-x: auto; }
.timeline { list-style: none; padding: 0; margin: .5rem 0 1rem; max-width: 46rem; }
.timeline li { padding: .3rem 0 .3rem 5.2rem; text-indent: -5.2rem; border-bottom: 1px dotted var(--rule); }
.timeline .day { display: inline-block; width: 5.2rem; text-indent: 0; color: var(--muted);
  font-variant-numeric: tabular-nums; }
.tag { display: inline-block; text-indent: 0; font-size: .8rem; line-height: 1.4; padding: 0 .4rem; margin-right: .4rem;
  border-radius: 3px; background: #ececec; color: #262626; }
.tag.wrong { background: #fbe3e1; color: #7a1010; }
.tag.missed { background: #fff0d1; color: #5c3a00; }
.tag.listed { background: #7a1010; color: #ffffff; }
.tag.harm { background: #f3e6f9; color: #4b1f63; }
details { margin: .5rem 0 1rem; }
summary { cursor: pointer; color: #0b57a4; }
footer { margin-top: 3rem; padding-top: .75rem; border-top: 1px solid var(--rule); color: var(--muted);
  font-size: .9rem; }
@media print {
  .page { max-width: none; padding: 0; }
  nav.contents, .skip { display: none; }
  h2, h3 { break-after: avoid; }
  figure, table, .timeline li, .note { break-inside: avoid; }
  .chart { overflow: visible; }
  a { color: inherit; text-decoration: none; }
  summary { display: none; }
}
`;

/** A chart drawn twice as static SVG, wide and narrow, from the page's datasets. */
async function drawings(chart: Chart, datasets: Record<string, unknown[]>): Promise<string> {
  const read = Object.fromEntries(chart.datasets.map((name) => [name, datasets[name] ?? []]));
  const wide = await chartSvg(chart.spec, read);
  const narrow = await chartSvg(chart.narrow, read);
  return `<div class="drawing wide">${wide}</div><div class="drawing narrow">${narrow}</div>`;
}

/**
 * A complete, self-contained HTML document: styles, every chart drawn as static SVG (readable without JavaScript,
 * on a phone as on a desktop), and the chart libraries, specs and data that make them interactive, all inline.
 * `libraries` are the browser bundles of `vega`, `vega-lite` and `vega-embed` as script text, in load order (each
 * defines a global the next one uses); the page inlines them only when it has charts.
 */
export async function renderPage(page: Page, libraries: readonly string[]): Promise<string> {
  let body = page.body;
  for (const chart of page.charts) {
    const mark = drawingsMark(chart);
    if (!body.includes(mark)) continue;
    const html = await drawings(chart, page.datasets);
    body = body.replace(mark, () => html);
  }
  const payload = {
    charts: page.charts.map((chart) => ({ id: chart.id, datasets: chart.datasets, spec: chart.spec })),
    datasets: page.datasets,
  };
  const scripts =
    page.charts.length > 0 ? libraries.map((library) => `<script>${inlineScript(library)}</script>`) : [];
  return [
    "<!doctype html>",
    // A page without charts has nothing to wait for.
    page.charts.length > 0 ? '<html lang="en">' : '<html lang="en" data-charts="done">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="controlocracy">',
    `<title>${escapeHtml(page.title)}</title>`,
    '<link rel="icon" href="data:,">',
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    '<a class="skip" href="#main">Skip to the report</a>',
    '<div class="page">',
    body,
    "</div>",
    `<script type="application/json" id="report-data">${jsonForScript(payload)}</script>`,
    ...scripts,
    page.charts.length > 0 ? `<script>${BOOT}</script>` : "",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

/** The sentence every report opens with. */
export const SYNTHETIC_NOTICE =
  "Every citizen in this report is synthetic: generated by a simulation, none of them is a real person.";

export interface Section {
  id: string;
  heading: string;
  /** HTML of the section's content after its heading. */
  html: string;
}

export function note(text: string): string {
  return `<p class="note">${escapeHtml(text)}</p>`;
}

/** What a report of a test function (no citizens at all) opens with instead. */
export const TEST_FUNCTION_NOTICE =
  "This report is of a test function with known answers: there are no citizens in it, synthetic or real.";

/** The page's masthead: the synthetic-data notice (or another notice), the title and what was run. */
export function masthead(title: string, meta: string, notice: string = SYNTHETIC_NOTICE): string {
  return (
    '<header class="masthead">\n' +
    `<p class="synthetic">${escapeHtml(notice)}</p>\n` +
    `<h1>${escapeHtml(title)}</h1>\n` +
    `<p class="meta">${escapeHtml(meta)}</p>\n` +
    "</header>"
  );
}

/** Sections as HTML, with a table of contents before all but the first. */
export function sectionsHtml(sections: Section[]): string {
  const contents =
    '<nav class="contents" aria-labelledby="contents-heading">\n<h2 id="contents-heading">Contents</h2>\n<ol>\n' +
    sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.heading)}</a></li>`).join("\n") +
    "\n</ol>\n</nav>";
  const body = sections.map(
    (s) =>
      `<section id="${s.id}" aria-labelledby="${s.id}-heading">\n` +
      `<h2 id="${s.id}-heading">${escapeHtml(s.heading)}</h2>\n${s.html}\n</section>`,
  );
  return [body[0], contents, ...body.slice(1)].join("\n");
}

/** The page's footer. */
export function footer(text: string): string {
  return `<footer><p>Made by controlocracy, a simulation and audit laboratory for social-scoring systems. ${escapeHtml(text)}</p></footer>`;
}
