import { Buffer } from "node:buffer";
import { expect, it } from "vitest";
import { purposeId, seedKey } from "../../../src/core/rng/index.js";

it("seedKey() splits a seed into [low word, high word]", () => {
  expect(seedKey(0)).toEqual([0, 0]);
  expect(seedKey(1)).toEqual([1, 0]);
  expect(seedKey(0xffff_ffff)).toEqual([0xffff_ffff, 0]);
  expect(seedKey(2 ** 32)).toEqual([0, 1]);
  expect(seedKey(Number.MAX_SAFE_INTEGER)).toEqual([0xffff_ffff, 0x1f_ffff]);
  expect(seedKey(0x0123_4567_89ab_cdefn)).toEqual([0x89ab_cdef, 0x0123_4567]);
  expect(seedKey(2n ** 64n - 1n)).toEqual([0xffff_ffff, 0xffff_ffff]);
});

it("seedKey() gives the same key for a number and a bigint of equal value", () => {
  for (const seed of [0, 42, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 12345, Number.MAX_SAFE_INTEGER]) {
    expect(seedKey(BigInt(seed))).toEqual(seedKey(seed));
  }
});

it("seedKey() returns a frozen key", () => {
  expect(Object.isFrozen(seedKey(7))).toBe(true);
});

it("seedKey() rejects seeds that are not integers from 0 to 2^64−1", () => {
  expect(() => seedKey(-3)).toThrowErrorMatchingInlineSnapshot(
    `[Error: seed must be an integer from 0 to 2^64−1, received -3]`,
  );
  expect(() => seedKey(1.5)).toThrowErrorMatchingInlineSnapshot(
    `[Error: seed must be an integer from 0 to 2^64−1, received 1.5]`,
  );
  expect(() => seedKey(Number.NaN)).toThrowErrorMatchingInlineSnapshot(
    `[Error: seed must be an integer from 0 to 2^64−1, received NaN]`,
  );
  expect(() => seedKey(-1n)).toThrowErrorMatchingInlineSnapshot(
    `[Error: seed must be an integer from 0 to 2^64−1, received -1n]`,
  );
  expect(() => seedKey(2n ** 64n)).toThrowErrorMatchingInlineSnapshot(
    `[Error: seed must be an integer from 0 to 2^64−1, received 18446744073709551616n]`,
  );
  expect(() => seedKey("42" as unknown as number)).toThrowErrorMatchingInlineSnapshot(
    `[Error: seed must be an integer from 0 to 2^64−1, received "42"]`,
  );
});

it("seedKey() asks for a bigint when a number seed is above 2^53−1", () => {
  expect(() => seedKey(2 ** 53)).toThrowErrorMatchingInlineSnapshot(
    `[Error: seed 9007199254740992 is above 2^53−1, where numbers lose precision; pass it as a bigint (e.g. 9007199254740992n)]`,
  );
});

it("purposeId() is 32-bit FNV-1a, matching the published test vectors", () => {
  // FNV-1a 32-bit vectors from the FNV reference test suite (http://www.isthe.com/chongo/tech/comp/fnv/).
  expect(purposeId("a")).toBe(0xe40c292c);
  expect(purposeId("foobar")).toBe(0xbf9cf968);
});

it("purposeId() hashes the UTF-8 bytes of the name", () => {
  const fnv1aOfBytes = (bytes: Uint8Array) => {
    let hash = 0x811c9dc5;
    for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    return hash;
  };
  for (const name of [
    "population.region",
    "é",
    "社会信用",
    "emoji 🎲 purpose",
    "lone \ud800 surrogate",
    "end \udc00",
  ]) {
    expect(purposeId(name)).toBe(fnv1aOfBytes(Buffer.from(name, "utf8")));
  }
});

it("purposeId() is stable and gives distinct ids to distinct engine purposes", () => {
  expect(purposeId("population.region")).toMatchInlineSnapshot(`113850360`);
  const names = ["population.region", "population.age", "population.income", "scoring.noise", "sensors.miss"];
  expect(new Set(names.map(purposeId)).size).toBe(names.length);
});

it("purposeId() rejects an empty name", () => {
  expect(() => purposeId("")).toThrowErrorMatchingInlineSnapshot(
    `[Error: purpose name must be a non-empty string, received ""]`,
  );
});
