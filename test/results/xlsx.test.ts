import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { RESULTS_PUBLIC_HEADER, type ResultsTables } from "../../src/publish/results.js";
import { resultsWorkbooks } from "../../src/publish/results-xlsx.js";
import { makeUscc } from "../helpers.js";

// an all-digit 统一社会信用代码: the kind Excel turns into 9.13501E+17 when it opens a CSV
const DIGITS = Array.from({ length: 200 }, (_, n) => makeUscc(n + 1)).find((id) => /^\d{18}$/.test(id))!;

describe("results workbooks", () => {
  it("keep codes and dates as text cells, with Chinese headers and a frozen header row", async () => {
    const tables: ResultsTables = {
      public: new Map([
        [
          "某市市场监督管理局",
          [[DIGITS, "张*明", "任务", "企业公示信息抽查", "某市市场监督管理局", "2026-12-03", "未发现问题"]],
        ],
      ]),
      followUps: [],
      deadlines: [
        [
          DIGITS,
          "张三明",
          "企业公示信息抽查",
          "某市市场监督管理局",
          "结果公示",
          "公示",
          "待录入",
          "2026-12-31",
          "",
          "",
        ],
      ],
    };
    const books = await resultsWorkbooks(tables, "2027-01-20");
    expect(Object.keys(books).sort()).toEqual([
      "internal/results.xlsx",
      "public/results/某市市场监督管理局/results-publication.xlsx",
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      Buffer.from(books["public/results/某市市场监督管理局/results-publication.xlsx"]!) as never,
    );
    const ws = wb.getWorksheet("抽查结果")!;
    expect(ws.getRow(1).values).toEqual([undefined, ...RESULTS_PUBLIC_HEADER]);
    const code = ws.getCell("A2");
    expect(code.value).toBe(DIGITS);
    expect(typeof code.value).toBe("string");
    expect(code.numFmt).toBe("@");
    expect(ws.getCell("F2").value).toBe("2026-12-03");
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const internal = new ExcelJS.Workbook();
    await internal.xlsx.load(Buffer.from(books["internal/results.xlsx"]!) as never);
    expect(internal.worksheets.map((w) => w.name)).toEqual(["后续处置", "期限报告"]);
    expect(internal.getWorksheet("期限报告")!.getCell("B2").value).toBe("张三明");
    // no clock inside: every zip entry dated 1980-01-01 00:00 (the workbook's own date is asOf)
    const bytes = books["internal/results.xlsx"]!;
    const dir = mkdtempSync(join(tmpdir(), "results-xlsx-"));
    writeFileSync(join(dir, "r.xlsx"), bytes);
    const list = execFileSync("unzip", ["-l", join(dir, "r.xlsx")], { encoding: "utf8" });
    const dated = list.split("\n").filter((l) => /\d{2}:\d{2}/.test(l));
    expect(dated.length).toBeGreaterThan(3);
    for (const line of dated) expect(line).toMatch(/1980-01-01 00:00|01-01-1980 00:00/);
    expect(internal.created.toISOString()).toBe("2027-01-20T00:00:00.000Z");
  });
});
