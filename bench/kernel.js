// The C++ reference kernel (bench/kernel.cpp) ported line by line to JavaScript: the same algorithm, the same
// streams and draws, in the engine's random stream (`CounterRng`, Philox4x32-10 in WebAssembly) and its discrete
// gamma, with kernel.cpp's zero-truncated Poisson (inversion at every rate), in one flat loop of typed arrays.
// Beside the C++ kernel it shows what the language costs; beside the engine, what the engine's structure costs (its
// systems, measures and delays) over the same algorithm.
//
// It draws what kernel.cpp draws, word for word; its counts differ from the C++ kernel's only where the
// propensity levels differ in their last bits (the engine's `discreteGamma`, by Newton's method, against the
// kernel's bisection) or the two libraries' `log` and `exp` round differently.
//
// Usage: node bench/kernel.js CITIZENS DAYS SEED SHAPE DETECTION MISATTRIBUTION INITIAL MIN MAX LIST_BELOW
//                             REQUEST_RATE RATE_1 POINTS_1 [RATE_2 POINTS_2 …]
// (rates per citizen per year). Prints one JSON line: the outputs, wall seconds and peak RSS in bytes.
import { CounterRng, discreteGamma, PROPENSITY_LEVELS, purposeId } from "../dist/core/rng/index.js";

const argv = process.argv.slice(2);
if (argv.length < 13 || (argv.length - 11) % 2 !== 0) {
  console.error(
    "usage: node bench/kernel.js CITIZENS DAYS SEED SHAPE DETECTION MISATTRIBUTION INITIAL MIN MAX LIST_BELOW " +
      "REQUEST_RATE RATE_1 POINTS_1 [RATE_2 POINTS_2 …]",
  );
  process.exit(2);
}
const numbers = argv.map(Number);
const [citizens, days, , shape, detection, misattribution, initial, scoreMin, scoreMax, listBelow] = numbers;
// The seed is 64 bits, as kernel.cpp reads it: its two 32-bit halves are the key.
if (!/^\d+$/.test(argv[2]) || BigInt(argv[2]) >= 2n ** 64n) {
  console.error("kernel.js: the seed is a whole number from 0 to 2^64 - 1");
  process.exit(2);
}
const seed = BigInt(argv[2]);
const requestRate = numbers[10] / 365;
const behaviours = (argv.length - 11) / 2;
const rate = new Float64Array(behaviours);
const points = new Float64Array(behaviours);
for (let b = 0; b < behaviours; b++) {
  rate[b] = numbers[11 + 2 * b] / 365;
  points[b] = numbers[12 + 2 * b];
}
// The behaviours as the engine orders its act channels: by rate, the highest first (ties by index), so the scan for
// an act's behaviour stops early.
const byRate = Int32Array.from({ length: behaviours }, (_, b) => b).sort(
  (x, y) => rate[y] - rate[x] || x - y,
);
const n = citizens;
// The day's records are sorted as one key each (below): target and actor in 21 bits, the event in 7, the
// behaviour in 3 and the false match in 1 fill a double's 53.
if (!Number.isInteger(n) || n < 1 || n > 2 ** 21 || behaviours > 8 || !(days >= 1 && days < 0xffff)) {
  console.error("kernel.js: at most 2,097,152 citizens, 8 behaviours and 65,534 days");
  process.exit(2);
}

if (!(shape > 0 && Number.isFinite(shape))) {
  console.error("kernel.js: the propensity shape is a positive number");
  process.exit(2);
}

const started = performance.now();
const rng = new CounterRng([Number(seed & 0xffffffffn), Number(seed >> 32n)]);
const purposeSchedule = purposeId("engine.schedule");
const purposeActivity = purposeId("engine.activity");
const purposeObservation = purposeId("engine.observation");
const purposeRequestSchedule = purposeId("engine.requestSchedule");
const purposeRequests = purposeId("engine.requests");
const observation = new CounterRng([Number(seed & 0xffffffffn), Number(seed >> 32n)]);

// Columns, as kernel.cpp holds them.
const level = discreteGamma(shape);
const propensity = new Uint8Array(n * behaviours);
for (let b = 0; b < behaviours; b++) {
  const purpose = purposeId(`population.propensity.b${b}`);
  for (let i = 0; i < n; i++) propensity[i * behaviours + b] = rng.reset(purpose, i, 0).nextUnit32() * 256;
}
if (level.length !== PROPENSITY_LEVELS) throw new Error("kernel.js expects 256 propensity levels");
const trueScore = new Float32Array(n).fill(initial);
const recordedScore = new Float32Array(n).fill(initial);
const listed = new Uint8Array(n);
const trulyListed = new Uint8Array(n);
// Citizen i's rate of each behaviour in `byRate` order, into `lambdas`, and their sum Λ_i: computed when needed, as the
// engine does (`Acts.rates`), rather than held per citizen.
const lambdas = new Float64Array(behaviours);
function rates(i) {
  let total = 0;
  for (let k = 0; k < behaviours; k++) {
    const b = byRate[k];
    const lambda = rate[b] * level[propensity[i * behaviours + b]];
    lambdas[k] = lambda;
    total += lambda;
  }
  return total;
}

