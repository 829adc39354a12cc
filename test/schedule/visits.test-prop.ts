// spreadVisitDays (typed arrays, radix order) against the plain definition: visits sorted by ticket, ties by id
// in UTF-8 byte order, the k-th of n on working day ⌊k·W/n⌋.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareUtf8 } from "../../src/random/order.js";
import { type Randomness, randomness } from "../../src/random/randomness.js";
import { spreadVisitDays, spreadVisits } from "../../src/schedule/dates.js";

/** The plain definition: entity id → day index. */
function plain(random: Randomness, ids: readonly string[], W: number): Map<string, number> {
  const order = ids
    .map((id) => ({ id, t: random.schedule.value(id) }))
    .sort((a, b) => a.t - b.t || compareUtf8(a.id, b.id));
  const out = new Map<string, number>();
  order.forEach(({ id }, k) => {
    out.set(id, Math.floor((k * W) / order.length));
  });
  return out;
}

describe("spreadVisitDays", () => {
  it("law: the day of each visit is the plain definition's, with real tickets and with tied ones", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ maxLength: 4 }), { maxLength: 150 }),
        fc.integer({ min: 1, max: 30 }),
        fc.boolean(),
        (ids, W, tied) => {
          const real = randomness("seed", "T");
          // few distinct ticket values: many ties, ordered by id
          const random = tied
            ? ({
                schedule: {
                  value: (id: string) => id.length,
                  values: (xs: readonly string[]) => Float64Array.from(xs, (id) => id.length),
                },
              } as unknown as Randomness)
            : real;
          const days = spreadVisitDays(random, ids, W);
          const want = plain(random, ids, W);
          expect(Array.from(days)).toEqual(ids.map((id) => want.get(id)));
          const dates = Array.from({ length: W }, (_, d) => `D${String(d).padStart(2, "0")}`);
          expect(spreadVisits(random, ids, dates)).toEqual(
            new Map(ids.map((id) => [id, dates[want.get(id)!]!])),
          );
        },
      ),
    );
  });
});
