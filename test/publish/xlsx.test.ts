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
  });
});
