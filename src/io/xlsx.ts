import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MessageChannel, Worker } from "node:worker_threads";
import type { WorkbookSpec } from "../publish/files.js";
import { type TextRow, xlsxBytes } from "../publish/xlsx.js";
import type { XlsxInput, XlsxJob, XlsxMessage } from "./xlsx-worker.js";

/** Where the worker's script is: beside this module once built (dist/), absent when run from the sources. */
function workerFile(): string | undefined {
  try {
    const f = fileURLToPath(new URL("./xlsx-worker.js", import.meta.url));
    return existsSync(f) ? f : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Rows per message to the worker: few enough that it starts at once and that each message's text is a small
 * object (large ones live until a full garbage collection), enough that messages are few.
 */
const ROWS_PER_MESSAGE = 250;

/** A workbook's bytes as the worker sends them, read once by whoever writes the file. */
class Inbox {
  private readonly queue: Uint8Array[] = [];
  private finished = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  push(bytes: Uint8Array): void {
    this.queue.push(bytes);
    this.wake?.();
  }

  end(failure?: Error): void {
    if (this.finished) return;
    this.finished = true;
    this.failure = failure;
    this.wake?.();
  }

  async *bytes(): AsyncGenerator<Uint8Array> {
    let at = 0;
    for (;;) {
      if (at < this.queue.length) {
        const b = this.queue[at] as Uint8Array;
        this.queue[at++] = EMPTY; // the written piece is garbage from now on
        yield b;
        continue;
      }
      if (this.failure) throw this.failure;
      if (this.finished) return;
      await new Promise<void>((ok) => {
        this.wake = ok;
      });
      this.wake = undefined;
    }
  }
}

const EMPTY = new Uint8Array(0);

/**
 * Start rendering workbooks now, one after the other on one worker thread when its script is found (the built
 * CLI), and give each workbook's bytes as they come. Their rows are made here, right away, and sent in batches,
 * so the worker renders (exceljs: seconds for a provincial plan) while this thread goes on with the other files;
 * its bytes wait in memory (a few MB) until read. Without the worker script, each workbook is rendered here when
 * read. The bytes are those of {@link xlsxBytes}, wherever it runs.
 * @throws when a sheet's rows are asynchronous (they are made here, synchronously)
 * @returns path → the workbook's bytes (each to be read once, all of them: the worker ends after the last)
 */
export function renderWorkbooks(
  specs: Record<string, WorkbookSpec>,
): Record<string, AsyncIterable<Uint8Array>> {
  const entries = Object.entries(specs);
  const file = workerFile();
  if (file === undefined || entries.length === 0)
    return Object.fromEntries(entries.map(([name, spec]) => [name, xlsxBytes(spec.sheets, spec.date)]));
  const { port1: rowsOut, port2: rowsIn } = new MessageChannel();
  const job: XlsxJob = {
    input: rowsIn,
    books: entries.map(([, spec]) => ({
      sheets: spec.sheets.map((s) => ({
        name: s.name,
        header: s.header,
        ...(s.widths === undefined ? {} : { widths: s.widths }),
      })),
      date: spec.date.getTime(),
    })),
  };
  const worker = new Worker(file, { workerData: job, transferList: [rowsIn], execArgv: [] });
  const inboxes = entries.map(() => new Inbox());
  let left = inboxes.length;
  const failAll = (e: Error) => {
    for (const box of inboxes) box.end(e);
    rowsOut.close();
    void worker.terminate();
  };
  worker.on("message", (m: XlsxMessage) => {
    if ("error" in m) failAll(new Error(`工作簿生成失败 / writing a workbook failed: ${m.error}`));
    else if ("bytes" in m) inboxes[m.book]?.push(m.bytes);
    else {
      inboxes[m.book]?.end();
      if (--left === 0) {
        rowsOut.close();
        void worker.terminate();
      }
    }
  });
  worker.on("error", (e) => failAll(e));
  worker.on("exit", () => failAll(new Error("工作簿生成线程意外退出 / the workbook worker exited early")));
  // the rows, in the order the worker renders them; it starts on the first batch while the rest are made
  const utf8 = new TextEncoder();
  // each batch as UTF-8 JSON, handed over without a copy (a Chinese text would be copied as two bytes a character)
  const sendRows = (batch: readonly TextRow[]) => {
    const rows = utf8.encode(JSON.stringify(batch));
    rowsOut.postMessage({ rows } satisfies XlsxInput, [rows.buffer]);
  };
  try {
    for (const [, spec] of entries)
      for (const sheet of spec.sheets) {
        const rows = sheet.rows();
        if (Symbol.asyncIterator in rows) throw new Error("renderWorkbooks takes rows made synchronously");
        let batch: TextRow[] = [];
        for (const r of rows) {
          batch.push(r);
          if (batch.length === ROWS_PER_MESSAGE) {
            sendRows(batch);
            batch = [];
          }
        }
        if (batch.length > 0) sendRows(batch);
        rowsOut.postMessage({ end: true } satisfies XlsxInput);
      }
  } catch (e) {
    failAll(e as Error); // the worker would wait for the rest of the rows
    throw e;
  }
  return Object.fromEntries(entries.map(([name], i) => [name, (inboxes[i] as Inbox).bytes()]));
}
