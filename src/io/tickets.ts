// Ticket hashing on a worker thread, beside the reading and checking of the entity file on the main thread.
// The worker reads the file itself and sends ticket values by row number; the main thread takes each row's
// value instead of hashing its id. The worker runs the very code of TicketMachine, DrawPass.add spot-checks
// the values, and the worker's bytes must be the bytes the draw read (their SHA-256 is compared).
import { existsSync } from "node:fs";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import {
  type DrawOptions,
  DrawPass,
  type EntitySource,
  entityBatches,
  type FirstPass,
  type FirstPassRunner,
} from "../draw/draw.js";
import type { RowTicketJob, RowTicketMessage } from "./ticket-worker.js";

const NOT_CSV = new Set([".json", ".ndjson", ".jsonl"]);

/** Where the worker's script is: beside this module once built (dist/), absent when run from the sources. */
function workerFile(): string | undefined {
  try {
    const f = fileURLToPath(new URL("./ticket-worker.js", import.meta.url));
    return existsSync(f) ? f : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Ticket values of an entity CSV file's rows, computed on a worker thread that reads the file on its own.
 * Rows whose id the worker could not take (a short row, an empty id) have no value: the caller hashes those.
 */
export class RowTickets {
  private values = new Float64Array(1 << 16).fill(Number.NaN);
  /** Rows below this have arrived. */
  private through = 2;
  private waiting: { row: number; resolve: () => void }[] = [];
  private ended = false;
  /** The SHA-256 of the bytes the worker read, once it has finished (undefined when it failed). */
  readonly digest: Promise<string | undefined>;

  private constructor(private readonly worker: Worker) {
    let settle!: (d: string | undefined) => void;
    this.digest = new Promise((r) => {
      settle = r;
    });
    const end = (d: string | undefined) => {
      this.ended = true;
      settle(d);
      for (const w of this.waiting.splice(0)) w.resolve();
    };
    worker.on("message", (m: RowTicketMessage) => {
      if ("values" in m) this.receive(m.from, m.values);
      else end("done" in m ? m.sha256 : undefined);
    });
    worker.on("error", () => end(undefined));
    worker.on("exit", () => end(undefined));
  }

  /** Start the worker, or `undefined` when its script cannot be found (e.g. when run from the sources). */
  static start(job: RowTicketJob): RowTickets | undefined {
    const file = workerFile();
    if (file === undefined) return undefined;
    // no execArgv: the parent's (e.g. --input-type with --eval) need not suit a worker started from a file
    return new RowTickets(new Worker(file, { workerData: job, execArgv: [] }));
  }

  private receive(from: number, v: Float64Array): void {
    const need = from + v.length;
    if (need > this.values.length) {
      let n = this.values.length;
      while (n < need) n *= 2;
      const grown = new Float64Array(n).fill(Number.NaN);
      grown.set(this.values);
      this.values = grown;
    }
    this.values.set(v, from);
    this.through = need;
    while (this.waiting.length > 0 && this.waiting[0]!.row < need) this.waiting.shift()!.resolve();
  }

  /** Resolves once the value of `row` has arrived, or the worker has stopped. */
  until(row: number): Promise<void> | undefined {
    if (row < this.through || this.ended) return undefined;
    return new Promise((resolve) => this.waiting.push({ row, resolve }));
  }

  /** The ticket value of `row`, or NaN. */
  get(row: number): number {
    return row < this.values.length ? this.values[row]! : Number.NaN;
  }

  /** Stop the worker. */
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * A first-pass runner for {@link drawEntities}: the draw's first pass over `source` (the rows of the CSV file
 * at `job.path`, with their origin rows), with ticket values taken from {@link RowTickets}. It gives exactly
 * the plain pass's result. Returns `undefined` (the draw then hashes on this thread) for a JSON or NDJSON
 * file, or when no worker can be started.
 * @param onDigest receives the SHA-256 of the bytes the worker hashed, to be compared with the draw's; `null`
 * when no value of the worker was used (it failed before sending any: every ticket was computed here); and
 * `undefined` when values were used but the worker failed before it finished (the caller must then refuse
 * the draw: those values cannot be checked)
 */
export function firstPassWithRowTickets(
  source: EntitySource,
  job: Omit<RowTicketJob, "key" | "taskId">,
  onDigest: (sha256: string | null | undefined) => void,
): FirstPassRunner {
  return async (options: DrawOptions): Promise<FirstPass | undefined> => {
    // the worker reads CSV; JSON and NDJSON directories are hashed on this thread
    if (NOT_CSV.has(extname(job.path).toLowerCase())) return undefined;
    const tickets = RowTickets.start({
      ...job,
      key: options.random.key.bytes,
      taskId: options.random.taskId,
    });
    if (tickets === undefined) return undefined;
    try {
      const pass = new DrawPass(options);
      let used = false;
      for await (const batch of entityBatches(source)) {
        const last = batch[batch.length - 1]?.origin?.row;
        if (last !== undefined) await tickets.until(last);
        const t = new Float64Array(batch.length);
        for (let i = 0; i < batch.length; i++) {
          const row = batch[i]!.origin?.row;
          t[i] = row === undefined ? Number.NaN : tickets.get(row);
          if (!used && !Number.isNaN(t[i]!)) used = true;
        }
        pass.add(batch, t);
      }
      const digest = await tickets.digest;
      onDigest(digest === undefined && !used ? null : digest);
      return pass.finish();
    } finally {
      await tickets.close();
    }
  };
}
