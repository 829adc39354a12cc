import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/schema.js";
import { shanghaiDate } from "../../src/results/asof.js";
import { contradiction, followUpRule, itemResultCategories } from "../../src/results/categories.js";
import { deadlineReport, validateResults } from "../../src/results/intake.js";
import { WorkingCalendar } from "../../src/schedule/calendar.js";
import { makeUscc } from "../helpers.js";

const A = makeUscc(1);
const B = makeUscc(2);
const SAMR = "福州市市场监督管理局";
const YJ = "福州市应急管理局";
const GS = {
  id: "GS-001",
  name: "企业公示信息抽查",
  department: SAMR,
  basis: "《企业信息公示暂行条例》第十四条；《企业公示信息抽查办法》",
  category: "general" as const,
};
const AQ = {
  id: "AQ-001",
  name: "工贸企业安全生产监督检查",
  department: YJ,
  basis: "《中华人民共和国安全生产法》第六十五条",
  category: "key" as const,
};
const sel = (entityId: string, name: string, kind = "enterprise") => ({
  entityId,
  name,
  kind,
  region: "350102",
  riskClass: "A",
  stratum: "A",
  ticket: "0000000000000",
  inclusionProbability: 0.5,
  reason: "random",
});
const plan = {
  taskId: "T-R",
  taskName: "2026年下半年企业公示信息随机抽查",
  department: SAMR,
  task: { schedule: { start: "2026-09-01", end: "2026-12-31", publishWithinWorkingDays: 20 } },
  items: [GS, AQ],
  selected: [sel(A, "福州甲有限公司"), sel(B, "张三明", "individual")],
  schedule: [
    { entityId: A, date: "2026-09-22", publishBy: "2026-10-27" },
    { entityId: B, date: "2026-12-10", publishBy: "2027-01-08" },
  ],
} as unknown as Plan;
const calendar = WorkingCalendar.builtIn().withYears(
  { "2027": { holidays: ["2027-01-01", "2027-01-02", "2027-01-03"], workdays: [], provisional: true } },
  "calendar-2027.json",
);
const row = (n: number, record: Record<string, string>) => ({ row: n, record });
const validate = (rows: ReturnType<typeof row>[], asOf = "2027-01-31") =>
  validateResults(plan, rows, calendar, "r.csv", { asOf });
const one = (categories: string, over: Record<string, string> = {}) =>
  validate([row(2, { entityId: A, itemId: "GS-001", categories, finishedOn: "2026-09-22", ...over })]);

describe("result categories", () => {
  it("refuses 未发现问题 together with any finding", () => {
    for (const c of [
      "未发现问题;发现问题待后续处理",
      "未发现问题；未按规定公示应当公示的信息",
      "发现问题已责令改正;未发现问题",
    ]) {
      const r = one(c);
      expect(r.results).toEqual([]);
      expect(r.issues.map((i) => [i.row, i.column, i.code])).toEqual([
        [2, "categories", "contradictory-categories"],
      ]);
    }
  });
  it("refuses 已注销 and 已被吊销营业执照 together with any other category, and a category given twice", () => {
    for (const c of [
      "未发现问题;已注销",
      "已注销;发现问题待后续处理",
      "已被吊销营业执照;通过登记的住所（经营场所）无法联系",
      "已注销;已被吊销营业执照",
      "发现问题待后续处理;发现问题待后续处理",
    ])
      expect(one(c).issues.map((i) => i.code)).toEqual(["contradictory-categories"]);
    expect(contradiction(["已注销"])).toBeUndefined();
    expect(contradiction(["未按规定公示应当公示的信息", "发现问题已责令改正"])).toBeUndefined();
  });
  it("refuses a category the item does not admit: the 安全生产 item takes no 公示信息 category", () => {
    const r = validate([
      row(2, {
        entityId: A,
        itemId: "AQ-001",
        categories: "未按规定公示应当公示的信息",
        finishedOn: "2026-09-22",
      }),
    ]);
    expect(r.issues.map((i) => [i.column, i.code, i.received])).toEqual([
      ["categories", "category-not-applicable", "未按规定公示应当公示的信息"],
    ]);
    expect(itemResultCategories(GS)).toContain("未按规定公示应当公示的信息");
    expect(itemResultCategories(AQ)).not.toContain("公示信息隐瞒真实情况、弄虚作假");
    expect(itemResultCategories(AQ)).toContain("发现问题待后续处理");
  });
  it("takes an item's declared categories over the default", () => {
    const p = {
      ...plan,
      items: [{ ...AQ, resultCategories: ["未发现问题", "发现问题已责令改正"] }, GS],
    } as Plan;
    const r = validateResults(
      p,
      [row(2, { entityId: A, itemId: "AQ-001", categories: "发现问题待后续处理", finishedOn: "2026-09-22" })],
      calendar,
      "r.csv",
    );
    expect(r.issues.map((i) => i.code)).toEqual(["category-not-applicable"]);
    const bad = { ...plan, items: [{ ...AQ, resultCategories: ["查无此类"] }] } as Plan;
    expect(validateResults(bad, [], calendar, "r.csv").issues.map((i) => [i.code, i.column])).toEqual([
      ["unknown-category", "items.resultCategories"],
    ]);
  });
  it("refuses a result finished after --as-of or outside the task window", () => {
    const late = validate(
      [row(2, { entityId: B, itemId: "GS-001", categories: "未发现问题", finishedOn: "2026-12-10" })],
      "2026-12-09",
    );
    expect(late.issues.map((i) => [i.column, i.code])).toEqual([["finishedOn", "date-after-as-of"]]);
    const before = one("未发现问题", { finishedOn: "2026-08-31" });
    expect(before.issues.map((i) => i.code)).toEqual(["date-outside-window"]);
    const after = one("未发现问题", { finishedOn: "2027-01-04" });
    expect(after.issues.map((i) => i.code)).toEqual(["date-outside-window"]);
  });
  it("refuses a 检查实施机关 other than the item's department (谁检查、谁公开), and defaults to it", () => {
    expect(one("未发现问题", { department: YJ }).issues.map((i) => [i.column, i.code])).toEqual([
      ["department", "department-mismatch"],
    ]);
    expect(one("未发现问题").results[0]?.department).toBe(SAMR);
    expect(one("未发现问题", { department: SAMR }).issues).toEqual([]);
  });
});

