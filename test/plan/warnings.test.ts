import { describe, expect, it } from "vitest";
import type { Task } from "../../src/model/schemas.js";
import type { Entity, HistoryRecord, Item } from "../../src/model/types.js";
import { planFromSources as buildPlan } from "../../src/plan/sources.js";
import { planWarningLines } from "../../src/plan/warnings.js";
import { WorkingCalendar } from "../../src/schedule/calendar.js";
import { entity, inspector } from "../helpers.js";

const ITEM: Item = {
  id: "GS-001",
  name: "企业公示信息抽查",
  department: "市场监管局",
  basis: "《企业公示信息抽查办法》",
  category: "general",
  specialties: [],
};
const task = (over: Partial<Task> = {}): Task => ({
  id: "T-WARN",
  name: "测试任务",
  department: "市场监管局",
  items: ["GS-001"],
  inputs: { entities: "e.csv", inspectors: "i.csv", items: "items.csv" },
  scope: { mode: "undirected" },
  sampling: { stratifyBy: ["riskClass"], rates: { A: "50%" } },
  teams: { size: 2 },
  schedule: { start: "2026-12-01", end: "2026-12-31", publishWithinWorkingDays: 20 },
  ...over,
});
const PROVISIONAL_2027 = WorkingCalendar.builtIn().withYears(
  { "2027": { holidays: ["2027-01-01"], workdays: [], through: "2027-01-31", provisional: true } },
  "calendar-2027.json",
);
const inspectors = ["P1", "P2", "P3", "P4"].map((id) => inspector(id));

async function plan(t: Task, entities: Entity[], history: HistoryRecord[] = [], calendar = PROVISIONAL_2027) {
  return buildPlan({
    task: t,
    seed: "warn",
    entities: () => entities,
    inspectors,
    items: [ITEM],
    history,
    calendar,
  });
}

describe("plan warnings and empty frames", () => {
  it("warns when deadlines rest on a calendar year marked provisional, naming the file", async () => {
    const r = await plan(task(), [entity(1), entity(2), entity(3), entity(4)]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const w = r.plan.issues.filter((i) => i.code === "provisional-calendar");
    // the window is in 2026 (built-in data): only the deadlines that reach into 2027 depend on the file
    const dependent = r.plan.schedule.filter((s) => s.publishBy >= "2027-01-01");
    expect(dependent.length).toBeGreaterThan(0);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({
      severity: "warning",
      column: "schedule.publishWithinWorkingDays",
      received: "2027",
    });
    expect(w[0]?.message).toContain(`${dependent.length} 个检查对象`);
    expect(w[0]?.message).toContain("calendar-2027.json");
  });
  it("warns about visit dates in a provisional year, and says nothing when the data is final", async () => {
    const jan = task({ schedule: { start: "2027-01-04", end: "2027-01-08", publishWithinWorkingDays: 5 } });
    const r = await plan(jan, [entity(1), entity(2)]);
    expect(
      r.ok && r.plan.issues.filter((i) => i.code === "provisional-calendar").map((i) => i.column),
    ).toEqual(["schedule", "schedule.publishWithinWorkingDays"]);
    const final = WorkingCalendar.builtIn().withYears({
      "2027": { holidays: ["2027-01-01"], workdays: [], through: "2027-01-31" },
    });
    const f = await plan(jan, [entity(1), entity(2)], [], final);
    expect(f.ok && f.plan.issues.filter((i) => i.code === "provisional-calendar")).toEqual([]);
  });
  it("warns when a forced entity was already inspected for the same item this year", async () => {
    const forced = entity(7, { tags: ["严重违法失信名单"] });
    const t = task({ forced: { tags: ["严重违法失信名单"] } });
    const history: HistoryRecord[] = [
      { entityId: forced.id, itemId: "GS-001", inspectedOn: "2026-03-05", inspectorIds: [] },
      { entityId: forced.id, itemId: "GS-001", inspectedOn: "2025-03-05", inspectorIds: [] },
      { entityId: forced.id, itemId: "SP-001", inspectedOn: "2026-03-05", inspectorIds: [] },
    ];
    const r = await plan(t, [forced, entity(1), entity(2)], history);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.selected.find((s) => s.entityId === forced.id)?.reason).toBe("forced:tag:严重违法失信名单");
    const w = r.plan.issues.filter((i) => i.code === "forced-inspected-this-year");
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ severity: "warning", received: forced.id });
    expect(w[0]?.message).toContain("2026-03-05");
    expect(w[0]?.message).not.toContain("2025-03-05");
    const none = await plan(t, [forced, entity(1)], history.slice(1));
    expect(none.ok && none.plan.issues.filter((i) => i.code === "forced-inspected-this-year")).toEqual([]);
  });
  it("refuses an empty directory and an empty frame unless the task allows it", async () => {
    const e = await plan(task(), []);
    expect(e.ok).toBe(false);
    expect(e.issues.map((i) => i.code)).toContain("empty-input");
    // located at the task key naming the source (no row of the entity file to point at)
    const empty = e.issues.find((i) => i.code === "empty-input");
    expect(empty?.key).toBe("inputs.entities");
    expect(empty?.file).toBeUndefined();
    const directed = task({ scope: { mode: "directed", filters: { kind: ["cooperative"] } } });
    const f = await plan(directed, [entity(1), entity(2, { status: "deregistered" })]);
    expect(f.ok).toBe(false);
    const frame = f.issues.find((i) => i.code === "empty-frame");
    expect(frame?.severity).toBe("error");
    expect(frame?.message).toMatch(/不在定向范围内 \d+ 户/);
    const allowed = task({
      sampling: { stratifyBy: ["riskClass"], rates: { A: "50%" }, allowEmptyFrame: true },
    });
    const ok = await plan(allowed, []);
    expect(ok.ok).toBe(true);
    expect(ok.ok && ok.plan.selected).toEqual([]);
  });
});

describe("declared result categories", () => {
  it("are recorded with the plan's items, and one outside the task's list is refused at draw time", async () => {
    const declared = { ...ITEM, resultCategories: ["未发现问题", "发现问题已责令改正"] };
    const ok = await buildPlan({
      task: task(),
      seed: "warn",
      entities: () => [entity(1), entity(2)],
      inspectors,
      items: [declared],
      calendar: PROVISIONAL_2027,
    });
    expect(ok.ok && ok.plan.items[0]?.resultCategories).toEqual(["未发现问题", "发现问题已责令改正"]);
    const bad = await buildPlan({
      task: task(),
      seed: "warn",
      entities: () => [entity(1), entity(2)],
      inspectors,
      items: [{ ...ITEM, resultCategories: ["查无此类"], origin: { file: "items.csv", row: 2 } }],
      calendar: PROVISIONAL_2027,
    });
    expect(bad.ok).toBe(false);
    expect(
      bad.issues.filter((i) => i.code === "unknown-category").map((i) => [i.file, i.row, i.column]),
    ).toEqual([["items.csv", 2, "resultCategories"]]);
  });
});

describe("plan warning lines", () => {
  it("list the plan's own warnings for the internal pack and the terminal, nothing else", () => {
    const lines = planWarningLines({
      issues: [
        { code: "provisional-calendar", severity: "warning", message: "甲" },
        { code: "region-mismatch", severity: "warning", message: "乙" },
        { code: "forced-inspected-this-year", severity: "warning", message: "丙" },
      ],
    });
    expect(lines).toEqual(["注意：甲", "注意：丙"]);
  });
});
