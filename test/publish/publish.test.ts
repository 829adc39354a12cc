import { describe, expect, it } from "vitest";
import { planText } from "../../src/plan/json.js";
import type { Plan } from "../../src/plan/schema.js";
import { neutraliseCell, toCsv } from "../../src/publish/csv.js";
import { internalSelectedRows } from "../../src/publish/internal.js";
import { maskPersonalName } from "../../src/publish/mask.js";
import { escapeHtml, publishedName } from "../../src/publish/notice.js";

describe("publication helpers", () => {
  it("writes CSV with a BOM, CRLF and RFC 4180 quoting", () => {
    const csv = toCsv(
      ["名称", "备注"],
      [
        ["甲,乙", '说"明'],
        ["丙", "多\n行"],
      ],
    );
    expect(csv.startsWith("\uFEFF名称,备注\r\n")).toBe(true);
    expect(csv).toContain('"甲,乙","说""明"\r\n');
    expect(csv).toContain('丙,"多\n行"\r\n');
  });
  it("neutralises cells that a spreadsheet would run as formulas", () => {
    for (const v of ['=HYPERLINK("http://evil")', "+1", "-1+1", "@SUM(A1)", "\tx", "\rx"]) {
      expect(neutraliseCell(v).startsWith("'")).toBe(true);
    }
    expect(neutraliseCell("福州闽江贸易有限公司")).toBe("福州闽江贸易有限公司");
    expect(toCsv(["a"], [["=1+1"]])).toContain("'=1+1");
  });
  it("escapes every HTML special character", () => {
    expect(escapeHtml(`<script>alert("x")</script>&'`)).toBe(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;",
    );
  });
  it("masks bare personal names of 个体工商户, leaves shop names", () => {
    expect(maskPersonalName("张三明")).toBe("张*明");
    expect(maskPersonalName("张三")).toBe("张*");
    expect(maskPersonalName("欧阳明月")).toBe("欧**月");
    expect(maskPersonalName("鼓楼区鑫盛餐饮店")).toBe("鼓楼区鑫盛餐饮店");
  });
  it("masks individuals' names by the task setting, overridable by option; never enterprises", () => {
    const plan = (mask?: boolean) =>
      ({
        task: { publication: mask === undefined ? undefined : { maskIndividualNames: mask } },
      }) as unknown as Plan;
    const ind = { kind: "individual", name: "张三明" };
    expect(publishedName(plan(), {})(ind)).toBe("张*明");
    expect(publishedName(plan(false), {})(ind)).toBe("张三明");
    expect(publishedName(plan(false), { maskIndividualNames: true })(ind)).toBe("张*明");
    expect(publishedName(plan(true), {})({ kind: "enterprise", name: "张三明" })).toBe("张三明");
  });
});

describe("selected rows", () => {
  it("name each team's inspectors with their certificate, experts as such, and a missing team as such", () => {
    const sel = (id: string, p: number) => ({
      entityId: id,
      name: `企业${id}`,
      kind: "enterprise",
      region: "350102",
      riskClass: "A",
      stratum: "A",
      ticket: "0000000000001",
      inclusionProbability: p,
      reason: "random",
    });
    const plan = {
      task: { sampling: { stratifyBy: [] } },
      selected: [sel("E1", 0.05), sel("E2", 0.05), sel("E3", 1 / 3)],
      assignments: [
        { entityId: "E1", inspectorIds: ["P1", "P2"], expertIds: ["X1"], complete: true },
        { entityId: "E2", inspectorIds: ["P2"], expertIds: [], complete: false },
      ],
      schedule: [{ entityId: "E1", date: "2026-12-01", publishBy: "2026-12-29" }],
      inspectors: [
        { id: "P1", name: "张三", certificateNo: "闽001", department: "局", role: "inspector" },
        { id: "P2", name: "李四", certificateNo: "闽002", department: "局", role: "inspector" },
        { id: "X1", name: "王五", certificateNo: "", department: "局", role: "expert" },
      ],
    } as unknown as Plan;
    const rows = [...internalSelectedRows(plan)];
    expect(rows.map((r) => r[11])).toEqual([
      "张三（闽001）、李四（闽002）、王五（专家）",
      "李四（闽002）",
      "（未配齐）",
    ]);
    expect(rows.map((r) => r[9])).toEqual(["0.05", "0.05", "0.333333"]);
    expect(rows.map((r) => [r[10], r[12]])).toEqual([
      ["2026-12-01", "2026-12-29"],
      ["", ""],
      ["", ""],
    ]);
  });
});

describe("plan text", () => {
  it("parses back to the same plan, one record per line, smaller than two-space JSON", () => {
    const plan = {
      format: "x",
      n: 1.5,
      empty: [],
      nested: { a: [1, 2], b: { c: null } },
      rows: [{ id: '甲\n"', k: [1, 2] }, { id: "乙" }],
    };
    const text = planText(plan);
    expect(JSON.parse(text)).toEqual(plan);
    expect(text).toContain('\n    {"id":"甲\\n\\"","k":[1,2]},\n    {"id":"乙"}\n  ]');
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.length).toBeLessThan(JSON.stringify(plan, null, 2).length);
  });
});
