import { drawLines, type Line, legend, PALETTE } from "./charts.js";
import { BUILTIN_NAMES } from "./names.js";
import type { DayPoint, RunRequest, SeriesPoint } from "./run.js";
import type { FromWorker, ToWorker } from "./worker.js";

// The explorable's page: the controls, the URL that reproduces a run, the live chart of the list, and the run's
// figures. The simulation itself runs in a Web Worker (worker.ts): this thread only draws.

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
const chart = document.getElementById("chart") as unknown as SVGSVGElement;
const figures = element<HTMLElement>("figures");
const download = element<HTMLAnchorElement>("download");
const downloadSeries = element<HTMLAnchorElement>("download-series");
const downloadScenario = element<HTMLAnchorElement>("download-scenario");
const fileInput = element<HTMLInputElement>("file");
/** The sandbox's parameters: each input names the scenario field it sets (`data-path`), as `--set` does. */
const parameters = [...document.querySelectorAll<HTMLInputElement>("#sandbox input[data-path]")];
const svg = (id: string) => document.getElementById(id) as unknown as SVGSVGElement;
const scoresChart = svg("scores");
const groupsChart = svg("groups");
const deniedChart = svg("denied");
const ratioText = element<HTMLParagraphElement>("ratio");

/** What the page shows for testing and for the curious: the state and the finished run's summary.json. */
interface PageState {
  state: "idle" | "running" | "paused" | "finished" | "invalid" | "failed";
  summaryJson?: string;
  /** The finished run's wall seconds in the worker: the simulation, from the scenario read to summary.json. */
  seconds?: number;
  days: DayPoint[];
  /** The series' charted values by `part measure`, as [day, value] pairs. */
  series: Map<string, [number, number][]>;
  groups: { id: string; size: number }[];
  problems?: string;
}
const page: PageState = { state: "idle", days: [], series: new Map(), groups: [] };
(window as unknown as { controlocracy: PageState }).controlocracy = page;

for (const name of BUILTIN_NAMES) scenarioSelect.add(new Option(name, name));

/** The run a URL names: `?scenario=NAME&seed=S&set=PATH=VALUE&set=…` (population and days are `set`s). */
function fromUrl(): RunRequest {
  const params = new URLSearchParams(location.search);
  const scenario = params.get("scenario") ?? DEFAULT_SCENARIO;
  const seed = params.get("seed");
  const sets = params.getAll("set");
  if (!sets.some((set) => set.startsWith("population.size=")))
    sets.push(`population.size=${DEFAULT_POPULATION}`);
  return { scenario, sets, seed: seed === null || seed === "" ? undefined : Number(seed) };
}

function toUrl(request: RunRequest): void {
  const params = new URLSearchParams();
  params.set("scenario", request.scenario);
  if (request.seed !== undefined) params.set("seed", String(request.seed));
  for (const set of request.sets) params.append("set", set);
  history.replaceState(null, "", `${location.pathname}?${params}`);
}

/** The request the controls describe (the URL's other changes kept). */
function fromControls(previous: RunRequest, scenarioChanged: boolean): RunRequest {
  const sets = previous.sets.filter((set) => !/^(population\.size|run\.days)=/.test(set));
  if (populationInput.value !== "") sets.push(`population.size=${populationInput.value}`);
  if (daysInput.value !== "" && !scenarioChanged) sets.push(`run.days=${daysInput.value}`);
  const seed = seedInput.value === "" || scenarioChanged ? undefined : Number(seedInput.value);
  // A loaded file stays the scenario until another is chosen.
  if (previous.text !== undefined && !scenarioChanged) return { ...previous, sets, seed };
  return { scenario: scenarioSelect.value, sets, seed };
}

/** The controls as the request sets them; the scenario's own days and seed come with the worker's answer. */
function showControls(request: RunRequest): void {
  scenarioSelect.value = request.scenario;
  const value = (path: string) =>
    request.sets.find((set) => set.startsWith(`${path}=`))?.slice(path.length + 1);
  populationInput.value = value("population.size") ?? "";
  daysInput.value = value("run.days") ?? "";
  seedInput.value = request.seed !== undefined ? String(request.seed) : "";
}

