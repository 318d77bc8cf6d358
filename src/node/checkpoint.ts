import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { endianness } from "node:os";
import { join, resolve } from "node:path";
import { parse, stringify } from "yaml";
import { z } from "zod";
import {
  type Checkpoint,
  CITIZEN_ARRAYS,
  SERIES_ARRAYS,
  SHARD_ARRAYS,
  type ShardSnapshot,
  type StateArray,
} from "../core/engine/checkpoint.js";
import type { SeriesState } from "../core/metrics/series.js";
import type { Scenario } from "../core/scenario/index.js";
import { OUTBOX_STRIDE } from "../core/state/buffers.js";
import { checked, schemaProblem } from "./checkedFile.js";
import { UsageError } from "./errors.js";
import { VERSION } from "./version.js";

// A run's checkpoint, on disk, in its staging directory (`.<name>.partial`):
//   resume.yaml           what `resume` needs: the resolved scenario, the run directory asked for, --force, the interval
//   checkpoint/           the last complete checkpoint
//     manifest.json       format, engine version, the scenario's hash, the day reached, the shards' layout, each
//                         array's name, type, offset and length, the paired baseline
//     shard-<start>.bin   one shard's arrays (SHARD_ARRAYS), each at an offset that is a multiple of 8
//     series.bin          the daily series' arrays (SERIES_ARRAYS)
// A checkpoint is written to checkpoint.next/ and swapped in: checkpoint/ → checkpoint.previous/, checkpoint.next/ →
// checkpoint/, then checkpoint.previous/ is removed. Whenever the process dies, one complete checkpoint is left:
// checkpoint/, or (between the two renames) checkpoint.previous/.

/**
 * The version of the checkpoint files' layout; a checkpoint of another format is refused. 4: scores and their wrong
 * share are 32-bit floats, and the population's propensities are classes (a format-3 checkpoint would resume other
 * citizens). 5: the day columns (`scoreDay`, `listedSince`, `trulyListedSince`, `distressUntil`) are 16-bit. 6: a
 * record in flight is 4 integers (`RECORD_STRIDE`), with its due day 5. 7: each citizen's next day with acts and with
 * apparatus events is a 16-bit column (`NextDays.column`), not (day, citizen) pairs.
 */
export const CHECKPOINT_FORMAT = 7;
const CURRENT = "checkpoint";
const NEXT = "checkpoint.next";
const PREVIOUS = "checkpoint.previous";
const MANIFEST = "manifest.json";
/** The file in a staging directory that says how to resume its run. */
export const RESUME_FILE = "resume.yaml";

/**
 * Bytes per citizen of a checkpoint, on disk and in memory while it is taken (the shards' copies meet on the run's
 * thread): 23 for the columns, 4 for each citizen's next days (two 16-bit columns) and about 21 for records in flight
 * (20 each, with the due day) — 49.5 MB for china-2020 at 1M citizens on day 360 (README; 56.2 MB with the next days
 * as (day, citizen) pairs). The memory check adds it to a run that checkpoints.
 */
export const CHECKPOINT_BYTES_PER_CITIZEN = 52;

/** What `resume` needs besides the checkpoint: the run as it was asked for. */
export interface ResumeInfo {
  /** The resolved scenario (every default filled in, every flag and --set applied). */
  scenario: Scenario;
  /** The run directory asked for (`--out`, or the default chosen then). */
  out: string;
  force: boolean;
  checkpointEvery: number;
}

const arrayEntrySchema = z.object({
  name: z.string(),
  type: z.string(),
  offset: z.number().int().min(0),
  length: z.number().int().min(0),
});
type ArrayEntry = z.infer<typeof arrayEntrySchema>;

/** A file of the checkpoint directory: a plain name, so a manifest cannot point outside it. */
const arraysFile = z.string().regex(/^[\w-]+\.bin$/, { message: "expected a file name ending in .bin" });

/** The engine version and layout of a manifest: read first, so another version's checkpoint is named as such. */
const manifestVersionSchema = z.looseObject({ format: z.number(), engine: z.string() });

const manifestSchema = z.object({
  format: z.number(),
  engine: z.string(),
  scenario: z.string(),
  seed: z.number(),
  days: z.number().int().min(0),
  population: z.number().int().min(0),
  littleEndian: z.boolean(),
  /** The last day simulated (from 0); the run continues with the next. */
  day: z.number().int().min(0),
  shards: z
    .array(
      z.object({
        start: z.number().int().min(0),
        size: z.number().int().min(0),
        file: arraysFile,
        arrays: z.array(arrayEntrySchema),
      }),
    )
    .min(1),
  series: z.object({ file: arraysFile, arrays: z.array(arrayEntrySchema) }),
  baseline: z.object({ harm: z.number(), legitimateActs: z.number() }).nullable(),
});
type Manifest = z.infer<typeof manifestSchema>;

