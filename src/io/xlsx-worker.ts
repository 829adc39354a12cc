// A worker thread that renders workbooks (the CLI's publication workbooks of a big plan: exceljs takes seconds per
// 50k rows, which then run beside the main thread's work instead of after it). Same function, same bytes. The
// rows are pulled from the main thread a few batches ahead (never the whole sheet queued), and a workbook given a
// path is written to it here, hashed as it is written: its bytes never wait in the main thread's message queue.
import { createHash } from "node:crypto";
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import { csvHead, csvRow } from "../publish/csv.js";
import { type NoticeFormat, noticeListRow } from "../publish/notice-rows.js";
import { loadExcelJs, type TextRow, xlsxBytes } from "../publish/xlsx.js";
import { type RowBatch, unpackRows } from "./row-batch.js";

/** The job of one worker: the workbooks it renders, one after the other, without their rows (see {@link XlsxInput}). */
export interface XlsxJob {
  /** Where the rows come from (see {@link XlsxInput}); the worker asks on it for more (see {@link XlsxWant}). */
  readonly input: MessagePort;
  /** Batches asked for ahead of the one being rendered (at least 1). */
  readonly ahead: number;
  readonly books: readonly {
    readonly sheets: readonly {
      readonly name: string;
      readonly header: readonly string[];
      readonly widths?: readonly number[];
      /** The CSV file to write from the same rows too (its `id` names it in {@link XlsxMessage}). */
      readonly csv?: { readonly path: string; readonly id: number };
      /** Text files written around the same rows (see `SheetSpec.texts`; `id` as for `csv`). */
      readonly texts?: readonly {
        readonly path: string;
        readonly id: number;
        readonly format: NoticeFormat;
        readonly before: string;
        readonly after: string;
        readonly nowrap: readonly number[];
      }[];
    }[];
    /** Milliseconds since the epoch: the date of every timestamp. */
    readonly date: number;
    /** The file to write the workbook to (created; flushed to disk before `done`); none: bytes sent back. */
    readonly path?: string;
  }[];
}

/**
 * What the worker is sent, one message per {@link XlsxWant}: the rows of every sheet of every workbook in order,
 * as batches of rows (one string and the cells' lengths, see `row-batch.ts`: not thousands of small strings),
 * each sheet closed by `end`.
 */
export type XlsxInput = { readonly rows: RowBatch } | { readonly end: true };

/** What the worker asks for on its input port: one more message of rows (or a sheet's end). */
export interface XlsxWant {
  readonly want: 1;
}

/**
 * What the worker sends: a piece of a workbook's bytes (when it has no path), then `done` for that workbook
 * (with the SHA-256 of the file written), the SHA-256 of each CSV or text file written once flushed (`csv`: its
 * id), or an error.
 */
export type XlsxMessage =
  | { readonly book: number; readonly bytes: Uint8Array }
  | { readonly csv: number; readonly sha256: string }
  | { readonly book: number; readonly done: true; readonly sha256?: string }
  | { readonly error: string };

/** The buffer the text of CSV and other text files is encoded into before it is written (reused: writes are
 * synchronous, one file at a time). */
const scratch = Buffer.allocUnsafe(1 << 18);

/**
 * A text file written as its pieces come (synchronously), hashed as written, flushed to disk when closed. Each
 * piece is encoded straight into a reused buffer, written when it fills and at {@link TextFile.flush}: no text
 * per batch of rows is made (the worker's garbage, promoted while the zip waits, is what its memory grows by).
 */
class TextFile {
  private readonly fd: number;
  private readonly hash = createHash("sha256");
  private used = 0;

  constructor(path: string) {
    this.fd = openSync(path, "w");
  }

  /** Write what is buffered, flush to disk and close (closed even when that fails); the SHA-256 (hex) written. */
  close(): string {
    try {
      this.flush();
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
    }
    return this.hash.digest("hex");
  }

  /** Close without finishing (the sheet failed). */
  abandon(): void {
    closeSync(this.fd);
  }

  /** Add text (written once the buffer fills, or at {@link TextFile.flush}). */
  put(t: string): void {
    // at most 3 bytes of UTF-8 per UTF-16 unit
    if (this.used + t.length * 3 > scratch.length) {
      this.flush();
      if (t.length * 3 > scratch.length) {
        this.write(Buffer.from(t, "utf8"));
        return;
      }
    }
    this.used += scratch.write(t, this.used, "utf8");
  }

  /** Write what is buffered (the buffer is shared by the files of a sheet: flushed after each batch). */
  flush(): void {
    if (this.used > 0) this.write(scratch.subarray(0, this.used));
    this.used = 0;
  }

  private write(bytes: Uint8Array): void {
    this.hash.update(bytes);
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd, bytes, off);
  }
}

