import ExcelJS from "exceljs";

/** One sheet of a workbook: a header row and rows of cells. */
export interface SheetSpec {
  /** Sheet name (at most 31 characters). */
  readonly name: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
  /** Column widths in characters [12]. */
  readonly widths?: readonly number[];
}

/**
 * A workbook in memory (`.xlsx` bytes): Chinese headers in bold, the header row frozen, every string cell
 * stored as text with the text number format (`@`), so codes such as 统一社会信用代码 or 行政区划代码 keep
 * their leading zeros and digits; numbers stay numbers. Cells that start with `= + - @` are stored as text,
 * never as formulas.
 */
export async function xlsxBytes(sheets: readonly SheetSpec[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "double-random";
  // a fixed date: the same inputs give the same workbook
  wb.created = new Date(0);
  wb.modified = new Date(0);
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, {
      views: [{ state: "frozen", ySplit: 1 }],
      pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    ws.columns = s.header.map((h, j) => ({ header: h, key: `c${j}`, width: s.widths?.[j] ?? 12 }));
    ws.getRow(1).font = { bold: true };
    for (const r of s.rows) {
      const row = ws.addRow([...r]);
      r.forEach((v, j) => {
        if (typeof v === "string") {
          const cell = row.getCell(j + 1);
          cell.numFmt = "@";
          cell.value = v;
        }
      });
    }
  }
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
