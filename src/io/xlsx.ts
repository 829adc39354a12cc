import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { getHeapStatistics } from "node:v8";
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import type { WorkbookSpec } from "../publish/files.js";
import { type SheetSpec, type TextRow, xlsxBytes } from "../publish/xlsx.js";
import { packRows } from "./row-batch.js";
import type { StagedFiles } from "./write.js";
import type { XlsxInput, XlsxJob, XlsxMessage, XlsxStart } from "./xlsx-worker.js";

type XlsxSheet = XlsxJob["books"][number]["sheets"][number];

/** Where the worker's script is: beside this module once built (dist/), absent when run from the sources. */
function workerFile(): string | undefined {
  try {
    const f = fileURLToPath(new URL("./xlsx-worker.js", import.meta.url));
    return existsSync(f) ? f : undefined;
  } catch {
    return undefined;
  }
}

/** Where and how the worker runs (tests run it from the sources through a loader). */
export interface WorkerScript {
  readonly file: string;
  readonly execArgv?: readonly string[];
}

/** How the rows go to the worker (defaults: the CLI's). */
export interface WorkbookOptions {
  /** The worker's script; default: `xlsx-worker.js` beside this module when there (the built CLI), else none. */
  readonly worker?: WorkerScript | null;
  /**
   * Rows per message to the worker: few enough that each message's text is a small object (large ones live until
   * a full garbage collection), enough that messages are few [250].
   */
  readonly rowsPerMessage?: number;
  /** Messages of rows on their way to the worker at most (it asks for one more as it takes one) [8]. */
  readonly ahead?: number;
}

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
 * The messages of rows for the worker, made one at a time when it asks: the rows of every sheet of every workbook
 * in order, `rowsPerMessage` at a time, each sheet closed by `end`; nothing once all are made. Only the rows of
 * the messages asked for are ever made, so what waits for the worker is bounded by what it asks ahead.
 */
export class RowMessages {
  private readonly sheets: (() => Iterable<TextRow> | AsyncIterable<TextRow>)[];
  private at = 0;
  private rows: Iterator<TextRow> | undefined;

  constructor(
    specs: readonly WorkbookSpec[],
    private readonly rowsPerMessage = 250,
  ) {
    this.sheets = specs.flatMap((w) => w.sheets.map((s) => s.rows));
  }

  /**
   * The next message, undefined when every sheet has ended.
   * @throws when a sheet's rows are asynchronous (they are made here, synchronously)
   */
  next(): XlsxInput | undefined {
    const make = this.sheets[this.at];
    if (make === undefined) return undefined;
    if (this.rows === undefined) {
      const rows = make();
      if (Symbol.asyncIterator in rows) throw new Error("the worker takes rows made synchronously");
      this.rows = rows[Symbol.iterator]();
    }
    const batch: TextRow[] = [];
    while (batch.length < this.rowsPerMessage) {
      const r = this.rows.next();
      if (r.done) break;
      batch.push(r.value);
    }
    if (batch.length === 0) {
      this.rows = undefined;
      this.at++;
      return { end: true };
    }
    return { rows: packRows(batch) };
  }
}

/**
 * Start the worker on the workbooks: each written to `paths[i]` where given, else its bytes given to `on.bytes`.
 * Rows are made here when the worker asks for them (see {@link RowMessages}); it ends after the last workbook.
 */
