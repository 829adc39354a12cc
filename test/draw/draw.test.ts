import { describe, expect, it } from "vitest";
import { ContentHasher } from "../../src/content/digest.js";
import { drawConfigFromTask } from "../../src/draw/config.js";
import { DrawPass, drawEntities, takeAll } from "../../src/draw/draw.js";
import { compareUtf8 } from "../../src/random/order.js";
import { randomness } from "../../src/random/randomness.js";
import { TicketMachine } from "../../src/random/ticket.js";
import { entity } from "../helpers.js";
import { config, draw, task } from "./fixtures.js";

const many = (n: number, cls = "A") => Array.from({ length: n }, (_, i) => entity(i + 1, { riskClass: cls }));

describe("entity draw", () => {
  it("selects per stratum the n_h smallest tickets (ties by id) and the next ones as reserve", async () => {
    const es = [
      ...many(50, "A"),
      ...Array.from({ length: 20 }, (_, i) => entity(1000 + i, { riskClass: "B" })),
    ];
    const r = await draw(es, "demo", config());
    const m = new TicketMachine("demo", "T-2026-001");
    for (const [k, n, res] of [
      ["A", 5, 3],
      ["B", 4, 2],
    ] as const) {
      const ordered = es
        .filter((e) => e.riskClass === k)
        .map((e) => ({ id: e.id, t: m.value(e.id) }))
        .sort((a, b) => a.t - b.t || compareUtf8(a.id, b.id));
      expect(r.selected.filter((s) => s.stratum === k).map((s) => s.entityId)).toEqual(
        ordered.slice(0, n).map((x) => x.id),
      );
      expect(r.reserve.filter((s) => s.stratum === k).map((s) => s.entityId)).toEqual(
        ordered.slice(n, n + res).map((x) => x.id),
      );
    }
    expect(r.strata.map((s) => [s.key, s.population, s.sampleSize, s.inclusionProbability])).toEqual([
      ["A", 50, 5, 0.1],
      ["B", 20, 4, 0.2],
    ]);
  });

  it("excludes inactive, listed and recently inspected entities with reason codes; forced are in with p = 1", async () => {
    const es = [
      entity(1, { status: "deregistered" }),
      entity(2, { status: "revoked" }),
      entity(3),
      entity(4, { tags: ["严重违法失信名单"] }),
      entity(5),
      entity(6),
      ...many(20).map((e, i) => entity(100 + i, { riskClass: e.riskClass })),
    ];
    const cfg = config({
      exclusions: { entities: [es[2]!.id], sameItemWithinDays: 90 },
      forced: { tags: ["严重违法失信名单"], entities: [es[5]!.id] },
    });
    const history = [
      { entityId: es[4]!.id, itemId: "GS-001", inspectedOn: "2026-10-01", inspectorIds: [] },
      { entityId: es[3]!.id, itemId: "GS-001", inspectedOn: "2026-10-01", inspectorIds: [] },
      { entityId: entity(100).id, itemId: "OTHER", inspectedOn: "2026-10-01", inspectorIds: [] },
    ];
    const r = await draw(es, "s", cfg, history);
    expect(r.excluded.counts).toEqual({
      "status-deregistered": 1,
      "status-revoked": 1,
      listed: 1,
      "inspected-within-window": 1,
    });
    const forced = r.selected.filter((s) => s.reason !== "random");
    expect(forced.map((f) => [f.entityId, f.reason, f.inclusionProbability]).sort()).toEqual(
      [
        [es[3]!.id, "forced:tag:严重违法失信名单", 1],
        [es[5]!.id, "forced:list", 1],
      ].sort(),
    );
    expect(r.accounting).toEqual({
      input: 26,
      selected: 2 + Math.ceil(20 * 0.1),
      forced: 2,
      reserve: 1,
      notSelected: 20 - 2 - 1,
      excluded: 4,
      outOfScope: 0,
    });
  });

  it("excludes entities inspected for the same item earlier in the calendar year", async () => {
    const es = many(10);
    const history = [{ entityId: es[0]!.id, itemId: "GS-001", inspectedOn: "2026-01-15", inspectorIds: [] }];
    const r = await draw(es, "s", config(), history);
    expect(r.excluded.list).toEqual([
      { entityId: es[0]!.id, name: es[0]!.name, reason: "inspected-this-year" },
    ]);
  });

  it("applies 定向 filters (kind, region prefix, industry, tags, risk class, registration dates)", async () => {
    const es = [
      entity(1, { kind: "enterprise", region: "350102", industry: "6210", registeredOn: "2020-01-01" }),
      entity(2, { kind: "individual", region: "350102", industry: "6210", registeredOn: "2020-01-01" }),
      entity(3, { kind: "enterprise", region: "350203", industry: "6210", registeredOn: "2020-01-01" }),
      entity(4, { kind: "enterprise", region: "350102", industry: "5211", registeredOn: "2020-01-01" }),
      entity(5, { kind: "enterprise", region: "350102", industry: "6210", registeredOn: "2026-06-01" }),
    ];
    const cfg = config({
      scope: {
        mode: "directed",
        filters: {
          kind: ["enterprise"],
          regionPrefix: ["3501"],
          industry: ["6210"],
          registeredBefore: "2025-01-01",
        },
      },
      sampling: { stratifyBy: [], rates: { "*": 1 } },
    });
    const r = await draw(es, "s", cfg);
    expect(r.selected.map((s) => s.entityId)).toEqual([es[0]!.id]);
    expect(r.accounting.outOfScope).toBe(4);
  });

  it("stratifies by several fields, including a region prefix, with keys joined by |", async () => {
    const es = [entity(1, { region: "350102" }), entity(2, { region: "350203", riskClass: "B" })];
    const r = await draw(
      es,
      "s",
      config({ sampling: { stratifyBy: ["riskClass", "region:4"], rates: { A: 1, B: 1 } } }),
    );
    expect(r.strata.map((s) => s.key)).toEqual(["A|3501", "B|3502"]);
  });

  it("allocates a total size ∝ N_h·w_h by largest remainder", async () => {
    const es = [
      ...many(60, "A"),
      ...Array.from({ length: 40 }, (_, i) => entity(500 + i, { riskClass: "B" })),
    ];
    const r = await draw(
      es,
      "s",
      config({ sampling: { stratifyBy: ["riskClass"], size: 10, classWeights: { A: 1, B: 3 } } }),
    );
    // 60·1 : 40·3 = 60 : 120 → 3.33 : 6.67 → 3 + 7 after the largest remainder
    expect(r.strata.map((s) => [s.key, s.sampleSize])).toEqual([
      ["A", 3],
      ["B", 7],
    ]);
    expect(r.passes).toBe(2);
  });

  it("honours min and max per stratum", async () => {
    const r = await draw(
      many(30),
      "s",
      config({ sampling: { stratifyBy: ["riskClass"], rates: { A: 0.01 }, min: 4 } }),
    );
    expect(r.strata[0]?.sampleSize).toBe(4);
    const r2 = await draw(
      many(30),
      "s",
      config({ sampling: { stratifyBy: ["riskClass"], rates: { A: 1 }, max: 7 } }),
    );
    expect(r2.strata[0]?.sampleSize).toBe(7);
  });

  it("πps: take-all units get p = 1, the rest λ = n·w/W, and exactly n are selected", async () => {
    const es = [
      entity(1, { weight: 1000 }),
      ...Array.from({ length: 30 }, (_, i) => entity(10 + i, { weight: i % 3 })),
    ];
    const r = await draw(es, "s", config({ sampling: { mode: "pps", stratifyBy: [], rates: { "*": 0.1 } } }));
    expect(r.strata[0]?.sampleSize).toBe(4);
    expect(r.strata[0]?.takeAll).toBe(1);
    expect(r.selected).toHaveLength(4);
    expect(r.selected.find((s) => s.entityId === es[0]!.id)?.inclusionProbability).toBe(1);
    const W = es.slice(1).reduce((a, e) => a + e.weight!, 0);
    for (const s of r.selected.filter((x) => x.entityId !== es[0]!.id)) {
      const w = es.find((e) => e.id === s.entityId)!.weight!;
      expect(s.inclusionProbability).toBeCloseTo((3 * w) / W, 12);
    }
  });

  it("takeAll iterates until no λ ≥ 1, with exact integer comparisons", () => {
    expect(takeAll([5, 5, 0], 2)).toMatchObject({ takeAll: 2, n: 0 });
    expect(takeAll([100, 1, 1, 1], 2)).toMatchObject({ takeAll: 1, n: 1, W: 3 });
    expect(takeAll([1, 1, 1, 1], 2)).toMatchObject({ takeAll: 0, n: 2, W: 4 });
  });

  it("refuses a stratum without a rate, duplicate ids and unknown risk classes", async () => {
    const cfg = config({
      sampling: { stratifyBy: ["riskClass"], rates: { A: 0.1 }, riskClasses: ["A", "B", "C"] },
    });
    const r = await drawEntities(
      () => [entity(1), entity(1), entity(2, { riskClass: "B" }), entity(3, { riskClass: "Z" })],
      { random: randomness("s", cfg.taskId), config: cfg },
    );
    expect(r.ok).toBe(false);
    expect(r.issues.map((i) => [i.code, i.received])).toEqual([
      ["duplicate-id", entity(1).id],
      ["unknown-risk-class", "Z"],
      ["stratum-without-rate", "B"],
    ]);
  });

  it("names every row of a duplicated id, however far apart", async () => {
    const at = (e: ReturnType<typeof entity>, row: number) => ({ ...e, origin: { file: "e.csv", row } });
    const many = Array.from({ length: 3000 }, (_, i) => at(entity(10 + i), 10 + i));
    const r = await drawEntities(
      () => [at(entity(1), 2), ...many, at(entity(1), 5000), at(entity(1), 7000)],
      {
        random: randomness("s", "T-2026-001"),
        config: config({ sampling: { stratifyBy: ["riskClass"], rates: { A: 0.1 } } }),
      },
    );
    expect(r.ok).toBe(false);
    expect(r.issues.map((i) => [i.code, i.row, i.message])).toEqual([
      ["duplicate-id", 5000, `统一社会信用代码重复：${entity(1).id}（第 2、5000、7000 行）`],
      ["duplicate-id", 7000, `统一社会信用代码重复：${entity(1).id}（第 2、5000、7000 行）`],
    ]);
  });

  it("refuses bad sampling configuration with located issues", () => {
    const bad = (s: object) => {
      const r = drawConfigFromTask(task({ sampling: s as never }));
      return r.ok ? [] : r.issues.map((i) => [i.code, i.column]);
    };
    expect(bad({ stratifyBy: ["colour"], rates: { A: 1 } })).toEqual([
      ["unknown-field", "sampling.stratifyBy[0]"],
    ]);
    expect(bad({ stratifyBy: ["riskClass"], rates: { A: "150%" } })).toEqual([
      ["invalid-rate", "sampling.rates.A"],
    ]);
    expect(bad({ stratifyBy: ["riskClass"] })).toEqual([["missing-rates", "sampling"]]);
    expect(bad({ stratifyBy: ["riskClass"], rates: { A: 1 }, min: 5, max: 2 })).toEqual([
      ["invalid-bounds", "sampling.min"],
    ]);
  });

  it("golden: a fixed seed gives a fixed selection (changes only with a new algorithm version)", async () => {
    const es = Array.from({ length: 40 }, (_, i) => entity(i + 1, { riskClass: i % 2 ? "A" : "B" }));
    const r = await draw(es, "golden-seed", config());
    expect(r.selected.map((s) => `${s.stratum}:${s.entityId}:${s.ticket}`)).toMatchSnapshot();
    expect(r.reserve.map((s) => `${s.stratum}:${s.rank}:${s.entityId}`)).toMatchSnapshot();
  });

  it("the one-pass buffered selection equals the exact two-pass heap selection", async () => {
    // rates mode keeps a buffer in one pass; total-size mode always re-reads with exact bounded heaps
    const es = many(2000);
    const one = await draw(
      es,
      "s",
      config({ sampling: { stratifyBy: [], rates: { "*": 0.3 }, reserve: 0.1 } }),
    );
    const two = await draw(es, "s", config({ sampling: { stratifyBy: [], size: 600, reserve: 0.1 } }));
    expect(one.passes).toBe(1);
    expect(two.passes).toBe(2);
    expect(one.selected.map((s) => s.entityId)).toEqual(two.selected.map((s) => s.entityId));
    expect(one.reserve.map((s) => s.entityId)).toEqual(two.reserve.map((s) => s.entityId));
  });
  it("takes tickets and record digests computed elsewhere, checks them, and gives the plain pass", () => {
    const cfg = config({ sampling: { stratifyBy: ["riskClass"], rates: { A: 0.1 } } });
    const es = Array.from({ length: 50 }, (_, i) => entity(i + 1));
    const random = randomness("s", cfg.taskId);
    const plain = new DrawPass({ random, config: cfg });
    plain.add(es);
    const tickets = Float64Array.from(es, (e, i) => (i % 7 === 3 ? Number.NaN : random.entities.value(e.id)));
    const digests = new Uint8Array(32 * es.length);
    es.forEach((e, i) => {
      const h = new ContentHasher("entities");
      h.add(e);
      digests.set(h.recordDigests(), i * 32);
    });
    const given = new DrawPass({ random, config: cfg });
    given.add(es, tickets, digests);
    expect(given.finish()).toEqual(plain.finish());
    const wrong = digests.slice();
    wrong[0] = (wrong[0] ?? 0) ^ 1;
    expect(() => new DrawPass({ random, config: cfg }).add(es, tickets, wrong)).toThrow(/record digests/);
  });
});
