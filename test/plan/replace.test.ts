// Unit tests of 递补 (src/plan/replace.ts): an entity is replaced by the next reserve of its stratum, an inspector
// by the next eligible one in the documented order, loads follow, and nothing else in the plan changes.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { buildPlan, type ReplaceContext, replaceEntity, replaceInspector } from "../../src/index.js";
import type { Task } from "../../src/model/schemas.js";
import type { Conflict, Inspector, Item } from "../../src/model/types.js";
import type { Plan } from "../../src/plan/schema.js";
import { entity, inspector } from "../helpers.js";

const SEED = "replace-unit-test";
const task = (reserve: number): Task => ({
  id: "T-REPLACE",
  name: "递补测试任务",
  department: "测试局",
  items: ["GS-001"],
  inputs: { entities: "e.csv", inspectors: "i.csv", items: "it.csv" },
  scope: { mode: "undirected" },
  sampling: { stratifyBy: ["riskClass"], rates: { A: 0.2, B: 0.25 }, reserve },
  teams: { size: 2, maxTasksPerInspector: 3 },
  schedule: { start: "2026-11-02", end: "2026-11-13" },
});
const entities = Array.from({ length: 40 }, (_, i) => entity(i + 1, { riskClass: i % 2 ? "B" : "A" }));
const inspectors: Inspector[] = Array.from({ length: 10 }, (_, i) =>
  inspector(`P${String(i).padStart(2, "0")}`),
);
const items: Item[] = [
  {
    id: "GS-001",
    name: "企业公示信息",
    department: "市场监管局",
    basis: "依据",
    category: "general",
    specialties: [],
  },
];
const ctx = (conflicts: Conflict[] = [], ins: readonly Inspector[] = inspectors): ReplaceContext => ({
  inspectors: ins,
  items,
  conflicts,
  history: [],
});

