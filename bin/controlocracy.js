#!/usr/bin/env node
// The command-line entry: runs the compiled CLI from dist/ (built by `npm install` through the prepare script).
import { existsSync } from "node:fs";

const entry = new URL("../dist/node/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    "controlocracy is not built: run `npm install` (or `npm run build`) in its folder first\n",
  );
  process.exitCode = 1;
} else {
  await import(entry.href);
}
