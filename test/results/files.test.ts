import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/schema.js";
import {
  departmentFolder,
  RESULTS_PUBLIC_HEADER,
  resultsFiles,
  resultsTitle,
} from "../../src/publish/results.js";
import { deadlineReport, validateResults } from "../../src/results/intake.js";
import { WorkingCalendar } from "../../src/schedule/calendar.js";
import { makeUscc } from "../helpers.js";

const A = makeUscc(11);
const B = makeUscc(12, "350102", "2");
const SAMR = "福州市市场监督管理局";
const YJ = "福州市应急管理局";
const sel = (entityId: string, name: string, kind: string) => ({
  entityId,
  name,
  kind,
  region: "350102",
  riskClass: "D",
  stratum: "D",
  ticket: "0000000000000",
  inclusionProbability: 1,
  reason: "random",
});
const plan = (mask?: boolean) =>
  ({
    taskId: "T-F",
    taskName: "2026年第四季度企业公示信息随机抽查",
    department: SAMR,
    task: {
      schedule: { start: "2026-12-01", end: "2026-12-31", publishWithinWorkingDays: 20 },
      ...(mask === undefined ? {} : { publication: { maskIndividualNames: mask } }),
    },
    items: [
      {
        id: "GS-001",
        name: "企业公示信息抽查",
        department: SAMR,
        basis: "《企业公示信息抽查办法》",
        category: "general",
      },
      {
        id: "AQ-001",
        name: "工贸企业安全生产监督检查",
        department: YJ,
        basis: "《安全生产法》",
        category: "key",
      },
    ],
    selected: [sel(A, "福州甲贸易有限公司", "enterprise"), sel(B, "张三明", "individual")],
    schedule: [
      { entityId: A, date: "2026-12-03", publishBy: "2026-12-31" },
      { entityId: B, date: "2026-12-04", publishBy: "2027-01-04" },
    ],
  }) as unknown as Plan;
const calendar = WorkingCalendar.builtIn().withYears({ "2027": { holidays: ["2027-01-01"], workdays: [] } });
const RECORDS = [
  { entityId: A, itemId: "GS-001", categories: "未发现问题", finishedOn: "2026-12-03", note: "内部备注甲" },
  {
    entityId: B,
    itemId: "GS-001",
    categories: "通过登记的住所（经营场所）无法联系",
    finishedOn: "2026-12-04",
    note: "",
  },
  { entityId: B, itemId: "AQ-001", categories: "发现问题待后续处理", finishedOn: "2026-12-04", note: "" },
];

function files(mask?: boolean) {
  const p = plan(mask);
  const v = validateResults(
    p,
    RECORDS.map((record, i) => ({ row: i + 2, record })),
    calendar,
    "r.csv",
    { asOf: "2027-01-20" },
  );
  expect(v.issues).toEqual([]);
  return resultsFiles(p, v.results, deadlineReport(p, v.results, "2027-01-20"), { asOf: "2027-01-20" });
}

describe("results files, 谁检查谁公开", () => {
  it("publish one file set per inspecting department under public/, follow-ups and deadlines under internal/", () => {
    expect(Object.keys(files()).sort()).toEqual([
      "internal/results-deadlines.csv",
      "internal/results-followups.csv",
      `public/results/${SAMR}/results-notice.html`,
      `public/results/${SAMR}/results-notice.md`,
      `public/results/${SAMR}/results-publication.csv`,
      `public/results/${YJ}/results-notice.html`,
      `public/results/${YJ}/results-notice.md`,
      `public/results/${YJ}/results-publication.csv`,
    ]);
    const f = files();
    const samr = f[`public/results/${SAMR}/results-publication.csv`]!;
    expect(samr.split("\r\n")[0]).toBe(`\uFEFF${RESULTS_PUBLIC_HEADER.join(",")}`);
    expect(samr).toContain(
      `${A},福州甲贸易有限公司,2026年第四季度企业公示信息随机抽查,企业公示信息抽查,${SAMR},2026-12-03,未发现问题`,
    );
    expect(samr).not.toContain("工贸企业安全生产监督检查");
    const yj = f[`public/results/${YJ}/results-publication.csv`]!;
    expect(yj).toContain(`,工贸企业安全生产监督检查,${YJ},2026-12-04,发现问题待后续处理`);
    expect(yj).not.toContain(A);
    expect(f[`public/results/${YJ}/results-notice.md`]).toContain(
      `# ${YJ}2026年第四季度企业公示信息随机抽查结果公示`,
    );
  });
  it("mask individuals' names in every public results file, by default and when the task says so; internal files keep them", () => {
    for (const f of [files(), files(true)]) {
      for (const [name, content] of Object.entries(f)) {
        if (name.startsWith("public/")) {
          expect(content, name).not.toContain("张三明");
          expect(content, name).toContain("张*明");
        } else expect(content, name).toContain("张三明");
      }
    }
    expect(files(false)[`public/results/${SAMR}/results-notice.html`]).toContain("张三明");
  });
  it("publish no deadline, follow-up or note; the internal files carry them", () => {
    const f = files();
    for (const [name, content] of Object.entries(f).filter(([n]) => n.startsWith("public/"))) {
      expect(content, name).not.toMatch(/截止|经营异常名录|内部备注甲|2026-12-31|2027-01-04/);
    }
    const follow = f["internal/results-followups.csv"]!;
    expect(follow).toContain("列入经营异常名录");
    expect(follow).toContain("2026-12-18"); // Fri 12-04 + 10 working days: 12/7…12/11 (5), 12/14…12/18 (10)
    const deadlines = f["internal/results-deadlines.csv"]!;
    expect(deadlines).toContain("结果公示");
    expect(deadlines).toContain("后续处置");
  });
  it("title the notice without a doubled 抽查, and give the task's department and date at its foot", () => {
    const p = plan();
    expect(resultsTitle(p, SAMR)).toBe(`${SAMR}2026年第四季度企业公示信息随机抽查结果公示`);
    expect(resultsTitle({ ...p, taskName: "2026年食品经营专项" } as Plan, SAMR)).toBe(
      `${SAMR}2026年食品经营专项抽查结果公示`,
    );
    const html = files()[`public/results/${SAMR}/results-notice.html`]!;
    expect(html).not.toContain("抽查抽查");
    expect(html).toContain("2027年1月20日");
    expect(html).toContain("@page{size:A4");
    expect(html).toContain("国发〔2019〕5号");
  });
  it("make department names safe as folder names", () => {
    expect(departmentFolder("某市/某区 市场监管局")).toBe("某市_某区 市场监管局");
    expect(departmentFolder("..")).toBe("未注明部门");
  });
});
