import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { annualSheets } from "../../src/annual/document.js";
import { planAnnual } from "../../src/annual/plan.js";
import { regionName } from "../../src/annual/regions.js";
import { type Annual, AnnualSchema } from "../../src/annual/schema.js";
import { quarterRange } from "../../src/annual/tasks.js";
import { loadAnnualInputs } from "../../src/cli/commands/annual.js";
import { tableXlsxBytes } from "../../src/publish/xlsx.js";

const FILE = "seeds/annual-2027.json";
const demo = (): Annual => AnnualSchema.parse(JSON.parse(readFileSync(FILE, "utf8")));

async function run(annual: Annual) {
  const l = await loadAnnualInputs(annual, FILE);
  expect(l.issues.filter((i) => i.severity === "error")).toEqual([]);
  return planAnnual({
    annual,
    file: FILE,
    entities: l.entities,
    inspectors: l.inputs.inspectors,
    items: l.inputs.items,
    history: l.inputs.history,
    calendar: l.inputs.calendar,
    regionName: (c) => regionName(c),
  });
}

// ---- the hand count: straight from the CSV files, without the library's readers or draw
type Row = Record<string, string>;
const csv = (name: string): Row[] =>
  parse(readFileSync(`seeds/${name}`, "utf8"), { columns: true, bom: true, skip_empty_lines: true });
/** ⌈N × p⌉ for a rate such as "3%" or 0.05, in integers. */
function ceilRate(n: number, rate: string | number): number {
  const text = String(rate).trim();
  const pct = text.endsWith("%");
  const [i, f = ""] = (pct ? text.slice(0, -1) : text).split(".");
  const num = BigInt(i! + f);
  const den = 10n ** BigInt(f.length) * (pct ? 100n : 1n);
  return Number((BigInt(n) * num + den - 1n) / den);
}
function handCount(annual: Annual, item: string) {
  const entities = csv("entities.csv");
  const history = csv("history.csv");
  const perClass = new Map<string, { population: number; planned: number }>();
  const cls = (c: string) => {
    let v = perClass.get(c);
    if (!v) {
      v = { population: 0, planned: 0 };
      perClass.set(c, v);
    }
    return v;
  };
  for (const e of entities) if (e.status === "存续") cls(e.riskClass!).population++;
  for (const t of annual.tasks.filter((x) => x.items.includes(item))) {
    const f = t.scope.mode === "directed" ? t.scope.filters : {};
    const year = String(annual.year);
    const seen = new Set(
      history
        .filter((h) => t.items.includes(h.itemId!) && h.inspectedOn!.startsWith(year))
        .map((h) => h.entityId),
    );
    const forcedTags = t.forced?.tags ?? [];
    const frame = new Map<string, number>();
    for (const e of entities) {
      if (f.regionPrefix && !f.regionPrefix.some((p) => e.region!.startsWith(p))) continue;
      if (f.kind && !f.kind.includes(e.kind as never)) continue;
      if (f.industry && !f.industry.includes(e.industry!)) continue;
      if (e.status !== "存续") continue;
      if (forcedTags.some((tag) => e.tags!.split(";").includes(tag))) {
        cls(e.riskClass!).planned++;
        continue;
      }
      if (seen.has(e.id)) continue;
      frame.set(e.riskClass!, (frame.get(e.riskClass!) ?? 0) + 1);
    }
    for (const [c, n] of frame) cls(c).planned += ceilRate(n, t.sampling.rates![c]!);
  }
  return perClass;
}

