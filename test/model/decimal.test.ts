import { describe, expect, it } from "vitest";
import { type ExactRate, parseRate, sizeFor } from "../../src/model/decimal.js";

const r = (v: unknown) => parseRate(v) as ExactRate;

describe("exact rates", () => {
  it("100 × 0.07 is 7, not 8 (no floating point)", () => {
    expect(100 * 0.07).toBeGreaterThan(7); // the float trap this avoids
    expect(sizeFor(100, r(0.07), "ceil")).toBe(7);
    expect(sizeFor(100, r("7%"), "ceil")).toBe(7);
  });
  it("rounds ceil, floor and round half up", () => {
    expect(sizeFor(101, r(0.05), "ceil")).toBe(6);
    expect(sizeFor(101, r(0.05), "floor")).toBe(5);
    expect(sizeFor(110, r(0.05), "round")).toBe(6); // 5.5 → 6
    expect(sizeFor(109, r(0.05), "round")).toBe(5); // 5.45 → 5
  });
  it("accepts percent strings and decimals with up to 6 digits", () => {
    expect(r("5%")).toMatchObject({ num: 1n, den: 20n });
    expect(r("0.000001")).toMatchObject({ num: 1n, den: 1_000_000n });
    expect(r(1)).toMatchObject({ num: 1n, den: 1n });
  });
  it("refuses rates above 1, negative, too precise or not numbers", () => {
    expect(typeof parseRate(1.5)).toBe("string");
    expect(typeof parseRate("150%")).toBe("string");
    expect(typeof parseRate(-0.1)).toBe("string");
    expect(typeof parseRate("0.0000001")).toBe("string");
    expect(typeof parseRate("abc")).toBe("string");
    expect(typeof parseRate(null)).toBe("string");
  });
});
