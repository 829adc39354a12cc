// The draw's first pass over a big entity CSV file in two parts at once: this thread reads the first part of
// the file (a little over half), a worker thread (part-worker.ts) the rest, each with the same reader, checks
// and first pass; the two first passes merge exactly (mergeFirstPasses: selection depends only on ticket order,
// and everything else keeps row order). The parts meet at a line end; if that line end lies inside a quoted
// cell, or the worker fails, nothing of the parts is used and the draw reads the file alone, as for a small
// file. The worker sends its candidates in slices and its record digests and tickets as transferred buffers.
import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { open, stat } from "node:fs/promises";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";
import {
  CONTENT_FORMAT,
  type ContentDigest,
  type DigestStore,
  sortedDigestBlocks,
} from "../content/digest.js";
import {
  type DrawOptions,
  DrawPass,
  type FirstPass,
  type FirstPassRunner,
  mergeFirstPasses,
  shareCodes,
} from "../draw/draw.js";
import type { DrawCandidate, ExcludedEntity } from "../draw/types.js";
import { type FrameHistory, HistoryTable } from "../model/tables.js";
import type { Entity } from "../model/types.js";
import { CsvSplitter } from "./csv.js";
import { SpilledDigests } from "./digest-spill.js";
import { IssueCollector } from "./issues.js";
import type { PartAck, PartJob, PartMessage, PartSlice } from "./part-worker.js";
import { type InputEncoding, readRecordBatches, resolveEncoding } from "./read.js";

/** Files smaller than this are read by one thread: below it, starting a worker costs more than it saves. */
export const PART_MIN_BYTES = 8 << 20;

/**
 * The share of the file this thread reads: a little more than half, as the worker was measured 10–15% slower
 * per row (a fresh heap, its first pass sent over at the end); with halves this thread waited for it.
 */
const MAIN_SHARE = 0.54;

/**
 * The worker's young generation (MB): twice V8's default, so that fewer rows' objects outlive two scavenges
 * and are promoted to die in the old generation (measured: half the worker's heap, less time in GC).
 */
const WORKER_YOUNG_MB = 96;

/**
 * Files from this size on (about 2M entities) are read with V8's heap grown by at most half after each full
 * garbage collection ({@link frugalHeap}), instead of up to four times: more collections (CPU) for less memory,
 * where memory is what limits (below it, the publication files' step has the higher peak anyway).
 */
export const FRUGAL_HEAP_BYTES = 192 << 20;

/** The heap growing percent set while a big file is read (see {@link frugalHeap}). */
const FRUGAL_HEAP_PERCENT = 50;

/**
 * Let V8 grow the heap by at most {@link FRUGAL_HEAP_PERCENT}% of what survives each full garbage collection,
 * until the returned function is called (it restores V8's own choice). While a big file is read, the main
 * thread promotes many short-lived rows into its old generation; V8 lets that grow up to four times the live
 * data before collecting it, and at 10M entities the garbage was more than half of the step's peak (measured:
 * 1.45–1.65 GB → see docs/read-draw-memory.md). Nothing is done when the process was started with its own
 * `--heap-growing-percent`.
 */
function frugalHeap(): () => void {
  // the process's own setting, in either spelling, on the command line or in NODE_OPTIONS, is left alone
  const own = new RegExp(`--${GROWING.replace(/-/g, "[-_]")}`);
  if (process.execArgv.some((a) => own.test(a)) || own.test(process.env.NODE_OPTIONS ?? "")) return () => {};
  try {
    if (frugalReads === 0) setFlagsFromString(`--${GROWING}=${FRUGAL_HEAP_PERCENT}`);
  } catch {
    return () => {};
  }
  frugalReads++;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    // the last of several reads at once restores it
    if (--frugalReads === 0) setFlagsFromString(`--${GROWING}=0`);
  };
}

/** V8's option for the heap's growth after a full collection (a percent; 0: V8's own choice). */
const GROWING = "heap-growing-percent";

/** Big files being read at once with the frugal heap. */
let frugalReads = 0;

/** What reading the file in parts found, for the plan's input facts and the checks of the caller. */
export interface PartsFacts {
  /** The SHA-256 of the whole file as this thread read it. */
  readonly sha256: string;
  /** Entities read (valid rows). */
  readonly rows: number;
  /** Whether the worker read the very bytes this thread read of its range. */
  readonly sameBytes: boolean;
}

/** The file and reading options of {@link firstPassInParts}. */
export interface PartsJob {
  readonly path: string;
  readonly encoding: InputEncoding;
  readonly displayName: string;
  readonly ignoreColumns?: readonly string[] | undefined;
  readonly allowEmpty?: boolean | undefined;
  /** Files smaller than this are left to the caller (default {@link PART_MIN_BYTES}). */
  readonly minBytes?: number;
  /** Called with the entities read so far (both parts), for progress on a terminal. */
  readonly onRows?: (n: number) => void;
}

