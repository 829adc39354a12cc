// The candidates' order for selection made by sorting their keys as numbers (sortedByKey): exactly the order the
// comparator itself gives (order key, then id in UTF-8 byte order, stable), for any keys — equal ones, -0 and 0,
// infinities, NaN — and any ids, duplicates included.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { byKey, type Cand, Smallest, sortedByKey } from "../../src/draw/smallest.js";

const cand = (k: number, id: string, n: number): Cand => ({ k, t: n, e: { id } }) as unknown as Cand;

const key = fc.oneof(
  fc.integer({ min: 0, max: 12 }), // many equal keys
  fc.integer({ min: 0, max: 2 ** 52 - 1 }), // tickets
  fc.double({ noNaN: false }),
  fc.constantFrom(0, -0, Number.POSITIVE_INFINITY, 2 ** 52 - 1),
);
const id = fc.oneof(
  fc.constantFrom("A", "B", "a", "\u{1F600}", "\uFFFD", "913501"),
  fc.string({ maxLength: 4 }),
);

describe("sortedByKey", () => {
  it("law: the comparator's stable order, for any keys and ids (short and long lists)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, id), { maxLength: 300 }), (xs) => {
        const cands = xs.map(([k, s], n) => cand(k, s, n));
        const want = [...cands].sort(byKey);
        const got = sortedByKey(cands);
        // the same objects in the same places (candidates are distinct objects: stability shows)
        expect(got.length).toBe(want.length);
        for (let i = 0; i < want.length; i++) expect(got[i]).toBe(want[i]);
      }),
      { numRuns: 400 },
    );
  });

  it("a stratum-sized list of distinct tickets: the comparator's order, the input left as it was", () => {
    const n = 20_000;
    const cands = Array.from({ length: n }, (_, i) => cand(((i * 2654435761) % 2 ** 32) * 1021, `ID${i}`, i));
    const before = [...cands];
    const got = sortedByKey(cands);
    const want = [...cands].sort(byKey);
    expect(got.every((c, i) => c === want[i])).toBe(true);
    expect(cands.every((c, i) => c === before[i])).toBe(true);
  });

  it("Smallest keeps the cap smallest and gives them in order", () => {
    const h = new Smallest(100);
    const cands = Array.from({ length: 1000 }, (_, i) => cand((i * 7919) % 1000, `E${i}`, i));
    for (const c of cands) h.push(c);
    expect(h.sorted()).toEqual([...cands].sort(byKey).slice(0, 100));
  });
});
