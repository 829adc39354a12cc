// A worker thread that renders one workbook (the CLI's publication files of a big plan: exceljs takes seconds per
// 50k rows, which then run beside the main thread's work instead of after it). Same function, same bytes.
import { parentPort, workerData } from "node:worker_threads";
import { xlsxBytes } from "../publish/xlsx.js";

/** The job of one worker: the sheets with their rows as plain arrays, and the date of every timestamp. */
export interface XlsxJob {
  readonly sheets: readonly {
    readonly name: string;
    readonly header: readonly string[];
    readonly widths?: readonly number[];
    readonly rows: readonly (readonly string[])[];
  }[];
  /** Milliseconds since the epoch. */
  readonly date: number;
}

/** What the worker sends: a piece of the workbook's bytes, then `done`, or an error. */
export type XlsxMessage =
  | { readonly bytes: Uint8Array }
  | { readonly done: true }
  | { readonly error: string };

const job = workerData as XlsxJob | undefined;
if (parentPort && job) {
  const port = parentPort;
  (async () => {
    try {
      const sheets = job.sheets.map((s) => ({ ...s, rows: () => s.rows }));
      for await (const bytes of xlsxBytes(sheets, new Date(job.date))) port.postMessage({ bytes });
      port.postMessage({ done: true });
    } catch (e) {
      port.postMessage({ error: String(e) });
    }
  })();
}
