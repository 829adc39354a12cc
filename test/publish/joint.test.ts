import { describe, expect, it } from "vitest";
import { jointCompositionText } from "../../src/publish/notice-sections.js";

describe("the notice states a joint task's team composition", () => {
  it("names each department's certified inspectors per team", () => {
    const text = jointCompositionText({
      initiator: "福州市市场监督管理局",
      participants: ["福州市应急管理局"],
      membersPerDepartment: { 福州市市场监督管理局: 2, 福州市应急管理局: 2 },
    });
    expect(text).toContain("福州市市场监督管理局 2 名、福州市应急管理局 2 名");
    expect(text).not.toContain("理由");
  });

  it("states the reason of a department that sends one inspector", () => {
    const text = jointCompositionText({
      initiator: "甲局",
      participants: ["乙局"],
      membersPerDepartment: { 甲局: 2, 乙局: 1 },
      singleInspectorDepartments: { 乙局: "仅核查安全生产许可证，经上级批准" },
    });
    expect(text).toContain("乙局每组仅派 1 名持证执法人员，理由：仅核查安全生产许可证，经上级批准");
  });
});