describe("follow-ups and their deadlines on the working-day calendar", () => {
  it("通过登记的住所无法联系 → 经营异常名录 within 10 working days of 查实 (across 中秋/国庆 and the make-up Saturday)", () => {
    // finished Tue 2026-09-22: 9/23 1, 9/24 2, (9/25–27 off) 9/28 3, 9/29 4, 9/30 5, (10/1–7 off) 10/8 6,
    // 10/9 7, Sat 10/10 (调休上班) 8, 10/12 9, 10/13 10
    const r = one("通过登记的住所（经营场所）无法联系");
    expect(r.issues).toEqual([]);
    const f = r.results[0]!.followUps;
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ due: "2026-10-13", workingDays: 10 });
    expect(f[0]!.action).toContain("经营异常名录");
    expect(f[0]!.basis).toContain("第九条");
    // the publication deadline: 20 working days — … 10/13 10, 10/14 11, 10/15 12, 10/16 13, 10/19 14,
    // 10/20 15, 10/21 16, 10/22 17, 10/23 18, 10/26 19, 10/27 20
    expect(r.results[0]!.publishBy).toBe("2026-10-27");
  });
  it("不配合检查情节严重 → public record within the publication deadline; 弄虚作假 → 立案 decision within 15 working days", () => {
    const r = one("不配合检查情节严重;公示信息隐瞒真实情况、弄虚作假");
    expect(r.issues).toEqual([]);
    const [a, b] = r.results[0]!.followUps;
    expect(a).toMatchObject({ category: "不配合检查情节严重", due: "2026-10-27", workingDays: 20 });
    expect(a!.action).toContain("公示");
    // 10/13 is the 10th working day (above): 10/14 11, 10/15 12, 10/16 13, 10/19 14, 10/20 15
    expect(b).toMatchObject({
      category: "公示信息隐瞒真实情况、弄虚作假",
      due: "2026-10-20",
      workingDays: 15,
    });
  });
  it("a deadline across the new year counts the 2027 calendar file's holidays", () => {
    // finished Thu 2026-12-10: 12/11 1 … 12/24 10; 12/25 11, 12/28 12, 12/29 13, 12/30 14, 12/31 15,
    // (1/1 holiday, 1/2–3 weekend) 1/4 16, 1/5 17, 1/6 18, 1/7 19, 1/8 20
    const r = validate([
      row(2, {
        entityId: B,
        itemId: "GS-001",
        categories: "通过登记的住所（经营场所）无法联系",
        finishedOn: "2026-12-10",
      }),
    ]);
    expect(r.results[0]!.followUps[0]!.due).toBe("2026-12-24");
    expect(r.results[0]!.publishBy).toBe("2027-01-08");
  });
  it("gives no computed deadline where the rules run it from another date, and none for other departments' own procedures", () => {
    const r = one("未按规定公示应当公示的信息;发现问题已责令改正");
    const f = r.results[0]!.followUps;
    expect(f).toHaveLength(1);
    expect(f[0]!.due).toBeUndefined();
    expect(f[0]!.deadlineNote).toContain("10个工作日");
    expect(followUpRule("发现问题待后续处理", SAMR)?.workingDays).toBe(15);
    expect(followUpRule("发现问题待后续处理", YJ)?.workingDays).toBeUndefined();
    expect(followUpRule("未发现问题", SAMR)).toBeUndefined();
  });
  it("reports publication and follow-up deadlines, past due as of the day", () => {
    const r = validate([
      row(2, {
        entityId: A,
        itemId: "GS-001",
        categories: "通过登记的住所（经营场所）无法联系",
        finishedOn: "2026-09-22",
      }),
    ]);
    const rep = deadlineReport(plan, r.results, "2026-10-14");
    const mine = rep.filter((d) => d.entityId === A && d.itemId === "GS-001");
    expect(mine.map((d) => [d.kind, d.status, d.due])).toEqual([
      ["follow-up", "past-due", "2026-10-13"],
      ["publication", "ready", "2026-10-27"],
    ]);
    const missing = rep.find((d) => d.entityId === B && d.itemId === "AQ-001");
    expect(missing).toMatchObject({
      kind: "publication",
      status: "pending",
      due: "2027-01-08",
      department: YJ,
    });
    expect(deadlineReport(plan, [], "2027-01-09").find((d) => d.entityId === B)?.status).toBe("overdue");
  });
});

describe("the default as-of day", () => {
  it("is the date in Beijing, not UTC", () => {
    expect(shanghaiDate(new Date("2027-01-19T16:30:00Z"))).toBe("2027-01-20");
    expect(shanghaiDate(new Date("2027-01-19T15:59:59Z"))).toBe("2027-01-19");
    expect(shanghaiDate(new Date("2026-12-31T23:00:00-08:00"))).toBe("2027-01-01");
    expect(() => shanghaiDate(new Date("nope"))).toThrow();
  });
});