/** Where the worker's script is: beside this module once built (dist/), absent when run from the sources. */
function workerFile(): string | undefined {
  try {
    const f = fileURLToPath(new URL("./part-worker.js", import.meta.url));
    return existsSync(f) ? f : undefined;
  } catch {
    return undefined;
  }
}

/** The header's cells and where the second part starts (a line end after {@link MAIN_SHARE}), or undefined. */
async function splitPoint(
  path: string,
  encoding: "utf-8" | "gb18030",
  size: number,
): Promise<{ header: string[]; start: number } | undefined> {
  const fh = await open(path, "r");
  try {
    const head = Buffer.alloc(Math.min(size, 1 << 16));
    await fh.read(head, 0, head.length, 0);
    let header: string[] | undefined;
    const splitter = new CsvSplitter(encoding);
    splitter.push(head, (row, cells) => {
      if (row === 1) header = cells;
    });
    if (header === undefined) return undefined;
    const mid = Math.floor(size * MAIN_SHARE);
    const window = Buffer.alloc(Math.min(size - mid, 1 << 16));
    await fh.read(window, 0, window.length, mid);
    const lf = window.indexOf(10);
    if (lf < 0 || mid + lf + 1 >= size) return undefined;
    return { header, start: mid + lf + 1 };
  } catch {
    return undefined;
  } finally {
    await fh.close();
  }
}

/** What the frame rules read of the history ({@link FrameRules}: entity, item and date of the task's items). */
function historyForFrame(options: DrawOptions): FrameHistory | undefined {
  if (options.history === undefined) return undefined;
  return HistoryTable.of(options.history).frameColumns(options.config.itemIds);
}

/** The slices of the worker's first pass as they come (candidates by stratum, excluded entities in row order). */
class Sliced {
  private readonly below = new Map<string, DrawCandidate[]>();
  private readonly spill = new Map<string, DrawCandidate[]>();
  private readonly excluded: ExcludedEntity[] = [];

  take(s: PartSlice): void {
    const add = <T>(to: T[], xs: readonly T[]): void => {
      for (const x of xs) to.push(x);
    };
    const list = (m: Map<string, DrawCandidate[]>, k: string): DrawCandidate[] => {
      let l = m.get(k);
      if (l === undefined) {
        l = [];
        m.set(k, l);
      }
      return l;
    };
    if (s.below !== undefined) add(list(this.below, s.key ?? ""), s.below);
    if (s.spill !== undefined) add(list(this.spill, s.key ?? ""), s.spill);
    if (s.excluded !== undefined) add(this.excluded, s.excluded);
  }

  /** The worker's first pass with its candidates and excluded entities back in place (codes shared). */
  into(first: FirstPass): FirstPass {
    const whole: FirstPass = {
      ...first,
      strata: first.strata.map((s) => ({
        ...s,
        below: this.below.get(s.key) ?? [],
        spill: this.spill.get(s.key) ?? [],
      })),
      excluded: this.excluded,
    };
    shareCodes(whole);
    return whole;
  }
}

/**
 * Shift the rows of the worker's first pass by `shift` (its row 2 is the file's row `2 + shift`), in place: the
 * pass is this thread's own copy (structured clone), and a copy of its hundreds of thousands of candidates
 * would cost as much memory again.
 */
function shiftRows(first: FirstPass, shift: number): FirstPass {
  const e = (x: Entity): void => {
    if (x.origin !== undefined) (x.origin as { row: number }).row += shift;
  };
  for (const s of first.strata) {
    for (const c of s.below) e(c.e);
    for (const c of s.spill) e(c.e);
  }
  for (const f of first.forced) e(f.e);
  for (const i of first.issues) if (i.row !== undefined) (i as { row: number }).row += shift;
  return first;
}

/**
 * A first-pass runner for {@link drawEntities} that reads a big entity CSV file in two parts at once (this
 * thread and a worker thread) and merges the two first passes: the same result as one pass over the file. Row
 * issues go to `issues` in row order, with the file's own row numbers. Returns `undefined` (the draw then reads
 * the file itself) for a JSON or NDJSON file, a file below `minBytes`, when no worker can be started, when the
 * line end where the parts meet lies inside a quoted cell, or when the worker fails; nothing is added to `issues` then.
 * @param onFacts receives the whole file's SHA-256 and the number of entities once both parts are read
 */