/**
 * `resume.yaml`. The scenario is checked where it counts: its hash must be the one the checkpoint was written for
 * (`readCheckpoint`), so an edited scenario is refused there.
 */
const resumeInfoSchema = z.object({
  scenario: z.custom<Scenario>(
    (value) => value !== null && typeof value === "object" && !Array.isArray(value),
    {
      message: "expected the resolved scenario (a mapping)",
    },
  ),
  out: z.string(),
  force: z.boolean().optional(),
  checkpointEvery: z.number().int().min(1),
});

/** A hash of the resolved scenario (its seed and days included), independent of the order of its keys. */
export function scenarioHash(scenario: Scenario): string {
  const canonical = (value: unknown): unknown => {
    if (typeof value === "number" && !Number.isFinite(value)) return String(value);
    if (Array.isArray(value)) return value.map(canonical);
    if (value !== null && typeof value === "object") {
      const entries = Object.entries(value).filter(([, field]) => field !== undefined);
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return Object.fromEntries(entries.map(([key, field]) => [key, canonical(field)]));
    }
    return value;
  };
  return createHash("sha256")
    .update(JSON.stringify(canonical(scenario)))
    .digest("hex");
}

/** Writes `resume.yaml` into a staging directory, before the run starts. */
export function writeResumeInfo(staging: string, info: ResumeInfo): void {
  // Written aside, then renamed: a run stopped while writing it leaves no half-written file.
  const aside = join(staging, `${RESUME_FILE}.next`);
  writeDurably(aside, [Buffer.from(stringify(info, { lineWidth: 0 }))]);
  renameSync(aside, join(staging, RESUME_FILE));
  syncDirectory(staging);
}

/** Reads `resume.yaml` from a staging directory. */
export function readResumeInfo(staging: string): ResumeInfo {
  const path = join(staging, RESUME_FILE);
  if (!existsSync(path)) {
    throw new UsageError(
      `${staging} holds no checkpoint: its run was started without --checkpoint-every; remove it and run again`,
    );
  }
  let document: unknown;
  try {
    document = parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UsageError(
      `${path} is not valid YAML (${(error as Error).message}); was it written by controlocracy?`,
    );
  }
  const info = checked(resumeInfoSchema, document, path, "a resume file");
  return {
    scenario: info.scenario,
    out: info.out,
    force: info.force === true,
    checkpointEvery: info.checkpointEvery,
  };
}

/** Bytes and seconds a checkpoint took. */
export interface CheckpointCost {
  bytes: number;
  seconds: number;
}

/** Writes a checkpoint into a staging directory and swaps it in for the previous one. */
export function writeCheckpoint(staging: string, checkpoint: Checkpoint, scenario: Scenario): CheckpointCost {
  const started = performance.now();
  const next = join(staging, NEXT);
  rmSync(next, { recursive: true, force: true });
  mkdirSync(next);
  let bytes = 0;
  const shards = checkpoint.shards.map((shard) => {
    const file = `shard-${shard.start}.bin`;
    const { arrays, size } = writeArrays(join(next, file), Object.entries(shard.arrays));
    bytes += size;
    return { start: shard.start, size: shard.size, file, arrays };
  });
  const series = writeArrays(join(next, "series.bin"), Object.entries(checkpoint.series));
  bytes += series.size;
  const manifest: Manifest = {
    format: CHECKPOINT_FORMAT,
    engine: VERSION,
    scenario: scenarioHash(scenario),
    seed: scenario.run.seed,
    days: scenario.run.days,
    population: scenario.population.size,
    littleEndian: endianness() === "LE",
    day: checkpoint.day,
    shards,
    series: { file: "series.bin", arrays: series.arrays },
    baseline: checkpoint.baseline ?? null,
  };
  const text = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  writeDurably(join(next, MANIFEST), [text]);
  bytes += text.length;
  syncDirectory(next);
  const current = join(staging, CURRENT);
  const previous = join(staging, PREVIOUS);
  // A process killed between the two renames left its only complete checkpoint in checkpoint.previous/: keep it
  // as the current one until the new one is in place, rather than delete it.
  if (!existsSync(current) && existsSync(join(previous, MANIFEST))) renameSync(previous, current);
  rmSync(previous, { recursive: true, force: true });
  if (existsSync(current)) renameSync(current, previous);
  renameSync(next, current);
  syncDirectory(staging);
  rmSync(previous, { recursive: true, force: true });
  return { bytes, seconds: (performance.now() - started) / 1000 };
}

