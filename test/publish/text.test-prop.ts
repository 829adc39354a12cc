import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TextJoiner } from "../../src/publish/text.js";

describe("TextJoiner (law)", () => {
  it("gives what Array.prototype.join gives, across block boundaries", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.constantFrom("", ",", "\r\n"),
        fc.array(fc.string({ maxLength: 3 }), { minLength: 1, maxLength: 7 }),
        (n, sep, pool) => {
          const parts = Array.from({ length: n }, (_, i) => pool[i % pool.length]! + (i % 97 === 0 ? i : ""));
          const j = new TextJoiner(sep);
          for (const p of parts) j.push(p);
          expect(j.toString()).toBe(parts.join(sep));
        },
      ),
      { numRuns: 200 },
    );
  });
});
