import { count, counted } from "../report/format.js";
import type { Labels } from "../report/labels.js";
import { storyDatasets, storySection, storyShape } from "../report/storySection.js";
import type { Story } from "../report/types.js";
import { storyKey } from "./specs.js";
import { chartSpec, LiveChart, screenLayout } from "./vegaChart.js";
import type { FromWorker, ToWorker } from "./worker.js";

// "Follow one citizen": when a run ends, the worker offers the synthetic citizens it listed (pseudonyms only); the
// reader picks one and the worker traces their story, told here with the report's own words, chart and timeline
// (src/report/storySection.ts).

/** The story shown, for whoever reads the page's state (the tests). */
export interface FollowedStory {
  citizen: string;
  /** Its day of listing, counted from the end of the warm-up. */
  day: number;
  wrongful: boolean;
  /** Every event of the story, and those the timeline tells (the non-routine ones). */
  events: number;
  keyEvents: number;
}

/** The worker's messages this part of the page answers. */
export type CitizenMessage = Extract<FromWorker, { type: "citizens" | "story" | "storyRefused" }>;

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** The section "Follow one citizen": the list offered, the button, and the story read. */
export class Citizens {
  private readonly section = element<HTMLElement>("citizen");
  private readonly select = element<HTMLSelectElement>("citizen-select");
  private readonly button = element<HTMLButtonElement>("citizen-read");
  private readonly picker = element<HTMLElement>("citizen-pick");
  private readonly note = element<HTMLParagraphElement>("citizen-note");
  private readonly status = element<HTMLParagraphElement>("citizen-status");
  private readonly storyArea = element<HTMLElement>("citizen-story");
  private offered: Extract<CitizenMessage, { type: "citizens" }>["citizens"] = [];

  /**
   * `send`: to the run's worker; `labels`: the scenario's, for the groups' and regions' names; `state`: where the
   * story shown is written.
   */
  constructor(
    private readonly send: (message: ToWorker) => void,
    private readonly labels: () => Labels | undefined,
    private readonly state: { story?: FollowedStory },
  ) {
    this.button.addEventListener("click", () => this.ask());
  }

  /** A new run: nothing to pick from until it ends. */
  clear(): void {
    this.section.hidden = true;
    this.offered = [];
    this.select.replaceChildren();
    this.note.textContent = "";
    this.status.textContent = "";
    this.storyArea.replaceChildren();
    this.state.story = undefined;
  }

  receive(message: CitizenMessage): void {
    if (message.type === "citizens") {
      this.offer(message);
    } else if (message.type === "story") {
      this.show(message.citizen, message.story);
    } else {
      this.status.textContent = message.reason;
      this.button.disabled = false;
    }
  }

  private offer(message: Extract<CitizenMessage, { type: "citizens" }>): void {
    this.offered = message.citizens;
    this.select.replaceChildren(
      ...message.citizens.map(
        (listed, k) =>
          new Option(
            `${listed.citizen}, listed on day ${listed.day}${listed.wrongful ? " (wrongfully)" : ""}`,
            String(k),
          ),
      ),
    );
    const none = message.citizens.length === 0;
    this.picker.hidden = none;
    this.button.disabled = none;
    const wrongful = message.citizens.filter((listed) => listed.wrongful).length;
    const shown =
      message.total > message.citizens.length
        ? `Showing ${count(message.citizens.length)} of the ${count(message.total)} citizens this run listed`
        : `The ${counted(message.total, "citizen")} this run listed`;
    const order =
      wrongful > 0
        ? `the ${count(wrongful)} listed wrongfully — when the truth would not have listed them that day — first, then by day of listing`
        : "by day of listing (none of them wrongfully when listed: the truth would have listed them that day too)";
    this.note.textContent = none
      ? "Nobody was listed during the measured days of this run: there is no listed citizen to follow."
      : `${shown}, ${order}. A story follows the citizen from the run's first day to ${message.daysAfter} days ` +
        "after that listing (or the run's end), as the report's story does.";
    this.section.hidden = false;
  }

  private ask(): void {
    const k = Number(this.select.value);
    const listed = this.offered[k];
    if (listed === undefined) return;
    this.button.disabled = true;
    this.status.textContent = `Tracing ${listed.citizen}'s story: the same run again, same scenario and seed…`;
    this.send({ type: "story", citizen: k });
  }

  private show(k: number, story: Story): void {
    const listed = this.offered[k];
    this.button.disabled = false;
    if (listed === undefined) return;
    const told = storySection(story, this.labels(), "This page");
    const heading = document.createElement("h3");
    heading.id = "citizen-story-heading";
    heading.tabIndex = -1;
    heading.textContent = `${story.citizen}, a synthetic citizen`;
    const body = document.createElement("div");
    // The report's words, escaped there.
    body.innerHTML = told.html;
    this.storyArea.replaceChildren(heading, body);
    const chart = told.chart;
    const drawing = body.querySelector<HTMLElement>(".chart");
    if (chart && drawing) {
      drawing.replaceChildren();
      const live = new LiveChart(
        drawing,
        chartSpec(storyKey(storyShape(story)), screenLayout()),
        chart.description,
      );
      for (const [name, rows] of Object.entries(storyDatasets(story))) live.replace(name, rows as object[]);
      live.draw().catch((error: unknown) => {
        this.status.textContent = `the story's chart could not be drawn: ${String(error)}`;
      });
    }
    this.status.textContent = `${story.citizen}'s story: ${story.events.length} events.`;
    this.state.story = {
      citizen: story.citizen,
      day: listed.day,
      wrongful: listed.wrongful,
      events: story.events.length,
      keyEvents: body.querySelector(":scope > ol.timeline")?.children.length ?? 0,
    };
    heading.focus();
  }
}