/** Removes what resuming needed from a staging directory, before its files are committed. */
export function removeCheckpoints(staging: string): void {
  for (const name of [CURRENT, NEXT, PREVIOUS, RESUME_FILE]) {
    rmSync(join(staging, name), { recursive: true, force: true });
  }
}

/**
 * The last complete checkpoint in a staging directory, checked against the scenario it resumes: refused (exit 2)
 * when there is none, when another engine version or another scenario wrote it, or when it is damaged.
 */
export function readCheckpoint(staging: string, scenario: Scenario): Checkpoint {
  const directory = [CURRENT, PREVIOUS]
    .map((name) => join(staging, name))
    .find((candidate) => existsSync(join(candidate, MANIFEST)));
  if (!directory) {
    throw new UsageError(
      `${staging} holds no checkpoint: its run stopped before the first one; remove it and run again`,
    );
  }
  const damaged = (why: string) => new UsageError(`the checkpoint in ${directory} is damaged: ${why}`);
  const manifestPath = join(directory, MANIFEST);
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(manifestPath, "utf8"));
  } catch (error) {
    throw damaged((error as Error).message);
  }
  const version = manifestVersionSchema.safeParse(document);
  if (!version.success) throw damaged(`${manifestPath}: ${schemaProblem(version.error, document)}`);
  if (version.data.format !== CHECKPOINT_FORMAT || version.data.engine !== VERSION) {
    throw new UsageError(
      `the checkpoint in ${directory} was written by controlocracy ${version.data.engine} (checkpoint format ` +
        `${version.data.format}); this is ${VERSION} (format ${CHECKPOINT_FORMAT}), which cannot resume it: run ` +
        "the scenario again",
    );
  }
  const parsed = manifestSchema.safeParse(document);
  if (!parsed.success) throw damaged(`${manifestPath}: ${schemaProblem(parsed.error, document)}`);
  const manifest = parsed.data;
  if (manifest.scenario !== scenarioHash(scenario)) {
    throw new UsageError(
      `the checkpoint in ${directory} is of another scenario than the one in ${join(staging, RESUME_FILE)} ` +
        "(its hash differs): it cannot be resumed",
    );
  }
  if (manifest.littleEndian !== (endianness() === "LE")) {
    throw new UsageError(`the checkpoint in ${directory} was written on a machine of another byte order`);
  }
  const shards: ShardSnapshot[] = manifest.shards.map((shard) => ({
    start: shard.start,
    size: shard.size,
    arrays: readArrays(join(directory, shard.file), shard.arrays, SHARD_ARRAYS, damaged),
  }));
  for (const shard of shards) {
    if (CITIZEN_ARRAYS.some((name) => shard.arrays[name].length !== shard.size))
      throw damaged(`shard ${shard.start}'s columns are not its size`);
  }
  const covered = shards.reduce((total, shard) => total + shard.size, 0);
  if (covered !== manifest.population) {
    throw damaged(`its shards hold ${covered} citizens, not ${manifest.population}`);
  }
  for (const shard of shards) checkRecords(shard, manifest.days, manifest.population, damaged);
  const series: SeriesState = readArrays(
    join(directory, manifest.series.file),
    manifest.series.arrays,
    SERIES_ARRAYS,
    damaged,
  );
  return { day: manifest.day, shards, series, baseline: manifest.baseline ?? undefined };
}

const ALIGNMENT = 8;

/** Writes typed arrays one after the other (each at a multiple of 8 bytes) and syncs the file. */
function writeArrays(path: string, arrays: [string, StateArray][]): { arrays: ArrayEntry[]; size: number } {
  const entries: ArrayEntry[] = [];
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const [name, array] of arrays) {
    entries.push({ name, type: array.constructor.name, offset, length: array.length });
    chunks.push(Buffer.from(array.buffer, array.byteOffset, array.byteLength));
    offset += array.byteLength;
    const padding = (ALIGNMENT - (offset % ALIGNMENT)) % ALIGNMENT;
    if (padding > 0) chunks.push(Buffer.alloc(padding));
    offset += padding;
  }
  writeDurably(path, chunks);
  return { arrays: entries, size: offset };
}

