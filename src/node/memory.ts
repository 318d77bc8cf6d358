import { freemem } from "node:os";
import { UsageError } from "./errors.js";

/** Parses a size such as `8G`, `512M`, `1.5GiB` or a plain number of bytes. */
export function parseBytes(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$/i.exec(text);
  if (!match) throw new UsageError(`expected a size such as 8G, 512M or 1000000 (bytes), received "${text}"`);
  const power = { "": 0, k: 1, m: 2, g: 3, t: 4 }[match[2].toLowerCase() as "" | "k" | "m" | "g" | "t"];
  return Math.floor(Number(match[1]) * 1024 ** power);
}

/** Writes a byte count with a binary unit: `56.0 MiB`. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * Fixed overhead of a run besides the per-citizen columns: the Node process with its modules and tables, and each
 * worker thread's own heap (china-2020 at 1M citizens peaks at 300 MiB on one thread, 454 MiB on two).
 */
export function baseBytes(threads: number): number {
  return (160 + (threads > 1 ? 80 * threads : 0)) * 1024 ** 2;
}

/** What the memory check adds to the per-citizen columns: records in flight, with the field that drives them. */
export interface ExtraBytes {
  bytes: number;
  /** What they are, in words: `2,187 records in flight (mostly sources.bank: 63 a day × 30 days' delay)`. */
  what: string;
  /** What to change when they, not the population, take most of the memory: `lower sources.bank.delay.days …`. */
  change?: string;
}

/**
 * Refuses, before anything is allocated, a run whose estimated memory exceeds the limit (`--max-memory`, or the
 * machine's free memory), saying the estimate and the largest population that fits — or, when not even the process
 * and its threads fit, saying so. Bytes in `extra` (records in flight) grow with the population like the columns.
 */
export function checkMemory(
  citizens: number,
  bytesPerCitizen: number,
  limit: number | undefined,
  threads = 1,
  extra: ExtraBytes = { bytes: 0, what: "" },
): number {
  const base = baseBytes(threads);
  const estimate = base + citizens * bytesPerCitizen + extra.bytes;
  const available = limit ?? freemem();
  // Written so that an estimate of NaN is refused too.
  if (!(estimate <= available)) {
    const source = limit === undefined ? "free memory" : "--max-memory";
    const threadWords = threads === 1 ? "thread" : `${threads} threads`;
    const perCitizen = bytesPerCitizen + (citizens > 0 ? extra.bytes / citizens : 0);
    const fits = Math.floor((available - base) / perCitizen);
    const records = extra.bytes > 0 ? `, ${formatBytes(extra.bytes)} for ${extra.what}` : "";
    const needs =
      `this run needs about ${formatBytes(estimate)} (${bytesPerCitizen} bytes per citizen × ` +
      `${citizens.toLocaleString("en-US")} citizens${records}, and ${formatBytes(base)} for the process and its ` +
      `${threadWords}), more than the ${formatBytes(available)} of ${source}`;
    if (fits < 1) {
      // No population fits: say what would, rather than "the largest population that fits is about 0".
      const fewer = threads > 1 ? ", use fewer threads (--threads 1)" : "";
      throw new UsageError(
        `${needs}, which leaves no room for a single citizen beside the process and its ${threadWords}; ` +
          `${limit === undefined ? "free some memory" : "raise --max-memory"}${fewer}`,
      );
    }
    const instead =
      extra.change && extra.bytes > citizens * bytesPerCitizen
        ? `, or ${extra.change} (most of the estimate)`
        : "";
    throw new UsageError(
      `${needs}; the largest population that fits is about ${fits.toLocaleString("en-US")} ` +
        `(--population ${fits})${instead}`,
    );
  }
  return estimate;
}