let worker: Worker | undefined;
let request = fromUrl();
let totalDays = 0;

const send = (message: ToWorker) => worker?.postMessage(message);

function draw(): void {
  const points = page.days;
  const width = 600;
  const height = 240;
  const top = Math.max(1, ...points.map((point) => point.listed));
  const x = (day: number) => (totalDays <= 1 ? 0 : (day / (totalDays - 1)) * width);
  const y = (value: number) => height - (value / top) * (height - 10);
  const line = (value: (point: DayPoint) => number) =>
    points.map(
      (point, k) => `${k === 0 ? "M" : "L"}${x(point.day).toFixed(1)},${y(value(point)).toFixed(1)}`,
    );
  if (points.length === 0) {
    chart.innerHTML = "";
    return;
  }
  const last = points[points.length - 1];
  const area = (upper: (point: DayPoint) => number, lower: (point: DayPoint) => number) =>
    `${line(upper).join("")}L${x(last.day).toFixed(1)},${y(lower(last)).toFixed(1)}${[...points]
      .reverse()
      .map((point) => `L${x(point.day).toFixed(1)},${y(lower(point)).toFixed(1)}`)
      .join("")}Z`;
  chart.innerHTML =
    `<path d="${area(
      (point) => point.trulyListed,
      () => 0,
    )}" fill="#0072b2" opacity="0.85"/>` +
    `<path d="${area(
      (point) => point.listed,
      (point) => point.trulyListed,
    )}" fill="#e69f00" opacity="0.9"/>` +
    `<text x="4" y="14" font-size="12">${top.toLocaleString("en-US")} listed at most</text>`;
}

/** Sets an element's HTML only when it changes (a legend is the same for the whole run). */
function setOnce(id: string, html: string): void {
  const target = element<HTMLElement>(id);
  if (target.innerHTML !== html) target.innerHTML = html;
}

function seriesOf(part: string, measure: string): [number, number][] {
  return page.series.get(`${part} ${measure}`) ?? [];
}

/** The series' charts: scores on both ledgers, each group's share listed with the ratio of the lowest to the highest, refusals. */
function drawSeries(): void {
  const scores: Line[] = [
    { label: "true score (what people did)", color: PALETTE[2], points: seriesOf("all", "meanTrueScore") },
    {
      label: "recorded score (what the system holds)",
      color: PALETTE[5],
      points: seriesOf("all", "meanRecordedScore"),
    },
  ];
  setOnce("scores-legend", legend(scores));
  drawLines(scoresChart, scores, totalDays, { format: (value) => value.toFixed(1) });
  const shares: Line[] = page.groups.map((group, k) => ({
    label: group.id,
    color: PALETTE[k % PALETTE.length],
    points: seriesOf(group.id, "listed").map(([day, value]) => [
      day,
      group.size > 0 ? value / group.size : Number.NaN,
    ]),
  }));
  setOnce("groups-legend", legend(shares));
  drawLines(groupsChart, shares, totalDays, { yMin: 0, format: (value) => `${(value * 100).toFixed(2)}%` });
  const last = shares.map((line) => line.points.at(-1)?.[1] ?? Number.NaN).filter(Number.isFinite);
  if (last.length >= 2 && Math.max(...last) > 0) {
    const ratio = Math.min(...last) / Math.max(...last);
    ratioText.textContent =
      `The least listed group's share is ${ratio.toFixed(2)} of the most listed group's: ` +
      (ratio < 0.8
        ? "below four fifths (0.8), the line under which a difference in rates is taken as disparate impact."
        : "within four fifths (0.8).");
  } else {
    ratioText.textContent = "";
  }
  drawLines(
    deniedChart,
    [{ label: "refusals", color: PALETTE[0], points: seriesOf("all", "denied") }],
    totalDays,
    {
      yMin: 0,
    },
  );
}

/** Makes a link download `text` (the link's previous file is let go). */
function offer(link: HTMLAnchorElement, content: string | Blob, type: string): void {
  if (link.href.startsWith("blob:")) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(typeof content === "string" ? new Blob([content], { type }) : content);
  link.hidden = false;
}

