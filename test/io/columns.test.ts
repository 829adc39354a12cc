import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IssueCollector } from "../../src/io/issues.js";
import { loadRecords, type ReadOptions, readRecords } from "../../src/io/read.js";
import { checkColumns, editDistance, recordKeyIssues, suggestColumn } from "../../src/model/columns.js";
import { COLUMNS } from "../../src/model/records.js";
import type { Entity } from "../../src/model/types.js";
import { buildPlan } from "../../src/plan/build.js";
import { makeUscc } from "../helpers.js";

const dir = mkdtempSync(join(tmpdir(), "dr-columns-"));
const write = (name: string, content: string) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const A = makeUscc(1);

async function entities(path: string, options: ReadOptions = {}) {
  const issues = new IssueCollector();
  const out: Entity[] = [];
  for await (const e of readRecords("entities", path, issues, { displayName: "e.csv", ...options }))
    out.push(e);
  return { out, issues: issues.list() };
}

describe("unknown columns are errors, with a did-you-mean for near misses", () => {
  it("refuses a misspelled optional column (`tag` for `tags`) instead of dropping it", async () => {
    const p = write(
      "tag.csv",
      `id,name,kind,region,riskClass,status,tag\n${A},甲,enterprise,350102,A,active,严重违法失信名单\n`,
    );
    const { out, issues } = await entities(p);
    expect(out).toEqual([]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: "unknown-column",
      severity: "error",
      file: "e.csv",
      row: 1,
      column: "tag",
    });
    expect(issues[0]?.message).toContain("您是否指“tags”");
    expect(issues[0]?.message).toContain("inputs.ignoreColumns.entities");
  });
  it("suggests the canonical or Chinese column a header nearly matches", () => {
    const near = (h: string) => suggestColumn(COLUMNS.entities, h)?.column.key;
    expect(near("tag")).toBe("tags");
    expect(near("Tags")).toBe("tags");
    expect(near("risk_class")).toBe("riskClass");
    expect(near("riskclas")).toBe("riskClass");
    expect(near("registeredOnn")).toBe("registeredOn");
    expect(near("信用风险分级")).toBe("riskClass");
    expect(near("风险类别")).toBe("riskClass");
    expect(near("企业标签")).toBe("tags");
    expect(near("统一社会信用代码证")).toBe("id");
    expect(near("颜色")).toBeUndefined();
    expect(near("remark")).toBeUndefined();
    expect(suggestColumn(COLUMNS.entities, "信用风险分级")?.name).toBe("信用风险分类");
  });
  it("names the available columns when nothing is near", () => {
    const r = checkColumns(COLUMNS.history, ["entityId", "itemId", "inspectedOn", "颜色"], "h.csv");
    expect(r.issues.map((i) => i.code)).toEqual(["unknown-column"]);
    expect(r.issues[0]?.message).toContain("可用列");
    expect(r.issues[0]?.message).toContain("inspectorIds");
  });
  it("reads past a column the task lists as ignored, and only that one", async () => {
    const p = write(
      "ign.csv",
      `id,name,kind,region,riskClass,status,备注,颜色\n${A},甲,enterprise,350102,A,active,随便,红\n`,
    );
    const one = await entities(p, { ignoreColumns: ["备注"] });
    expect(one.out).toEqual([]);
    expect(one.issues.map((i) => [i.code, i.column])).toEqual([["unknown-column", "颜色"]]);
    const both = await entities(p, { ignoreColumns: ["备注", "颜色"] });
    expect(both.issues).toEqual([]);
    expect(both.out.map((e) => e.id)).toEqual([A]);
    expect(Object.keys(both.out[0]!)).not.toContain("备注");
  });
  it("refuses to ignore a known column", async () => {
    const p = write(
      "ignknown.csv",
      `id,name,kind,region,riskClass,status,tags\n${A},甲,enterprise,350102,A,active,\n`,
    );
    const { issues } = await entities(p, { ignoreColumns: ["tags"] });
    expect(issues.map((i) => [i.code, i.column])).toEqual([["ignored-known-column", "tags"]]);
  });
  it("refuses unknown keys in NDJSON and JSON rows, with the row", async () => {
    const nd = write(
      "e.ndjson",
      `${JSON.stringify({ id: A, name: "甲", kind: "enterprise", region: "350102", riskClass: "A", status: "active", tag: "x" })}\n`,
    );
    const r1 = await entities(nd);
    expect(r1.issues.map((i) => [i.row, i.column, i.code])).toEqual([[1, "tag", "unknown-column"]]);
    expect(r1.issues[0]?.message).toContain("您是否指“tags”");
    const js = write(
      "e.json",
      JSON.stringify([
        {
          统一社会信用代码: A,
          名称: "甲",
          主体类型: "企业",
          行政区划代码: "350102",
          风险类别: "A",
          登记状态: "存续",
        },
      ]),
    );
    const r2 = await entities(js);
    expect(r2.issues.map((i) => [i.row, i.column, i.code])).toContainEqual([1, "风险类别", "unknown-column"]);
    const r3 = await entities(nd, { ignoreColumns: ["tag"] });
    expect(r3.issues).toEqual([]);
    expect(r3.out).toHaveLength(1);
  });
  it("refuses a 0-byte CSV (no header row) unless it may be empty", async () => {
    const p = write("zero.csv", "");
    const r = await entities(p);
    expect(r.issues.map((i) => [i.row, i.code, i.severity])).toEqual([[1, "empty-file", "error"]]);
    expect((await entities(p, { allowEmpty: true })).issues).toEqual([]);
  });
  it("reads the items' optional result categories column (检查结果类别)", async () => {
    const p = write(
      "items.csv",
      "事项编号,事项名称,实施部门,抽查依据,事项类别,检查结果类别\nAQ-001,安全生产检查,应急管理局,《安全生产法》,重点,未发现问题;发现问题待后续处理\nGS-001,公示信息,市场监管局,《企业公示信息抽查办法》,一般,\n",
    );
    const r = await loadRecords("items", p);
    expect(r.issues.list()).toEqual([]);
    expect(r.records.map((i) => i.resultCategories)).toEqual([
      ["未发现问题", "发现问题待后续处理"],
      undefined,
    ]);
  });
  it("measures edit distance over characters, with adjacent swaps", () => {
    expect(editDistance("tag", "tags")).toBe(1);
    expect(editDistance("nmae", "name")).toBe(1);
    expect(editDistance("风险分类", "风险等级")).toBe(2);
    expect(editDistance("", "abc")).toBe(3);
  });
});

