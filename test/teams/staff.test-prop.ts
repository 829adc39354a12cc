import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Conflict, Inspector, Item } from "../../src/model/types.js";
import { randomness } from "../../src/random/randomness.js";
import { type StaffingInput as Input, staffTeams } from "../../src/teams/staff.js";

/** Staffing input with its records as arrays (the laws read them). */
type StaffingInput = Input & { readonly conflicts?: readonly Conflict[] };

import { bitStream, generalItem, inspector, makeUscc, shuffled } from "../helpers.js";
import { MaxFlow } from "./oracle.js";

const DAYS = ["2026-12-01", "2026-12-02", "2026-12-03"];

interface Instance {
  input: StaffingInput;
  size: number;
  cap: number;
  dayCap: number;
  spec: string | undefined;
}

const arbInstance: fc.Arbitrary<Instance> = fc
  .record({
    nTasks: fc.integer({ min: 1, max: 7 }),
    nIns: fc.integer({ min: 2, max: 7 }),
    size: fc.integer({ min: 2, max: 3 }),
    cap: fc.integer({ min: 1, max: 4 }),
    dayCap: fc.integer({ min: 1, max: 3 }),
    spec: fc.constantFrom(undefined, "食品安全"),
    seed: fc.string({ maxLength: 6 }),
    bits: fc.array(fc.nat(1000), { minLength: 200, maxLength: 200 }),
  })
  .map(({ nTasks, nIns, size, cap, dayCap, spec, seed, bits }) => {
    const { bit } = bitStream(bits);
    const tasks = Array.from({ length: nTasks }, (_, t) => ({
      entityId: makeUscc(t + 1),
      region: "350102",
      date: DAYS[bits[t]! % DAYS.length]!,
      itemIds: ["IT"],
    }));
    const inspectors: Inspector[] = Array.from({ length: nIns }, (_, i) =>
      inspector(`P${i}`, {
        department: bit(85) ? "D" : "E",
        unit: `U${i % 3}`,
        specialties: bit(60) ? ["食品安全"] : [],
        certificateExpiresOn: bit(85) ? "2030-01-01" : "2026-12-01",
        unavailable: bit(20) ? [{ from: "2026-12-02", to: "2026-12-02" }] : [],
        role: bit(90) ? "inspector" : "expert",
        ...(bit(25) ? { maxTasks: 1 } : {}),
      }),
    );
    const conflicts: Conflict[] = [];
    for (const t of tasks)
      for (const i of inspectors)
        if (bit(15)) conflicts.push({ inspectorId: i.id, entityId: t.entityId, relation: "配偶" });
    const items: Item[] = [generalItem(spec)];
    return {
      input: {
        random: randomness(seed, "T"),
        tasks,
        inspectors,
        items,
        conflicts,
        rules: { size, maxTasksPerInspector: cap, maxTasksPerInspectorPerDay: dayCap },
      },
      size,
      cap,
      dayCap,
      spec,
    };
  });

function eligible(inst: Instance, t: StaffingInput["tasks"][number], i: Inspector): boolean {
  return (
    i.role === "inspector" &&
    i.department === "D" &&
    (i.certificateExpiresOn ?? "") >= t.date &&
    !i.unavailable.some((r) => r.from <= t.date && t.date <= r.to) &&
    !(inst.input.conflicts ?? []).some((c) => c.entityId === t.entityId && c.inspectorId === i.id)
  );
}

