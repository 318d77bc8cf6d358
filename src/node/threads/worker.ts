import { parentPort, workerData } from "node:worker_threads";
import { VictimSampler } from "../../core/apparatus/victims.js";
import { restoreShard, snapshotShard } from "../../core/engine/checkpoint.js";
import { PHASES_AFTER_EXCHANGE, PHASES_BEFORE_EXCHANGE, runPhases } from "../../core/engine/phases.js";
import { Simulation } from "../../core/engine/simulation.js";
import { blockShiftFor } from "../../core/metrics/series.js";
import { compileModel } from "../../core/model/index.js";
import { createPopulation, shardOf } from "../../core/population/index.js";
import { RecordOutbox, type RecordSink } from "../../core/state/buffers.js";
import { sharedColumns } from "../../core/state/citizens.js";
import type { FromShard, ShardSetup, ToShard } from "./protocol.js";

// One shard of a run on a worker thread: draws its citizens into shared memory, then steps its `Simulation` phase
// by phase as the run asks, routing records about other shards' citizens to outboxes.

if (!parentPort) throw new Error("the shard worker runs on a worker thread");
const port = parentPort;
const setup = workerData as ShardSetup;
const post = (message: FromShard, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

const model = compileModel(setup.scenario, setup.days, setup.seed);
const [start, size] = setup.ranges[setup.shard];
const end = start + size;
const starts = setup.ranges.map(([first]) => first);
const blockShift = blockShiftFor(model.size);
const firstBlock = start >>> blockShift;
const lastBlock = Math.ceil(end / 2 ** blockShift);

let lastProgress = 0;
const population = createPopulation(
  setup.scenario,
  model.seed,
  start,
  size,
  (fraction) => {
    if (fraction - lastProgress < 0.01 && fraction < 1) return;
    lastProgress = fraction;
    post({ type: "progress", fraction });
  },
  true,
);
post({
  type: "population",
  cell: population.cell,
});

const outboxes = setup.ranges.map(() => new RecordOutbox());
let simulation: Simulation | undefined;

/** A day's first phases (acts, association penalties); returns the records bound for each shard. */
function act(day: number): Int32Array[] {
  runPhases(PHASES_BEFORE_EXCHANGE, [simulation as Simulation], day);
  return outboxes.map((outbox) => outbox.take());
}

function transfers(lists: Int32Array[]): ArrayBuffer[] {
  return lists.map((list) => list.buffer as ArrayBuffer);
}

function handle(message: ToShard): void {
  switch (message.type) {
    case "gallery": {
      const { blockShift, before, shards } = message;
      const victims = new VictimSampler(model, { blockShift, before, shards });
      const queueOf = (citizen: number): RecordSink =>
        citizen >= start && citizen < end
          ? (simulation as Simulation).queue
          : outboxes[shardOf(starts, citizen)];
      simulation = new Simulation(model, population, setup.traceCitizen, {
        victims,
        queueOf,
        sharedMemory: true,
      });
      post({ type: "ready", state: sharedColumns(simulation.state) });
      return;
    }
    case "restore": {
      const run = simulation as Simulation;
      restoreShard(run, message.snapshot);
      run.series.restore(undefined, [run]);
      return;
    }
    case "act": {
      const packed = act(message.day);
      post({ type: "outboxes", outboxes: packed }, transfers(packed));
      return;
    }
    case "records": {
      const run = simulation as Simulation;
      const day = message.day;
      for (const records of message.inbox) run.queue.pushPacked(records);
      const applied = runPhases(PHASES_AFTER_EXCHANGE, [run], day);
      run.samples.endOfDay(day, day === model.days - 1, [run]);
      const series = run.series.takeDay(firstBlock, lastBlock);
      const listed = run.listed.size;
      const trulyListed = run.trulyListed.size;
      // The state between two days, before the next day's acts.
      const snapshot = message.checkpoint ? snapshotShard(run) : undefined;
      // The next day's acts at once: one exchange per day.
      const outboxes = day + 1 < model.days ? act(day + 1) : [];
      const state = snapshot
        ? Object.values(snapshot.arrays).map((array) => array.buffer as ArrayBuffer)
        : [];
      post({ type: "day", applied, listed, trulyListed, series, outboxes, snapshot }, [
        series.buffer as ArrayBuffer,
        ...transfers(outboxes),
        ...new Set(state),
      ]);
      return;
    }
    case "finish": {
      const run = simulation as Simulation;
      run.finish();
      post({
        type: "finished",
        counts: run.counts,
        listings: run.listings.columns(),
        samples: { trajectory: run.samples.trajectory, bins: run.samples.bins },
        pendingRecords: run.pendingRecords,
        listed: run.listed.members.slice(0, run.listed.size),
        trulyListed: run.trulyListed.members.slice(0, run.trulyListed.size),
        categoryTransitions: run.categoryTransitions(),
        trace: run.trace,
      });
      port.close();
      return;
    }
  }
}

// A failure is sent back as a message, and the worker waits to be stopped: an exception left to escape would tear
// the thread down while the run's thread may be stopping it too, a race in which Node can abort the whole process.
port.on("message", (message: ToShard) => {
  try {
    handle(message);
  } catch (caught) {
    const error = caught instanceof Error ? caught : new Error(String(caught));
    post({ type: "failed", name: error.name, message: error.message, stack: error.stack });
  }
});
