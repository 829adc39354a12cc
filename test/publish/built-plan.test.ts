// What the publication files take from a plan just built, shown to be what they would take the long way:
// - the join of a plan (src/publish/plan-index.ts): the planner's own positions of the visits (src/plan/order.ts)
//   stand in for a map of every entity id; the join must be the same as for the same plan read back from JSON
//   (no positions), and positions that do not hold are not trusted;
// - the notice split around its list of selected entities (noticeAroundList, which the CLI's workbook worker
//   writes from the rows of public/selected.xlsx): before + each row + after is the notice, byte for byte.

import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/index.js";
import { planFromFiles } from "../../src/io/plan-files.js";
import type { Task } from "../../src/model/schemas.js";
import type { Item } from "../../src/model/types.js";
import { noteVisitPositions, visitPositionsHint } from "../../src/plan/order.js";
import type { Plan } from "../../src/plan/schema.js";
import {
  type NoticeFormat,
  noticeAroundList,
  noticeHtml,
  noticeListRow,
  noticeMarkdown,
} from "../../src/publish/notice.js";
import { planIndex } from "../../src/publish/plan-index.js";
import { entity, generalItem, inspector } from "../helpers.js";

const task: Task = {
  id: "T-INDEX",
  name: "索引测试任务",
  department: "测试局",
  items: ["IT"],
  inputs: { entities: "e.csv", inspectors: "i.csv", items: "it.csv" },
  scope: { mode: "undirected" },
  sampling: { stratifyBy: ["riskClass"], rates: { A: 0.3, B: 0.4 }, reserve: 0.5 },
  teams: { size: 2, maxTasksPerInspector: 10 },
  schedule: { start: "2026-11-02", end: "2026-11-13" },
};
const items: Item[] = [generalItem()];
const SEEDS_TASK = fileURLToPath(new URL("../../seeds/task.json", import.meta.url));

