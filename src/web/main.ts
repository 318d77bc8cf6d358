import type { Summary } from "../core/metrics/summary.js";
import { counted, percent } from "../report/format.js";
import { type Labels, labelsOf, nameOf } from "../report/labels.js";
import { wrongfullyListedNow } from "../report/runDescription.js";
import { actRows, Figure, groupRows, type SeriesRow } from "./charts.js";
import { Citizens, type FollowedStory } from "./citizen.js";
import { BUILTIN_NAMES } from "./names.js";
import type { DayPoint, RunRequest } from "./run.js";
import { type ChartKind, STEPS, STORY_DAYS, STORY_POPULATION, type Step } from "./story.js";
import { screenLayout } from "./vegaChart.js";
import type { FromWorker, ToWorker } from "./worker.js";

// The explorable's page: the story's six steps and the sandbox, the controls, the URL that reproduces a run, and the
// live charts (the report's Vega-Lite specs). The simulation itself runs in a Web Worker (worker.ts): this thread
// only draws.

const DEFAULT_SCENARIO = "china-2020";
const DEFAULT_POPULATION = 20_000;

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const scenarioSelect = element<HTMLSelectElement>("scenario");
const populationInput = element<HTMLInputElement>("population");
const daysInput = element<HTMLInputElement>("days");
const seedInput = element<HTMLInputElement>("seed");
const speedSelect = element<HTMLSelectElement>("speed");
const playButton = element<HTMLButtonElement>("play");
const stepButton = element<HTMLButtonElement>("step");
const resetButton = element<HTMLButtonElement>("reset");
const status = element<HTMLParagraphElement>("status");
const figures = element<HTMLElement>("figures");
const download = element<HTMLAnchorElement>("download");
const downloadSeries = element<HTMLAnchorElement>("download-series");
const downloadScenario = element<HTMLAnchorElement>("download-scenario");
const fileInput = element<HTMLInputElement>("file");
const storySection = element<HTMLElement>("story");
const sandboxSection = element<HTMLElement>("sandbox-mode");
const sandboxCharts = element<HTMLElement>("sandbox-charts");
const stepCharts = element<HTMLElement>("step-charts");
const stepTitle = element<HTMLHeadingElement>("step-title");
const stepText = element<HTMLElement>("step-text");
const stepControl = element<HTMLElement>("step-control");
const stepOutcome = element<HTMLParagraphElement>("step-outcome");
const stepList = element<HTMLOListElement>("step-list");
const previousLink = element<HTMLAnchorElement>("step-previous");
const nextLink = element<HTMLAnchorElement>("step-next");
const toSandbox = element<HTMLAnchorElement>("step-sandbox");
const ratioText = element<HTMLParagraphElement>("ratio");
/** The sandbox's parameters: each input names the scenario field it sets (`data-path`), as `--set` does. */
const parameters = [...document.querySelectorAll<HTMLInputElement>("#sandbox input[data-path]")];

/** What the page shows for testing and for the curious: the state and the finished run's summary.json. */
interface PageState {
  mode: "story" | "sandbox";
  /** The story's step shown (1–6), in the story. */
  step?: number;
  state: "idle" | "running" | "paused" | "finished" | "invalid" | "failed";
  summaryJson?: string;
  /** The finished run's wall seconds in the worker: the simulation, from the scenario read to summary.json. */
  seconds?: number;
  days: DayPoint[];
  /** The series' charted values by `part measure`, as [day, value] pairs. */
  series: Map<string, [number, number][]>;
  groups: { id: string; size: number }[];
  problems?: string;
  /** The story step's outcome in words, once its run is done. */
  outcome?: string;
  /** The citizen followed ("Follow one citizen"), once their story is shown. */
  story?: FollowedStory;
}
const page: PageState = { mode: "story", state: "idle", days: [], series: new Map(), groups: [] };
(window as unknown as { controlocracy: PageState }).controlocracy = page;

for (const name of BUILTIN_NAMES) scenarioSelect.add(new Option(name, name));

const setOf = (sets: string[], path: string) =>
  sets.find((set) => set.startsWith(`${path}=`))?.slice(path.length + 1);

