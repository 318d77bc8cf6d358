// Numbers in words for the reports: counts with thousands separators, percentages with as many digits as the value
// needs, "about one in 37". No raw floats reach a reader.

/** A count with thousands separators: 1,234,567 (rounded to a whole number; negatives with a true minus sign). */
export function count(value: number): string {
  return (Math.round(value) || 0).toLocaleString("en-US").replace(/^-/, "−");
}

/** A count and its noun, singular or plural: `1 person`, `3,577 people`. */
export function counted(value: number, singular: string, plural = `${singular}s`): string {
  return `${count(value)} ${Math.round(value) === 1 ? singular : plural}`;
}

/**
 * A share as a percentage with the digits it needs: 35%, 4.2%, 0.52%, 0.031%; exact 0 and 1 as 0% and 100%, and a
 * share that would round to them as "under 0.01%" or "over 99.9%".
 */
export function percent(share: number): string {
  if (share === 0) return "0%";
  if (share === 1) return "100%";
  const value = share * 100;
  if (value > 0 && value < 0.01) return "under 0.01%";
  if (value < 100 && value >= 99.95) return "over 99.9%";
  const magnitude = Math.abs(value);
  const digits = magnitude >= 10 ? 0 : magnitude >= 1 ? 1 : magnitude >= 0.1 ? 2 : 3;
  return `${trimZeros(value.toFixed(digits)).replace(/^-0$/, "0").replace(/^-/, "−")}%`;
}

/** A percentage or a dash for a share that cannot be computed. */
export function percentOrDash(share: number | null): string {
  return share === null ? "—" : percent(share);
}

/** A number of any size in plain form: whole with separators from 100 up, else up to three significant digits. */
export function plain(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 100 || value === 0) return count(value);
  return value.toLocaleString("en-US", { maximumSignificantDigits: 3 }).replace(/^-/, "−");
}

/** A signed number: +12, −3.4 (with a true minus sign), 0. */
export function signed(value: number, format: (value: number) => string = plain): string {
  const text = format(Math.abs(value));
  if (text === "0" || text === "0%") return text;
  return value > 0 ? `+${text}` : `−${text}`;
}

/**
 * How many times one rate is another, with the digits that keep it from reading as a round number: "14 times",
 * "2.3 times", "1.02 times" (a ratio under 1.1 gets two decimals, so it never reads "1 times").
 */
export function times(ratio: number): string {
  const text = ratio >= 10 ? count(ratio) : ratio >= 1.095 ? trimZeros(ratio.toFixed(1)) : ratio.toFixed(2);
  return `${text} ${text === "1" ? "time" : "times"}`;
}

/**
 * Two shares as percentages with enough digits to tell them apart (up to four significant digits): 0.202% and
 * 0.199%, where `percent` would write 0.2% twice.
 */
export function comparedPercents(a: number, b: number): [string, string] {
  let pair: [string, string] = [percent(a), percent(b)];
  for (let digits = 2; digits <= 4 && pair[0] === pair[1] && a !== b; digits++) {
    pair = [significantPercent(a, digits), significantPercent(b, digits)];
  }
  return pair;
}

function significantPercent(share: number, digits: number): string {
  const text = (share * 100).toLocaleString("en-US", {
    minimumSignificantDigits: digits,
    maximumSignificantDigits: digits,
  });
  return `${text.replace(/^-/, "−")}%`;
}

/**
 * A part of a whole in words: "about one in 37" for small parts, "about 45%" for large ones, "all of them" and
 * "none of them" at the ends.
 */
export function proportion(part: number, whole: number): string {
  if (whole <= 0 || part <= 0) return "none of them";
  if (part >= whole) return "all of them";
  const share = part / whole;
  if (share >= 0.45) return `about ${percent(share)}`;
  const oneIn = Math.round(whole / part);
  return `about one in ${count(oneIn)}`;
}

/** The span of a run in words: "at the end of the year" for 365 days, else "after 120 days". */
export function atTheEnd(days: number): string {
  return days === 365 || days === 366 ? "at the end of the year" : `after ${counted(days, "day")}`;
}

/** An id in words: `air-ticket` → `air ticket`, `eastern_cities` → `eastern cities`. */
export function words(id: string): string {
  return id.replace(/[-_]+/g, " ").trim();
}

/** A list in words: "a", "a and b", "a, b and c". */
export function list(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** The first letter in capitals. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}
