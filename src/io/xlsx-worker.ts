// A worker thread that renders workbooks (the CLI's publication workbooks of a big plan: exceljs takes seconds per
// 50k rows, which then run beside the main thread's work instead of after it). Same function, same bytes.
import { type MessagePort, parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { type TextRow, xlsxBytes } from "../publish/xlsx.js";

/** The job of one worker: the workbooks it renders, one after the other, without their rows (see {@link XlsxInput}). */
export interface XlsxJob {
  /** Where the rows come from (see {@link XlsxInput}): read when needed, so waiting rows stay out of the heap. */
  readonly input: MessagePort;
  readonly books: readonly {
    readonly sheets: readonly {
      readonly name: string;
      readonly header: readonly string[];
      readonly widths?: readonly number[];
    }[];
    /** Milliseconds since the epoch: the date of every timestamp. */
    readonly date: number;
  }[];
}

/**
 * What the worker is sent after its job: the rows of every sheet of every workbook in order, as batches of rows
 * (JSON as UTF-8 bytes: one buffer handed over instead of thousands of small strings copied), each sheet closed
 * by `end`.
 */
export type XlsxInput = { readonly rows: Uint8Array } | { readonly end: true };

/** What the worker sends: a piece of a workbook's bytes, then `done` for that workbook, or an error. */
export type XlsxMessage =
  | { readonly book: number; readonly bytes: Uint8Array }
  | { readonly book: number; readonly done: true }
  | { readonly error: string };

const job = workerData as XlsxJob | undefined;
if (parentPort && job) {
  const port = parentPort;
  port.on("message", () => {}); // alive until ended by the main thread, after it has every workbook's bytes
  const input = job.input;
  const utf8 = new TextDecoder();
  // the rows are taken from the port one message at a time, when the writer wants them (a listener would take
  // them all into this thread's heap at once, as they come); none there yet: look again shortly
  const next = async (): Promise<XlsxInput> => {
    for (;;) {
      const m = receiveMessageOnPort(input);
      if (m !== undefined) return m.message as XlsxInput;
      await new Promise((ok) => setTimeout(ok, 2));
    }
  };
  /** The rows of the next sheet, as they arrive. */
  async function* sheetRows(): AsyncGenerator<TextRow> {
    for (;;) {
      const m = await next();
      if ("end" in m) return;
      yield* JSON.parse(utf8.decode(m.rows)) as TextRow[];
    }
  }
  (async () => {
    try {
      for (const [book, b] of job.books.entries()) {
        const sheets = b.sheets.map((s) => ({ ...s, rows: sheetRows }));
        for await (const bytes of xlsxBytes(sheets, new Date(b.date))) port.postMessage({ book, bytes });
        port.postMessage({ book, done: true });
      }
    } catch (e) {
      port.postMessage({ error: String(e) });
    }
  })();
}
