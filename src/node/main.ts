#!/usr/bin/env node
import { main } from "./cli.js";

// The only place that touches process.exitCode: the rest of the CLI returns codes.
process.exitCode = await main(process.argv.slice(2));
