import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sortTickets, ticketOrder } from "../../src/random/order.js";
import { TICKET_SPACE } from "../../src/random/ticket.js";

// values from a small pool (many ties) or the whole 52-bit space; long arrays take the radix path
const value = fc.oneof(
  fc.integer({ min: 0, max: 40 }),
  fc.double({ min: 0, max: TICKET_SPACE - 1, noNaN: true }).map(Math.floor),
  fc.constantFrom(0, TICKET_SPACE - 1, 2 ** 26, 2 ** 26 - 1, 2 ** 39 + 8191),
);

describe("ticketOrder", () => {
  it("law: the radix order equals a comparison sort by (value, tie), duplicates included", () => {
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 0, maxLength: 400, size: "max" }),
        fc.boolean(),
        (xs, reverse) => {
          const values = Float64Array.from(xs);
          // the tie is deliberately not the position order, so that it is seen to be applied
          const tie = (a: number, b: number) => (reverse ? b - a : a - b);
          const expected = xs.map((_, i) => i).sort((a, b) => values[a]! - values[b]! || tie(a, b));
          expect([...ticketOrder(values, tie)]).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("law: sortTickets gives the values in ascending order, duplicates included, input untouched", () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 0, maxLength: 400, size: "max" }), (xs) => {
        const values = Float64Array.from(xs);
        expect([...sortTickets(values)]).toEqual([...xs].sort((a, b) => a - b));
        expect([...values]).toEqual(xs);
      }),
      { numRuns: 300 },
    );
  });
});
