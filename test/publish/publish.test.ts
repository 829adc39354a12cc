import { describe, expect, it } from "vitest";
import { planText } from "../../src/plan/json.js";
import type { Plan } from "../../src/plan/schema.js";
import { neutraliseCell, toCsv } from "../../src/publish/csv.js";
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
