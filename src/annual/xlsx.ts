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
  return fixZipTimes(new Uint8Array(buf as ArrayBuffer));
}

/**
 * Set every entry's modification time in a zip archive to 1980-01-01 00:00 (the zip writer stamps the clock),
 * so the same content gives the same bytes. Walks the central directory from its end record; the local
 * header of each entry is found through its recorded offset. Returns the bytes unchanged if they are not a zip.
 */
export function fixZipTimes(bytes: Uint8Array): Uint8Array {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (v.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return bytes;
  const count = v.getUint16(end + 10, true);
  let at = v.getUint32(end + 16, true);
  const DOS_TIME = 0;
  const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  for (let k = 0; k < count; k++) {
    if (v.getUint32(at, true) !== 0x02014b50) return bytes;
    v.setUint16(at + 12, DOS_TIME, true);
    v.setUint16(at + 14, DOS_DATE, true);
    const local = v.getUint32(at + 42, true);
    if (v.getUint32(local, true) === 0x04034b50) {
      v.setUint16(local + 10, DOS_TIME, true);
      v.setUint16(local + 12, DOS_DATE, true);
    }
    at += 46 + v.getUint16(at + 28, true) + v.getUint16(at + 30, true) + v.getUint16(at + 32, true);
  }
  return bytes;
}