/** A file written from a sheet's rows: a CSV file (header, then a line per row), or text around the rows. */
interface RowFile {
  readonly id: number;
  readonly file: TextFile;
  readonly row: (r: TextRow) => string;
  readonly after: string;
}

/** The files a sheet's rows are written into besides the workbook, opened and begun. */
function rowFiles(sheet: XlsxJob["books"][number]["sheets"][number]): RowFile[] {
  const out: RowFile[] = [];
  try {
    if (sheet.csv) {
      const file = new TextFile(sheet.csv.path);
      out.push({ id: sheet.csv.id, file, row: csvRow, after: "" });
      file.put(csvHead(sheet.header));
      file.flush();
    }
    for (const t of sheet.texts ?? []) {
      const file = new TextFile(t.path);
      out.push({ id: t.id, file, row: (r) => noticeListRow(t.format, r, t.nowrap), after: t.after });
      file.put(t.before);
      file.flush();
    }
  } catch (e) {
    for (const f of out) f.file.abandon();
    throw e;
  }
  return out;
}

/**
 * The job of a worker started ahead of it (with `workerData` `{ waiting: true }`): sent once, with its input port
 * in the transfer list.
 */
export interface XlsxStart {
  readonly job: XlsxJob;
}

const given = workerData as XlsxJob | { readonly waiting: true } | undefined;
if (parentPort && given !== undefined) {
  const port = parentPort;
  if ("waiting" in given) {
    // started ahead: exceljs loaded now, the job when it comes
    port.once("message", (m: XlsxStart) => run(port, m.job));
    loadExcelJs();
  } else run(port, given);
}

/** Render the job's workbooks (and the CSV files of their sheets), reporting on `port`. */
function run(port: MessagePort, job: XlsxJob): void {
  port.on("message", () => {}); // alive until ended by the main thread, after it has every workbook
  const input = job.input;
  // messages asked for and arrived, in order; a waiting reader is woken by the next arrival
  const arrived: XlsxInput[] = [];
  let wake: (() => void) | undefined;
  input.on("message", (m: XlsxInput) => {
    arrived.push(m);
    wake?.();
  });
  const ask = () => input.postMessage({ want: 1 } satisfies XlsxWant);
  for (let k = 0; k < Math.max(1, job.ahead); k++) ask();
  const next = async (): Promise<XlsxInput> => {
    while (arrived.length === 0)
      await new Promise<void>((ok) => {
        wake = ok;
      });
    wake = undefined;
    ask(); // one taken: one more asked for, so that `ahead` are always on their way
    return arrived.shift() as XlsxInput;
  };
  /** The rows of the next sheet, as they arrive; written into its CSV and text files too (see rowFiles). */
  async function* sheetRows(sheet: XlsxJob["books"][number]["sheets"][number]): AsyncGenerator<TextRow> {
    const files = rowFiles(sheet);
    let ended = false;
    try {
      for (;;) {
        const m = await next();
        if ("end" in m) break;
        const rows = unpackRows(m.rows);
        // one file at a time (they share the encoding buffer)
        for (const f of files) {
          for (const r of rows) f.file.put(f.row(r));
          f.file.flush();
        }
        yield* rows;
      }
      ended = true;
    } finally {
      if (!ended) for (const f of files) f.file.abandon();
    }
    // each file ended and closed; if one cannot be, it and those after it are closed unfinished (the error fails
    // the sheet's files on the main thread), and no descriptor stays open
    for (let k = 0; k < files.length; k++) {
      const f = files[k]!;
      let sha256: string;
      try {
        try {
          f.file.put(f.after);
        } catch (e) {
          f.file.abandon();
          throw e;
        }
        sha256 = f.file.close();
      } catch (e) {
        for (const rest of files.slice(k + 1)) rest.file.abandon();
        throw e;
      }
      port.postMessage({ csv: f.id, sha256 } satisfies XlsxMessage);
    }
  }
  (async () => {
    try {
      for (const [book, b] of job.books.entries()) {
        const sheets = b.sheets.map((sheet) => ({
          name: sheet.name,
          header: sheet.header,
          ...(sheet.widths === undefined ? {} : { widths: sheet.widths }),
          rows: () => sheetRows(sheet),
        }));
        const bytes = xlsxBytes(sheets, new Date(b.date));
        if (b.path === undefined) {
          for await (const chunk of bytes) port.postMessage({ book, bytes: chunk });
          port.postMessage({ book, done: true });
          continue;
        }
        const hash = createHash("sha256");
        const fd = openSync(b.path, "w");
        try {
          for await (const chunk of bytes) {
            hash.update(chunk);
            let off = 0;
            while (off < chunk.length) off += writeSync(fd, chunk, off);
          }
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        port.postMessage({ book, done: true, sha256: hash.digest("hex") });
      }
    } catch (e) {
      port.postMessage({ error: String(e) });
    }
  })();
}