function showFigures(summaryText: string): void {
  const summary = JSON.parse(summaryText) as {
    population: number;
    listings: { total?: number; wrongful?: number; everListed?: number };
  } & Record<string, unknown>;
  const listed = page.days.at(-1);
  const wrongful = listed ? listed.listed - listed.trulyListed : 0;
  const cards: [string, string][] = [
    ["citizens", summary.population.toLocaleString("en-US")],
    ["on the list at the end", (listed?.listed ?? 0).toLocaleString("en-US")],
    ["of them for nothing they did", wrongful.toLocaleString("en-US")],
  ];
  figures.innerHTML = cards
    .map(([label, value]) => `<div class="figure"><strong>${value}</strong>${label}</div>`)
    .join("");
  offer(download, summaryText, "application/json");
}

function start(playing: boolean): void {
  worker?.terminate();
  page.days = [];
  page.series = new Map();
  page.groups = [];
  page.summaryJson = undefined;
  page.seconds = undefined;
  page.problems = undefined;
  figures.innerHTML = "";
  for (const link of [download, downloadSeries, downloadScenario]) link.hidden = true;
  draw();
  drawSeries();
  worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  // Where a run begins, for whoever measures the page (the tests' long-task check).
  performance.mark("controlocracy:run");
  worker.onmessage = (event: MessageEvent<FromWorker>) => receive(event.data);
  page.state = playing ? "running" : "paused";
  playButton.textContent = playing ? "Pause" : "Play";
  progressText = "drawing the population…";
  status.textContent = progressText;
  send({ type: "run", request, playing, daysPerSecond: Number(speedSelect.value) });
}

/** Draws at most four times a second, in a frame, whatever the messages' pace: the page's thread stays free. */
let drawing = false;
let drewAt = 0;
/** The status line's progress, shown with the next drawing. */
let progressText = "";
function scheduleDraw(): void {
  if (drawing) return;
  drawing = true;
  setTimeout(
    () =>
      requestAnimationFrame(() => {
        drawing = false;
        drewAt = performance.now();
        draw();
        drawSeries();
        status.textContent = progressText;
      }),
    Math.max(0, drewAt + 250 - performance.now()),
  );
}

function addSeries(row: SeriesPoint): void {
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
      figures.innerHTML = `<pre class="problems"></pre>`;
      (figures.firstElementChild as HTMLElement).textContent = message.report;
      return;
    case "started":
      totalDays = message.days;
      daysInput.value = String(message.days);
      seedInput.value = String(message.seed);
      populationInput.value = String(message.population);
      offer(downloadScenario, message.scenarioJson, "application/json");
      showParameters(JSON.parse(message.scenarioJson) as unknown);
      progressText = `${message.name}: ${message.population.toLocaleString("en-US")} citizens, ${message.days} days`;
      status.textContent = progressText;
      return;
    case "groups":
      page.groups = message.groups;
      return;
    case "days":
      page.days.push(...message.points);
      for (const row of message.series) addSeries(row);
      scheduleDraw();
      progressText = `day ${message.points.at(-1)?.day ?? 0} of ${totalDays} · ${Math.round(message.progress * 100)}%`;
      return;
    case "paused":
      page.state = "paused";
      playButton.textContent = "Play";
      progressText = message.day >= 0 ? `paused on day ${message.day}` : "paused before day 0";
      status.textContent = progressText;
      return;
    case "finished":
      page.state = "finished";
      page.summaryJson = message.summaryJson;
      page.seconds = message.seconds;
      playButton.textContent = "Play";
      progressText = `done: ${totalDays} days in ${message.seconds.toFixed(1)} s`;
      status.textContent = progressText;
      draw();
      drawSeries();
      showFigures(message.summaryJson);
      offer(downloadSeries, message.series, "text/csv");
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
  for (const input of parameters) {
    const value = fieldAt(scenario, input.dataset.path as string);
    input.disabled = typeof value !== "number";
    input.value = typeof value === "number" ? String(value) : "";
  }
}

function changed(scenarioChanged: boolean): void {
  request = fromControls(request, scenarioChanged);
  if (request.text === undefined) toUrl(request);
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
  history.replaceState(null, "", location.pathname);
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

showControls(request);
toUrl(request);
start(true);