function startWorker(
  script: WorkerScript,
  specs: readonly WorkbookSpec[],
  paths: readonly (string | undefined)[],
  rowFilePaths: readonly (string | undefined)[],
  opts: WorkbookOptions,
  on: {
    bytes: (book: number, b: Uint8Array) => void;
    done: (book: number, sha256?: string) => void;
    csv: (id: number, sha256: string) => void;
    fail: (e: Error) => void;
  },
): void {
  const { port1: rowsOut, port2: rowsIn } = new MessageChannel();
  const ahead = opts.ahead ?? 8;
  // the files written from sheets' rows besides the workbooks (CSV, then text files: see rowFileNames), by id
  let fileId = 0;
  const filesOf = (s: SheetSpec) => {
    const texts: NonNullable<XlsxSheet["texts"]>[number][] = [];
    const out: { csv?: { path: string; id: number }; texts?: typeof texts } = {};
    if (s.csv !== undefined) {
      const id = fileId++;
      const path = rowFilePaths[id];
      if (path !== undefined) out.csv = { path, id };
    }
    for (const t of s.texts ?? []) {
      const id = fileId++;
      const path = rowFilePaths[id];
      if (path === undefined) continue;
      const { before, after, nowrap } = t.around();
      texts.push({ path, id, format: t.format, before, after, nowrap });
    }
    if (texts.length > 0) out.texts = texts;
    return out;
  };
  const job: XlsxJob = {
    input: rowsIn,
    ahead,
    books: specs.map((spec, i) => ({
      sheets: spec.sheets.map((s) => ({
        name: s.name,
        header: s.header,
        ...(s.widths === undefined ? {} : { widths: s.widths }),
        ...filesOf(s),
      })),
      date: spec.date.getTime(),
      ...(paths[i] === undefined ? {} : { path: paths[i] }),
    })),
  };
  const started = takeStarted(script);
  const worker = started ?? newWorker(script, job, [rowsIn]);
  if (started) {
    started.ref();
    started.postMessage({ job } satisfies XlsxStart, [rowsIn]);
  }
  let left = specs.length;
  let over = false;
  const fail = (e: Error) => {
    if (over) return;
    over = true;
    on.fail(e);
    rowsOut.close();
    void worker.terminate();
  };
  const messages = new RowMessages(specs, opts.rowsPerMessage);
  rowsOut.on("message", () => {
    if (over) return;
    try {
      const m = messages.next();
      if (m === undefined) return;
      if ("rows" in m) rowsOut.postMessage(m, [m.rows.shape.buffer as ArrayBuffer]);
      else rowsOut.postMessage(m);
    } catch (e) {
      fail(e as Error);
    }
  });
  worker.on("message", (m: XlsxMessage) => {
    if ("error" in m) fail(new Error(`工作簿生成失败 / writing a workbook failed: ${m.error}`));
    else if ("bytes" in m) on.bytes(m.book, m.bytes);
    else if ("csv" in m) on.csv(m.csv, m.sha256);
    else {
      on.done(m.book, m.sha256);
      if (--left === 0) {
        over = true;
        rowsOut.close();
        void worker.terminate();
      }
    }
  });
  worker.on("error", (e) => fail(e));
  worker.on("exit", () => fail(new Error("工作簿生成线程意外退出 / the workbook worker exited early")));
}

/** A worker thread running the workbook script: given its job now, or (none) waiting for it (see {@link XlsxStart}). */
function newWorker(script: WorkerScript, job?: XlsxJob, transferList: MessagePort[] = []): Worker {
  return new Worker(script.file, {
    workerData: job ?? { waiting: true },
    transferList,
    execArgv: [...(script.execArgv ?? [])],
    resourceLimits: { maxYoungGenerationSizeMb: workerYoungGenerationMb() },
  });
}

/** This thread's heap in use (bytes) from which the worker gets the small young generation. */
const SMALL_YOUNG_FROM = 384 * 2 ** 20;

/**
 * The worker's young generation (MB). A small one where memory is what limits (this thread's heap holds a big
 * draw: from ~3M entities on): the worker's garbage is small and short-lived (measured: ~35 MB less at 3M).
 * Below, a larger one: at 1M the worker is the step's last thread, and with 8 MB it spent ~0.5 s in garbage
 * collection (measured: the step 0.2 s shorter with 32 MB, peak RSS +5–10 MB).
 */
function workerYoungGenerationMb(): number {
  return getHeapStatistics().used_heap_size >= SMALL_YOUNG_FROM ? 8 : 32;
}

/** The worker started ahead (see {@link startWorkbookWorker}), while it is alive and not yet given a job. */
let ahead: { readonly worker: Worker; readonly file: string; alive: boolean } | undefined;

/** The worker started ahead for this script, taken (undefined when there is none or it has died). */
function takeStarted(script: WorkerScript): Worker | undefined {
  const w = ahead;
  ahead = undefined;
  if (w === undefined) return undefined;
  if (!w.alive || w.file !== script.file) {
    void w.worker.terminate();
    return undefined;
  }
  w.worker.removeAllListeners();
  return w.worker;
}

/** Whether a worker started ahead (see {@link startWorkbookWorker}) is alive and waiting for its job. */
export function workbookWorkerWaiting(): boolean {
  return ahead?.alive === true;
}

/**
 * Start the workbook worker now, ahead of its job: it loads exceljs (~0.4–0.6 s) while this thread does other
 * work (the CLI's draw calls this once the entities are drawn, while one core is free during the schedule and
 * the teams), and the next {@link writeWorkbooks} or {@link renderWorkbooks} gives it its job instead of starting
 * one. It does not keep the process alive while it waits; one that fails to start or dies is replaced by a new
 * one then. Nothing when the worker script is not found.
 */
