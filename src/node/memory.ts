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

/**
 * Refuses, before anything is allocated, a run whose estimated memory exceeds the limit (`--max-memory`, or the
 * machine's free memory), saying the estimate and the largest population that fits.
 */
export function checkMemory(
  citizens: number,
  bytesPerCitizen: number,
  limit: number | undefined,
  threads = 1,
): number {
  const base = baseBytes(threads);
  const estimate = base + citizens * bytesPerCitizen;
  const available = limit ?? freemem();
  if (estimate > available) {
    const fits = Math.max(0, Math.floor((available - base) / bytesPerCitizen));
    const source = limit === undefined ? "free memory" : "--max-memory";
    throw new UsageError(
      `this run needs about ${formatBytes(estimate)} (${bytesPerCitizen} bytes per citizen × ` +
        `${citizens.toLocaleString("en-US")} citizens, and ${formatBytes(base)} for the process and its ` +
        `${threads === 1 ? "thread" : `${threads} threads`}), more than the ${formatBytes(available)} of ${source}; ` +
        `the largest population that fits is about ${fits.toLocaleString("en-US")} (--population ${fits})`,
    );
  }
  return estimate;
}
