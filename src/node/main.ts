#!/usr/bin/env node
import { main } from "./cli.js";

// A reader that stops early (`controlocracy schema | head`) closes the pipe: that is not an error, just the end.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}

// The only place that touches process.exitCode: the rest of the CLI returns codes.
process.exitCode = await main(process.argv.slice(2));