async function built(over: Partial<Task> = {}): Promise<Plan> {
  const r = await buildPlan({
    task: { ...task, ...over },
    seed: "index-unit-test",
    entities: Array.from({ length: 60 }, (_, i) => entity(i + 1, { riskClass: i % 3 ? "B" : "A" })),
    inspectors: Array.from({ length: 12 }, (_, i) => inspector(`P${String(i).padStart(2, "0")}`)),
    items,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.plan;
}

/** The index as entity ids, comparable across plan objects. */
function ids(plan: Plan) {
  const ix = planIndex(plan);
  const id = (x: { entityId: string } | undefined) => x?.entityId;
  return {
    assignmentOfSelected: ix.assignmentOfSelected.map(id),
    visitOfSelected: ix.visitOfSelected.map((v) => (v === undefined ? undefined : `${v.entityId} ${v.date}`)),
    selectedOfAssignment: ix.selectedOfAssignment.map(id),
    visitOfAssignment: ix.visitOfAssignment.map((v) =>
      v === undefined ? undefined : `${v.entityId} ${v.date}`,
    ),
    selectedOfVisit: ix.selectedOfVisit.map(id),
    visitsInIdOrder: ix.visitsInIdOrder,
  };
}

describe("planIndex", () => {
  it("a plan just built carries the planner's positions, and its index equals that of its JSON copy", async () => {
    const p = await built();
    const at = visitPositionsHint(p);
    expect(at).toBeDefined();
    expect(at?.map((k) => p.selected[k]?.entityId)).toEqual(p.schedule.map((v) => v.entityId));
    const copy = JSON.parse(JSON.stringify(p)) as Plan;
    expect(visitPositionsHint(copy)).toBeUndefined();
    expect(ids(p)).toEqual(ids(copy));
    expect(ids(p).selectedOfVisit.every((x) => x !== undefined)).toBe(true);
  });
  it("a plan drawn from files (the CLI's path) carries them too", async () => {
    const r = await planFromFiles(SEEDS_TASK, { seed: "index-unit-test" });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const at = visitPositionsHint(r.plan);
    expect(at).toBeDefined();
    expect(at?.map((k) => r.plan.selected[k]?.entityId)).toEqual(r.plan.schedule.map((v) => v.entityId));
  });
  it("positions that do not hold (wrong entity, twice the same, wrong length) are not trusted", async () => {
    const base = await built();
    const n = base.schedule.length;
    const right = visitPositionsHint(base) ?? [];
    const swapped = [...right];
    [swapped[0], swapped[1]] = [swapped[1] as number, swapped[0] as number];
    const twice = [...right];
    twice[1] = twice[0] as number;
    for (const wrong of [swapped, twice, right.slice(0, n - 1), right.map(() => 10_000)]) {
      const p = JSON.parse(JSON.stringify(base)) as Plan;
      noteVisitPositions(p, wrong);
      expect(ids(p)).toEqual(ids(base));
    }
  });
});

describe("planIndex.visitsInIdOrder (the public list's order taken from the schedule)", () => {
  it("is true of a plan as built, and of its JSON copy", async () => {
    const p = await built();
    expect(planIndex(p).visitsInIdOrder).toBe(true);
    expect(planIndex(JSON.parse(JSON.stringify(p)) as Plan).visitsInIdOrder).toBe(true);
  });
  it("is false when the schedule is out of order, visits an entity twice, misses one or visits one not selected", async () => {
    const base = await built();
    const copy = () => JSON.parse(JSON.stringify(base)) as Plan;
    const swapped = copy();
    [swapped.schedule[0], swapped.schedule[1]] = [swapped.schedule[1]!, swapped.schedule[0]!];
    const twice = copy();
    twice.schedule[1] = { ...twice.schedule[0]! };
    const missing = copy();
    missing.schedule.pop();
    const stranger = copy();
    stranger.schedule[stranger.schedule.length - 1] = { ...stranger.schedule.at(-1)!, entityId: "ZZZ" };
    for (const p of [swapped, twice, missing, stranger]) expect(planIndex(p).visitsInIdOrder).toBe(false);
    // the hint of a built plan does not make a reordered schedule pass
    const hinted = copy();
    noteVisitPositions(hinted, visitPositionsHint(base) ?? []);
    expect(planIndex(hinted).visitsInIdOrder).toBe(true);
    [hinted.schedule[0], hinted.schedule[1]] = [hinted.schedule[1]!, hinted.schedule[0]!];
    expect(planIndex(JSON.parse(JSON.stringify(hinted)) as Plan).visitsInIdOrder).toBe(false);
  });
});

describe("noticeAroundList", () => {
  const whole = (p: Plan, format: NoticeFormat, masked: boolean) => {
    const opts = { maskIndividualNames: masked };
    const a = noticeAroundList(p, opts, format);
    if (a === undefined) throw new Error("no list");
    return a.before + [...a.list.rows].map((r) => noticeListRow(format, r, a.list.nowrap)).join("") + a.after;
  };
  it("before + each row + after is the notice, in both formats, masked or not", async () => {
    const p = await built();
    for (const masked of [true, false]) {
      expect(whole(p, "markdown", masked)).toBe(noticeMarkdown(p, { maskIndividualNames: masked }));
      expect(whole(p, "html", masked)).toBe(noticeHtml(p, { maskIndividualNames: masked }));
    }
    const a = noticeAroundList(p, {}, "html");
    expect(a?.list.rows.length).toBe(p.selected.length);
    expect(a?.before).toContain("<tbody>");
    expect(a?.after.startsWith("</tbody></table>")).toBe(true);
  });
  it("is undefined when nothing is selected (the notice then says （无）)", async () => {
    const p = await built({ sampling: { stratifyBy: ["riskClass"], rates: { A: 0, B: 0 }, reserve: 0 } });
    expect(p.selected).toHaveLength(0);
    expect(noticeAroundList(p, {}, "markdown")).toBeUndefined();
    expect(noticeMarkdown(p)).toContain("（无）");
  });
});
