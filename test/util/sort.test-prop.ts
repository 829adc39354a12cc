import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareUtf8 } from "../../src/draw/ticket.js";
import { sortByKey } from "../../src/util/sort.js";

describe("sortByKey (law)", () => {
  it("is the stable sort by the key, in the order given", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          // ASCII keys of several lengths, with repeats and prefixes (the radix path)
          fc.array(
            fc.record({
              k: fc.string({
                unit: fc.constantFrom("\u0001", " ", "0", "9", "A", "Z", "a", "\u007f"),
                maxLength: 6,
              }),
              v: fc.nat(),
            }),
            { maxLength: 300 },
          ),
          // long ASCII keys with many characters per column (the packed sort in several runs of columns),
          // with repeats (a few keys only) and prefixes
          fc.array(
            fc.record({
              k: fc.string({
                unit: fc.constantFrom(..."\u0001 09AHNTZaz~\u007f".split("")),
                minLength: 10,
                maxLength: 24,
              }),
              v: fc.nat(),
            }),
            { maxLength: 300 },
          ),
          fc.array(
            fc.record({
              k: fc.constantFrom("91350102MA2Y0KJ15T", "91350102MA2Y0KJ15", "92350181", "", "9", "~"),
              v: fc.nat(),
            }),
            { maxLength: 40 },
          ),
          // any keys, distinct or repeated (the comparison path)
          fc.uniqueArray(fc.record({ k: fc.string({ unit: "binary", maxLength: 3 }), v: fc.nat() }), {
            selector: (x) => x.k,
          }),
          fc.array(fc.record({ k: fc.string({ unit: "binary", maxLength: 3 }), v: fc.nat() })),
          fc.array(
            fc.record({ k: fc.constantFrom("a", "\uE000", "\uD83D\uDE00", "\uFFFF", "z"), v: fc.nat() }),
            {
              maxLength: 5,
            },
          ),
        ),
        fc.boolean(),
        (items, utf8) => {
          const cmp = utf8 ? compareUtf8 : (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
          const want = [...items].sort((a, b) => cmp(a.k, b.k)); // Array.prototype.sort is stable
          const got = sortByKey(items, (x) => x.k, utf8 ? "code-points" : undefined);
          expect(sortByKey(items, (x) => x.k, cmp)).toEqual(want); // the comparator path
          expect(got).toEqual(want);
          for (let i = 0; i < got.length; i++) expect(got[i]).toBe(want[i]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
