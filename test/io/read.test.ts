import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IssueCollector } from "../../src/io/issues.js";
import { detectEncoding, loadRecords, readRecords } from "../../src/io/read.js";
import { fileDigest, loadInputs, readTask } from "../../src/io/task.js";
import { toEntity } from "../../src/model/records.js";
import type { Entity } from "../../src/model/types.js";
import { makeUscc } from "../helpers.js";

const dir = mkdtempSync(join(tmpdir(), "dr-read-"));
const write = (name: string, content: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const A = makeUscc(1);
const B = makeUscc(2, "350103");
const HEADER = "id,name,kind,region,riskClass,status,tags";

async function entities(path: string) {
  const issues = new IssueCollector();
  const out: Entity[] = [];
  for await (const e of readRecords("entities", path, issues, { displayName: "e.csv" })) out.push(e);
  return { out, issues: issues.list() };
}

describe("CSV reader", () => {
  it("reads RFC 4180 quoting (comma, quote, line break inside a cell) with CRLF", async () => {
    const p = write(
      "q.csv",
      `${HEADER}\r\n${A},"福州""闽江"",贸易\r\n有限公司",enterprise,350102,A,active,\r\n`,
    );
    const { out, issues } = await entities(p);
    expect(issues).toEqual([]);
    expect(out[0]?.name).toBe('福州"闽江",贸易\r\n有限公司');
  });
  it("reads LF files with a UTF-8 BOM and Chinese headers", async () => {
    const p = write(
      "bom.csv",
      `\uFEFF统一社会信用代码,名称,主体类型,行政区划代码,信用风险分类,登记状态,标签\n${A},甲公司,企业,350102,A,存续,经营异常名录;投诉举报\n`,
    );
    const { out, issues } = await entities(p);
    expect(issues).toEqual([]);
    expect(out[0]).toMatchObject({
      id: A,
      kind: "enterprise",
      status: "active",
      tags: ["经营异常名录", "投诉举报"],
    });
  });
  it("detects and reads GB18030/GBK as exported by Chinese Excel", async () => {
    const { out, issues } = await entities("test/fixtures/entities-gbk.csv");
    expect(issues).toEqual([]);
    expect(out.map((e) => e.name)).toEqual(["福州闽江贸易有限公司", "张三明"]);
    expect(out[1]?.kind).toBe("individual");
  });
  it("detects encodings from the first bytes", () => {
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toBe("utf-8");
    expect(detectEncoding(new TextEncoder().encode("名称"))).toBe("utf-8");
    expect(detectEncoding(new Uint8Array([0xc3, 0xfb, 0xb3, 0xc6]))).toBe("gb18030");
    // a UTF-8 sequence cut at the end of the sample is not mistaken for GBK
    expect(detectEncoding(new TextEncoder().encode("名称").subarray(0, 4))).toBe("utf-8");
  });
  it("reports every bad row with file, row (header = 1), column and code, and drops nothing silently", async () => {
    const bad = `${A.slice(0, 17)}0`; // wrong check digit
    const p = write(
      "bad.csv",
      [
        HEADER,
        `${A},甲,enterprise,350102,A,active,`,
        `${bad},乙,enterprise,350102,A,active,`,
        `${B},丙,company,3501,A,gone,`,
        `${B},丁,enterprise,350103,,active,`,
        `${A},戊,enterprise,350102,A,active`,
        ` ${B},己,enterprise,350103,A,active,`,
      ].join("\n"),
    );
    const { out, issues } = await entities(p);
    expect(out.map((e) => e.name)).toEqual(["甲"]);
    const where = issues
      .map((i) => [i.row, i.column, i.code])
      .sort((a, b) => Number(a[0]) - Number(b[0]) || String(a[1]).localeCompare(String(b[1])));
    expect(where).toEqual([
      [3, "id", "invalid-uscc"],
      [4, "kind", "invalid-value"],
      [4, "region", "invalid-region"],
      [4, "status", "invalid-value"],
      [5, "riskClass", "missing-value"],
      [6, undefined, "column-count"],
      [7, "id", "whitespace"],
    ]);
    expect(issues.every((i) => i.file === "e.csv" && /[\u4e00-\u9fff]/.test(i.message))).toBe(true);
  });
  it("reports missing and unknown header columns on row 1", async () => {
    const p = write("hdr.csv", `id,name,kind,region,status,颜色\n${A},甲,enterprise,350102,active,红\n`);
    const { out, issues } = await entities(p);
    expect(out).toEqual([]);
    expect(issues.map((i) => [i.row, i.column, i.code, i.severity])).toEqual([
      [1, "颜色", "unknown-column", "error"],
      [1, "riskClass", "missing-column", "error"],
    ]);
  });
  it("reports a malformed CSV (unclosed quote) as a located file issue", async () => {
    const p = write("unclosed.csv", `${HEADER}\n${A},"甲,enterprise,350102,A,active,\n`);
    const { issues } = await entities(p);
    expect(issues[0]).toMatchObject({ code: "invalid-csv", file: "e.csv" });
  });
  it("reports a missing file", async () => {
    const { issues } = await entities(join(dir, "nope.csv"));
    expect(issues[0]?.code).toBe("file-not-found");
  });
  it("caps listed issues per code and says how many more there were", () => {
    const c = new IssueCollector(3);
    for (let i = 0; i < 10; i++)
      c.add({ code: "invalid-row", severity: "error", message: "m", file: "f", row: i });
    const l = c.list();
    expect(l).toHaveLength(4);
    expect(l[3]).toMatchObject({ code: "more-issues", file: "f" });
    expect(l[3]?.message).toContain("7");
    expect(c.errorCount).toBe(10);
  });
});

describe("NDJSON and JSON readers", () => {
  it("reads NDJSON line by line with line numbers as rows", async () => {
    const p = write(
      "i.ndjson",
      `{"id":"P1","name":"甲","certificateNo":"C1","certificateExpiresOn":"2027-01-01","department":"D","unit":"U","region":"350102","specialties":["a","b"],"role":"inspector","unavailable":"2026-12-01~2026-12-03"}\nnot json\n{"id":"P2","name":"乙","department":"D","unit":"U","region":"350102","role":"inspector"}\n`,
    );
    const r = await loadRecords("inspectors", p, { displayName: "i.ndjson" });
    expect(r.records.map((i) => i.id)).toEqual(["P1"]);
    expect(r.records[0]?.unavailable).toEqual([{ from: "2026-12-01", to: "2026-12-03" }]);
    expect(r.issues.list().map((i) => [i.row, i.code, i.column])).toEqual([
      [2, "invalid-json", undefined],
      [3, "missing-value", "certificateNo"],
    ]);
  });
  it("reads a JSON array with Chinese keys", async () => {
    const p = write(
      "c.json",
      JSON.stringify([
        { 人员编号: "P1", 统一社会信用代码: A, 回避事由: "配偶" },
        { inspectorId: "P2", entityId: "X", relation: "亲属" },
      ]),
    );
    const r = await loadRecords("conflicts", p, { displayName: "c.json" });
    expect(r.records).toHaveLength(1);
    expect(r.records[0]).toMatchObject({ inspectorId: "P1", entityId: A, relation: "配偶" });
    expect(r.issues.list().map((i) => [i.row, i.column, i.code])).toEqual([[2, "entityId", "invalid-uscc"]]);
  });
  it("rejects invalid dates and date ranges", async () => {
    const p = write(
      "h.csv",
      `entityId,itemId,inspectedOn,inspectorIds\n${A},GS-001,2026-02-30,P1\n${A},GS-001,2026-02-03,P1;;P2\n`,
    );
    const r = await loadRecords("history", p, { displayName: "h.csv" });
    expect(r.issues.list().map((i) => [i.row, i.column, i.code])).toEqual([
      [2, "inspectedOn", "invalid-date"],
      [3, "inspectorIds", "invalid-list"],
    ]);
  });
});

describe("row conversion", () => {
  it("refuses every character trim() removes, at either end, and nothing else", () => {
    const row = { id: A, kind: "enterprise", region: "350102", riskClass: "A", status: "active" };
    const refused = (name: string) =>
      toEntity({ ...row, name }, "e.csv", 2).issues.some((i) => i.code === "whitespace");
    const wrong: number[] = [];
    let spaces = 0;
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const space = ch.trim() === "";
      if (space) spaces++;
      if (refused(`${ch}甲`) !== space || refused(`甲${ch}`) !== space) wrong.push(c);
    }
    expect(wrong).toEqual([]);
    expect(spaces).toBeGreaterThan(20); // U+0009–000D, U+0020, U+00A0, U+3000, …
  });
});