export function startWorkbookWorker(opts: Pick<WorkbookOptions, "worker"> = {}): void {
  const script = opts.worker === undefined ? defaultScript() : opts.worker;
  if (script === null || ahead !== undefined) return;
  try {
    const worker = newWorker(script);
    const w = { worker, file: script.file, alive: true };
    worker.unref();
    const dead = () => {
      w.alive = false;
    };
    worker.on("error", dead);
    worker.on("exit", dead);
    ahead = w;
  } catch {
    // no worker ahead: one is started with the job
  }
}

/**
 * Start rendering workbooks now, one after the other on one worker thread when its script is found (the built
 * CLI), and give each workbook's bytes as they come. The worker renders (exceljs: seconds for a provincial plan)
 * while this thread goes on with other work; their rows are made here when it asks for them, a few messages
 * ahead, so this thread must give the event loop turns. Without the worker script, each workbook is rendered here
 * when read. The bytes are those of {@link xlsxBytes}, wherever it runs.
 * @returns path → the workbook's bytes (each to be read once, all of them: the worker ends after the last)
 */
export function renderWorkbooks(
  specs: Record<string, WorkbookSpec>,
  opts: WorkbookOptions = {},
): Record<string, AsyncIterable<Uint8Array>> {
  const entries = Object.entries(specs);
  const script = opts.worker === undefined ? defaultScript() : opts.worker;
  if (script === null || entries.length === 0)
    return Object.fromEntries(entries.map(([name, spec]) => [name, xlsxBytes(spec.sheets, spec.date)]));
  const inboxes = entries.map(() => new Inbox());
  startWorker(
    script,
    entries.map(([, s]) => s),
    [],
    [],
    opts,
    {
      bytes: (book, b) => inboxes[book]?.push(b),
      done: (book) => inboxes[book]?.end(),
      csv: () => {},
      fail: (e) => {
        for (const box of inboxes) box.end(e);
      },
    },
  );
  return Object.fromEntries(entries.map(([name], i) => [name, (inboxes[i] as Inbox).bytes()]));
}

/**
 * Write workbooks into staged files: on the worker thread when its script is found, which writes each file
 * itself (its bytes never wait here) while this thread goes on with other work — giving the event loop turns,
 * when the worker asks for more rows (see {@link renderWorkbooks}). The worker also writes the CSV file a sheet
 * names (`csv`: the same header and rows) and its text files (`texts`: the notice around the same rows) from
 * the rows it is sent, so that they are made once. Without the worker, the workbooks are rendered here as the
 * files are written, and the CSV and text files are left to the caller.
 * Each file counts as written (see {@link StagedFiles.finish}) once flushed to disk.
 * @returns the names of the files being written: the workbooks, and the CSV and text files when the worker
 * writes them
 */
export function writeWorkbooks(
  specs: Record<string, WorkbookSpec>,
  files: StagedFiles,
  opts: WorkbookOptions = {},
): string[] {
  const entries = Object.entries(specs);
  const script = opts.worker === undefined ? defaultScript() : opts.worker;
  if (script === null || entries.length === 0) {
    for (const [name, spec] of entries) files.write(name, xlsxBytes(spec.sheets, spec.date));
    return entries.map(([name]) => name);
  }
  const rowFiles = entries.flatMap(([, spec]) => spec.sheets.flatMap(rowFileNames));
  const paths = entries.map(([name]) => files.prepare(name));
  const rowFilePaths = rowFiles.map((name) => files.prepare(name));
  const settle = entries.map(([name]) => files.expect(name));
  const settleRowFiles = rowFiles.map((name) => files.expect(name));
  const failAll = (e: Error) => {
    for (const s of [...settle, ...settleRowFiles]) s.fail(e);
  };
  try {
    startWorker(
      script,
      entries.map(([, s]) => s),
      paths,
      rowFilePaths,
      opts,
      {
        bytes: () => {},
        done: (book, sha256) => settle[book]?.ok(sha256 ?? ""),
        csv: (id, sha256) => settleRowFiles[id]?.ok(sha256),
        fail: failAll,
      },
    );
  } catch (e) {
    failAll(e as Error); // no file left waiting for a worker that never started
    throw e;
  }
  return [...entries.map(([name]) => name), ...rowFiles];
}

/** The files a sheet's rows are written into besides its workbook, in the order of their ids: CSV, then texts. */
function rowFileNames(s: SheetSpec): string[] {
  return [...(s.csv === undefined ? [] : [s.csv]), ...(s.texts ?? []).map((t) => t.file)];
}

function defaultScript(): WorkerScript | null {
  const file = workerFile();
  return file === undefined ? null : { file };
}
