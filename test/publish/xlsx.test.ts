import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderWorkbooks } from "../../src/io/xlsx.js";
import { type SheetSpec, type TextRow, xlsxBytes } from "../../src/publish/xlsx.js";
import { makeUscc } from "../helpers.js";

async function bytesOf(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const all: Uint8Array[] = [];
  for await (const c of chunks) all.push(c);
  return Buffer.concat(all);
}

// more rows than the writer renders between two turns of the event loop, codes of every shape
const ROWS: TextRow[] = Array.from({ length: 1234 }, (_, k) => [
  String(k + 1),
  makeUscc(k + 1),
  `某某有限公司${k}`,
  k % 7 === 0 ? "=1+1" : "0012",
]);
const DATE = new Date("2026-12-01T00:00:00Z");
const sheets = (rows: () => Iterable<TextRow> | AsyncIterable<TextRow>): SheetSpec[] => [
  { name: "名单", header: ["序号", "统一社会信用代码", "名称", "备注"], rows, widths: [6, 22, 36, 8] },
  { name: "空表", header: ["甲"], rows: () => [] },
];

describe("the streaming workbook writer", () => {
  it("gives the same bytes from rows made here, rows that come asynchronously and rows sent to the renderer", async () => {
    const here = await bytesOf(
      xlsxBytes(
        sheets(() => ROWS),
        DATE,
      ),
    );
    const later = await bytesOf(
      xlsxBytes(
        sheets(async function* () {
          for (const r of ROWS) {
            if (r[0] === "500") await new Promise((ok) => setTimeout(ok, 5));
            yield r;
          }
        }),
        DATE,
      ),
    );
    expect(later.equals(here)).toBe(true);
    // from the sources no worker script is found: rendered here when read, the same bytes
    const rendered = renderWorkbooks({ "a.xlsx": { sheets: sheets(() => ROWS), date: DATE } });
    expect((await bytesOf(rendered["a.xlsx"]!)).equals(here)).toBe(true);
  });

  it("keeps codes as text cells, freezes the header and dates every zip entry from the plan (read without exceljs)", async () => {
    const bytes = await bytesOf(
      xlsxBytes(
        sheets(() => ROWS),
        DATE,
      ),
    );
    const dir = mkdtempSync(join(tmpdir(), "stream-xlsx-"));
    const file = join(dir, "a.xlsx");
    writeFileSync(file, bytes);
    const xml = execFileSync("unzip", ["-p", file, "xl/worksheets/sheet1.xml"], { encoding: "utf8" });
    expect(xml).toContain('state="frozen"');
    const cells = [...xml.matchAll(/<c r="B(\d+)"([^>]*)>(.*?)<\/c>/g)];
    expect(cells).toHaveLength(ROWS.length + 1);
    for (const [, row, attrs, inner] of cells.slice(1)) {
      expect(attrs).toMatch(/t="(str|inlineStr)"/);
      expect(inner).toContain(ROWS[Number(row) - 2]![1]!);
    }
    expect(xml).not.toContain("<f>");
    const list = execFileSync("unzip", ["-l", file], { encoding: "utf8" });
    const dated = list.split("\n").filter((l) => /\d{2}:\d{2}/.test(l));
    expect(dated.length).toBeGreaterThan(5);
    for (const line of dated) expect(line).toMatch(/2026-12-01 00:00|12-01-2026 00:00/);
    // every entry's CRC-32 (computed by zlib.crc32 where Node has it) checked by unzip
    expect(execFileSync("unzip", ["-tq", file], { encoding: "utf8" })).toMatch(/No errors detected/);
  });
});

describe("rows written as exceljs writes them", () => {
  it("gives the sheet XML of exceljs' own rows: escapes, control characters, empty cells, long and short rows", async () => {
    const rows: TextRow[] = [
      ["1", "a&b<c>d\"e'f", "", "控制\u0001字符\u007f与\t制表\r\n换行"],
      ["", "", "", ""],
      ["𠀋𠀋 astral", "=SUM(A1)", "  spaces  ", "]]>"],
      ["only one"],
      Array.from({ length: 30 }, (_, k) => `c${k}`),
      [],
      ["after an empty row"],
      ...Array.from({ length: 450 }, (_, k) => [String(k), makeUscc(k + 3), `名称${k}`]),
    ];
    const header = Array.from({ length: 30 }, (_, k) => `列${k}`);
    const dir = mkdtempSync(join(tmpdir(), "rows-xlsx-"));
    // exceljs alone: addRow and commit per row (the writer before rows were written directly)
    const ExcelJS = (await import("exceljs")).default;
    const theirs = join(dir, "theirs.xlsx");
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: theirs,
      useStyles: false,
      useSharedStrings: false,
    });
    const ws = wb.addWorksheet("表", { views: [{ state: "frozen", ySplit: 1 }] });
    ws.columns = header.map((h) => ({ header: h, width: 10 }));
    ws.getRow(1).commit();
    for (const r of rows) ws.addRow(r as string[]).commit();
    ws.commit();
    await wb.commit();
    const ours = join(dir, "ours.xlsx");
    writeFileSync(
      ours,
      await bytesOf(
        xlsxBytes([{ name: "表", header, rows: () => rows, widths: header.map(() => 10) }], DATE),
      ),
    );
    const sheet = (f: string) =>
      execFileSync("unzip", ["-p", f, "xl/worksheets/sheet1.xml"], { encoding: "utf8" });
    expect(sheet(ours)).toBe(sheet(theirs));
  });
});