describe("keys of records given in memory", () => {
  it("refuse a key that is not a canonical column, with a did-you-mean; origin is allowed", () => {
    const cache = new Map();
    const ok = {
      id: A,
      name: "甲",
      kind: "enterprise",
      region: "350102",
      riskClass: "A",
      status: "active",
      tags: [],
      origin: { file: "x", row: 2 },
    };
    expect(recordKeyIssues(COLUMNS.entities, ok, "entities", 1, cache)).toEqual([]);
    const bad = { ...ok, tag: "严重违法失信名单" };
    const i = recordKeyIssues(COLUMNS.entities, bad, "entities", 7, cache);
    expect(i.map((x) => [x.file, x.row, x.column, x.code])).toEqual([
      ["entities", 7, "tag", "unknown-column"],
    ]);
    expect(i[0]?.message).toContain("您是否指“tags”");
    // cached per set of keys, located per row
    expect(recordKeyIssues(COLUMNS.entities, bad, "entities", 9, cache)[0]?.row).toBe(9);
  });
});

describe("buildPlan with records in memory", () => {
  it("refuses an entity object with `tag` for `tags` instead of losing its 必查 tag", async () => {
    const task = {
      id: "T-KEYS",
      name: "测试",
      department: "市场监管局",
      items: ["GS-001"],
      inputs: { entities: "e", inspectors: "i", items: "t" },
      scope: { mode: "undirected" },
      forced: { tags: ["严重违法失信名单"] },
      sampling: { stratifyBy: ["riskClass"], rates: { A: "50%" } },
      schedule: { start: "2026-12-01", end: "2026-12-15" },
    };
    const e = { id: A, name: "甲", kind: "enterprise", region: "350102", riskClass: "A", status: "active" };
    const r = await buildPlan({
      task,
      seed: "keys",
      entities: [{ ...e, tag: "严重违法失信名单" }],
      inspectors: [],
      items: [
        { id: "GS-001", name: "公示信息", department: "市场监管局", basis: "依据", category: "general" },
      ],
    });
    expect(r.ok).toBe(false);
    expect(r.issues.find((i) => i.code === "unknown-column")).toMatchObject({
      file: "entities",
      row: 1,
      column: "tag",
    });
  });
});
