import { describe, expect, it } from "vitest";
import { isValidUscc, usccCheckChar, usccProblem } from "../../src/model/uscc.js";

describe("USCC (GB 32100-2015)", () => {
  it("accepts the SPEC's valid examples", () => {
    expect(isValidUscc("913502000728319549")).toBe(true);
    expect(isValidUscc("91350100M000100Y43")).toBe(true);
  });
  it("computes the check character", () => {
    expect(usccCheckChar("91350200072831954")).toBe("9");
    expect(usccCheckChar("91350100M000100Y4")).toBe("3");
  });
  it("names what is wrong", () => {
    expect(usccProblem("91350200072831954")).toBe("length");
    expect(usccProblem("91350200072831954I")).toBe("charset"); // I is not in the charset
    expect(usccProblem("913502000728319548")).toBe("check-digit");
    expect(usccProblem("91350203M0001QAY9B")).toBe("check-digit"); // a known bad code
    expect(usccProblem("913502000728319549 ")).toBe("length");
  });
});
