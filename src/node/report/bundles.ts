import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The browser bundles a report inlines, in load order: each defines a global the next one uses. */
const BUNDLES = [
  { name: "vega", file: "vega.min.js" },
  { name: "vega-lite", file: "vega-lite.min.js" },
  { name: "vega-embed", file: "vega-embed.min.js" },
] as const;

let cached: string[] | undefined;

/**
 * The minified `vega`, `vega-lite` and `vega-embed` browser bundles (UMD: they set `vega`, `vegaLite` and
 * `vegaEmbed` on the page), read once from `node_modules/<package>/build/` and made safe to inline in a `<script>`.
 */
export function chartBundles(): string[] {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    cached = BUNDLES.map(({ name, file }) => {
      // Each package's entry point lives in its `build/` folder, next to the browser bundle.
      const path = join(dirname(require.resolve(name)), file);
      return inlineScript(readFileSync(path, "utf8"));
    });
  }
  return cached;
}

/**
 * Script text safe inside `<script>…</script>`: no source-map comment (a browser with developer tools open would
 * fetch the map), and no `</script` or `<!--` that would end or confuse the element (both only occur in strings or
 * regular expressions, where `<\/` and `<\!--` mean the same).
 */
export function inlineScript(source: string): string {
  return source
    .replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, "")
    .replace(/<\/(script)/gi, "<\\/$1")
    .replace(/<!--/g, "<\\!--");
}
