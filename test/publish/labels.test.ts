import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/schema.js";
import { recordSheetPieces } from "../../src/publish/internal.js";
import {
  publicReplacementCategory,
  ratePercent,
  regionName,
  riskClassLabel,
  scopeText,
  stratumLabel,
} from "../../src/publish/labels.js";
import { publicListRows } from "../../src/publish/public-list.js";
import { recordSheetData } from "../../src/publish/record-sheets.js";
import { verifyPageData } from "../../src/publish/verify-page.js";

const plan = (task: Record<string, unknown>, rest: Record<string, unknown> = {}) =>
  ({ task: { sampling: { stratifyBy: ["riskClass"] }, ...task }, ...rest }) as unknown as Plan;

describe("public labels", () => {
  it("prints rates as percentages from their exact text", () => {
    expect(["0.02", "5%", "1", "0.125", "0.1", "0", "0.000001", " 12.5 % "].map(ratePercent)).toEqual([
      "2%",
      "5%",
      "100%",
      "12.5%",
      "10%",
      "0%",
      "0.0001%",
      "12.5%",
    ]);
  });
  it("names regions from GB/T 2260 and says so when a code is unknown", () => {
    expect(regionName("35")).toBe("福建省");
    expect(regionName("3501")).toBe("福建省福州市");
    expect(regionName("350100")).toBe("福建省福州市");
    expect(regionName("350102")).toBe("福建省福州市鼓楼区");
    expect(regionName("110101")).toBe("北京市东城区");
    expect(regionName("359999")).toBe("行政区划代码 359999");
  });
  it("labels classes: the task's own labels, the SAMR default for A–D, else the bare class", () => {
    expect(riskClassLabel(plan({}), "A")).toBe("A类（低风险）");
    expect(riskClassLabel(plan({}), "D")).toBe("D类（高风险）");
    expect(
      riskClassLabel(plan({ sampling: { stratifyBy: [], riskClasses: ["A", "B", "C", "D", "E"] } }), "A"),
    ).toBe("A类");
    expect(riskClassLabel(plan({ publication: { riskClassLabels: { A: "信用好" } } }), "A")).toBe(
      "A类（信用好）",
    );
    expect(stratumLabel(plan({ sampling: { stratifyBy: [] } }), "*")).toBe("全部（未分层）");
    expect(stratumLabel(plan({ sampling: { stratifyBy: ["riskClass", "region"] } }), "B|350102")).toBe(
      "B类（一般风险）｜福建省福州市鼓楼区",
    );
  });
  it("states a directed scope in words, never as configuration", () => {
    const t = plan({
      scope: {
        mode: "directed",
        filters: { kind: ["enterprise"], regionPrefix: ["3501"], industry: ["3411"] },
      },
    });
    expect(scopeText(t)).toBe(
      "定向抽查：主体类型为企业，住所位于福建省福州市，国民经济行业代码为3411的市场主体",
    );
    expect(scopeText(t)).not.toMatch(/kind|=|regionPrefix/);
  });
  it("publishes a replacement's category, never its reason", () => {
    expect(publicReplacementCategory("企业已于11月注销")).toBe("已注销");
    expect(publicReplacementCategory("与负责人系亲属")).toBe("依法回避");
    expect(publicReplacementCategory("其他")).toBe("其他法定情形");
  });
});

describe("record sheets", () => {
  it("carry address and legal representative when the plan has them, one visit per assignment", () => {
    const p = plan(
      { id: "T", name: "任务", publication: {} },
      {
        taskId: "T",
        taskName: "任务",
        items: [
          {
            id: "I",
            name: "事项",
            department: "局",
            basis: "依据",
            content: "内容",
            method: "书面检查;实地核查",
          },
        ],
        selected: [
          {
            entityId: "E1",
            name: "甲公司",
            kind: "enterprise",
            riskClass: "A",
            stratum: "A",
            address: "福州市鼓楼区五四路1号",
            legalRepresentative: "张三",
          },
          { entityId: "E2", name: "乙公司", kind: "enterprise", riskClass: "B", stratum: "B" },
        ],
        assignments: [
          { entityId: "E1", inspectorIds: ["P1"], expertIds: [] },
          { entityId: "E2", inspectorIds: ["P1"], expertIds: [] },
        ],
        schedule: [{ entityId: "E1", date: "2026-12-01", publishBy: "2026-12-29" }],
        inspectors: [{ id: "P1", name: "王五", certificateNo: "闽001", department: "局", role: "inspector" }],
      },
    );
    const data = recordSheetData(p);
    expect(data.visits).toHaveLength(2);
    const [e1, e2] = data.visits;
    expect(e1!.slice(0, 2)).toEqual(["甲公司", "E1"]);
    expect(e1![3]).toBe("福州市鼓楼区五四路1号");
    expect(e1![4]).toBe("张三");
    expect(data.classes[e1![5]]).toBe("A类（低风险）");
    expect(data.dates[e1![7]]).toBe("2026-12-01");
    expect(e2![7]).toBe(-1); // no visit date scheduled
    expect(data.people[e1![8][0]!]).toEqual(["P1", "王五", "闽001", "局"]);
    const html = [...recordSheetPieces(p)].join("");
    // one template, the visits as data: the page's own bytes carry every field
    expect(html.match(/class="sheet"/g)?.length).toBe(1);
    expect(html).toContain('<script type="application/json" id="data">');
    expect(html).toContain("福州市鼓楼区五四路1号");
    expect(html).toContain("张三");
    expect(html).toContain("闽001");
    expect(html).toContain("书面检查、实地核查");
    expect(html).toContain("□ 未发现问题");
  });
});

describe("verify page data", () => {
  const base = {
    seed: "s",
    taskId: "T",
    replacements: [],
    strata: [{ key: "350102", population: 10, sampleSize: 1 }],
    selected: [{ entityId: "E1", stratum: "350102", ticket: "0000000000001", reason: "random" }],
    reserve: [{ entityId: "E2", stratum: "350102", ticket: "0000000000002", rank: 1 }],
  };
  it("carries an entity's stratum only when strata hold no risk class", () => {
    const byRegion = verifyPageData(plan({ sampling: { stratifyBy: ["region"] } }, base));
    expect(byRegion.stratumOf).toEqual({ "0000000000001": 0, "0000000000002": 0 });
    const byClass = verifyPageData(
      plan({ sampling: { stratifyBy: ["riskClass"] } }, { ...base, strata: [{ key: "A" }] }),
    );
    expect(byClass.stratumOf).toEqual({});
    expect(JSON.stringify(byClass)).not.toContain('"A"');
  });
});

describe("public list order", () => {
  const sel = (id: string) => ({
    entityId: id,
    name: `名${id}`,
    kind: "enterprise",
    riskClass: "A",
    stratum: "A",
  });
  const ids = ["B2", "A1", "甲", "C3", "\u{20000}x", "\uE000y"];
  const utf8 = [...ids].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const visits = (xs: string[]) =>
    xs.map((id) => ({ entityId: id, date: "2026-12-01", publishBy: "2026-12-29" }));
  it("lists the entities by the UTF-8 order of their ids, whatever order the schedule has", () => {
    for (const schedule of [visits(utf8), visits(ids), visits(utf8.slice(1)), []]) {
      const p = plan(
        { id: "T", name: "任务" },
        { selected: ids.map(sel), schedule, items: [], assignments: [], inspectors: [] },
      );
      expect(publicListRows(p).map((r) => r[2])).toEqual(utf8);
    }
  });
});