export function firstPassInParts(
  job: PartsJob,
  issues: IssueCollector,
  onFacts: (facts: PartsFacts) => void,
): FirstPassRunner {
  return async (options: DrawOptions): Promise<FirstPass | undefined> => {
    if (extname(job.path).toLowerCase() !== ".csv") return undefined;
    const file = workerFile();
    if (file === undefined) return undefined;
    const size = (await stat(job.path)).size;
    if (size < (job.minBytes ?? PART_MIN_BYTES)) return undefined;
    const encoding = await resolveEncoding(job.path, job.encoding);
    const split = await splitPoint(job.path, encoding, size);
    if (split === undefined) return undefined;
    const mySpill = SpilledDigests.create();
    const theirSpill = SpilledDigests.create();
    const data: PartJob = {
      path: job.path,
      encoding,
      displayName: job.displayName,
      ignoreColumns: job.ignoreColumns,
      start: split.start,
      end: size,
      header: split.header,
      seed: options.random.seed,
      taskId: options.random.taskId,
      key: options.random.key.bytes,
      config: options.config,
      // only what the frame rules read of the history (the task's items; no inspectors, no rows): a copy of
      // the whole history in the worker would cost hundreds of MB at provincial scale
      history: historyForFrame(options),
      // each thread's record digests wait in a temporary file of its own (unlinked: it goes with the process)
      spillFd: theirSpill?.fd,
    };
    let workerRows = 0;
    let mainRows = 0;
    const report = () => job.onRows?.(mainRows + workerRows);
    let worker: Worker;
    try {
      worker = new Worker(file, {
        workerData: data,
        execArgv: [],
        resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
      });
    } catch (e) {
      mySpill?.close();
      theirSpill?.close();
      throw e;
    }
    const sliced = new Sliced();
    const result = new Promise<Exclude<PartMessage, { progress: number } | { slice: PartSlice }> | undefined>(
      (resolve) => {
        worker.on("message", (m: PartMessage) => {
          if ("progress" in m) {
            workerRows = m.progress;
            report();
          } else if ("slice" in m) {
            sliced.take(m.slice);
            worker.postMessage({ ack: true } satisfies PartAck);
          } else {
            resolve(m);
            // its last word: the worker's heap (as big as this thread's share of the pass) goes at once, while
            // this thread may still be reading its own part
            void worker.terminate();
          }
        });
        worker.on("error", () => resolve(undefined));
        worker.on("exit", () => resolve(undefined));
      },
    );
    const restoreHeap = size >= FRUGAL_HEAP_BYTES ? frugalHeap() : () => {};
    try {
      // the first part, on this thread, with its own issues (added to `issues` only if the parts are used)
      const mine = new IssueCollector();
      const pass = new DrawPass(options, mySpill);
      const whole = createHash("sha256");
      let rows = 0;
      let pending = true;
      for await (const batch of readRecordBatches("entities", job.path, mine, {
        encoding,
        displayName: job.displayName,
        ignoreColumns: job.ignoreColumns,
        allowEmpty: job.allowEmpty,
        onBytes: (b) => whole.update(b),
        part: {
          start: 0,
          end: split.start,
          last: false,
          done: (n, p) => {
            rows = n;
            pending = p;
          },
        },
      })) {
        pass.add(batch);
        mainRows += batch.length;
        report();
      }
      const mineFirst = pass.finish();
      // the worker's range, hashed here too: the whole file's digest, and proof the worker read the same bytes
      const range = createHash("sha256");
      for await (const chunk of createReadStream(job.path, { start: split.start, highWaterMark: 1 << 20 })) {
        whole.update(chunk as Buffer);
        range.update(chunk as Buffer);
      }
      const theirs = await result;
      // a header refused: the first part read nothing (and says why); the draw reads the file alone
      if (theirs === undefined || "failed" in theirs || pending || rows === 0) return undefined;
      issues.absorb(mine.toData());
      issues.absorb(theirs.issues, rows - 1);
      onFacts({
        sha256: whole.digest("hex"),
        rows: mainRows + theirs.entities,
        sameBytes: range.digest("hex") === theirs.sha256,
      });
      // content@1 of the whole file: both threads' record digests sorted one first byte at a time (hashed natively)
      const content = createHash("sha256");
      let records = 0;
      const mineDigests = "digests" in mineFirst.content ? mineFirst.content.digests : [];
      const stored: DigestStore[] = [];
      if (mySpill !== undefined) stored.push(mySpill);
      if (theirSpill !== undefined && theirs.spilled !== undefined)
        stored.push(SpilledDigests.of(theirSpill.fd, theirs.spilled));
      for (const block of sortedDigestBlocks([...digestList(mineDigests), ...theirs.digests], stored)) {
        content.update(block);
        records += block.length / 32;
      }
      const digest: ContentDigest = { format: CONTENT_FORMAT, sha256: content.digest("hex"), records };
      mySpill?.close();
      theirSpill?.close();
      // the record digests (32 bytes a row) are done with: let them go before the merge and the draw
      if (Array.isArray(mineDigests)) mineDigests.length = 0;
      theirs.digests.length = 0;
      const none = { digests: [] };
      const merged = mergeFirstPasses([
        { ...mineFirst, content: none },
        { ...shiftRows(sliced.into(theirs.first), rows - 1), content: none },
      ]);
      return { ...merged, content: { digest } };
    } finally {
      restoreHeap();
      await worker.terminate();
      mySpill?.close();
      theirSpill?.close();
    }
  };
}

function digestList(d: Uint8Array | readonly Uint8Array[]): readonly Uint8Array[] {
  return d instanceof Uint8Array ? [d] : d;
}
