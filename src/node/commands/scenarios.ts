import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { Io } from "../io.js";
import { builtinNames, resolveScenario } from "../scenarios.js";
import { createStyle, formatTable, wantsColor } from "../style.js";

/** `controlocracy scenarios`: the built-in scenarios, one line each. */
export function scenariosCommand(options: { json?: boolean }, io: Io): number {
  const rows = builtinNames().map((name) => {
    const source = resolveScenario(name);
    const document = parse(readFileSync(source.path, "utf8")) as { title?: string } | null;
    return { name, title: document?.title ?? "", file: source.display };
  });
  if (options.json) {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const style = createStyle(wantsColor(io.env, io.stdout.isTTY));
  io.stdout.write(
    `${formatTable([["name", "what it represents"], ...rows.map((row) => [row.name, row.title])], style)}\n`,
  );
  return 0;
}
