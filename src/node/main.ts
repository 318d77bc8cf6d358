#!/usr/bin/env node
import { main } from "./cli.js";
import { abandonActive } from "./output/directoryLifecycle.js";
import { stopSignalHandler } from "./signals.js";

// A reader that stops early (`controlocracy schema | head`) closes the pipe: that is not an error, just the end.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}

// Ctrl-C (or a kill): remove what this run was writing, say so in one line, and exit as a shell expects (128 + 2).
for (const [signal, number] of [
  ["SIGINT", 2],
  ["SIGTERM", 15],
] as const) {
  process.on(signal, () => {
    const stop = stopSignalHandler();
    if (stop) {
      stop(signal);
      return;
    }
    const { abandoned, resumable } = abandonActive();
    const kept = resumable.map(({ command }) => `; continue it with "${command}"`).join("");
    const what = resumable.length > 0 ? "what was done is kept" : "nothing was written";
    const directories = [...abandoned, ...resumable.map(({ directory }) => directory)];
    const where = directories.length > 0 ? ` (${directories.join(", ")})` : "";
    process.stderr.write(`${process.stderr.isTTY ? "\n" : ""}interrupted: ${what}${where}${kept}\n`);
    process.exit(128 + number);
  });
}

// The only place that touches process.exitCode: the rest of the CLI returns codes.
process.exitCode = await main(process.argv.slice(2));
