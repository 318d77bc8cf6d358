import { expect, it } from "vitest";
import { mulhi32, philox4x32, philox4x32Js } from "../../../src/core/rng/philox.js";
import { philoxModuleBytes, philoxWasm } from "../../../src/core/rng/philoxWasm.js";
import { xorshift32 } from "../../helpers/xorshift.js";

const hex = (words: ArrayLike<number>) =>
  Array.from(words, (word) => word.toString(16).padStart(8, "0")).join(" ");
const parse = (words: string) => words.split(" ").map((word) => Number.parseInt(word, 16));

// Each vector is checked on the function the engine calls (WebAssembly here) and on the JavaScript version.
const versions = { philox4x32, philox4x32Js };

function philoxHex(counter: string, key: string, version: keyof typeof versions): string {
  const [c0, c1, c2, c3] = parse(counter);
  const [k0, k1] = parse(key);
  const out = new Uint32Array(4);
  versions[version](c0, c1, c2, c3, k0, k1, out);
  return hex(out);
}

// Random123 v1.14.0, tests/kat_vectors, lines 27–29 (https://github.com/DEShawResearch/random123,
// commit 9545ff6): "philox4x32 10 CTR×4 KEY×2   EXPECTED×4".
it.each([
  ["00000000 00000000 00000000 00000000", "00000000 00000000", "6627e8d5 e169c58d bc57ac4c 9b00dbd8"],
  ["ffffffff ffffffff ffffffff ffffffff", "ffffffff ffffffff", "408f276d 41c83b0e a20bc7c6 6d5451fd"],
  ["243f6a88 85a308d3 13198a2e 03707344", "a4093822 299f31d0", "d16cfe09 94fdcceb 5001e420 24126ea1"],
])("matches Random123 known-answer vector ctr %s key %s", (counter, key, expected) => {
  for (const version of ["philox4x32", "philox4x32Js"] as const) {
    expect(philoxHex(counter, key, version), version).toBe(expected);
  }
});

// Random123 v1.14.0, tests/old_kat_vectors, lines 98–101 and 111–114: one bit in each counter word, under
// key (1, 0) and key (0, 1); they pin the order of counter and key words.
it.each([
  ["00000001 00000000 00000000 00000000", "00000001 00000000", "ac08141b dfc5ccbe 79c07a47 a7f66093"],
  ["00000000 00000001 00000000 00000000", "00000001 00000000", "833ff8dc 225c963c 232b88b3 0b334b07"],
  ["00000000 00000000 00000001 00000000", "00000001 00000000", "07071c12 428264b6 3909104b 6da2bda2"],
  ["00000000 00000000 00000000 00000001", "00000001 00000000", "127bee41 1e047488 48842b20 0a393496"],
  ["00000001 00000000 00000000 00000000", "00000000 00000001", "ccf3076a 6306f434 bea71965 d96fe48a"],
  ["00000000 00000001 00000000 00000000", "00000000 00000001", "532f1322 36c890fb 6504b937 07bbfef7"],
  ["00000000 00000000 00000001 00000000", "00000000 00000001", "7f6c13ff 114b2447 0550eced ea1fc805"],
  ["00000000 00000000 00000000 00000001", "00000000 00000001", "96b27e8c 28826d0f 66d958ef 081509dc"],
])("matches Random123 single-bit vector ctr %s key %s", (counter, key, expected) => {
  for (const version of ["philox4x32", "philox4x32Js"] as const) {
    expect(philoxHex(counter, key, version), version).toBe(expected);
  }
});

it("runs in WebAssembly here, and gives the JavaScript version's words for 100,000 counters and keys", () => {
  expect(philoxWasm()).toBeDefined();
  expect(philox4x32).not.toBe(philox4x32Js);
  const fast = new Uint32Array(4);
  const reference = new Uint32Array(4);
  // A fixed xorshift32 walk: counters and keys over the whole 32-bit range, top bit set or not.
  const next = xorshift32(0x2545f491);
  let differing = 0;
  for (let n = 0; n < 100_000; n++) {
    const words = [next(), next(), next(), next(), next(), next()] as const;
    philox4x32(...words, fast);
    philox4x32Js(...words, reference);
    for (let k = 0; k < 4; k++) if (fast[k] !== reference[k]) differing++;
  }
  expect(differing).toBe(0);
});

it("assembles a module of under a kilobyte", () => {
  expect(philoxModuleBytes().length).toBeLessThan(1024);
});

it("philox4x32() writes four words at the given offset and nothing else", () => {
  const out = new Uint32Array(8).fill(7);
  philox4x32(0, 0, 0, 0, 0, 0, out, 2);
  expect(hex(out)).toBe("00000007 00000007 6627e8d5 e169c58d bc57ac4c 9b00dbd8 00000007 00000007");
});
it("mulhi32() equals the high word of the exact 64-bit product", () => {
  const cases = [
    [0, 0],
    [1, 1],
    [0xffffffff, 0xffffffff],
    [0xffffffff, 1],
    [0xd2511f53, 0xcd9e8d57],
    [0x80000000, 0x80000000],
    [0x12345678, 0x9abcdef0],
  ];
  // A fixed xorshift32 walk adds a spread of ordinary operands.
  const next = xorshift32(0x9e3779b9);
  for (let i = 0; i < 2000; i++) cases.push([next(), next()]);
  for (const [a, b] of cases) {
    expect(mulhi32(a, b)).toBe(Number((BigInt(a) * BigInt(b)) >> 32n));
  }
});
