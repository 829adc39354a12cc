import { describe, expect, it } from "vitest";
import type { DrawResult } from "../../src/draw/draw.js";
import { entity } from "../helpers.js";
import { config, draw } from "./fixtures.js";

// Over R seeds, each entity's selection frequency must match its published inclusion probability. With R = 2000
// the standard error of a frequency is at most √(0.25/2000) ≈ 0.011; we allow 4.5 standard errors per entity
// (a false alarm somewhere among ~60 entities has probability < 0.1%) and a tight bound on the mean error.
const R = 2000;

async function frequencies(es: ReturnType<typeof entity>[], cfg: ReturnType<typeof config>) {
  const hits = new Map<string, number>();
  const published = new Map<string, number>();
  for (let r = 0; r < R; r++) {
    const d: DrawResult = await draw(es, `mc-${r}`, cfg);
    for (const s of d.selected) {
      hits.set(s.entityId, (hits.get(s.entityId) ?? 0) + 1);
      published.set(s.entityId, s.inclusionProbability);
    }
  }
  return { hits, published };
}

describe("fairness (Monte-Carlo)", () => {
  it("SRS: frequencies match n_h / N_h in every stratum", async () => {
    const es = [
      ...Array.from({ length: 40 }, (_, i) => entity(i + 1, { riskClass: "A" })),
      ...Array.from({ length: 15 }, (_, i) => entity(100 + i, { riskClass: "B" })),
    ];
    const cfg = config({ sampling: { stratifyBy: ["riskClass"], rates: { A: 0.1, B: 0.4 } } });
    const { hits } = await frequencies(es, cfg);
    const p: Record<string, number> = { A: 4 / 40, B: 6 / 15 };
    let sumErr = 0;
    for (const e of es) {
      const f = (hits.get(e.id) ?? 0) / R;
      const pi = p[e.riskClass]!;
      expect(Math.abs(f - pi)).toBeLessThan(4.5 * Math.sqrt((pi * (1 - pi)) / R));
      sumErr += f - pi;
    }
    expect(Math.abs(sumErr / es.length)).toBeLessThan(0.01);
  }, 120_000);

  it("πps: frequencies match the published λ (Pareto order sampling), take-all always in", async () => {
    const weights = [40, 1, 1, 2, 2, 3, 3, 4, 5, 6, 8, 10, 1, 2, 3, 4, 5, 6, 7, 8];
    const es = weights.map((w, i) => entity(i + 1, { weight: w }));
    const cfg = config({ sampling: { mode: "pps", stratifyBy: [], size: 5 } });
    const { hits, published } = await frequencies(es, cfg);
    for (const e of es) {
      const f = (hits.get(e.id) ?? 0) / R;
      const lambda = published.get(e.id) ?? 0;
      if (lambda === 1) expect(f).toBe(1);
      // Pareto πps is approximately πps: allow the sampling error plus a small design bias
      else expect(Math.abs(f - lambda)).toBeLessThan(4.5 * Math.sqrt((lambda * (1 - lambda)) / R) + 0.02);
    }
  }, 120_000);
});