/** The story step a URL names (`?step=N`, 1–6), or undefined for the sandbox. */
function stepFromUrl(params: URLSearchParams): number | undefined {
  const step = params.get("step");
  if (step === null) return params.has("scenario") || params.has("sandbox") ? undefined : 1;
  const number = Number(step);
  return Number.isInteger(number) && number >= 1 && number <= STEPS.length ? number : 1;
}

/** A step's run: its scenario (or the rules chosen), the story's size, its changes, and its control's value. */
function stepRequest(step: Step, value: number | string): RunRequest {
  const control = step.control;
  const sets = [`population.size=${STORY_POPULATION}`, `run.days=${STORY_DAYS}`, ...step.sets];
  if (control.path !== "scenario") sets.push(`${control.path}=${value}`);
  return { scenario: control.path === "scenario" ? String(value) : step.scenario, sets };
}

/** The sandbox's run a URL names: `?scenario=NAME&seed=S&set=PATH=VALUE&set=…` (population and days are `set`s). */
function sandboxFromUrl(params: URLSearchParams): RunRequest {
  const scenario = params.get("scenario") ?? DEFAULT_SCENARIO;
  const seed = params.get("seed");
  const sets = params.getAll("set");
  if (setOf(sets, "population.size") === undefined) sets.push(`population.size=${DEFAULT_POPULATION}`);
  return { scenario, sets, seed: seed === null || seed === "" ? undefined : Number(seed) };
}

function sandboxUrl(request: RunRequest): string {
  const params = new URLSearchParams();
  params.set("scenario", request.scenario);
  if (request.seed !== undefined) params.set("seed", String(request.seed));
  for (const set of request.sets) params.append("set", set);
  return `${location.pathname}?${params}`;
}

function stepUrl(step: number, value?: number | string): string {
  const params = new URLSearchParams({ step: String(step) });
  if (value !== undefined && value !== STEPS[step - 1].control.value) params.set("value", String(value));
  return `${location.pathname}?${params}`;
}

/** The request the sandbox's controls describe (the URL's other changes kept). */
function fromControls(previous: RunRequest, scenarioChanged: boolean): RunRequest {
  const sets = previous.sets.filter((set) => !/^(population\.size|run\.days)=/.test(set));
  if (populationInput.value !== "") sets.push(`population.size=${populationInput.value}`);
  if (daysInput.value !== "" && !scenarioChanged) sets.push(`run.days=${daysInput.value}`);
  const seed = seedInput.value === "" || scenarioChanged ? undefined : Number(seedInput.value);
  // A loaded file stays the scenario until another is chosen.
  if (previous.text !== undefined && !scenarioChanged) return { ...previous, sets, seed };
  return { scenario: scenarioSelect.value, sets, seed };
}

/** The sandbox's controls as the request sets them; the scenario's own days and seed come with the worker's answer. */
function showControls(request: RunRequest): void {
  scenarioSelect.value = request.scenario;
  populationInput.value = setOf(request.sets, "population.size") ?? "";
  daysInput.value = setOf(request.sets, "run.days") ?? "";
  seedInput.value = request.seed !== undefined ? String(request.seed) : "";
}

let worker: Worker | undefined;
let request: RunRequest = { scenario: DEFAULT_SCENARIO, sets: [] };
let labels: Labels | undefined;
let totalDays = 0;
/** The charts of what is shown (the step's, or the sandbox's). */
let active: Figure[] = [];
const SANDBOX_CHARTS: readonly ChartKind[] = ["blacklist", "scores", "groups", "ratio", "refusals"];
/** The step's value now, and the last finished run of the step with another value, to compare with. */
let stepValue: number | string = "";
let before: { value: number | string; summary: Summary } | undefined;

const send = (message: ToWorker) => worker?.postMessage(message);
const citizens = new Citizens(send, () => labels, page);

