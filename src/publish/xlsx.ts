import { createRequire } from "node:module";
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";

type Append = (this: unknown, source: unknown, data: Record<string, unknown>) => unknown;
let archiverProto: { append: Append } | undefined;

/** The prototype of the archiver that exceljs uses (its zip writer), resolved from exceljs' own folder. */
function archiverPrototype(): { append: Append } {
  if (!archiverProto) {
    const fromHere = createRequire(import.meta.url);
    const fromExcel = createRequire(fromHere.resolve("exceljs"));
    archiverProto = (fromExcel("archiver/lib/core.js") as { prototype: { append: Append } }).prototype;
  }
  return archiverProto;
}

/**
 * A streaming workbook writer whose zip entries all carry `date`: exceljs passes no date to archiver, which then
 * uses the clock. Entries appended by the constructor (theme, relations) are caught by patching the archiver's
 * `append` for the constructor's (synchronous) duration only; later ones by patching the instance.
 */
function workbookWriter(stream: PassThrough, date: Date): ExcelJS.stream.xlsx.WorkbookWriter {
  const proto = archiverPrototype();
  const original = proto.append;
  proto.append = function (source, data) {
    return original.call(this, source, { ...data, date });
  };
  let wb: ExcelJS.stream.xlsx.WorkbookWriter;
  try {
    // no styles: a style per cell doubled the time of a 46k-row workbook (measured); string cells are text anyway
    wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: false, useSharedStrings: false });
  } finally {
    proto.append = original;
  }
  const zip = (wb as unknown as { zip: { append: Append } }).zip;
  zip.append = function (source, data) {
    return original.call(this, source, { ...data, date });
  };
  return wb;
}

/** One sheet of a workbook: Chinese header, rows of text, and which columns are codes (kept as text). */
export interface SheetSpec {
  readonly name: string;
  readonly header: readonly string[];
  readonly rows: () => Iterable<readonly string[]>;
  /** Column widths in characters (default: from the header). */
  readonly widths?: readonly number[];
}

/**
 * Write a workbook with exceljs' streaming writer and give its bytes as they are made. Every cell is a string
 * cell (credit codes, ids and tickets stay text: Excel never turns 913501… into 9.13501E+17), the header row is
 * frozen, the columns have set widths, and every timestamp
 * (the workbook's created and modified dates, the date of each zip entry) is `fixedDate`, so the bytes depend
 * on the content alone.
 * @param fixedDate a date from the plan (never the clock)
 */
export async function* xlsxBytes(sheets: readonly SheetSpec[], fixedDate: Date): AsyncGenerator<Uint8Array> {
  const out = new PassThrough();
  const wb = workbookWriter(out, fixedDate);
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
      }));
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