/** Max flow of the slot model: source → slot → (task, inspector) → (inspector, day) → inspector → sink. */
function oracle(inst: Instance): { flow: number; slots: number } {
  const { tasks, inspectors } = inst.input;
  const nI = inspectors.length;
  const slotsPer = inst.size;
  const nS = tasks.length * slotsPer;
  const S = 0;
  const slot0 = 1;
  const gad0 = slot0 + nS;
  const day0 = gad0 + tasks.length * nI;
  const ins0 = day0 + nI * DAYS.length;
  const T = ins0 + nI;
  const g = new MaxFlow(T + 1);
  tasks.forEach((t, ti) => {
    for (let k = 0; k < slotsPer; k++) {
      const s = slot0 + ti * slotsPer + k;
      g.edge(S, s, 1);
      inspectors.forEach((i, ii) => {
        const specOk = !(inst.spec && k === 0) || i.specialties.includes(inst.spec);
        if (specOk && eligible(inst, t, i)) g.edge(s, gad0 + ti * nI + ii, 1);
      });
    }
    inspectors.forEach((_, ii) => {
      g.edge(gad0 + ti * nI + ii, day0 + ii * DAYS.length + DAYS.indexOf(t.date), 1);
    });
  });
  inspectors.forEach((i, ii) => {
    for (let d = 0; d < DAYS.length; d++) g.edge(day0 + ii * DAYS.length + d, ins0 + ii, inst.dayCap);
    g.edge(ins0 + ii, T, Math.min(inst.cap, i.maxTasks ?? inst.cap));
  });
  return { flow: g.run(S, T), slots: nS };
}

const opts = { numRuns: 400 };

describe("team laws", () => {
  it("law: completeness equals the max-flow oracle's feasibility, and the filled places equal the max flow", () => {
    fc.assert(
      fc.property(arbInstance, (inst) => {
        const r = staffTeams(inst.input);
        const o = oracle(inst);
        const filled = r.teams.reduce((a, t) => a + t.inspectorIds.length, 0);
        expect(filled).toBe(o.flow);
        expect(r.unstaffed.length === 0).toBe(o.flow === o.slots);
      }),
      opts,
    );
  });
  it("law: no member is ever ineligible, members are distinct, specialties covered, caps respected", () => {
    fc.assert(
      fc.property(arbInstance, (inst) => {
        const r = staffTeams(inst.input);
        const byId = new Map(inst.input.inspectors.map((i) => [i.id, i]));
        const load = new Map<string, number>();
        const dayLoad = new Map<string, number>();
        for (const team of r.teams) {
          const t = inst.input.tasks.find((x) => x.entityId === team.entityId)!;
          expect(new Set(team.inspectorIds).size).toBe(team.inspectorIds.length);
          expect(team.inspectorIds.length).toBeLessThanOrEqual(inst.size);
          for (const id of team.inspectorIds) {
            expect(eligible(inst, t, byId.get(id)!)).toBe(true);
            load.set(id, (load.get(id) ?? 0) + 1);
            dayLoad.set(`${id}@${t.date}`, (dayLoad.get(`${id}@${t.date}`) ?? 0) + 1);
          }
          if (team.complete) {
            expect(team.inspectorIds).toHaveLength(inst.size);
            if (inst.spec)
              expect(team.inspectorIds.some((id) => byId.get(id)!.specialties.includes(inst.spec!))).toBe(
                true,
              );
          }
        }
        for (const [id, n] of load)
          expect(n).toBeLessThanOrEqual(Math.min(inst.cap, byId.get(id)!.maxTasks ?? inst.cap));
        for (const n of dayLoad.values()) expect(n).toBeLessThanOrEqual(inst.dayCap);
      }),
      opts,
    );
  });
  it("law: same seed → same teams; shuffled inspectors and tasks → same teams", () => {
    fc.assert(
      fc.property(arbInstance, fc.array(fc.nat(), { minLength: 1 }), (inst, perm) => {
        const a = staffTeams(inst.input);
        expect(staffTeams(inst.input)).toEqual(a);
        const b = staffTeams({
          ...inst.input,
          inspectors: shuffled(inst.input.inspectors, perm),
          tasks: shuffled(inst.input.tasks, perm),
          conflicts: shuffled(inst.input.conflicts ?? [], perm),
        });
        expect(b.teams).toEqual(a.teams);
        expect(b.unstaffed).toEqual(a.unstaffed);
      }),
      opts,
    );
  });
});
