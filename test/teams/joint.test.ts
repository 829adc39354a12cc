// 联合抽查 on the demo: each department sends two certified inspectors to every team by default; fewer only
// through teams.singleInspectorDepartments, recorded in the plan; a scarce department is named.
import { describe, expect, it } from "vitest";
import { TaskSchema } from "../../src/model/schemas.js";
import { jointComposition } from "../../src/teams/joint.js";
import { demoStaffing } from "./demo.js";

describe("joint inspections on the demo", () => {
  it("staff every joint team with two certified inspectors per department, and record 发起/参与", async () => {
    const { plan, staffing } = await demoStaffing("seeds/task-joint.json", "joint");
    expect(plan.joint?.initiator).toBe(plan.task.department);
    expect(plan.joint?.participants.length).toBeGreaterThan(0);
    expect(plan.joint?.participants).not.toContain(plan.task.department);
    const quota = plan.joint!.membersPerDepartment;
    expect(Object.values(quota).every((n) => n >= 2)).toBe(true);
    const byId = new Map(staffing.inspectors.map((i) => [i.id, i]));
    expect(plan.unstaffed).toEqual([]);
    for (const a of plan.assignments) {
      for (const [dept, n] of Object.entries(quota)) {
        const members = a.inspectorIds.map((id) => byId.get(id)!).filter((i) => i.department === dept);
        expect(members.length).toBeGreaterThanOrEqual(n);
        for (const m of members) expect(m.role === "inspector" && m.certificateNo).toBeTruthy();
      }
    }
  });

  it("name the department that lacks inspectors", async () => {
    // one participating department's inspectors may take only one task each
    const { plan, staffing } = await demoStaffing("seeds/task-joint.json", "joint", (t) => t);
    const scarce = plan.joint!.participants[0]!;
    const limited = staffing.inspectors.map((i) => (i.department === scarce ? { ...i, maxTasks: 1 } : i));
    const { staffTeams } = await import("../../src/teams/staff.js");
    const r = staffTeams({ ...staffing, inspectors: limited });
    expect(r.unstaffed.length).toBeGreaterThan(0);
    expect(r.bottlenecks.every((b) => b.includes(scarce))).toBe(true);
    expect(r.unstaffed[0]!.reason).toContain(scarce);
  });

  it("refuse a task asking one inspector of a department without a stated reason", () => {
    const task = {
      id: "T",
      name: "联合",
      department: "市场监管局",
      items: ["GS", "AQ"],
      inputs: { entities: "e.csv", inspectors: "i.csv", items: "t.csv" },
      scope: { mode: "undirected" },
      sampling: { stratifyBy: ["riskClass"], rates: { A: 0.1 } },
      schedule: { start: "2026-12-01", end: "2026-12-31" },
      teams: { departments: { 市场监管局: 2, 应急管理局: 1 } },
    };
    const bad = TaskSchema.safeParse(task);
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain("应急管理局");
    const reasoned = {
      ...task,
      teams: { ...task.teams, singleInspectorDepartments: { 应急管理局: "书面核查" } },
    };
    expect(TaskSchema.safeParse(reasoned).success).toBe(true);
    const contradictory = {
      ...task,
      teams: { singleInspectorDepartments: { 市场监管局: "理由" }, departments: { 市场监管局: 2 } },
    };
    expect(TaskSchema.safeParse(contradictory).success).toBe(false);
  });

  it("record a single-inspector department and its reason in the composition", () => {
    const items = [
      {
        id: "GS",
        name: "GS",
        department: "市场监管局",
        basis: "b",
        category: "general" as const,
        specialties: [],
      },
      {
        id: "AQ",
        name: "AQ",
        department: "应急管理局",
        basis: "b",
        category: "key" as const,
        specialties: [],
      },
    ];
    expect(jointComposition({ department: "市场监管局", items: ["GS"] }, items)).toBeUndefined();
    expect(
      jointComposition(
        {
          department: "市场监管局",
          items: ["GS", "AQ"],
          teams: { singleInspectorDepartments: { 应急管理局: "书面核查" } },
        },
        items,
      ),
    ).toEqual({
      initiator: "市场监管局",
      participants: ["应急管理局"],
      membersPerDepartment: { 市场监管局: 2, 应急管理局: 1 },
      singleInspectorDepartments: { 应急管理局: "书面核查" },
    });
  });
});
