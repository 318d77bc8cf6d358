import { BUILTIN_NAMES } from "./names.js";
import type { DayPoint, RunRequest } from "./run.js";
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

/** What the page shows for testing and for the curious: the state and the finished run's summary.json. */
interface PageState {
  state: "idle" | "running" | "paused" | "finished" | "invalid" | "failed";
  summaryJson?: string;
  /** The finished run's wall seconds in the worker: the simulation, from the scenario read to summary.json. */
  seconds?: number;
  days: DayPoint[];
  problems?: string;
}
const page: PageState = { state: "idle", days: [] };
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
function fromControls(previous: RunRequest): RunRequest {
  const sets = previous.sets.filter((set) => !/^(population\.size|run\.days)=/.test(set));
  if (populationInput.value !== "") sets.push(`population.size=${populationInput.value}`);
  if (daysInput.value !== "") sets.push(`run.days=${daysInput.value}`);
  return {
    scenario: scenarioSelect.value,
    sets,
    seed: seedInput.value === "" ? undefined : Number(seedInput.value),
  };
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
  download.href = URL.createObjectURL(new Blob([summaryText], { type: "application/json" }));
  download.hidden = false;
}

function start(playing: boolean): void {
  worker?.terminate();
  page.days = [];
  page.summaryJson = undefined;
  page.seconds = undefined;
  page.problems = undefined;
  figures.innerHTML = "";
  download.hidden = true;
  draw();
  worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  // Where a run begins, for whoever measures the page (the tests' long-task check).
  performance.mark("controlocracy:run");
  worker.onmessage = (event: MessageEvent<FromWorker>) => receive(event.data);
  page.state = playing ? "running" : "paused";
  playButton.textContent = playing ? "Pause" : "Play";
  status.textContent = "drawing the population…";
  send({ type: "run", request, playing, daysPerSecond: Number(speedSelect.value) });
}

function receive(message: FromWorker): void {
  switch (message.type) {
    case "invalid":
      page.state = "invalid";
      page.problems = message.report;
      status.innerHTML = "";
      status.append("This scenario is not valid:");
      figures.innerHTML = `<pre class="problems"></pre>`;
      (figures.firstElementChild as HTMLElement).textContent = message.report;
      return;
    case "started":
      totalDays = message.days;
      daysInput.value = String(message.days);
      seedInput.value = String(message.seed);
      populationInput.value = String(message.population);
      status.textContent = `${message.name}: ${message.population.toLocaleString("en-US")} citizens, ${message.days} days`;
      return;
    case "days":
      page.days.push(...message.points);
      status.textContent = `day ${message.points.at(-1)?.day ?? 0} of ${totalDays} · ${Math.round(message.progress * 100)}%`;
      draw();
      return;
    case "paused":
      page.state = "paused";
      playButton.textContent = "Play";
      status.textContent = message.day >= 0 ? `paused on day ${message.day}` : "paused before day 0";
      return;
    case "finished":
      page.state = "finished";
      page.summaryJson = message.summaryJson;
      page.seconds = message.seconds;
      playButton.textContent = "Play";
      status.textContent = `done: ${totalDays} days in ${message.seconds.toFixed(1)} s`;
      draw();
      showFigures(message.summaryJson);
      return;
    case "failed":
      page.state = "failed";
      status.textContent = `the run failed: ${message.error}`;
      return;
  }
}

function changed(): void {
  request = fromControls(request);
  toUrl(request);
  start(true);
}

for (const control of [scenarioSelect, populationInput, daysInput, seedInput]) {
  control.addEventListener("change", changed);
}
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