/** Draws at most four times a second, one chart per task, whatever the messages' pace: the page stays free. */
let drawing = false;
/** Whether data came since the drawing under way began: another drawing follows it. */
let again = false;
let drewAt = 0;
/** Called when the drawings are done and no data waits. */
let whenDrawn: (() => void)[] = [];
/** The status line's progress, shown with the next drawing. */
let progressText = "";
function scheduleDraw(): void {
  again = true;
  if (drawing) return;
  drawing = true;
  const pause = () =>
    new Promise((resolve) => setTimeout(resolve, Math.max(0, drewAt + 250 - performance.now())));
  void (async () => {
    while (again) {
      await pause();
      again = false;
      for (const figure of active) {
        const started = performance.now();
        await figure.chart.draw();
        // Each chart's drawing, for whoever measures the page.
        performance.measure(`controlocracy:draw ${figure.kind}`, { start: started });
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      drewAt = performance.now();
      status.textContent = progressText;
      drawRatio();
    }
    drawing = false;
    const waiting = whenDrawn;
    whenDrawn = [];
    for (const done of waiting) done();
  })();
}

/** Resolves when every chart shows all the data given so far. */
function drawn(): Promise<void> {
  return new Promise((resolve) => {
    whenDrawn.push(resolve);
    scheduleDraw();
  });
}

function seriesOf(part: string, measure: string): [number, number][] {
  return page.series.get(`${part} ${measure}`) ?? [];
}

/** The four-fifths ratio on the last day drawn, in words, under the sandbox's group charts. */
function drawRatio(): void {
  const rates = page.groups
    .map((group) => {
      const listed = seriesOf(group.id, "listed").at(-1)?.[1] ?? Number.NaN;
      return { id: group.id, listed, rate: group.size > 0 ? listed / group.size : Number.NaN };
    })
    .filter((group) => Number.isFinite(group.rate))
    .sort((a, b) => a.rate - b.rate);
  const least = rates[0];
  const most = rates.at(-1);
  if (least === undefined || most === undefined || rates.length < 2 || most.rate === 0) {
    ratioText.textContent = "";
    return;
  }
  const name = (id: string) => nameOf(labels, "groups", id);
  const ratio = least.rate / most.rate;
  const few = Math.min(...rates.map((group) => group.listed));
  ratioText.textContent =
    `The ${name(least.id)} group's share on the list (${percent(least.rate)}, ${counted(least.listed, "person", "people")}) ` +
    `is ${ratio.toFixed(2)} of the ${name(most.id)} group's (${percent(most.rate)}, ${counted(most.listed, "person", "people")}): ` +
    (ratio < 0.8
      ? "below four fifths (0.8), the line under which a difference in rates is taken as disparate impact."
      : "within four fifths (0.8).") +
    (few < 20 ? " With so few people listed in a group, the ratio is mostly chance." : "");
}

/** Makes a link download `content` (the link's previous file is let go). */
function offer(link: HTMLAnchorElement, content: string | Blob, type: string): void {
  if (link.href.startsWith("blob:")) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(typeof content === "string" ? new Blob([content], { type }) : content);
  link.hidden = false;
}

function showFigures(summary: Summary): void {
  const wrongful = wrongfullyListedNow(summary);
  const cards: [string, string][] = [
    ["citizens", summary.population.toLocaleString("en-US")],
    ["on the list at the end", summary.listings.current.toLocaleString("en-US")],
    ["of them whom the truth would not list at the end", wrongful.toLocaleString("en-US")],
  ];
  figures.innerHTML = cards
    .map(([label, value]) => `<div class="figure"><strong>${value}</strong>${label}</div>`)
    .join("");
}

/** Empties the charts shown (a new run, or a scenario that cannot run). */
function clearCharts(): void {
  for (const figure of active) {
    figure.ended(false);
    figure.chart.replace("series", []);
    figure.chart.replace("groups", []);
    figure.chart.replace("acts", []);
  }
  scheduleDraw();
}

function start(playing: boolean): void {
  worker?.terminate();
  page.days = [];
  page.series = new Map();
  page.groups = [];
  page.summaryJson = undefined;
  page.seconds = undefined;
  page.problems = undefined;
  page.outcome = undefined;
  figures.innerHTML = "";
  citizens.clear();
  ratioText.textContent = "";
  for (const link of [download, downloadSeries, downloadScenario]) link.hidden = true;
  clearCharts();
  worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  // Where a run begins, for whoever measures the page (the tests' long-task check).
  performance.mark("controlocracy:run");
  const mine = worker;
  // A message of a run that was let go (one already on its way when the worker was stopped) is not this run's.
  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    if (worker === mine) receive(event.data);
  };
  page.state = playing ? "running" : "paused";
  playButton.textContent = playing ? "Pause" : "Play";
  progressText = "drawing the population…";
  status.textContent = progressText;
  send({ type: "run", request, playing, daysPerSecond: Number(speedSelect.value) });
}

