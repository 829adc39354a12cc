import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { loadInputs, readTask } from "../../src/io/task.js";
import type { Plan } from "../../src/plan/schema.js";
import { planFromSources } from "../../src/plan/sources.js";
import { tableXlsxBytes } from "../../src/publish/xlsx.js";
import { statsHtml, statsSheets } from "../../src/stats/report.js";
import { NOT_A_FINDING, onTimeRate, type StatsResult, yearStats } from "../../src/stats/stats.js";
import { barChartSvg } from "../../src/stats/svg.js";

let plan: Plan;
let population: Awaited<ReturnType<typeof collect>>;

async function collect(source: Awaited<ReturnType<typeof loadInputs>>["entities"]) {
  const out: { id: string; riskClass: string; region: string; status: "active" | "deregistered" }[] = [];
  for await (const x of source()) for (const e of Array.isArray(x) ? x : [x]) out.push(e);
  return out;
}

beforeAll(async () => {
  const t = await readTask("seeds/task.json");
  if (!t.ok) throw new Error("task");
  const inputs = await loadInputs(t.value);
  const r = await planFromSources({ ...inputs, task: t.value.task, seed: "stats-test" });
  if (!r.ok) throw new Error("plan");
  plan = r.plan;
  population = await collect(inputs.entities);
});

/** Results for the first entities, some published on time, one late, one undated. */
function someResults(p: Plan): StatsResult[] {
  const when = new Map(p.schedule.map((s) => [s.entityId, s]));
  const cats = [
    ["未发现问题"],
    ["未按规定公示应当公示的信息", "发现问题已责令改正"],
    ["已注销"],
    ["通过登记的住所（经营场所）无法联系"],
  ];
  return p.selected.slice(0, 8).map((s, k) => {
    const w = when.get(s.entityId)!;
    const r = {
      entityId: s.entityId,
      itemId: p.items[0]!.id,
      department: p.items[0]!.department,
      categories: cats[k % cats.length]!,
      finishedOn: w.date,
      publishBy: w.publishBy,
      followUps: [],
      note: "",
      row: k + 2,
    } as StatsResult;
    if (k === 0) return r; // undated
    return { ...r, publishedOn: k === 1 ? "2099-01-01" : w.date };
  });
}

describe("year-end statistics", () => {
  it("coverage by class counts the drawn and inspected entities against the directory", () => {
    const results = someResults(plan);
    const s = yearStats({ plans: [{ plan, results }], asOf: "2027-06-30", population });
    for (const c of s.byClass) {
      expect(c.planned).toBe(plan.selected.filter((x) => x.riskClass === c.key).length);
      const done = new Set(results.map((r) => r.entityId));
      expect(c.inspected).toBe(
        plan.selected.filter((x) => x.riskClass === c.key && done.has(x.entityId)).length,
      );
      expect(c.population).toBe(
        population.filter((e) => e.status === "active" && e.riskClass === c.key).length,
      );
    }
    expect(s.byRegion.reduce((a, r) => a + r.planned, 0)).toBe(plan.selected.length);
    expect(s.total.planned).toBe(plan.selected.length);
    expect(s.byItem.map((i) => i.key)).toEqual(plan.items.map((i) => i.id).sort());
  });

  it("problem rate, categories and on-time publication are counted per result", () => {
    const results = someResults(plan);
    const s = yearStats({ plans: [{ plan, results }], asOf: "2099-12-31" });
    const withFinding = results.filter((r) => r.categories.some((c) => !NOT_A_FINDING.includes(c))).length;
    expect(s.findings).toEqual({ results: results.length, withFinding });
    expect(s.categories.find((c) => c.category === "已注销")).toEqual({
      category: "已注销",
      count: results.filter((r) => r.categories.includes("已注销")).length,
      finding: false,
    });
    expect(s.byDepartment).toEqual(
      [...new Set(plan.items.map((i) => i.department))].map((department) => ({
        department,
        planned: plan.selected.length * plan.items.filter((i) => i.department === department).length,
        results: results.length,
        withFinding,
      })),
    );
    expect(s.publication.undated).toBe(1);
    expect(s.publication.late).toBe(1);
    expect(s.publication.onTime).toBe(results.length - 2);
    // every other planned inspection is past due in 2099
    expect(s.publication.overdue).toBe(plan.selected.length * plan.items.length - results.length);
    expect(s.publication.pending).toBe(0);
    expect(onTimeRate(s.publication)).toBeCloseTo(
      s.publication.onTime / (s.publication.onTime + s.publication.late + s.publication.overdue),
    );
  });

  it("lists the annual plan's tasks with what was drawn and inspected", () => {
    const results = someResults(plan);
    const s = yearStats({
      plans: [{ plan, results }],
      asOf: "2027-06-30",
      annual: {
        lines: [
          { taskId: plan.taskId, name: plan.taskName, count: plan.selected.length },
          { taskId: "NOT-DRAWN", name: "未抽取的任务", count: 7 },
        ],
      },
    });
    expect(s.completion).toEqual([
      {
        taskId: plan.taskId,
        name: plan.taskName,
        planned: plan.selected.length,
        drawn: plan.selected.length,
        inspected: new Set(results.map((r) => r.entityId)).size,
      },
      { taskId: "NOT-DRAWN", name: "未抽取的任务", planned: 7 },
    ]);
    expect(statsHtml(s, "t")).toContain("年度计划完成情况");
    expect(yearStats({ plans: [{ plan, results }], asOf: "2027-06-30" }).completion).toBeUndefined();
  });

  it("counts recusals and replacements by reason", () => {
    const p: Plan = {
      ...plan,
      replacements: [
        { type: "inspector", entityId: "x", inspectorId: "a", replacedBy: "b", reason: "配偶" },
        { type: "inspector", entityId: "y", inspectorId: "c", replacedBy: "d", reason: "配偶" },
        { type: "entity", entityId: "z", replacedBy: "w", reason: "已停业" },
      ],
    };
    const s = yearStats({ plans: [{ plan: p, results: [] }], asOf: "2027-01-01" });
    expect(s.recusals).toEqual([{ reason: "配偶", count: 2 }]);
    expect(s.replacements).toEqual([{ reason: "已停业", count: 1 }]);
  });

  it("the page is self-contained, with escaped text and one SVG chart per section", () => {
    const s = yearStats({ plans: [{ plan, results: someResults(plan) }], asOf: "2027-06-30", population });
    const html = statsHtml(s, "<统计>");
    expect(html).toContain("&lt;统计&gt;");
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html.match(/<svg /g)?.length).toBe(5);
    const svg = barChartSvg({ title: "a<b", series: ["x"], rows: [{ label: "<i>", values: [1] }] });
    expect(svg).not.toContain("<i>");
  });

  it("the workbook keeps codes as text", async () => {
    const s = yearStats({ plans: [{ plan, results: someResults(plan) }], asOf: "2027-06-30", population });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await tableXlsxBytes(statsSheets(s))) as never);
    const ws = wb.getWorksheet("按行政区划")!;
    expect(ws.getRow(1).getCell(1).value).toBe("代码");
    const codes = ws.getColumn(1).values.slice(2);
    expect(codes.length).toBe(s.byRegion.length);
    expect(codes.every((v) => typeof v === "string" && /^\d{6}$/.test(v))).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  });
});