async function plan(reserve = 1, conflicts: Conflict[] = []): Promise<Plan> {
  const r = await buildPlan({
    task: task(reserve),
    seed: SEED,
    entities,
    inspectors,
    items,
    conflicts,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  expect(r.complete).toBe(true);
  return r.plan;
}

/** The 13-hex-digit ticket of SPEC §5, computed here with node:crypto (independent of the library). */
function ticket(scope: string, id: string): string {
  const k = createHash("sha256").update(SEED.normalize("NFC"), "utf8").digest();
  const d = createHash("sha256")
    .update(Buffer.concat([k, Buffer.from(scope, "utf8"), Buffer.from([0]), Buffer.from(id, "utf8")]))
    .digest("hex");
  return d.slice(0, 13);
}
/** MurmurHash3's 32-bit finaliser. */
function fmix32(h0: number): number {
  let h = h0 >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
/** Candidates for a place in the team of `entityId`, in the documented 递补 order (README: fmix32 of hi32 XOR). */
function order(p: Plan, entityId: string, candidates: readonly string[]): string[] {
  const hi = (t: string) => Number.parseInt(t.slice(0, 8), 16);
  const task = hi(ticket(`${p.taskId}/team`, entityId));
  const key = (id: string) => fmix32((hi(ticket(`${p.taskId}/inspectors`, id)) ^ task) >>> 0);
  return [...candidates].sort((a, b) => key(a) - key(b) || (a < b ? -1 : a > b ? 1 : 0));
}
/** Inspectors who may take a place in the team of `entityId`: not in it, under the task cap. */
function eligible(p: Plan, entityId: string): string[] {
  const team = p.assignments.find((a) => a.entityId === entityId)!.inspectorIds;
  return inspectors.map((i) => i.id).filter((id) => !team.includes(id) && (p.loads[id] ?? 0) < 3);
}
/** The plan without the parts a replacement may touch. */
function rest(p: Plan, touched: readonly (keyof Plan)[]): Partial<Plan> {
  const out: Partial<Plan> = { ...p };
  for (const k of touched) delete out[k];
  return out;
}
const teamOf = (p: Plan, id: string) => p.assignments.find((a) => a.entityId === id)!;
const dateOf = (p: Plan, id: string) => p.schedule.find((s) => s.entityId === id)!;

describe("replaceEntity (entity 递补)", () => {
  let p: Plan;
  beforeAll(async () => {
    p = await plan();
  });

  it("puts the first reserve of the stratum in the leaver's place, with its date and team; nothing else changes", () => {
    const before = structuredClone(p);
    const leaver = p.selected.find((s) => s.reason === "random")!;
    const next = p.reserve.filter((r) => r.stratum === leaver.stratum).sort((a, b) => a.rank - b.rank)[0]!;
    const r = replaceEntity(p, ctx(), leaver.entityId, "经核实已停业");
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const q = r.plan;
    expect(p).toEqual(before); // the input plan is not mutated
    // selected: same size, the newcomer where the leaver was
    expect(q.selected).toHaveLength(p.selected.length);
    expect(q.selected.map((s) => s.entityId)).not.toContain(leaver.entityId);
    const i = p.selected.indexOf(leaver);
    const { rank: _rank, ...summary } = next;
    expect(q.selected[i]).toEqual({
      ...summary,
      inclusionProbability: p.strata.find((s) => s.key === leaver.stratum)!.inclusionProbability,
      reason: "replacement",
    });
    expect(q.selected.filter((_, k) => k !== i)).toEqual(p.selected.filter((_, k) => k !== i));
    // the reserve loses exactly the newcomer
    expect(q.reserve).toEqual(p.reserve.filter((x) => x !== next));
    // the newcomer takes the visit date, deadline and team of the leaver
    expect({ ...dateOf(q, next.entityId), entityId: leaver.entityId }).toEqual(dateOf(p, leaver.entityId));
    expect({ ...teamOf(q, next.entityId), entityId: leaver.entityId }).toEqual(teamOf(p, leaver.entityId));
    expect(q.schedule.filter((s) => s.entityId !== next.entityId)).toEqual(
      p.schedule.filter((s) => s.entityId !== leaver.entityId),
    );
    expect(q.assignments.filter((a) => a.entityId !== next.entityId)).toEqual(
      p.assignments.filter((a) => a.entityId !== leaver.entityId),
    );
    expect(q.loads).toEqual(p.loads);
    expect(q.replacements).toEqual([
      {
        type: "entity",
        entityId: leaver.entityId,
        replacedBy: next.entityId,
        reason: "经核实已停业",
        entityName: leaver.name,
        entityKind: leaver.kind,
      },
    ]);
    expect(rest(q, ["selected", "reserve", "schedule", "assignments", "replacements"])).toEqual(
      rest(p, ["selected", "reserve", "schedule", "assignments", "replacements"]),
    );
  });

  it("replaces a team member who must recuse from the newcomer, by the next eligible inspector, and moves the loads", async () => {
    const leaver = p.selected.find((s) => s.reason === "random")!;
    const next = p.reserve.filter((r) => r.stratum === leaver.stratum).sort((a, b) => a.rank - b.rank)[0]!;
    const member = teamOf(p, leaver.entityId).inspectorIds[0]!;
    const conflict: Conflict = { inspectorId: member, entityId: next.entityId, relation: "亲属" };
    const pc = await plan(1, [conflict]);
    expect(rest(pc, ["issues", "inputs"])).toEqual(rest(p, ["issues", "inputs"])); // the conflict concerns no selected entity
    const r = replaceEntity(pc, ctx([conflict]), leaver.entityId, "经核实已停业");
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const q = r.plan;
    const expected = order(pc, next.entityId, eligible(pc, leaver.entityId))[0]!;
    expect(q.replacements).toEqual([
      {
        type: "entity",
        entityId: leaver.entityId,
        replacedBy: next.entityId,
        reason: "经核实已停业",
        entityName: leaver.name,
        entityKind: leaver.kind,
      },
      {
        type: "inspector",
        entityId: next.entityId,
        inspectorId: member,
        replacedBy: expected,
        reason: "递补对象回避",
      },
    ]);
    expect(teamOf(q, next.entityId).inspectorIds).toEqual(
      teamOf(pc, leaver.entityId).inspectorIds.map((id) => (id === member ? expected : id)),
    );
    expect(q.loads).toEqual({
      ...pc.loads,
      [member]: pc.loads[member]! - 1,
      [expected]: pc.loads[expected]! + 1,
    });
  });

  it("refuses an entity that is not selected, and a stratum whose reserve is used up", async () => {
    const r = replaceEntity(p, ctx(), "913502000728319549", "x");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toMatchObject([{ code: "unknown-entity", key: "entityId" }]);
    const none = await plan(0);
    expect(none.reserve).toEqual([]);
    const e = replaceEntity(none, ctx(), none.selected[0]!.entityId, "x");
    expect(e.ok).toBe(false);
    if (!e.ok) expect(e.issues.map((i) => i.code)).toEqual(["reserve-exhausted"]);
  });
});

describe("replaceInspector (member 递补)", () => {
  let p: Plan;
  beforeAll(async () => {
    p = await plan();
  });

  it("takes the next eligible inspector in the documented order; loads and the inspector list follow; nothing else changes", () => {
    const before = structuredClone(p);
    const target = p.assignments[0]!;
    const member = target.inspectorIds[1]!;
    const expected = order(p, target.entityId, eligible(p, target.entityId))[0]!;
    const r = replaceInspector(p, ctx(), target.entityId, member, "与负责人系亲属");
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const q = r.plan;
    expect(p).toEqual(before);
    expect(teamOf(q, target.entityId)).toEqual({
      ...target,
      inspectorIds: target.inspectorIds.map((id) => (id === member ? expected : id)),
    });
    expect(q.assignments.filter((a) => a !== teamOf(q, target.entityId))).toEqual(
      p.assignments.filter((a) => a !== target),
    );
    expect(q.loads).toEqual({
      ...p.loads,
      [member]: p.loads[member]! - 1,
      [expected]: p.loads[expected]! + 1,
    });
    const used = new Set(q.assignments.flatMap((a) => [...a.inspectorIds, ...a.expertIds]));
    expect(q.inspectors.map((i) => i.id)).toEqual([...used].sort());
    expect(q.replacements).toEqual([
      {
        type: "inspector",
        entityId: target.entityId,
        inspectorId: member,
        replacedBy: expected,
        reason: "与负责人系亲属",
      },
    ]);
    expect(rest(q, ["assignments", "loads", "inspectors", "replacements"])).toEqual(
      rest(p, ["assignments", "loads", "inspectors", "replacements"]),
    );
  });

  it("skips a candidate in conflict with the entity, and never brings back an inspector who recused", () => {
    const target = p.assignments[0]!;
    const member = target.inspectorIds[0]!;
    const [first, second, third] = order(p, target.entityId, eligible(p, target.entityId));
    const conflict: Conflict = { inspectorId: first!, entityId: target.entityId, relation: "曾任职" };
    const r = replaceInspector(p, ctx([conflict]), target.entityId, member, "回避");
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(teamOf(r.plan, target.entityId).inspectorIds).toContain(second);
    const again = replaceInspector(r.plan, ctx([conflict]), target.entityId, second!, "回避");
    if (!again.ok) throw new Error(JSON.stringify(again.issues));
    const team = teamOf(again.plan, target.entityId).inspectorIds;
    expect(team).not.toContain(member);
    expect(team).not.toContain(first);
    expect(team).toContain(third);
  });

  it("refuses an entity without a team, a non-member, and a place nobody eligible can take", () => {
    const target = p.assignments[0]!;
    const a = replaceInspector(p, ctx(), "913502000728319549", target.inspectorIds[0]!, "x");
    if (!a.ok) expect(a.issues).toMatchObject([{ code: "unknown-entity", key: "entityId" }]);
    const outsider = inspectors.find((i) => !target.inspectorIds.includes(i.id))!.id;
    const b = replaceInspector(p, ctx(), target.entityId, outsider, "x");
    if (!b.ok) expect(b.issues).toMatchObject([{ code: "not-a-member", key: "inspectorId" }]);
    const onlyTeam = inspectors.filter((i) => target.inspectorIds.includes(i.id));
    const c = replaceInspector(p, ctx([], onlyTeam), target.entityId, target.inspectorIds[0]!, "x");
    expect([a.ok, b.ok, c.ok]).toEqual([false, false, false]);
    if (!c.ok) expect(c.issues.map((i) => i.code)).toEqual(["no-replacement"]);
    for (const r of [a, b, c]) if (!r.ok) for (const i of r.issues) expect(i.message).not.toMatch(/--/);
  });
});
