// The worker thread of RowTickets (tickets.ts): reads the entity file itself, with the same splitter and row
// numbers as the main thread, and hashes the id cell of every row into its ticket value. It sends the values
// by row number as it goes, then the SHA-256 of the bytes it read (the main thread checks they are the bytes
// it drew from).
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { checkHeader } from "../model/records.js";
import { SCOPES } from "../random/randomness.js";
import { seedKeyFromBytes, TicketMachine } from "../random/ticket.js";
import { CsvSplitter } from "./csv.js";
import { type InputEncoding, resolveEncoding } from "./read.js";

/** What the main thread sends the worker. */
export interface RowTicketJob {
  readonly path: string;
  readonly encoding: InputEncoding;
  /** The seed key K (32 bytes, derived once on the main thread). */
  readonly key: Uint8Array;
  /** The task id: the worker hashes in the entity draw's scope. */
  readonly taskId: string;
}

/** What the worker sends back: ticket values of rows `from`, `from + 1`, … (NaN: no id), or the end. */
export type RowTicketMessage =
  | { readonly from: number; readonly values: Float64Array }
  | { readonly done: true; readonly sha256: string }
  | { readonly failed: string };

const job = workerData as RowTicketJob;
const machine = new TicketMachine(seedKeyFromBytes(job.key), SCOPES.entities(job.taskId));
const port = parentPort!;
const STEP = 8192;
let idIndex = -1;
let width = 0;
let from = 2;
let values = new Float64Array(STEP).fill(Number.NaN);
const flush = (next: number) => {
  port.postMessage({ from, values } satisfies RowTicketMessage, [values.buffer]);
  from = next;
  values = new Float64Array(STEP).fill(Number.NaN);
};
const onRow = (row: number, cells: string[]) => {
  if (row === 1) {
    idIndex = checkHeader("entities", cells, "").keys.indexOf("id");
    width = cells.length;
    return;
  }
  while (row >= from + STEP) flush(from + STEP);
  if (idIndex < 0 || cells.length !== width) return;
  const id = cells[idIndex]!;
  if (id !== "") values[row - from] = machine.value(id);
};
const COMMA = 44;
/** A record without quotes: hash the id cell's bytes as they are (UTF-8), or leave it to the main thread. */
const onBytes = (row: number, buf: Buffer, start: number, end: number) => {
  while (row >= from + STEP) flush(from + STEP);
  if (idIndex < 0) return;
  let s = start;
  for (let k = 0; k < idIndex; k++) {
    const c = buf.indexOf(COMMA, s);
    if (c < 0 || c >= end) return;
    s = c + 1;
  }
  let e = buf.indexOf(COMMA, s);
  if (e < 0 || e > end) e = end;
  if (e === s) return;
  if (!utf8) for (let i = s; i < e; i++) if (buf[i]! >= 0x80) return; // a GB18030 id: the main thread hashes it
  values[row - from] = machine.valueOfUtf8(buf, s, e);
};
let utf8 = true;
try {
  const encoding = await resolveEncoding(job.path, job.encoding);
  utf8 = encoding === "utf-8";
  const splitter = new CsvSplitter(encoding);
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(job.path, { highWaterMark: 128 << 10 })) {
    hash.update(chunk as Buffer);
    splitter.push(chunk as Buffer, onRow, onBytes);
  }
  splitter.end(onRow, onBytes);
  flush(from + STEP);
  port.postMessage({ done: true, sha256: hash.digest("hex") } satisfies RowTicketMessage);
} catch (e) {
  // bad CSV or bytes: the main thread reads the same file and reports it with its row
  port.postMessage({ failed: (e as Error).message } satisfies RowTicketMessage);
}
