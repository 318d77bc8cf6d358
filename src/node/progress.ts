import { Presets, SingleBar } from "cli-progress";
import type { Io } from "./io.js";

/** A progress display that may be switched off. */
export interface Progress {
  update(fraction: number): void;
  stop(): void;
}

const silent: Progress = { update: () => {}, stop: () => {} };

/**
 * A progress bar on stderr, only when stderr is a terminal, the output is not for a script (`--json`) and the work
 * lasts more than a second; it clears itself when done, so the summary stands alone.
 */
export function progressBar(label: string, io: Io, json: boolean | undefined): Progress {
  const stream = io.stderr as NodeJS.WriteStream;
  if (json || !stream.isTTY || typeof stream.cursorTo !== "function") return silent;
  const bar = new SingleBar(
    {
      stream,
      format: `${label} [{bar}] {percentage}% · {eta_formatted} left`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
    },
    Presets.shades_classic,
  );
  // Only work that lasts shows a bar: it appears once a second has passed.
  const started = Date.now();
  let shown = false;
  return {
    update: (fraction) => {
      if (!shown) {
        if (Date.now() - started < SHOW_AFTER_MS) return;
        bar.start(1000, 0);
        shown = true;
      }
      bar.update(Math.round(fraction * 1000));
    },
    stop: () => {
      if (shown) bar.stop();
    },
  };
}

/** A bar is shown only for work still going after this long. */
const SHOW_AFTER_MS = 1000;
