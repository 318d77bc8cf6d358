import { compile } from "vega-lite";
import { defineConfig, type Plugin } from "vite";
import { forThePage, SPECS } from "./src/web/specs.js";

// The explorable (src/web): `npm run explore` serves it on 127.0.0.1; `npm run build:web` writes a static site to
// dist-web/ that works from any static host (relative paths, no special headers: no SharedArrayBuffer).

const COMPILED_CHARTS = "virtual:compiled-charts";

/** The page's charts, the report's Vega-Lite specs compiled to Vega here, in both layouts. */
function compiledCharts(): Plugin {
  return {
    name: "controlocracy:compiled-charts",
    resolveId: (source) => (source === COMPILED_CHARTS ? `\0${COMPILED_CHARTS}` : undefined),
    load(id) {
      if (id !== `\0${COMPILED_CHARTS}`) return undefined;
      const charts = Object.fromEntries(
        Object.entries(SPECS).map(([key, spec]) => [
          key,
          { wide: compile(forThePage(spec("wide"))).spec, narrow: compile(forThePage(spec("narrow"))).spec },
        ]),
      );
      return `export default ${JSON.stringify(charts)};`;
    },
  };
}

export default defineConfig({
  root: "src/web",
  base: "./",
  plugins: [compiledCharts()],
  server: { host: "127.0.0.1", port: 5173 },
  preview: { host: "127.0.0.1", port: 4173 },
  worker: { format: "es" },
  build: { outDir: "../../dist-web", emptyOutDir: true, target: "es2022" },
});
