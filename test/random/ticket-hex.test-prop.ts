// ticketHex formats a ticket value from two small integers: the same 13 digits as the plain expression for
// every 52-bit value, and the plain expression itself for anything else.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ticketHex } from "../../src/random/ticket.js";

const plain = (v: number) => v.toString(16).padStart(13, "0");

describe("ticketHex", () => {
  it("law: value.toString(16).padStart(13, '0') for every 52-bit value", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 52 - 1 }), (v) => {
        expect(ticketHex(v)).toBe(plain(v));
      }),
      { numRuns: 5000 },
    );
    for (const v of [0, 1, 2 ** 28 - 1, 2 ** 28, 2 ** 28 + 1, 2 ** 51, 2 ** 52 - 1, 0xfffffff0000000])
      expect(ticketHex(v)).toBe(plain(v));
  });
  it("falls back to the plain expression outside them (never a wrong ticket)", () => {
    for (const v of [2 ** 52, 2 ** 60, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(ticketHex(v)).toBe(plain(v));
  });
});
