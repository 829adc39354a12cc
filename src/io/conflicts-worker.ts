// The worker thread of readConflictsOnWorker (conflicts-reader.ts): reads the conflicts file with the very
// reader and checks of the main thread into a ConflictTable, while the main thread reads the history (the other
// core is idle then). It sends back the table's columns, the issues, the row count and the SHA-256 of the bytes
// it read.
import { createHash } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";
import { ConflictTable, type PlainConflicts } from "../model/tables.js";
import type { Issue } from "../util/issue.js";
import { IssueCollector } from "./issues.js";
import { type InputEncoding, readRecordBatches } from "./read.js";

/** What the main thread sends the worker. */
export interface ConflictsJob {
  readonly path: string;
  readonly encoding: InputEncoding;
  /** The file's name in issues (as the task names it). */
  readonly displayName: string;
  readonly ignoreColumns?: readonly string[] | undefined;
}

/** The worker's answer: the table and what the main thread records of the file. */
export interface ConflictsRead {
  readonly table: PlainConflicts;
  readonly issues: readonly Issue[];
  readonly rows: number;
  /** SHA-256 (hex) of the bytes read. */
  readonly sha256: string;
}

async function run(job: ConflictsJob): Promise<void> {
  const hash = createHash("sha256");
  const found = new IssueCollector();
  const table = new ConflictTable();
  let rows = 0;
  for await (const batch of readRecordBatches("conflicts", job.path, found, {
    encoding: job.encoding,
    displayName: job.displayName,
    onBytes: (b) => hash.update(b),
    ignoreColumns: job.ignoreColumns,
  })) {
    rows += batch.length;
    for (const r of batch) table.add(r);
  }
  const plain = table.toPlain();
  const answer: ConflictsRead = { table: plain, issues: found.list(), rows, sha256: hash.digest("hex") };
  // the columns are handed over, not copied
  const buffers = new Set<ArrayBuffer>();
  for (const a of [
    plain.inspector,
    plain.relation,
    plain.until,
    plain.ids.bytes,
    plain.origins.file,
    plain.origins.row,
  ])
    buffers.add(a.buffer as ArrayBuffer);
  parentPort?.postMessage(answer, [...buffers]);
}

void run(workerData as ConflictsJob);
