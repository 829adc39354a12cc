import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { coverageTable } from "../../src/annual/coverage.js";
import { drawConfigOf, projectTask } from "../../src/annual/project.js";
import { drawConfigFromTask } from "../../src/draw/config.js";
import { drawEntities } from "../../src/draw/draw.js";
import { randomness } from "../../src/random/randomness.js";
import { task } from "../draw/fixtures.js";
import { arbEntities, shuffled } from "../helpers.js";

const REGIONS = ["350102", "350103", "350181"];

describe("annual projection laws", () => {
  it("the projected sample size and per-class counts are the draw's, whatever the seed", async () => {
    await fc.assert(
      fc.asyncProperty(
        arbEntities({ max: 60 }),
        fc.string(),
        fc.tuple(
          fc.integer({ min: 0, max: 100 }),
          fc.integer({ min: 0, max: 100 }),
          fc.integer({ min: 0, max: 100 }),
        ),
        fc.boolean(),
        fc.boolean(),
        async (raw, seed, [a, b, c], directed, forced) => {
          // Arrange
          const entities = raw.map((e, i) => ({ ...e, region: REGIONS[i % REGIONS.length]! }));
          const t = task({
            sampling: {
              stratifyBy: ["riskClass"],
              rates: { A: `${a}%`, B: `${b}%`, C: `${c}%` },
              reserve: 0.2,
            },
            scope: directed
              ? { mode: "directed", filters: { regionPrefix: ["350102", "350181"] } }
              : { mode: "undirected" },
            ...(forced ? { forced: { tags: ["重点"] } } : {}),
          });
          // Act
          const p = await projectTask(t, entities, []);
          const cfg = drawConfigFromTask(t);
          if (!p.ok || !cfg.ok) throw new Error("projection failed");
          const d = await drawEntities(() => entities, {
            random: randomness(seed, t.id),
            config: drawConfigOf(cfg),
          });
          if (!d.ok) throw new Error("draw failed");
          const table = coverageTable(
            { label: "x", items: t.items, mode: "any", over: ["total", "riskClass"] },
            entities,
            [p.projection],
          );
          // Assert
          expect(p.projection.sampleSize).toBe(d.value.selected.length);
          for (const row of table.rows) {
            expect(row.exact).toBe(true);
            const drawn = d.value.selected.filter((s) => row.group === "total" || s.riskClass === row.key);
            expect(row.projected).toBe(drawn.length);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("shuffled directory rows give the same coverage table, per region too", async () => {
    await fc.assert(
      fc.asyncProperty(
        arbEntities({ max: 60 }),
        fc.array(fc.nat(), { minLength: 1 }),
        fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })),
        async (raw, perm, [a, b]) => {
          // Arrange
          const entities = raw.map((e, i) => ({ ...e, region: REGIONS[i % REGIONS.length]! }));
          const t = task({
            sampling: {
              stratifyBy: ["riskClass"],
              rates: { A: `${a}%`, B: `${b}%`, C: "33.3%" },
              reserve: 0,
            },
            forced: { tags: ["重点"] },
          });
          const table = async (es: typeof entities) => {
            const p = await projectTask(t, es, []);
            if (!p.ok) throw new Error("projection failed");
            return coverageTable(
              { label: "x", items: t.items, mode: "any", over: ["total", "riskClass", "region"] },
              es,
              [p.projection],
            );
          };
          // Act
          const one = await table(entities);
          const two = await table(shuffled(entities, perm));
          // Assert
          expect(two).toEqual(one);
        },
      ),
      { numRuns: 40 },
    );
  });
});
