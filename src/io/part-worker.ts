// The worker thread of firstPassInParts (parts.ts): reads one byte range of the entity CSV file — from a record
// start to the end of the file — with the very reader and checks of the main thread, and runs the draw's first
// pass over its rows (tickets and record digests included). It sends back the first pass (rows numbered as if
// the range were a file of its own: the main thread shifts them), the issues, and the SHA-256 of the bytes read.
import { createHash } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";
import { sortedDigests } from "../content/digest.js";
import type { DrawConfig } from "../draw/config.js";
import { DrawPass, type FirstPass } from "../draw/first-pass.js";
import { type FrameHistory, HistoryTable } from "../model/tables.js";
import { randomnessOfKey } from "../random/randomness.js";
import { seedKeyFromBytes } from "../random/ticket.js";
import { type CollectedIssues, IssueCollector } from "./issues.js";
import { readRecordBatches } from "./read.js";

/** What the main thread sends the worker. */
export interface PartJob {
  readonly path: string;
  /** The file's encoding, as the main thread resolved it. */
  readonly encoding: "utf-8" | "gb18030";
  /** The file's name in issues. */
  readonly displayName: string;
  readonly ignoreColumns?: readonly string[] | undefined;
  /** The range: `start` is a record start, and the range runs to the end of the file (`end` = its size). */
  readonly start: number;
  readonly end: number;
  /** The header's cells (read by the main thread). */
  readonly header: readonly string[];
  /** The draw's seed, task id and seed key (32 bytes), configuration and history. */
  readonly seed: string;
  readonly taskId: string;
  readonly key: Uint8Array;
  readonly config: DrawConfig;
  readonly history?: FrameHistory | undefined;
}

/** What the worker sends back: progress, then its first pass, or a failure (the main thread then reads alone). */
export type PartMessage =
  | { readonly progress: number }
  | {
      /** The first pass, without its record digests (they are in `sorted`). */
      readonly first: FirstPass;
      /** The record digests of the range, in ascending byte order (content@1). */
      readonly sorted: Uint8Array;
      readonly issues: CollectedIssues;
      /** Rows split (the range's first row is 2). */
      readonly rows: number;
      /** Entities read (valid rows). */
      readonly entities: number;
      readonly sha256: string;
    }
  | { readonly failed: string };

const job = workerData as PartJob;
const port = parentPort!;
try {
  const random = randomnessOfKey(job.seed, job.taskId, seedKeyFromBytes(job.key));
  const pass = new DrawPass({
    random,
    config: job.config,
    ...(job.history !== undefined ? { history: HistoryTable.of(job.history) } : {}),
  });
  const issues = new IssueCollector();
  const hash = createHash("sha256");
  let rows = 0;
  let entities = 0;
  let reported = 0;
  for await (const batch of readRecordBatches("entities", job.path, issues, {
    encoding: job.encoding,
    displayName: job.displayName,
    ignoreColumns: job.ignoreColumns,
    onBytes: (b) => hash.update(b),
    part: {
      start: job.start,
      end: job.end,
      last: true,
      header: job.header,
      done: (n) => {
        rows = n;
      },
    },
  })) {
    pass.add(batch);
    entities += batch.length;
    if (entities - reported >= 1 << 16) {
      reported = entities;
      port.postMessage({ progress: entities } satisfies PartMessage);
    }
  }
  const done = pass.finish();
  // the record digests sorted here, beside this thread's other work: the main thread merges two sorted runs
  const sorted = sortedDigests("digests" in done.content ? done.content.digests : []);
  const first: FirstPass = { ...done, content: { digests: [] } };
  port.postMessage(
    {
      first,
      sorted,
      issues: issues.toData(),
      rows,
      entities,
      sha256: hash.digest("hex"),
    } satisfies PartMessage,
    [first.tickets.buffer as ArrayBuffer, sorted.buffer as ArrayBuffer],
  );
} catch (e) {
  // bad CSV or bytes, or a range that does not start at a record: the main thread reads the file alone
  port.postMessage({ failed: (e as Error).message } satisfies PartMessage);
}