describe("input digests", () => {
  it("records the digest of the bytes read, and refuses a file changed between two passes", async () => {
    const d = mkdtempSync(join(tmpdir(), "dr-digest-"));
    for (const f of ["task.json", "entities.csv", "inspectors.csv", "items.csv", "calendar-2027.json"])
      writeFileSync(join(d, f), readFileSync(join("seeds", f)));
    const t = await readTask(join(d, "task.json"));
    if (!t.ok) throw new Error("task");
    const task = { ...t.value, task: { ...t.value.task, inputs: { ...t.value.task.inputs } } };
    delete (task.task.inputs as Record<string, unknown>).conflicts;
    delete (task.task.inputs as Record<string, unknown>).history;
    const inputs = await loadInputs(task);
    const drain = async () => {
      for await (const _ of inputs.entities());
    };
    await drain();
    expect(await inputs.finishDigests()).toEqual([]);
    expect(inputs.digests.entities?.sha256).toBe(await fileDigest(join(d, "entities.csv")));
    expect(inputs.digests.inspectors?.sha256).toBe(await fileDigest(join(d, "inspectors.csv")));
    writeFileSync(join(d, "entities.csv"), `${readFileSync(join(d, "entities.csv"), "utf8")}\n`);
    await drain();
    const changed = await inputs.finishDigests();
    expect(changed.map((i) => [i.code, i.severity])).toEqual([["input-changed", "error"]]);
  });
});
