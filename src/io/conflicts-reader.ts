// The conflicts file read on a worker thread (conflicts-worker.ts) while the main thread reads the history: the
// two biggest small inputs at once, on the two cores (at 10M entities: 333k conflicts beside 833k history rows).
// The worker runs the same reader and checks; its table, issues, row count and bytes digest are what the main
// thread would have made. Without the built worker (run from the sources), for a small file or when the worker
// fails, the caller reads the file itself.
import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { ConflictTable } from "../model/tables.js";
import type { Issue } from "../util/issue.js";
import type { ConflictsJob, ConflictsRead } from "./conflicts-worker.js";

/**
 * Conflicts files smaller than this (4 MiB: ~100k rows, as beside a directory of 3M entities) are read on the
 * main thread: a worker costs ~0.2 s of CPU to start, more than a small file takes to read.
 * `DOUBLE_RANDOM_CONFLICTS_WORKER_BYTES` sets another threshold (0: always, for tests).
 */
export const CONFLICTS_WORKER_MIN_BYTES = (() => {
  const raw = process.env.DOUBLE_RANDOM_CONFLICTS_WORKER_BYTES;
  const v = Number(raw);
  return raw !== undefined && raw !== "" && Number.isSafeInteger(v) && v >= 0 ? v : 4 << 20;
})();

/** Where the worker's script is: beside this module once built (dist/), absent when run from the sources. */
function workerFile(): string | undefined {
  try {
    const f = fileURLToPath(new URL("./conflicts-worker.js", import.meta.url));
    return existsSync(f) ? f : undefined;
  } catch {
    return undefined;
  }
}

/** A conflicts file as read on the worker. */
export interface ConflictsFromWorker {
  readonly table: ConflictTable;
  readonly issues: readonly Issue[];
  readonly rows: number;
  readonly sha256: string;
}

/**
 * Start reading a conflicts file on a worker thread. Resolves to the table and its facts, or to undefined when
 * the worker is not used (no built worker, a file below the threshold or not there) or failed: the caller then
 * reads the file itself.
 */
export async function readConflictsOnWorker(job: ConflictsJob): Promise<ConflictsFromWorker | undefined> {
  const file = workerFile();
  if (file === undefined) return undefined;
  try {
    if ((await stat(job.path)).size < CONFLICTS_WORKER_MIN_BYTES) return undefined;
  } catch {
    return undefined; // not there: the main thread reports it as it always has
  }
  const read = await new Promise<ConflictsRead | undefined>((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(file, { workerData: job, execArgv: [] });
    } catch {
      resolve(undefined);
      return;
    }
    worker.on("message", (m: ConflictsRead) => {
      resolve(m);
      void worker.terminate();
    });
    worker.on("error", () => resolve(undefined));
    worker.on("exit", () => resolve(undefined));
  });
  if (read === undefined) return undefined;
  return {
    table: ConflictTable.fromPlain(read.table),
    issues: read.issues,
    rows: read.rows,
    sha256: read.sha256,
  };
}