const NO_DAY = 0xffff;
// Each citizen's next day with acts, and with requests.
const next = new Uint16Array(n).fill(NO_DAY);
const nextRequest = new Uint16Array(n).fill(NO_DAY);
const dayOf = (day) => (day < days ? Math.floor(day) : NO_DAY);
for (let i = 0; i < n; i++) {
  const total = rates(i);
  if (total > 0) next[i] = dayOf(-Math.log(1 - rng.reset(purposeSchedule, i, 0).nextDouble()) / total);
  if (requestRate > 0) {
    nextRequest[i] = dayOf(-Math.log(1 - rng.reset(purposeRequestSchedule, i, 0).nextDouble()) / requestRate);
  }
}

/** A list twice as long, holding `list`. */
function grow(list) {
  const grown = new Int32Array(2 * list.length);
  grown.set(list);
  return grown;
}

/** Poisson(λ) conditioned on ≥ 1, by inversion from k = 1: kernel.cpp's, at every λ. */
function zeroTruncatedPoisson(stream, lambda) {
  const zero = Math.exp(-lambda);
  if (zero * lambda === 0) {
    console.error(
      `kernel.js: a daily rate of ${lambda} is too high to draw by inversion (e^-rate underflows)`,
    );
    process.exit(2);
  }
  for (;;) {
    let u = stream.nextDouble() * -Math.expm1(-lambda);
    let k = 1;
    let probability = zero * lambda;
    while (u >= probability && probability > 0) {
      u -= probability;
      k++;
      probability *= lambda / k;
    }
    if (probability > 0) return k;
  }
}

const clamp = (x) => Math.min(Math.max(x, scoreMin), scoreMax);
let acts = 0;
let records = 0;
let misattributed = 0;
let requests = 0;
let denied = 0;
let today = new Int32Array(1024);
let requesting = new Int32Array(1024);
let keys = new Float64Array(1024);
const TWO_21 = 2 ** 21;
const TWO_32 = 2 ** 32;
for (let day = 0; day < days; day++) {
  let count = 0;
  let requestCount = 0;
  for (let i = 0; i < n; i++) {
    if (next[i] === day) {
      if (count === today.length) today = grow(today);
      today[count++] = i;
      next[i] = NO_DAY;
    }
    if (nextRequest[i] === day) {
      if (requestCount === requesting.length) requesting = grow(requesting);
      requesting[requestCount++] = i;
      nextRequest[i] = NO_DAY;
    }
  }
  // Requests, judged on the record as it stood at the start of the day (records are applied at its end).
  for (let k = 0; k < requestCount; k++) {
    const i = requesting[k];
    const stream = rng.reset(purposeRequests, i, day);
    const events = zeroTruncatedPoisson(stream, requestRate);
    requests += events;
    if (listed[i] !== 0) denied += events;
    const gap = -Math.log(1 - stream.nextDouble()) / requestRate;
    nextRequest[i] = dayOf(day + 1 + Math.floor(Math.min(gap, 1e9)));
  }
  let made = 0;
  for (let k = 0; k < count; k++) {
    const i = today[k];
    const total = rates(i);
    const stream = rng.reset(purposeActivity, i, day);
    observation.reset(purposeObservation, i, day);
    const events = zeroTruncatedPoisson(stream, total);
    for (let e = 0; e < events; e++) {
      // The behaviour, with probability λ_b/Λ_i (the last takes the rounding remainder).
      let u = stream.nextUnit32() * total;
      let k = 0;
      while (k < behaviours - 1 && u >= lambdas[k]) {
        u -= lambdas[k];
        k++;
      }
      const c = byRate[k];
      acts++;
      trueScore[i] = clamp(trueScore[i] + points[c]);
      if (!trulyListed[i] && trueScore[i] < listBelow) trulyListed[i] = 1;
      if (observation.nextUnit32() >= detection) continue;
      let target = i;
      let wrong = 0;
      if (observation.nextUnit32() < misattribution && n > 1) {
        do {
          target = Math.floor(observation.nextDouble() * n);
        } while (target === i);
        wrong = 1;
      }
      if (e >= 128) throw new Error("kernel.js: more than 128 events in a day");
      if (made === keys.length) {
        const grown = new Float64Array(2 * made);
        grown.set(keys);
        keys = grown;
      }
      // (target, actor, event) in order, then what the record carries.
      keys[made++] = ((target * TWO_21 + i) * 128 + e) * 16 + c * 2 + wrong;
    }
    const gap = -Math.log(1 - stream.nextDouble()) / total;
    next[i] = dayOf(day + 1 + Math.floor(Math.min(gap, 1e9)));
  }
  // The record: the day's records in canonical order.
  const sorted = keys.subarray(0, made).sort();
  for (let r = 0; r < made; r++) {
    const key = sorted[r];
    const low = key % 16;
    const t = Math.floor(key / TWO_32);
    records++;
    if (low & 1) misattributed++;
    recordedScore[t] = clamp(recordedScore[t] + points[low >>> 1]);
    if (!listed[t] && recordedScore[t] < listBelow) listed[t] = 1;
  }
}

let listedNow = 0;
let trulyListedNow = 0;
for (let i = 0; i < n; i++) {
  listedNow += listed[i];
  trulyListedNow += trulyListed[i];
}
const wallSeconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({
    acts,
    records,
    misattributions: misattributed,
    listed: listedNow,
    trulyListed: trulyListedNow,
    requests,
    denied,
    wallSeconds,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
