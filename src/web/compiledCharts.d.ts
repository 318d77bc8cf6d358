// The page's charts compiled to Vega when the page is built (vite.config.ts, from src/web/specs.ts).
declare module "virtual:compiled-charts" {
  import type { Spec } from "vega";

  const charts: Record<string, { wide: Spec; narrow: Spec }>;
  export default charts;
}
