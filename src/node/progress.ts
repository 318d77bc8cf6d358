import { Presets, SingleBar } from "cli-progress";
import type { Io } from "./io.js";

/** A progress display that may be switched off. */
export interface Progress {
  update(fraction: number): void;
  stop(): void;
}

const silent: Progress = { update: () => {}, stop: () => {} };

/**
 * A progress bar on stderr, only when stderr is a terminal and the output is not for a script (`--json`); it clears
 * itself when done, so the summary stands alone.
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
  bar.start(1000, 0);
  return {
    update: (fraction) => bar.update(Math.round(fraction * 1000)),
    stop: () => bar.stop(),
  };
}
