import { describe, expect, it } from "vitest";
import {
  dailyTaskCap,
  departmentQuota,
  inspectorTaskCap,
  TEAM_DEFAULTS,
  teamSize,
} from "../../src/teams/rules.js";

describe("team rules and their defaults", () => {
  it("default to two members, 20 tasks per inspector, no daily cap", () => {
    expect(TEAM_DEFAULTS).toEqual({ size: 2, maxTasksPerInspector: 20, membersPerDepartment: 2 });
    expect(teamSize({})).toBe(2);
    expect(inspectorTaskCap({}, {})).toBe(20);
    expect(dailyTaskCap({})).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("let an inspector's lower cap win over the task's", () => {
    expect(inspectorTaskCap({ maxTasksPerInspector: 5 }, { maxTasks: 3 })).toBe(3);
    expect(inspectorTaskCap({ maxTasksPerInspector: 5 }, { maxTasks: 8 })).toBe(5);
    expect(inspectorTaskCap({}, { maxTasks: 30 })).toBe(20);
  });

  it("take two per department of a joint team, one only with a stated reason", () => {
    expect(departmentQuota({}, "A")).toEqual({ quota: 2, lawful: true });
    expect(departmentQuota({ departments: { A: 3 } }, "A")).toEqual({ quota: 3, lawful: true });
    expect(departmentQuota({ singleInspectorDepartments: { A: "理由" } }, "A")).toEqual({
      quota: 1,
      lawful: true,
    });
    expect(departmentQuota({ departments: { A: 1 } }, "A")).toEqual({ quota: 2, lawful: false });
  });
});
