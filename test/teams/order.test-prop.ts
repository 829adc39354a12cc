// The flow orders only some candidates of a slot at a time (CandidateOrder): any subset of a slot's candidates,
// in any order, comes out in the order it has in the slot's whole candidate list (Candidates, the reference),
// ties of the mixed key (inspectors with the same high 32 bits of their ticket) in ticket order. SlotPools gives
// each slot the inspectors of its department and specialty in ticket order.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Inspector } from "../../src/model/types.js";
import type { EligibilityTable } from "../../src/teams/eligibility-table.js";
import { CandidateOrder, Candidates, inspectorsByDept, SlotPools, slotFits } from "../../src/teams/order.js";
import { type Prepared, taskColumns } from "../../src/teams/prepare.js";
import { bitStream, inspector } from "../helpers.js";

interface Instance {
  p: Prepared;
  ok: boolean[][];
  pick: number[];
}

const arbInstance: fc.Arbitrary<Instance> = fc
  .record({
    nIns: fc.integer({ min: 1, max: 30 }),
    nTasks: fc.integer({ min: 1, max: 6 }),
    nDepts: fc.integer({ min: 1, max: 3 }),
    nSpecs: fc.integer({ min: 0, max: 2 }),
    // few distinct high halves: many ties of the mixed key
    hiRange: fc.constantFrom(2, 8, 1 << 20),
    bits: fc.array(fc.nat(1 << 30), { minLength: 400, maxLength: 400 }),
  })
  .map(({ nIns, nTasks, nDepts, nSpecs, hiRange, bits }) => {
    const { next } = bitStream(bits);
    // tickets in increasing order (inspectors are indexed in ticket order)
    const tickets = Array.from(
      { length: nIns },
      () => (next() % hiRange) * 1048576 + (next() % 1048576),
    ).sort((a, b) => a - b);
    const insDept = Int32Array.from({ length: nIns }, () => next() % nDepts);
    const insSpecs = Array.from(
      { length: nIns },
      () => new Set(Array.from({ length: nSpecs }, (_, s) => s).filter(() => next() % 2 === 0)),
    );
    const slotTask: number[] = [];
    const slotDept: number[] = [];
    const slotSpec: number[] = [];
    const taskSlots = [0];
    for (let t = 0; t < nTasks; t++) {
      const n = 1 + (next() % 3);
      for (let j = 0; j < n; j++) {
        slotTask.push(t);
        slotDept.push(next() % nDepts);
        slotSpec.push((next() % (nSpecs + 1)) - 1);
      }
      taskSlots.push(slotTask.length);
    }
    const ins: Inspector[] = Array.from({ length: nIns }, (_, i) => inspector(`P${i}`));
    const p: Prepared = {
      ins,
      insTicket: Float64Array.from(tickets),
      insDept,
      insSpecs,
      cap: new Int32Array(nIns).fill(1),
      input: taskColumns(
        Array.from({ length: nTasks }, (_, at) => ({
          entityId: `E${at}`,
          region: "350102",
          date: "2026-12-01",
          itemIds: [],
        })),
      ),
      entityIds: Array.from({ length: nTasks }, (_, at) => `E${at}`),
      taskAt: Uint32Array.from({ length: nTasks }, (_, at) => at),
      taskOf: Uint32Array.from({ length: nTasks }, (_, at) => at),
      taskTicket: Float64Array.from({ length: nTasks }, () => next() * 1024 + (next() % 1024)),
      slotTask: Int32Array.from(slotTask),
      slotDept: Int32Array.from(slotDept),
      slotSpec: Int32Array.from(slotSpec),
      taskSlots: Int32Array.from(taskSlots),
      depts: Array.from({ length: nDepts }, (_, d) => `D${d}`),
      specs: Array.from({ length: nSpecs }, (_, s) => `S${s}`),
      taskDay: new Int32Array(nTasks),
      day0: 0,
      days: 1,
    };
    const ok = Array.from({ length: nTasks }, () => Array.from({ length: nIns }, () => next() % 5 !== 0));
    const pick = Array.from({ length: 64 }, () => next());
    return { p, ok, pick };
  });

describe("candidate order of part of a slot's candidates", () => {
  it("law: a subset of a slot's candidates, in any order, sorts into their order in the whole list", () => {
    fc.assert(
      fc.property(arbInstance, fc.boolean(), ({ p, ok, pick }, pack) => {
        const byDept = inspectorsByDept(p);
        const table: EligibilityTable = {
          ok: (t, i) => ok[t]![i]!,
          okCount: (t, pool) => pool.filter((i) => ok[t]![i]).length,
          onDay: () => true,
        };
        const whole = new Candidates(p, byDept, table);
        const pools = new SlotPools(p, byDept);
        const order = new CandidateOrder(p, byDept, pools.deptPos, pack);
        for (let s = 0; s < p.slotTask.length; s++) {
          const t = p.slotTask[s]!;
          expect(pools.of(s)).toEqual(byDept[p.slotDept[s]!]!.filter((i) => slotFits(p, s, i)));
          const list = [...whole.of(s)];
          expect([...list].sort((a, b) => a - b)).toEqual(pools.of(s).filter((i) => ok[t]![i]));
          // a subset, shuffled
          const subset = list.filter((_, k) => pick[(s + k) % pick.length]! % 3 !== 0);
          const shuffled = subset
            .map((i, k) => ({ i, r: pick[(s * 7 + k) % pick.length]! }))
            .sort((a, b) => a.r - b.r)
            .map((x) => x.i);
          const xs = new Int32Array(p.ins.length);
          xs.set(shuffled);
          order.sort(t, xs, shuffled.length);
          expect([...xs.subarray(0, shuffled.length)]).toEqual(subset);
        }
      }),
      { numRuns: 500 },
    );
  });
});
