import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DrawResult } from "../../src/draw/draw.js";
import { arbEntities, shuffled } from "../helpers.js";
import { config, draw } from "./fixtures.js";

const cfg = config({
  sampling: {
    stratifyBy: ["riskClass"],
    rates: { A: 0.1, B: "25%", C: 0.5 },
    reserve: 0.5,
    rounding: "ceil",
  },
  forced: { tags: ["重点"] },
});
const ppsCfg = config({
  sampling: { mode: "pps", stratifyBy: ["riskClass"], rates: { A: 0.2, B: 0.3, C: 0.5 }, reserve: 0.2 },
});
const seed = fc.string({ maxLength: 12 });
const ids = (r: DrawResult) => r.selected.map((s) => s.entityId);
const opts = { numRuns: 80 };

describe("draw laws", () => {
  it("law: same seed → same draw", async () => {
    await fc.assert(
      fc.asyncProperty(arbEntities(), seed, async (es, s) => {
        // Arrange / Act
        const a = await draw(es, s, cfg);
        const b = await draw(es, s, cfg);
        // Assert
        expect(b).toEqual(a);
      }),
      opts,
    );
  });
  it("law: shuffled input rows → same draw (SRS and πps)", async () => {
    await fc.assert(
      fc.asyncProperty(arbEntities(), seed, fc.array(fc.nat(), { minLength: 1 }), async (es, s, perm) => {
        for (const c of [cfg, ppsCfg]) {
          const a = await draw(es, s, c);
          const b = await draw(shuffled(es, perm), s, c);
          expect(b).toEqual(a);
        }
      }),
      opts,
    );
  });
  it("law: removing a non-selected entity never changes who is selected", async () => {
    await fc.assert(
      fc.asyncProperty(arbEntities({ min: 1 }), seed, fc.nat(), async (es, s, k) => {
        const a = await draw(es, s, cfg);
        const chosen = new Set(ids(a));
        const candidates = es.filter((e) => !chosen.has(e.id));
        fc.pre(candidates.length > 0);
        const gone = candidates[k % candidates.length]!;
        const b = await draw(
          es.filter((e) => e.id !== gone.id),
          s,
          cfg,
        );
        // with fixed n_h (the stratum size may shrink by one), the selected set of b is a subset of a's
        const sizeSame = a.strata.every(
          (st) => b.strata.find((x) => x.key === st.key)?.sampleSize === st.sampleSize,
        );
        if (sizeSame) expect(ids(b)).toEqual(ids(a));
        else for (const id of ids(b)) expect(chosen.has(id)).toBe(true);
      }),
      opts,
    );
  });
  it("law: exact stratum sizes n_h = ceil(N_h × rate), capped at N_h", async () => {
    await fc.assert(
      fc.asyncProperty(arbEntities(), seed, async (es, s) => {
        const r = await draw(es, s, cfg);
        const rate: Record<string, [number, number]> = { A: [1, 10], B: [1, 4], C: [1, 2] };
        for (const st of r.strata) {
          const [num, den] = rate[st.key]!;
          expect(st.sampleSize).toBe(Math.min(st.population, Math.ceil((st.population * num) / den)));
          expect(r.selected.filter((x) => x.stratum === st.key && x.reason === "random")).toHaveLength(
            st.sampleSize,
          );
          expect(st.reserveSize).toBe(
            Math.min(st.population - st.sampleSize, Math.ceil(st.sampleSize * 0.5)),
          );
        }
      }),
      opts,
    );
  });
  it("law: every entity is accounted for exactly once", async () => {
    await fc.assert(
      fc.asyncProperty(arbEntities(), seed, async (es, s) => {
        const r = await draw(es, s, cfg);
        const a = r.accounting;
        expect(a.input).toBe(es.length);
        expect(a.selected + a.reserve + a.notSelected + a.excluded + a.outOfScope).toBe(es.length);
        const all = [
          ...ids(r),
          ...r.reserve.map((x) => x.entityId),
          ...r.excluded.list.map((x) => x.entityId),
        ];
        expect(new Set(all).size).toBe(all.length);
        expect(Object.values(r.excluded.counts).reduce((x, y) => x + (y ?? 0), 0)).toBe(a.excluded);
      }),
      opts,
    );
  });
  it("law: forced are always in with p = 1, excluded never in", async () => {
    await fc.assert(
      fc.asyncProperty(arbEntities(), seed, async (es, s) => {
        const r = await draw(es, s, cfg);
        const sel = new Map(r.selected.map((x) => [x.entityId, x]));
        for (const e of es) {
          if (e.status !== "active") expect(sel.has(e.id)).toBe(false);
          else if (e.tags.includes("重点")) expect(sel.get(e.id)?.inclusionProbability).toBe(1);
        }
      }),
      opts,
    );
  });
});