function addSeries(row: SeriesRow): void {
  const key = `${row.part} ${row.measure}`;
  let points = page.series.get(key);
  if (points === undefined) {
    points = [];
    page.series.set(key, points);
  }
  points.push([row.day, row.value]);
}

function receive(message: FromWorker): void {
  // When each kind of message first came, for whoever measures the page (the tests' long-task check).
  performance.mark(`controlocracy:${message.type}`);
  switch (message.type) {
    case "invalid":
      page.state = "invalid";
      page.problems = message.report;
      progressText = "This scenario is not valid:";
      status.textContent = progressText;
      playButton.textContent = "Play";
      // No chart of an earlier run stays beside the problems.
      clearCharts();
      figures.innerHTML = `<pre class="problems"></pre>`;
      (figures.firstElementChild as HTMLElement).textContent = message.report;
      return;
    case "started": {
      totalDays = message.days;
      daysInput.value = String(message.days);
      seedInput.value = String(message.seed);
      populationInput.value = String(message.population);
      offer(downloadScenario, message.scenarioJson, "application/json");
      const scenario = JSON.parse(message.scenarioJson) as unknown;
      labels = labelsOf(scenario);
      showParameters(scenario);
      progressText = `${message.name}: ${message.population.toLocaleString("en-US")} citizens, ${message.days} days`;
      status.textContent = progressText;
      return;
    }
    case "groups": {
      page.groups = message.groups;
      const rows = groupRows(message.groups, labels);
      for (const figure of active) figure.chart.replace("groups", rows);
      return;
    }
    case "days":
      page.days.push(...message.points);
      for (const row of message.series) addSeries(row);
      for (const figure of active) figure.chart.insert("series", message.series);
      scheduleDraw();
      progressText = `day ${message.points.at(-1)?.day ?? 0} of ${totalDays}`;
      return;
    case "paused":
      page.state = "paused";
      playButton.textContent = "Play";
      progressText = message.day >= 0 ? `paused on day ${message.day}` : "paused before day 0";
      status.textContent = progressText;
      return;
    case "finished": {
      const summary = JSON.parse(message.summaryJson) as Summary;
      const acts = actRows(summary, labels);
      for (const figure of active) {
        figure.chart.replace("acts", acts);
        figure.ended(true);
      }
      page.seconds = message.seconds;
      playButton.textContent = "Play";
      progressText = `done: ${totalDays} days in ${message.seconds.toFixed(1)} s`;
      showFigures(summary);
      offer(download, message.summaryJson, "application/json");
      offer(downloadSeries, message.series, "text/csv");
      if (page.mode === "story") showOutcome(summary);
      // Finished once the charts show the whole run.
      const run = worker;
      void drawn().then(() => {
        if (worker !== run) return;
        page.summaryJson = message.summaryJson;
        page.state = "finished";
      });
      return;
    }
    case "citizens":
    case "story":
    case "storyRefused":
      citizens.receive(message);
      return;
    case "failed":
      page.state = "failed";
      status.textContent = `the run failed: ${message.error}`;
      return;
  }
}

/** A field of the scenario by its `--set` path (list items by their id), or undefined. */
function fieldAt(data: unknown, path: string): unknown {
  let here = data;
  for (const key of path.split(".")) {
    if (Array.isArray(here)) here = here.find((item: { id?: string }) => item?.id === key);
    else if (here !== null && typeof here === "object") here = (here as Record<string, unknown>)[key];
    else return undefined;
  }
  return here;
}

/** The sandbox's inputs show the scenario's values; a parameter the scenario does not have is disabled. */
function showParameters(scenario: unknown): void {
  const range = fieldAt(scenario, "scoring.range") as { min?: number; max?: number } | undefined;
  for (const input of parameters) {
    const value = fieldAt(scenario, input.dataset.path as string);
    input.disabled = typeof value !== "number";
    input.value = typeof value === "number" ? String(value) : "";
    // A score threshold lies in the scenario's score range (350–950 for most; 0–1 for some).
    if (input.dataset.range === "score" && typeof range?.min === "number" && typeof range.max === "number") {
      input.min = String(range.min);
      input.max = String(range.max);
      input.step = range.max - range.min >= 120 ? String((range.max - range.min) / 120) : "any";
    }
  }
}