type ArrayType = (new (length: number) => StateArray) & { readonly BYTES_PER_ELEMENT: number };
/**
 * Refuses a shard whose waiting records are not whole records, are due outside the run, or name a target outside the
 * shard (every waiting record sits in its target's shard) or an actor outside the population: the queue stores a
 * record by its fields (a record about its own actor in 3 integers, `RecordQueue`), so one such record would garble
 * its neighbours rather than only itself.
 */
function checkRecords(
  shard: ShardSnapshot,
  days: number,
  population: number,
  damaged: (why: string) => UsageError,
): void {
  const records = shard.arrays.records;
  const end = shard.start + shard.size;
  let whole = records.length % OUTBOX_STRIDE === 0;
  for (let at = 0; whole && at < records.length; at += OUTBOX_STRIDE) {
    const [due, target, actor] = [records[at], records[at + 1], records[at + 2]];
    whole =
      due >= 0 && due < days && target >= shard.start && target < end && actor >= 0 && actor < population;
  }
  if (!whole) throw damaged(`shard ${shard.start}'s records in flight are not records of its citizens`);
}

/** The arrays of a file, by name, each of the type its layout (`SHARD_ARRAYS`, `SERIES_ARRAYS`) gives it. */
type ArraysOf<Types extends Readonly<Record<string, ArrayType>>> = {
  [Name in keyof Types]: InstanceType<Types[Name]>;
};

/**
 * The arrays of a checkpoint file as its manifest lays them out, checked against their layout `types`: each array
 * named there with its type, within the file, and every name of `types` present (else `damaged`).
 */
function readArrays<Types extends Readonly<Record<string, ArrayType>>>(
  path: string,
  entries: readonly ArrayEntry[],
  types: Types,
  damaged: (why: string) => UsageError,
): ArraysOf<Types> {
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch (error) {
    throw damaged((error as Error).message);
  }
  const arrays: Partial<Record<keyof Types, StateArray>> = {};
  for (const entry of entries) {
    const Type = Object.hasOwn(types, entry.name) ? types[entry.name] : undefined;
    if (!Type || Type.name !== entry.type)
      throw damaged(`unknown array ${entry.name} (${entry.type}) in ${path}`);
    const { offset, length } = entry;
    const bytes = length * Type.BYTES_PER_ELEMENT;
    if (offset + bytes > file.length) throw damaged(`${path} is shorter than its manifest says`);
    const array = new Type(length);
    new Uint8Array(array.buffer).set(file.subarray(offset, offset + bytes));
    arrays[entry.name as keyof Types] = array;
  }
  for (const name of Object.keys(types)) {
    if (!(name in arrays)) throw damaged(`${path} lacks ${name}`);
  }
  // Every name of `types` is present, each array made by its own constructor (both checked above).
  return arrays as ArraysOf<Types>;
}

/** Writes a file and flushes it to the disk before returning. */
function writeDurably(path: string, chunks: readonly Uint8Array[]): void {
  const descriptor = openSync(path, "w");
  try {
    for (const chunk of chunks) {
      let written = 0;
      while (written < chunk.length) written += writeSync(descriptor, chunk, written);
    }
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

/** Flushes a directory's entries (the files created or renamed in it). */
function syncDirectory(path: string): void {
  const descriptor = openSync(path, "r");
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

/** `--checkpoint-every DAYS`: a whole number of days ≥ 1. */
export function parseCheckpointEvery(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const days = Number(text);
  if (!Number.isInteger(days) || days < 1) {
    throw new UsageError(`--checkpoint-every expects a whole number of days ≥ 1, received "${text}"`);
  }
  return days;
}

/**
 * The options that make a run checkpoint into its staging directory every `every` days (none when `every` is
 * undefined), after writing what resuming it will need.
 */
export function checkpointing(
  staging: { directory: string; temporary: string; force: boolean },
  scenario: Scenario,
  every: number | undefined,
): { checkpointEvery?: number; onCheckpoint?: (checkpoint: Checkpoint) => void } {
  if (every === undefined) return {};
  const out = resolve(staging.directory);
  writeResumeInfo(staging.temporary, { scenario, out, force: staging.force, checkpointEvery: every });
  return {
    checkpointEvery: every,
    onCheckpoint: (checkpoint) => writeCheckpoint(staging.temporary, checkpoint, scenario),
  };
}
