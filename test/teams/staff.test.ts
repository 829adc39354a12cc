import { describe, expect, it } from "vitest";
import type { Item } from "../../src/model/types.js";
import { randomness } from "../../src/random/randomness.js";
import { staffTeams, type TeamRules } from "../../src/teams/staff.js";
import { inspector, makeUscc } from "../helpers.js";

const item = (id: string, department: string, specialties: string[] = []): Item => ({
  id,
  name: id,
  department,
  basis: "依据",
  category: "general",
  specialties,
});
const tasks = (n: number, over: Partial<{ date: string; region: string; itemIds: string[] }> = {}) =>
  Array.from({ length: n }, (_, i) => ({
    entityId: makeUscc(i + 1, over.region ?? "350102"),
    region: over.region ?? "350102",
    date: over.date ?? "2026-12-01",
    itemIds: over.itemIds ?? ["GS"],
  }));

describe("staffTeams", () => {
  it("balances loads when nothing constrains them (max − min ≤ 1)", () => {
    const r = staffTeams({
      random: randomness("s", "T"),
      tasks: tasks(50),
      inspectors: Array.from({ length: 12 }, (_, i) => inspector(`P${i}`)),
      items: [item("GS", "市场监管局")],
      rules: { size: 2, maxTasksPerInspector: 50 },
    });
    const loads = Object.values(r.loads);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    expect(r.unstaffed).toEqual([]);
  });

  describe("joint inspections (联合抽查)", () => {
    const ins = (m: number, y: number) => [
      ...Array.from({ length: m }, (_, i) => inspector(`M${i}`, { department: "市场监管局" })),
      ...Array.from({ length: y }, (_, i) =>
        inspector(`Y${i}`, { department: "应急管理局", specialties: ["安全生产"] }),
      ),
    ];
    const joint = (inspectors: ReturnType<typeof ins>, rules: TeamRules, n = 6) =>
      staffTeams({
        random: randomness("s", "T"),
        tasks: tasks(n, { itemIds: ["GS", "AQ"] }),
        inspectors,
        items: [item("GS", "市场监管局"), item("AQ", "应急管理局", ["安全生产"])],
        rules: { maxTasksPerInspector: 10, ...rules },
      });
    const count = (t: { inspectorIds: readonly string[] }, p: string) =>
      t.inspectorIds.filter((id) => id.startsWith(p)).length;

    it("take two certified inspectors from each department by default, in one team", () => {
      const r = joint(ins(4, 4), { size: 2 });
      expect(r.issues).toEqual([]);
      for (const t of r.teams) {
        expect(count(t, "M")).toBe(2);
        expect(count(t, "Y")).toBe(2);
      }
    });

    it("take the configured members of each department", () => {
      const r = joint(ins(6, 4), { departments: { 市场监管局: 3, 应急管理局: 2 } });
      for (const t of r.teams) expect([count(t, "M"), count(t, "Y")]).toEqual([3, 2]);
    });

    it("take a single inspector of a department only when the task states why", () => {
      const r = joint(ins(4, 4), {
        departments: { 市场监管局: 2, 应急管理局: 1 },
        singleInspectorDepartments: { 应急管理局: "书面核查，无需现场执法" },
      });
      expect(r.issues).toEqual([]);
      for (const t of r.teams) expect([count(t, "M"), count(t, "Y")]).toEqual([2, 1]);
      const bare = joint(ins(4, 4), { departments: { 市场监管局: 1, 应急管理局: 1 } });
      expect(bare.issues.map((i) => i.code)).toEqual(["joint-quota", "joint-quota"]);
      expect(bare.issues.map((i) => i.message).join("")).toContain("应急管理局");
      for (const t of bare.teams) expect([count(t, "M"), count(t, "Y")]).toEqual([2, 2]);
    });

    it("warn of a department in the rules that no item belongs to (a misspelt name)", () => {
      const r = joint(ins(4, 4), { departments: { 市场监管局: 2, 应急管理厅: 3 } });
      expect(r.issues.map((i) => [i.code, i.severity])).toEqual([["team-department-unused", "warning"]]);
      expect(r.issues[0]!.message).toContain("应急管理厅");
    });

    it("name the department whose inspectors are the bottleneck", () => {
      // 3 应急 inspectors × 2 tasks each = 6 places for 6 tasks × 2 places
      const r = joint(ins(8, 3), { maxTasksPerInspector: 2 });
      expect(r.unstaffed.length).toBeGreaterThan(0);
      expect(r.bottlenecks.join("")).toContain("应急管理局");
      expect(r.bottlenecks.join("")).not.toContain("市场监管局");
    });
  });

  it("applies rotation, home-region and one-member-per-unit rules", () => {
    const t = tasks(1, { region: "350104" });
    const ins = [
      inspector("A", { unit: "U1", region: "350104" }), // home region
      inspector("B", { unit: "U1", region: "350102" }),
      inspector("C", { unit: "U1", region: "350103" }), // same unit as B
      inspector("D", { unit: "U2", region: "350102" }), // rotated out by history
      inspector("E", { unit: "U3", region: "350102" }),
    ];
    const r = staffTeams({
      random: randomness("s", "T"),
      tasks: t,
      inspectors: ins,
      items: [item("GS", "市场监管局")],
      history: [{ entityId: t[0]!.entityId, itemId: "GS", inspectedOn: "2026-06-01", inspectorIds: ["D"] }],
      rules: { size: 2, rotationWithinDays: 365, homeRegionPrefix: 6, oneMemberPerUnit: true },
    });
    const team = r.teams[0]!.inspectorIds;
    expect(team).toHaveLength(2);
    expect(team).toContain("E");
    expect(team).not.toContain("A");
    expect(team).not.toContain("D");
    expect(team.filter((x) => x === "B" || x === "C")).toHaveLength(1);
  });

  it("never counts experts toward the size, and adds them on top when asked", () => {
    const r = staffTeams({
      random: randomness("s", "T"),
      tasks: tasks(2),
      inspectors: [inspector("P1"), inspector("P2"), inspector("X1", { role: "expert" })],
      items: [item("GS", "市场监管局")],
      rules: { size: 2, experts: 1 },
    });
    for (const t of r.teams) {
      expect([...t.inspectorIds].sort()).toEqual(["P1", "P2"]);
      expect(t.expertIds).toEqual(["X1"]);
    }
  });

  it("when infeasible, names each unstaffed task and the bottleneck from the minimum cut", () => {
    const r = staffTeams({
      random: randomness("s", "T"),
      tasks: tasks(5, { itemIds: ["SP"] }),
      inspectors: [
        inspector("F1", { specialties: ["食品安全"] }),
        inspector("F2", { specialties: ["食品安全"] }),
        ...Array.from({ length: 6 }, (_, i) => inspector(`G${i}`)),
      ],
      items: [item("SP", "市场监管局", ["食品安全"])],
      rules: { size: 2, maxTasksPerInspector: 2 },
    });
    expect(r.unstaffed).toHaveLength(1);
    expect(r.teams.filter((t) => t.complete)).toHaveLength(4);
    expect(r.bottlenecks).toEqual([
      "5 个任务需要市场监管局具备“食品安全”专长的执法人员，只有 2 名符合条件的人员可派，共 4 个名额（已用 4），需要 5 个，缺 1 个",
    ]);
    expect(r.issues[0]?.code).toBe("unstaffed");
  });

  it("explains a task nobody can staff with counts per reason", () => {
    const t = tasks(1, { date: "2026-12-05" });
    const r = staffTeams({
      random: randomness("s", "T"),
      tasks: t,
      inspectors: [
        inspector("A", { certificateExpiresOn: "2026-11-30" }),
        inspector("B", { unavailable: [{ from: "2026-12-01", to: "2026-12-31" }] }),
      ],
      items: [item("GS", "市场监管局")],
      conflicts: [],
      rules: { size: 2 },
    });
    expect(r.unstaffed[0]?.reason).toContain("执法证无效或过期 1 人");
    expect(r.unstaffed[0]?.reason).toContain("当日不可用 1 人");
  });
});
