import { createRequire } from "node:module";
import { PassThrough } from "node:stream";
import * as zlib from "node:zlib";
import type ExcelJS from "exceljs";

let excelModule: typeof ExcelJS | undefined;

/**
 * exceljs, loaded on first use: loading it takes ~0.6 s, which every CLI command paid at start although a draw
 * renders its workbooks on a worker (and `verify --help` none at all).
 */
function excel(): typeof ExcelJS {
  if (excelModule === undefined) {
    excelModule = createRequire(import.meta.url)("exceljs") as typeof ExcelJS;
    nativeCrc32();
  }
  return excelModule;
}

/**
 * The zip writer's CRC-32 computed by Node's zlib (`zlib.crc32`, Node ≥ 20.15) instead of the `crc-32` package's
 * JavaScript (a tenth of a workbook's time); the same checksums. Nothing changes where Node has no `zlib.crc32`.
 */
function nativeCrc32(): void {
  const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
  if (typeof native !== "function") return;
  try {
    const fromExcel = createRequire(createRequire(import.meta.url).resolve("exceljs"));
    const fromArchiver = createRequire(fromExcel.resolve("archiver"));
    const fromCompress = createRequire(fromArchiver.resolve("compress-commons"));
    const fromStream = createRequire(fromCompress.resolve("crc32-stream"));
    const crc = fromStream("crc-32") as { buf: (b: Uint8Array, seed?: unknown) => number };
    // crc-32 gives a signed 32-bit number and takes any seed (a non-number counts as 0)
    crc.buf = (b, seed) => native(b, typeof seed === "number" ? seed >>> 0 : 0) | 0;
  } catch {
    // another layout of exceljs' dependencies: keep its own
  }
}

/** Load exceljs now (a worker started ahead of its job does, so that the job does not wait for it). */
export function loadExcelJs(): void {
  excel();
}

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

let xmlEncodeFn: ((text: string) => string) | undefined;

/** exceljs' own escaping of cell text (its utils), so that rows written here are the bytes it writes. */
function xmlEncode(text: string): string {
  if (!xmlEncodeFn) {
    const fromHere = createRequire(import.meta.url);
    const fromExcel = createRequire(fromHere.resolve("exceljs"));
    xmlEncodeFn = (fromExcel("./lib/utils/utils.js") as { xmlEncode: (t: string) => string }).xmlEncode;
  }
  return xmlEncodeFn(text);
}

/** Spreadsheet column letters: 1 → A, 26 → Z, 27 → AA. */
function columnName(n: number): string {
  let s = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/**
 * A row of text cells as exceljs' streaming writer renders it without styles or shared strings (`<row r spans
 * x14ac:dyDescent>` and one `<c r t="str"><v>` per cell, escaped by exceljs' own function): measured, exceljs'
 * cell objects, row model and XML stream took most of a workbook's time. Empty rows are not written (as there).
 * @throws {TypeError} on a cell that is not a string (exceljs would render it as another type)
 */
export function rowXml(row: TextRow, number: number, columns: readonly string[]): string {
  if (row.length === 0) return "";
  let xml = `<row r="${number}" spans="1:${row.length}" x14ac:dyDescent="0.25">`;
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    if (typeof v !== "string") throw new TypeError(`a workbook cell that is not text: ${String(v)}`);
    xml += `<c r="${columns[i] ?? columnName(i + 1)}${number}" t="str"><v>${xmlEncode(v)}</v></c>`;
  }
  return `${xml}</row>`;
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
    wb = new (excel().stream.xlsx.WorkbookWriter)({ stream, useStyles: false, useSharedStrings: false });
  } finally {
    proto.append = original;
  }
  const zip = (wb as unknown as { zip: { append: Append } }).zip;
  zip.append = function (source, data) {
    return original.call(this, source, { ...data, date });
  };
  return wb;
}

/** A row of text cells. */
export type TextRow = readonly string[];

/** One sheet of a workbook: Chinese header, rows of text, and which columns are codes (kept as text). */
export interface SheetSpec {
  readonly name: string;
  readonly header: readonly string[];
  /** The rows, made when called; asynchronous when they come from elsewhere (a worker thread's messages). */
  readonly rows: () => Iterable<TextRow> | AsyncIterable<TextRow>;
  /** Column widths in characters (default: from the header). */
  readonly widths?: readonly number[];
  /**
   * The publication file that lists the same header and rows as CSV (`csvPieces(header, rows)`), if any: a
   * writer that makes the rows once may write both from them (see `writeWorkbooks`).
   */
  readonly csv?: string;
  /**
   * Text publication files whose one big table has the same rows (the notice's list of selected entities):
   * a writer that makes the rows once may write them too — `before`, then each row as `noticeListRow(format,
   * row, nowrap)` gives it, then `after` (see `noticeAroundList`).
   */
  readonly texts?: readonly SheetText[];
}

