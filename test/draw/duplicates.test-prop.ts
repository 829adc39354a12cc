// The duplicate check over runs of ticket values (the chunks of the first passes of several threads): the
// values found equal are exactly those that occur more than once in all the runs together, sorted or not.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { equalTickets } from "../../src/draw/duplicates.js";

describe("equal ticket values across runs", () => {
  it("law: the values that occur more than once in the runs together, whatever the runs and their order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 40 }), { maxLength: 6 }),
        fc.boolean(),
        (lists, sorted) => {
          const runs = lists.map((l) => Float64Array.from(sorted ? [...l].sort((a, b) => a - b) : l));
          const count = new Map<number, number>();
          for (const l of lists) for (const v of l) count.set(v, (count.get(v) ?? 0) + 1);
          const want = [...count].filter(([, n]) => n > 1).map(([v]) => v);
          expect([...equalTickets(runs)].sort((a, b) => a - b)).toEqual(want.sort((a, b) => a - b));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("finds a repeat at the far ends of two big runs", () => {
    const a = Float64Array.from({ length: 100_000 }, (_, i) => i * 2);
    const b = Float64Array.from({ length: 100_000 }, (_, i) => i * 2 + 1);
    b[b.length - 1] = 0;
    expect([...equalTickets([a, b])]).toEqual([0]);
    expect(equalTickets([a, Float64Array.from(a.subarray(5, 6))])).toEqual(new Set([10]));
  });
});
