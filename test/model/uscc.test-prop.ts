import fc from "fast-check";
import { describe, it } from "vitest";
import { isValidUscc, USCC_CHARSET } from "../../src/model/uscc.js";

describe("USCC laws", () => {
  it("law: any single changed character makes a valid code invalid", () => {
    const valid = ["913502000728319549", "91350100M000100Y43"];
    fc.assert(
      fc.property(
        fc.constantFrom(...valid),
        fc.nat(17),
        fc.constantFrom(..."0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-a"),
        (code, pos, ch) => {
          fc.pre(code[pos] !== ch);
          const changed = code.slice(0, pos) + ch + code.slice(pos + 1);
          return !isValidUscc(changed);
        },
      ),
      { numRuns: 2000 },
    );
  });
  it("law: a body completed with its check character is valid", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...USCC_CHARSET), { minLength: 17, maxLength: 17 }), (chars) => {
        const body = chars.join("");
        for (const c of USCC_CHARSET) if (isValidUscc(body + c)) return true;
        return false;
      }),
    );
  });
});