/** A text file written around a sheet's rows (see {@link SheetSpec.texts}). */
export interface SheetText {
  readonly file: string;
  readonly format: "markdown" | "html";
  /** The text before and after the rows, and the columns that never wrap (made when the file is written). */
  readonly around: () => {
    readonly before: string;
    readonly after: string;
    readonly nowrap: readonly number[];
  };
}

/** Rows rendered between two turns of the event loop (see {@link xlsxBytes}). */
const DRAIN_EVERY = 200;

/** Uncompressed bytes a sheet may have waiting for the zip before rendering pauses. */
const MAX_BACKLOG = 1 << 20;

/** One turn of the event loop (pending I/O and stream callbacks run). */
function turn(): Promise<void> {
  return new Promise((ok) => setImmediate(ok));
}

/** The buffered bytes of a stream's two sides (readable-stream 2, which exceljs' archiver uses, has no getters). */
interface StreamState {
  readonly writableLength?: unknown;
  readonly _writableState?: { readonly length?: unknown };
  readonly _readableState?: { readonly length?: unknown };
}

/**
 * Bytes of a sheet's XML not yet taken by the zip: exceljs' sheet stream writes into the archiver's input stream
 * (a PassThrough of readable-stream 2) without waiting; what waits there is in its writable and readable buffers
 * (0 if that internal is not there: then only the turns of the event loop pace the writer). Measured: without
 * this, the sheet of a 90k-row plan waited there nearly whole (~150 MB at 3M entities).
 */
function backlog(ws: ExcelJS.Worksheet): number {
  const pipe = (ws as unknown as { stream?: { pipes?: StreamState[] } }).stream?.pipes?.[0];
  if (pipe === undefined) return 0;
  const n = (x: unknown) => (typeof x === "number" ? x : 0);
  const w = typeof pipe.writableLength === "number" ? pipe.writableLength : n(pipe._writableState?.length);
  return w + n(pipe._readableState?.length);
}

/** Let the zip catch up: a turn of the event loop, then short waits while the sheet's backlog is large. */
async function drain(ws: ExcelJS.Worksheet): Promise<void> {
  await turn();
  while (backlog(ws) > MAX_BACKLOG) await new Promise((ok) => setTimeout(ok, 1));
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
      const rows = spec.rows();
      // the rows' XML straight into the sheet's stream (see rowXml), as exceljs would write them after the
      // header; every so many rows the zip gets the event loop, so it compresses (on libuv's threads) while rows
      // are rendered here and never holds a whole sheet
      const stream = (ws as unknown as { stream: { write: (s: string) => unknown } }).stream;
      const columns = spec.header.map((_, i) => columnName(i + 1));
      let number = 2;
      let xml = "";
      const put = (r: TextRow) => {
        xml += rowXml(r, number++, columns);
        if ((number - 2) % DRAIN_EVERY === 0) {
          stream.write(xml);
          xml = "";
          return true;
        }
        return false;
      };
      if (Symbol.asyncIterator in rows) {
        for await (const r of rows) if (put(r)) await drain(ws);
      } else for (const r of rows) if (put(r)) await drain(ws);
      if (xml !== "") stream.write(xml);
      ws.commit();
    }
    await wb.commit();
  })();
  done.catch((e: unknown) => out.destroy(e as Error));
  for await (const chunk of out) yield chunk as Uint8Array;
  await done;
}

/** One sheet of a small workbook held in memory (annual plan, statistics, results): rows of text and numbers. */
export interface TableSheet {
  /** Sheet name (at most 31 characters). */
  readonly name: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
  /** Column widths in characters [12]. */
  readonly widths?: readonly number[];
}

/**
 * A small workbook in memory (`.xlsx` bytes): Chinese headers in bold, the header row frozen, A4 landscape fitted
 * to the page width, every string cell stored as text with the text number format (`@`), so codes such as
 * 统一社会信用代码 or 行政区划代码 keep their leading zeros and digits; numbers stay numbers. Cells that start with
 * `= + - @` are stored as text, never as formulas. Every timestamp is fixed (the zip entries' by
 * {@link fixZipTimes}), so the same sheets give the same bytes.
 * @param created the workbook's creation date [1970-01-01]
 */
export async function tableXlsxBytes(
  sheets: readonly TableSheet[],
  created = new Date(0),
): Promise<Uint8Array> {
  const wb = new (excel().Workbook)();
  wb.creator = "double-random";
  wb.created = created;
  wb.modified = created;
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
