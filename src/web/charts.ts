import type { Summary } from "../core/metrics/summary.js";
import type { Layout } from "../report/chartSpecs.js";
import { type Labels, labelOf } from "../report/labels.js";
import type { ChartKind } from "./story.js";
import { chartSpec, LiveChart } from "./vegaChart.js";

// The page's charts: each kind's title and description (its spec is the report's, by the same key in specs.ts), and
// the datasets they read, filled as the run goes (the daily series, the groups) or when it ends (the acts).

interface ChartInfo {
  title: string;
  description: string;
  /** Whether it reads the daily series as it grows (else it is drawn when the run ends). */
  live: boolean;
}

export const CHARTS: Record<ChartKind, ChartInfo> = {
  blacklist: {
    title: "The list, day by day",
    description:
      "Stacked area chart of the people on the blacklist each day: those listed for nothing they did (red) and " +
      "those the truth would list too; below it, the wrongful share of the list.",
    live: true,
  },
  scores: {
    title: "Scores: what people did, against what the system records",
    description: "Line chart of the mean true score and the mean recorded score, day by day.",
    live: true,
  },
  records: {
    title: "What people did, and what the system recorded",
    description: "Bar chart of acts done and acts recorded, by behaviour, over the run.",
    live: false,
  },
  refusals: {
    title: "What the list takes away: requests refused each day",
    description: "Area chart of the requests the list's sanctions refused, day by day.",
    live: true,
  },
  groups: {
    title: "Who is hit hardest: each group's share on the list",
    description: "Line chart of the share of each group on the list, day by day.",
    live: true,
  },
  ratio: {
    title: "The four-fifths rule: the lowest group rate over the highest",
    description:
      "Line chart of the least listed group's rate divided by the most listed group's, day by day, with a " +
      "dashed line at four fifths (0.8), under which the difference counts as disparate impact.",
    live: true,
  },
};

/** A row of the daily series, as the charts read it. */
export interface SeriesRow {
  day: number;
  dimension: string;
  part: string;
  measure: string;
  value: number;
}

/** The `groups` dataset: each group's id, label and size. */
export function groupRows(groups: { id: string; size: number }[], labels: Labels | undefined) {
  return groups.map((group) => ({
    group: group.id,
    label: labelOf(labels, "groups", group.id),
    citizens: group.size,
  }));
}

/** The `acts` dataset: acts done and recorded by behaviour (behaviours with neither left out). */
export function actRows(summary: Summary, labels: Labels | undefined) {
  return Object.entries(summary.acts.byBehaviour)
    .filter(([, acts]) => acts.true > 0 || acts.recorded > 0)
    .flatMap(([id, acts], order) => {
      const behaviour = labelOf(labels, "behaviours", id);
      return [
        { behaviour, order, ledger: "truth", acts: acts.true },
        { behaviour, order, ledger: "record", acts: acts.recorded },
      ];
    });
}

/** A figure of the page: a heading, the chart, drawn from the datasets the page gives it. */
export class Figure {
  readonly element: HTMLElement;
  readonly chart: LiveChart;

  constructor(
    readonly kind: ChartKind,
    layout: Layout,
  ) {
    const info = CHARTS[kind];
    this.element = document.createElement("figure");
    this.element.className = "chart";
    this.element.dataset.chart = kind;
    const caption = document.createElement("figcaption");
    caption.textContent = info.title;
    const drawing = document.createElement("div");
    drawing.className = "drawing";
    this.element.append(caption, drawing);
    this.chart = new LiveChart(drawing, chartSpec(kind, layout), info.description);
    // Vega's first drawing of a view is its slowest (axes, legends, the scene made): done now, with no data, so a
    // run's first days are drawn at the pace of the rest.
    void this.chart.draw();
    if (!info.live) {
      this.waiting = document.createElement("p");
      this.waiting.className = "waiting";
      this.waiting.textContent = "Drawn when the run ends: the acts are counted over the whole run.";
      this.element.append(this.waiting);
      this.drawing = drawing;
      this.ended(false);
    }
  }

  /** A chart of the whole run: its note until the run has ended, its drawing after. */
  private waiting?: HTMLElement;
  private drawing?: HTMLElement;

  /** Whether the run has ended: a chart of the whole run shows its drawing only then. */
  ended(ended: boolean): void {
    if (this.waiting === undefined || this.drawing === undefined) return;
    this.waiting.hidden = ended;
    this.drawing.hidden = !ended;
  }
}
