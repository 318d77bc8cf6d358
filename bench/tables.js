// Markdown tables and number formats for the benchmark's report.

/** A markdown table; columns whose header ends in a number-like unit are right-aligned. */
export function table(headers, rows, rightAligned = headers.map((_, k) => k > 0)) {
  const line = (cells) => `| ${cells.join(" | ")} |`;
  const rule = headers.map((_, k) => (rightAligned[k] ? "---:" : "---"));
  return [line(headers), line(rule), ...rows.map(line)].join("\n");
}

export function count(value) {
  return Math.round(value).toLocaleString("en-US");
}

/** Seconds with three significant figures (0.123, 12.3, 123). */
export function seconds(value) {
  return value >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

/** A rate per second in millions (M) or thousands (k), three significant figures. */
export function perSecond(value) {
  if (value >= 1e6) return `${(value / 1e6).toPrecision(3)} M`;
  if (value >= 1e3) return `${(value / 1e3).toPrecision(3)} k`;
  return value.toPrecision(3);
}

export function bytes(value) {
  if (value === undefined) return "—";
  if (value >= 2 ** 30) return `${(value / 2 ** 30).toFixed(2)} GiB`;
  return `${(value / 2 ** 20).toFixed(0)} MiB`;
}

export function ratio(value) {
  return value >= 10 ? `${value.toFixed(0)}×` : `${value.toFixed(2)}×`;
}

/** 1000000 → "1M", 100000 → "100k", for run labels. */
export function citizensLabel(value) {
  if (value >= 1e6 && value % 1e6 === 0) return `${value / 1e6}M`;
  if (value >= 1e3 && value % 1e3 === 0) return `${value / 1e3}k`;
  return String(value);
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