// The story.

/** The step's outcome in words, against the last run of the step with another value. */
function showOutcome(summary: Summary): void {
  const step = STEPS[(page.step ?? 1) - 1];
  const now = `With ${step.control.format(stepValue)}: ${step.outcome(summary, labels ?? labelsOf({}))}`;
  const then =
    before === undefined
      ? " Move the control to see what it changes."
      : ` Before, with ${step.control.format(before.value)}: ${step.outcome(before.summary, labels ?? labelsOf({}))}`;
  page.outcome = now + then;
  stepOutcome.textContent = page.outcome;
  before = undefined;
  lastRun = { value: stepValue, summary };
}
let lastRun: { value: number | string; summary: Summary } | undefined;

/** The step's control: a labelled slider with its value in words, or a choice of rules. */
function controlOf(step: Step, value: number | string): HTMLElement {
  const control = step.control;
  const label = document.createElement("label");
  label.htmlFor = "step-input";
  label.textContent = control.label;
  const help = document.createElement("small");
  help.textContent = ` (${control.help})`;
  label.append(help);
  const output = document.createElement("output");
  output.htmlFor.add("step-input");
  output.textContent = control.format(value);
  let input: HTMLInputElement | HTMLSelectElement;
  if (control.options) {
    const select = document.createElement("select");
    for (const option of control.options) select.add(new Option(option.label, option.value));
    input = select;
  } else {
    const range = document.createElement("input");
    range.type = "range";
    range.min = String(control.min);
    range.max = String(control.max);
    range.step = String(control.step);
    input = range;
  }
  input.id = "step-input";
  input.value = String(value);
  input.addEventListener("input", () => {
    output.textContent = control.format(input.value);
  });
  input.addEventListener("change", () => {
    const next = control.options ? input.value : Number(input.value);
    if (lastRun !== undefined && lastRun.value !== next) before = lastRun;
    stepValue = next;
    history.replaceState(null, "", stepUrl(page.step ?? 1, next));
    request = stepRequest(step, next);
    start(true);
  });
  const wrapper = document.createElement("div");
  wrapper.className = "step-control";
  // A choice of rules says itself; a slider's value is said in words beside it.
  if (control.options) wrapper.append(label, input);
  else wrapper.append(label, input, output);
  return wrapper;
}

/** Which showing of the page is the latest: a showing still making its charts gives way to a later one. */
let showing = 0;

/**
 * The charts of `kinds`, made one per task (a view's making and first drawing take tens of milliseconds each) and
 * put in `container`; undefined when a later showing came meanwhile.
 */
async function figuresOf(kinds: readonly ChartKind[], container: HTMLElement): Promise<Figure[] | undefined> {
  const mine = showing;
  const layout = screenLayout();
  const made: Figure[] = [];
  // The charts shown before are let go (a Vega view is not moved between showings: it is made anew).
  for (const figure of active) figure.chart.finalize();
  active = [];
  container.replaceChildren();
  for (const kind of kinds) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (mine !== showing) return undefined;
    const figure = new Figure(kind, layout);
    made.push(figure);
    container.append(figure.element);
  }
  return made;
}

/** Shows step `number` (1–6) with the control at `value`, and runs it. */
async function showStep(number: number, value?: number | string): Promise<void> {
  const mine = ++showing;
  worker?.terminate();
  page.state = "idle";
  page.summaryJson = undefined;
  page.outcome = undefined;
  const step = STEPS[number - 1];
  page.mode = "story";
  page.step = number;
  storySection.hidden = false;
  sandboxSection.hidden = true;
  stepValue = value ?? step.control.value;
  before = undefined;
  lastRun = undefined;
  stepTitle.textContent = `Step ${number} of ${STEPS.length}: ${step.title}`;
  stepText.replaceChildren(
    ...step.text.map((text) => {
      const paragraph = document.createElement("p");
      paragraph.textContent = text;
      return paragraph;
    }),
  );
  stepControl.replaceChildren(controlOf(step, stepValue));
  stepOutcome.textContent = "";
  for (const [k, item] of [...stepList.children].entries()) {
    const link = item.firstElementChild as HTMLAnchorElement;
    if (k + 1 === number) link.setAttribute("aria-current", "step");
    else link.removeAttribute("aria-current");
  }
  previousLink.hidden = number === 1;
  previousLink.href = stepUrl(number - 1);
  nextLink.textContent = number === STEPS.length ? "To the sandbox" : "Next step";
  nextLink.href =
    number === STEPS.length ? sandboxUrl(sandboxFromUrl(new URLSearchParams())) : stepUrl(number + 1);
  request = stepRequest(step, stepValue);
  toSandbox.href = sandboxUrl(request);
  const figures = await figuresOf(step.charts, stepCharts);
  if (figures === undefined || mine !== showing) return;
  active = figures;
  start(true);
}

