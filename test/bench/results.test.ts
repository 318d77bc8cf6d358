import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: the benchmark's modules are plain JavaScript, without types.
import { writeHead } from "../../bench/results.js";

describe("bench/results.js writeHead()", () => {
  it("replaces the engine's sections and keeps the sections other benchmarks wrote", () => {
    const file = join(mkdtempSync(join(tmpdir(), "results-")), "RESULTS.md");
    writeFileSync(
      file,
      "# Benchmark results\n\nold machine\n\n## The reduced model: old\n\nold\n\n## Sweeps\n\nsweeps\n\n" +
        "## The full engine on china-2020 (one run per row)\n\nold china\n\n## In a browser\n\nbrowser\n",
    );
    writeHead(
      "# Benchmark results\n\nnew machine\n\n## The reduced model: new\n\nnew\n\n## The full engine on china-2020\n\nnew china\n",
      ["## The reduced model", "## The full engine on china-2020"],
      file,
    );
    expect(readFileSync(file, "utf8")).toBe(
      "# Benchmark results\n\nnew machine\n\n## The reduced model: new\n\nnew\n\n## The full engine on china-2020\n\n" +
        "new china\n\n## Sweeps\n\nsweeps\n\n## In a browser\n\nbrowser\n",
    );
  });

  it("writes the report alone where there is no file yet", () => {
    const file = join(mkdtempSync(join(tmpdir(), "results-")), "RESULTS.md");
    writeHead("# Benchmark results\n\n## The reduced model\n\nnew\n", ["## The reduced model"], file);
    expect(readFileSync(file, "utf8")).toBe("# Benchmark results\n\n## The reduced model\n\nnew\n");
  });
});
