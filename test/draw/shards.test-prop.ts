import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type DrawOptions,
  DrawPass,
  drawEntities,
  type FirstPass,
  mergeFirstPasses,
} from "../../src/draw/draw.js";
import type { Entity } from "../../src/model/types.js";
import { randomness } from "../../src/random/randomness.js";
import { arbEntities, entity } from "../helpers.js";
import { config } from "./fixtures.js";

const srs = config({
  sampling: {
    stratifyBy: ["riskClass"],
    rates: { A: 0.1, B: "25%", C: 0.5 },
    reserve: 0.5,
    rounding: "ceil",
  },
  forced: { tags: ["重点"] },
});
// a low rate: most frame entities are above the one-pass threshold, so the spill heaps overflow and merge
const low = config({
  sampling: { stratifyBy: ["riskClass"], rates: { "*": "1%" }, reserve: 0.2 },
});
const pps = config({
  sampling: { mode: "pps", stratifyBy: ["riskClass"], rates: { A: 0.2, B: 0.3, C: 0.5 }, reserve: 0.2 },
});
// a class the task does not know yields row issues, which must keep row order across the parts
const classes = config({
  sampling: { stratifyBy: ["riskClass"], rates: { "*": 0.3 }, reserve: 0.1, riskClasses: ["A", "B"] },
});

/** The first pass over consecutive parts cut at `cuts`, each sent through a structured clone (a thread). */
function sharded(es: readonly Entity[], cuts: readonly number[]) {
  return async (options: DrawOptions): Promise<FirstPass> => {
    const at = [...new Set(cuts.map((c) => c % (es.length + 1)))].sort((a, b) => a - b);
    const bounds = [0, ...at, es.length];
    const parts: FirstPass[] = [];
    for (let k = 0; k + 1 < bounds.length; k++) {
      const pass = new DrawPass(options);
      pass.add(es.slice(bounds[k], bounds[k + 1]));
      parts.push(structuredClone(pass.finish()));
    }
    return mergeFirstPasses(parts);
  };
}

describe("sharded first pass", () => {
  // many entities (fast-check's arrays are short by default), so that the spill heaps overflow and merge
  const arbMany = fc.tuple(fc.integer({ min: 300, max: 1500 }), fc.nat({ max: 1000 })).map(([n, off]) =>
    Array.from({ length: n }, (_, i) =>
      entity(off * 2000 + i + 1, {
        riskClass: "ABC"[i % 3]!,
        status: i % 11 === 0 ? "revoked" : "active",
      }),
    ),
  );
  for (const [name, cfg, arb, runs] of [
    ["SRS", srs, arbEntities(), 80],
    ["SRS, overflowing spill buffers", low, arbMany, 15],
    ["πps", pps, arbEntities(), 60],
    // rows numbered, so that the order of the row issues shows
    [
      "row issues",
      classes,
      arbEntities().map((es) => es.map((e, i) => ({ ...e, origin: { file: "e.csv", row: i + 2 } }))),
      60,
    ],
  ] as const) {
    it(`law: first passes over consecutive parts, merged, give the one-pass draw (${name})`, async () => {
      await fc.assert(
        fc.asyncProperty(
          arb,
          fc.string({ maxLength: 8 }),
          fc.array(fc.nat(), { maxLength: 4 }),
          async (es, seed, cuts) => {
            const one = await drawEntities(() => es, { random: randomness(seed, cfg.taskId), config: cfg });
            const many = await drawEntities(
              () => es,
              { random: randomness(seed, cfg.taskId), config: cfg },
              sharded(es, cuts),
            );
            expect(many).toEqual(one);
          },
        ),
        { numRuns: runs },
      );
    });
  }
  it("the spill buffers did overflow in the low-rate case (the merge of the spill heaps was exercised)", () => {
    const es = Array.from({ length: 1500 }, (_, i) => entity(i + 1));
    const pass = new DrawPass({ random: randomness("s", low.taskId), config: low });
    pass.add(es);
    const s = pass.finish().strata[0]!;
    expect(s.spill).toHaveLength(256);
    expect(s.below.length + s.spill.length).toBeLessThan(s.n);
  });
});