async function showSandbox(next: RunRequest): Promise<void> {
  const mine = ++showing;
  worker?.terminate();
  page.state = "idle";
  page.summaryJson = undefined;
  page.outcome = undefined;
  page.mode = "sandbox";
  page.step = undefined;
  storySection.hidden = true;
  sandboxSection.hidden = false;
  const figures = await figuresOf(SANDBOX_CHARTS, sandboxCharts);
  if (figures === undefined || mine !== showing) return;
  figures.find((figure) => figure.kind === "ratio")?.element.append(ratioText);
  active = figures;
  request = next;
  showControls(request);
  history.replaceState(null, "", sandboxUrl(request));
  start(true);
}

/** Shows what the address names. */
function route(): void {
  const params = new URLSearchParams(location.search);
  const step = stepFromUrl(params);
  if (step === undefined) {
    void showSandbox(sandboxFromUrl(params));
    return;
  }
  const control = STEPS[step - 1].control;
  const value = params.get("value");
  const wanted =
    value === null
      ? undefined
      : control.options
        ? control.options.find((option) => option.value === value)?.value
        : Number.isFinite(Number(value))
          ? Math.min(control.max ?? Number(value), Math.max(control.min ?? Number(value), Number(value)))
          : undefined;
  void showStep(step, wanted);
}

// The story's list of steps, and its links: followed in the page, each a real address too.
stepList.replaceChildren(
  ...STEPS.map((step, k) => {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = stepUrl(k + 1);
    link.textContent = step.title;
    item.append(link);
    return item;
  }),
);
document.addEventListener("click", (event) => {
  const link = (event.target as HTMLElement).closest("a");
  if (link === null || !link.classList.contains("route") || event.ctrlKey || event.metaKey || event.shiftKey)
    return;
  event.preventDefault();
  history.pushState(null, "", link.href);
  route();
});
for (const item of stepList.querySelectorAll("a")) item.classList.add("route");
window.addEventListener("popstate", route);

function changed(scenarioChanged: boolean): void {
  request = fromControls(request, scenarioChanged);
  if (request.text === undefined) history.replaceState(null, "", sandboxUrl(request));
  start(true);
}

scenarioSelect.addEventListener("change", () => changed(true));
for (const input of parameters) {
  input.addEventListener("change", () => {
    const path = input.dataset.path as string;
    request = {
      ...request,
      sets: [...request.sets.filter((set) => !set.startsWith(`${path}=`)), `${path}=${input.value}`],
    };
    changed(false);
  });
}
for (const control of [populationInput, daysInput, seedInput]) {
  control.addEventListener("change", () => changed(false));
}
// A scenario file of the user's: validated in the worker, its problems shown with their lines. Its text is not in
// the address (the address names built-in scenarios only); the downloaded scenario.json reproduces the run.
fileInput.addEventListener("change", async () => {
  const file = fileInput.files?.[0];
  if (file === undefined) return;
  request = { scenario: file.name, text: await file.text(), sets: [], seed: undefined };
  history.replaceState(null, "", `${location.pathname}?sandbox`);
  start(true);
});
speedSelect.addEventListener("change", () =>
  send({ type: "speed", daysPerSecond: Number(speedSelect.value) }),
);
playButton.addEventListener("click", () => {
  if (page.state === "finished" || page.state === "idle") {
    start(true);
  } else if (page.state === "running") {
    send({ type: "pause" });
  } else {
    page.state = "running";
    playButton.textContent = "Pause";
    send({ type: "play" });
  }
});
stepButton.addEventListener("click", () => {
  if (page.state === "finished" || page.state === "idle") start(false);
  send({ type: "step" });
});
resetButton.addEventListener("click", () => start(false));

route();
