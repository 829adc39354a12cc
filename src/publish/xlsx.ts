import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";

/** One sheet of a workbook: Chinese header, rows of text, and which columns are codes (kept as text). */
export interface SheetSpec {
  readonly name: string;
  readonly header: readonly string[];
  readonly rows: () => Iterable<readonly string[]>;
  /** Column widths in characters (default: from the header). */
  readonly widths?: readonly number[];
}

/**
 * Write a workbook with exceljs' streaming writer and give its bytes as they are made. Every cell is a text
 * cell (credit codes, ids and tickets stay text: Excel never turns 913501… into 9.13501E+17), the columns are
 * formatted as text (`@`) so that edited cells stay text too, the header row is frozen, and every timestamp
 * (the workbook's created and modified dates, the date of each zip entry) is `fixedDate`, so the bytes depend
 * on the content alone.
 * @param fixedDate a date from the plan (never the clock)
 */
export async function* xlsxBytes(sheets: readonly SheetSpec[], fixedDate: Date): AsyncGenerator<Uint8Array> {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  // zip entries get the plan's date instead of the time of writing (exceljs does not pass a date to archiver)
  const zip = (wb as unknown as { zip: { append: (s: unknown, d: Record<string, unknown>) => unknown } }).zip;
  const append = zip.append.bind(zip);
  zip.append = (s, d) => append(s, { ...d, date: fixedDate });
  wb.created = fixedDate;
  wb.modified = fixedDate;
  wb.creator = "double-random";
  wb.lastModifiedBy = "double-random";
  const done = (async () => {
    for (const spec of sheets) {
      const ws = wb.addWorksheet(spec.name, { views: [{ state: "frozen", ySplit: 1 }] });
      ws.columns = spec.header.map((h, i) => ({
        header: h,
        width: spec.widths?.[i] ?? Math.max(8, Math.min(60, [...h].length * 2 + 2)),
        style: { numFmt: "@" },
      }));
      ws.getRow(1).font = { bold: true };
      ws.getRow(1).commit();
      for (const r of spec.rows()) ws.addRow([...r]).commit();
      ws.commit();
    }
    await wb.commit();
  })();
  done.catch((e: unknown) => out.destroy(e as Error));
  for await (const chunk of out) yield chunk as Uint8Array;
  await done;
}