describe("annual plan of the demo directory", () => {
  it("has four quarterly tasks and one joint task", () => {
    const a = demo();
    expect(
      a.tasks.filter((t) => t.quarter !== undefined && (t.departments?.participants ?? []).length === 0),
    ).toHaveLength(4);
    expect(a.tasks.filter((t) => (t.departments?.participants ?? []).length > 0)).toHaveLength(1);
  });

  it("coverage table per risk class and in total matches a hand count from the CSV", async () => {
    const a = demo();
    const r = await run(a);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.issues.filter((i) => i.severity === "error")).toEqual([]);
    for (const table of r.plan.coverage) {
      const item = table.items[0]!;
      const hand = handCount(a, item);
      const rows = table.rows.filter((x) => x.group === "riskClass");
      expect(rows.map((x) => x.key).sort()).toEqual([...hand.keys()].sort());
      for (const row of rows) {
        expect(row.exact).toBe(true);
        expect({ c: row.key, population: row.population, planned: row.projected }).toEqual({
          c: row.key,
          population: hand.get(row.key)!.population,
          planned: hand.get(row.key)!.planned,
        });
      }
      const total = table.rows.find((x) => x.group === "total")!;
      expect(total.projected).toBe([...hand.values()].reduce((s, v) => s + v.planned, 0));
      // per region: populations add up to the total; names come from GB/T 2260 data
      const regions = table.rows.filter((x) => x.group === "region");
      expect(regions.reduce((s, x) => s + x.population, 0)).toBe(total.population);
      expect(regions.every((x) => !x.label.startsWith("（未知"))).toBe(true);
    }
    // the plan lines count what the draws will take, task by task
    const planned = r.plan.lines.filter((l) => l.items.some((i) => i.id === "GS-001"));
    expect(planned.reduce((s, l) => s + l.count, 0)).toBe(
      r.plan.coverage.find((c) => c.items[0] === "GS-001")!.rows.find((x) => x.group === "total")!.projected,
    );
  });

  it("a plan at 1% of class A fails the 3% floor, naming the shortfall in entities", async () => {
    const a = demo();
    for (const t of a.tasks)
      if (t.items.includes("GS-001")) t.sampling.rates = { ...t.sampling.rates, A: "1%" };
    const r = await run(a);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const hand = handCount(a, "GS-001").get("A")!;
    const required = ceilRate(hand.population, "3%");
    const short = r.issues.filter((i) => i.code === "coverage-below-floor");
    const forA = short.find((i) => i.received === "A");
    expect(forA?.severity).toBe("error");
    expect(forA?.message).toContain(`缺 ${required - hand.planned} 户`);
    expect(forA?.message).toContain(`至少 ${required} 户`);
    expect(required - hand.planned).toBeGreaterThan(0);
  });

  it("provincial floors: 定向 over the directed tasks' scopes, 不定向 with no undirected task, 企业 only", async () => {
    const a = demo();
    a.floors = [
      { label: "定向不低于10%", items: ["GS-001"], rate: "10%", mode: "directed", over: ["total"] },
      { label: "不定向不低于3%", items: ["GS-001"], rate: "3%", mode: "undirected", over: ["total"] },
      {
        label: "企业不低于3%",
        items: ["GS-001"],
        rate: "3%",
        over: ["total"],
        population: { kind: ["enterprise"] },
      },
    ];
    const r = await run(a);
    if (!r.ok) throw new Error("plan failed");
    const entities = csv("entities.csv").filter((e) => e.status === "存续");
    const gs = a.tasks.filter((t) => t.items.includes("GS-001"));
    const prefixes = gs.flatMap((t) =>
      t.scope.mode === "directed" ? (t.scope.filters.regionPrefix ?? []) : [],
    );
    const [directed, undirected, enterprises] = r.plan.floors.map((f) => f.rows[0]!);
    expect(directed!.population).toBe(
      entities.filter((e) => prefixes.some((p) => e.region!.startsWith(p))).length,
    );
    expect(directed!.required).toBe(ceilRate(directed!.population, "10%"));
    // no 不定向 task of the item: nothing counts, the whole floor is short
    expect(undirected!.projected).toBe(0);
    expect(undirected!.shortfall).toBe(ceilRate(entities.length, "3%"));
    expect(
      r.issues.some(
        (i) => i.code === "coverage-below-floor" && i.key === "floors[1]" && i.severity === "error",
      ),
    ).toBe(true);
    expect(enterprises!.population).toBe(entities.filter((e) => e.kind === "enterprise").length);
  });

  it("refuses the same item twice for the same entities in a year", async () => {
    const a = demo();
    const q1 = a.tasks[0]!;
    a.tasks.push({
      ...q1,
      id: "SJ-2027-Q1-GS-BIS",
      quarter: 4,
      window: { start: "2027-11-01", end: "2027-11-30" },
    });
    const r = await run(a);
    expect(r.ok && r.issues.some((i) => i.code === "annual-item-overlap" && i.severity === "error")).toBe(
      true,
    );
  });

  it("refuses a joint task whose department has fewer certified inspectors than the team needs", async () => {
    const a = demo();
    const joint = a.tasks.find((t) => (t.departments?.participants ?? []).length > 0)!;
    joint.departments = { ...joint.departments, participants: ["福州市不存在的管理局"] };
    const r = await run(a);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const i = r.issues.find((x) => x.code === "department-short");
    expect(i?.severity).toBe("error");
    expect(i?.message).toContain("福州市不存在的管理局");
    // the default quota is two per department, stated in the task file
    const t = r.plan.tasks.find((x) => x.id === joint.id)!;
    expect(t.teams?.departments).toEqual({ [t.department]: 2, 福州市不存在的管理局: 2 });
  });

  it("a department sends one inspector to a joint team only with a stated reason", async () => {
    const a = demo();
    const joint = a.tasks.find((t) => (t.departments?.participants ?? []).length > 0)!;
    const dept = joint.departments!.participants![0]!;
    joint.teams = {
      ...joint.teams,
      singleInspectorDepartments: { [dept]: "该局执法人员不足，经批准每组派一名" },
    };
    let r = await run(a);
    if (!r.ok) throw new Error("plan failed");
    const t = r.plan.tasks.find((x) => x.id === joint.id)!;
    expect(t.teams?.departments?.[dept]).toBe(1);
    expect(t.teams?.departments?.[t.department]).toBe(2);
    expect(t.teams?.size).toBe(3);
    // a quota of one for every department, with no reason: the task file would be refused, so the plan is
    const b = demo();
    b.defaults = { ...b.defaults, perDepartment: 1 };
    r = await run(b);
    expect(r.ok).toBe(false);
    expect(r.issues.some((i) => i.message.includes("teams.singleInspectorDepartments"))).toBe(true);
  });

  it("flags windows on days off and years without calendar data", async () => {
    const a = demo();
    a.tasks[2]!.window = { start: "2027-07-03", end: "2027-09-30" }; // a Saturday
    let r = await run(a);
    expect(r.ok && r.issues.some((i) => i.code === "window-on-day-off" && i.received === "2027-07-03")).toBe(
      true,
    );
    expect(
      r.ok && r.issues.some((i) => ["calendar-from-file", "calendar-provisional"].includes(i.code)),
    ).toBe(true);
    const { calendar: _, ...inputs } = a.inputs;
    r = await run({ ...a, inputs });
    expect(r.ok).toBe(true);
    expect(r.issues.some((i) => i.code === "calendar-year-missing" && i.severity === "error")).toBe(true);
  });

  it("quarters are calendar quarters", () => {
    expect(quarterRange(2027, 1)).toEqual({ start: "2027-01-01", end: "2027-03-31" });
    expect(quarterRange(2028, 1).end).toBe("2028-03-31");
    expect(quarterRange(2027, 4)).toEqual({ start: "2027-10-01", end: "2027-12-31" });
  });

  it("the workbook has the 备案 columns, a frozen header row and codes as text", async () => {
    const r = await run(demo());
    if (!r.ok) throw new Error("plan failed");
    const bytes = await tableXlsxBytes(annualSheets(r.plan));
    // the same plan gives the same bytes (zip entry times are fixed)
    expect(Buffer.from(await tableXlsxBytes(annualSheets(r.plan))).equals(Buffer.from(bytes))).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as never);
    const ws = wb.getWorksheet("年度抽查计划")!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    for (const h of [
      "检查主体",
      "事项",
      "依据",
      "比例",
      "频次",
      "数量（户）",
      "计划时间",
      "发起部门",
      "参与部门",
    ])
      expect(header).toContain(h);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(ws.rowCount).toBe(r.plan.lines.length + 1);
    expect(typeof ws.getRow(2).getCell(2).value).toBe("string");
    const cov = wb.getWorksheet("预计覆盖")!;
    const codes = cov
      .getColumn(3)
      .values.slice(2)
      .filter((v) => v !== "" && v !== undefined);
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((v) => typeof v === "string")).toBe(true);
  });
});
