import type { GalleryIndex } from "../../core/apparatus/victims.js";
import type { ShardSnapshot } from "../../core/engine/checkpoint.js";
import type { SampleData } from "../../core/metrics/samples.js";
import type { CellColumn } from "../../core/population/index.js";
import type { Scenario } from "../../core/scenario/index.js";
import type { SharedState } from "../../core/state/citizens.js";
import type { Counts } from "../../core/state/counts.js";
import type { ListingColumns } from "../../core/state/listings.js";
import type { StoryTrace } from "../../core/state/trace.js";

// The messages between the thread that runs a simulation and the worker threads that hold its shards. One exchange
// a day: every shard applies the day's records — its own and those the run routed to it — closes the day, draws the
// next day's acts, and sends back its share of the day's series with the records its acts address to other shards
// (outboxes). Day 0's acts are asked for on their own. Columns that outlive the run (the final state the summary
// reads) live in shared memory.

/** What a worker is started with. */
export interface ShardSetup {
  scenario: Scenario;
  /** The run's days after its warm-up (`compileModel`'s `days`, to which it adds `run.warmupDays`). */
  days: number;
  seed: number;
  /** This worker's shard, and every shard's [start, size] (to route records). */
  shard: number;
  ranges: [number, number][];
  /** The citizen whose every event is kept (its index), or −1. */
  traceCitizen: number;
}

/** From the run to a worker. */
export type ToShard =
  /** The index of false-match victims, built once over every shard's attributes. */
  | ({ type: "gallery" } & GalleryIndex)
  /** Day 0's acts (later days' come with the previous day's records). */
  | { type: "act"; day: number }
  /** The state to continue from: a checkpoint cut to this shard's citizens (before the first day is asked for). */
  | { type: "restore"; snapshot: ShardSnapshot }
  /**
   * Records from the other shards about this one's citizens (packed as `RecordOutbox` packs them); `checkpoint`:
   * send the shard's state at the day's end with the day.
   */
  | { type: "records"; day: number; inbox: Int32Array[]; checkpoint: boolean }
  | { type: "finish" };

/** From a worker to the run. */
export type FromShard =
  | { type: "progress"; fraction: number }
  /** The shard's last request failed: the error, by name (its class does not cross threads). */
  | { type: "failed"; name: string; message: string; stack?: string }
  /** The shard's attributes, drawn into shared memory. */
  | { type: "population"; cell: CellColumn }
  /** The shard's state columns, in shared memory. */
  | { type: "ready"; state: SharedState }
  /** Records for each shard (this one's entry empty). */
  | { type: "outboxes"; outboxes: Int32Array[] }
  /**
   * The day closed: its counts, the shard's share of the series (`SeriesRecorder.takeDay`), and the next day's
   * records for each shard (none after the last day).
   */
  | {
      type: "day";
      applied: number;
      listed: number;
      trulyListed: number;
      series: Float64Array;
      outboxes: Int32Array[];
      /** The shard's state at the day's end, before the next day's acts, when the run asked for a checkpoint. */
      snapshot?: ShardSnapshot;
    }
  | {
      type: "finished";
      counts: Counts;
      listings: ListingColumns;
      samples: SampleData;
      pendingRecords: number;
      /** The shard's citizens listed at the end, on the record and by the truth (indices in the shard). */
      listed: Int32Array;
      trulyListed: Int32Array;
      /** `Simulation.categoryTransitions`. */
      categoryTransitions: Float64Array;
      /** The traced citizen's story, from the shard that holds it. */
      trace?: StoryTrace;
    };
