import compiled from "virtual:compiled-charts";
import { changeset, parse, type Spec, View } from "vega";
import type { Layout } from "../report/chartSpecs.js";

// The page's charts are the report's Vega-Lite specs (src/report/chartSpecs.ts, listed in src/web/specs.ts), compiled
// to Vega when the page is built and drawn live: each reads named datasets, which the page fills as the worker's
// days arrive.

/** The layout a chart takes on this screen: narrow on a phone, where a wide chart would overflow. */
export function screenLayout(): Layout {
  return window.matchMedia("(max-width: 700px)").matches ? "narrow" : "wide";
}

/** The compiled chart of `key` (src/web/specs.ts) in `layout`. */
export function chartSpec(key: string, layout: Layout): Spec {
  const chart = compiled[key];
  if (chart === undefined) throw new Error(`no chart "${key}" among ${Object.keys(compiled).join(", ")}`);
  return chart[layout];
}

/** A chart in the page: a Vega view, drawn as SVG into its container, fed dataset by dataset. */
export class LiveChart {
  private readonly view: View;
  private drawing: Promise<unknown> = Promise.resolve();

  /** `spec`: a compiled chart (`chartSpec`); `description`: the chart in words, for screen readers. */
  constructor(container: HTMLElement, spec: Spec, description: string) {
    container.setAttribute("role", "img");
    container.setAttribute("aria-label", description);
    this.datasets = new Set((spec.data ?? []).map((data) => data.name));
    this.view = new View(parse(spec), { renderer: "svg", container });
  }

  /** The datasets the chart reads: rows for others are not its concern. */
  private readonly datasets: Set<string>;

  reads(name: string): boolean {
    return !this.finalized && this.datasets.has(name);
  }

  /**
   * Rows given since the last drawing, by dataset, and whether the dataset is cleared first. They reach the view in
   * one change per dataset, as a drawing begins: Vega keeps only the last of two changes to a dataset made between
   * two evaluations (each is applied to the tuples of the last evaluation), so changes made as messages come would
   * lose days.
   */
  private readonly pending = new Map<string, { clear: boolean; rows: object[] }>();

  private pendingOf(name: string): { clear: boolean; rows: object[] } {
    let pending = this.pending.get(name);
    if (pending === undefined) {
      pending = { clear: false, rows: [] };
      this.pending.set(name, pending);
    }
    return pending;
  }

  /** Appends rows to a dataset (copies: Vega marks the objects it takes in as its own tuples). */
  insert(name: string, rows: readonly object[]): void {
    if (!this.reads(name)) return;
    const pending = this.pendingOf(name);
    for (const row of rows) pending.rows.push({ ...row });
  }

  /** Replaces a dataset's rows. */
  replace(name: string, rows: readonly object[]): void {
    if (!this.reads(name)) return;
    this.pending.set(name, { clear: true, rows: rows.map((row) => ({ ...row })) });
  }

  /** Draws what the datasets now hold (one drawing at a time: a call while one runs waits for it). */
  draw(): Promise<unknown> {
    this.drawing = this.drawing.then(() => {
      if (this.finalized) return undefined;
      for (const [name, pending] of this.pending) {
        const changes = changeset().insert(pending.rows);
        if (pending.clear) changes.remove(() => true);
        this.view.change(name, changes);
      }
      this.pending.clear();
      return this.view.runAsync();
    });
    return this.drawing;
  }

  /** No more data and no more drawings: the chart is gone from the page, and its view goes with its element. */
  finalize(): void {
    this.finalized = true;
  }

  private finalized = false;
}
