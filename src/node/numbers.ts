import { UsageError } from "./errors.js";

const SUFFIXES: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, g: 1e9 };

/**
 * Parses a count typed on the command line: `1000000`, `1_000_000`, `1,000,000`, `68M`, `1.4B`, `1e6`.
 * Returns the text unchanged (for the schema to reject with its own words) when it is a number but not a count.
 */
export function parseCount(flag: string, text: string): string {
  const plain = text.trim().replace(/[_,]/g, "");
  const suffixed = /^(\d+(?:\.\d+)?)([kmbg])$/i.exec(plain);
  if (suffixed) return String(Math.round(Number(suffixed[1]) * SUFFIXES[suffixed[2].toLowerCase()]));
  // Digits pass unchanged, so that an integer a double cannot hold is reported as typed, not rounded.
  if (/^\d+$/.test(plain)) return plain;
  if (plain !== "" && Number.isFinite(Number(plain))) return String(Number(plain));
  throw new UsageError(`${flag} expects a number such as 1000000, 1e6 or 68M, received "${text}"`);
}

/** Formats a count with thousands separators: 1,000,000. */
export function formatCount(value: number): string {
  return value.toLocaleString("en-US");
}

/** Formats a fraction as a percentage with one decimal: 35.0%. */
export function formatPercent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}
