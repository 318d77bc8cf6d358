import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// bench/kernel.js is bench/kernel.cpp in JavaScript, draw for draw: the benchmark reads the ratio of the two as the
// language's cost, which holds only while they run the same algorithm. The counts below are the C++ kernel's
// (`g++ -O3 -march=native -std=c++17 -o kernel bench/kernel.cpp`, then `./kernel` with each test's arguments),
// so a change to either that changes what it draws or counts makes this fail.

const PORT = fileURLToPath(new URL("../../bench/kernel.js", import.meta.url));

function port(args: string): Record<string, number> {
  const output = execFileSync(process.execPath, [PORT, ...args.split(" ")], { encoding: "utf8" });
  return JSON.parse(output);
}

describe("bench/kernel.js, the C++ kernel in JavaScript", () => {
  it("counts what the C++ kernel counts, with the reduced model's parameters", () => {
    const run = port("20000 60 1 2 0.3 0.002 650 350 950 550 3 12 -5 18 -2 0.05 -50");
    expect(run).toMatchObject({
      acts: 98_551,
      records: 29_548,
      misattributions: 52,
      listed: 0,
      trulyListed: 1,
      requests: 9_768,
      denied: 0,
    });
  });

  it("counts what the C++ kernel counts where false matches, listings and denials are many", () => {
    const run = port("20000 200 7 2 0.3 0.05 650 350 950 600 3 12 -5 18 -2 0.05 -50");
    expect(run).toMatchObject({
      acts: 328_754,
      records: 98_263,
      misattributions: 4_948,
      listed: 314,
      trulyListed: 9_384,
      requests: 32_716,
      denied: 138,
    });
  });

  it("counts what the C++ kernel counts at ten events a day and more, and with a seed past 2^53", () => {
    // Kernel.cpp's zero-truncated Poisson inverts at every rate (the engine's changes method at 10), and reads the
    // seed as 64 bits.
    expect(port("20000 60 5 2 0.5 0.3 650 350 950 600 3 3000 -1")).toMatchObject({
      acts: 9_875_565,
      records: 4_936_054,
      misattributions: 1_480_412,
      listed: 20_000,
      trulyListed: 19_587,
      requests: 9_763,
      denied: 7_202,
    });
    expect(port("20000 60 18446744073709551615 2 0.3 0.002 650 350 950 550 3 12 -5 18 -2")).toMatchObject({
      acts: 99_011,
      records: 29_518,
      misattributions: 64,
      requests: 9_966,
    });
  });

  it("counts what the C++ kernel counts with no requests", () => {
    // A request rate of 0 schedules no citizen's requests.
    expect(port("20000 30 3 2 0.3 0.002 650 350 950 550 0 12 -5")).toMatchObject({
      acts: 19_812,
      records: 5_977,
      misattributions: 11,
      requests: 0,
      denied: 0,
    });
  });

  it("counts what the C++ kernel counts where behaviours' rates tie (taken highest first, then in order)", () => {
    // Behaviours 0 and 1 tie: taking 1 before 0 would give 99 listed, 1,626 truly listed and 4 denied.
    expect(port("20000 60 3 2 0.3 0.002 650 350 950 600 3 5 -20 5 -1 7 -2")).toMatchObject({
      acts: 56_120,
      records: 16_841,
      misattributions: 35,
      listed: 111,
      trulyListed: 1_641,
      requests: 9_741,
      denied: 12,
    });
  });

  it("refuses a population past its sort keys, a seed past 64 bits, a shape of 0 and too high a rate: exit 2", () => {
    expect(() =>
      execFileSync(process.execPath, [PORT, ..."3000000 10 1 2 0.3 0 650 350 950 550 3 12 -5".split(" ")], {
        stdio: "pipe",
      }),
    ).toThrow(expect.objectContaining({ status: 2 }));
    expect(() =>
      execFileSync(process.execPath, [PORT, ..."10 10 -1 2 0.3 0 650 350 950 550 3 12 -5".split(" ")], {
        stdio: "pipe",
      }),
    ).toThrow(expect.objectContaining({ status: 2 }));
    expect(() =>
      execFileSync(process.execPath, [PORT, ..."10 10 1 0 0.3 0 650 350 950 550 3 12 -5".split(" ")], {
        stdio: "pipe",
      }),
    ).toThrow(expect.objectContaining({ status: 2 }));
    // A daily rate whose e^-rate underflows, where the zero-truncated Poisson by inversion would never return.
    expect(() =>
      execFileSync(process.execPath, [PORT, ..."100 10 1 2 0.3 0 650 350 950 550 3 400000 -1".split(" ")], {
        stdio: "pipe",
      }),
    ).toThrow(expect.objectContaining({ status: 2 }));
  });
});
