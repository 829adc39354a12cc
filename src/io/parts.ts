// The draw's first pass over a big entity CSV file in two parts at once: this thread reads the first half of
// the file, a worker thread (part-worker.ts) the second, each with the same reader, checks and first pass; the
// two first passes merge exactly (mergeFirstPasses: selection depends only on ticket order, and everything
// else keeps row order). The halves meet at a line end; if that line end lies inside a quoted cell, or the
// worker fails, nothing of the parts is used and the draw reads the file alone, as for a small file.
import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { open, stat } from "node:fs/promises";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { CONTENT_FORMAT, type ContentDigest, mergeSortedDigests, sortedDigests } from "../content/digest.js";
import {
  type DrawOptions,
  DrawPass,
  type FirstPass,
  type FirstPassRunner,
  mergeFirstPasses,
} from "../draw/draw.js";
import { type FrameHistory, HistoryTable } from "../model/tables.js";
import type { Entity } from "../model/types.js";
import type { Issue } from "../util/issue.js";
import { CsvSplitter } from "./csv.js";
import { IssueCollector } from "./issues.js";
import type { PartJob, PartMessage } from "./part-worker.js";
import { type InputEncoding, readRecordBatches, resolveEncoding } from "./read.js";

/** Files smaller than this are read by one thread: below it, starting a worker costs more than it saves. */
export const PART_MIN_BYTES = 8 << 20;

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

/** The header's cells and where the second part starts (a line end near the middle), or undefined. */
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
    const mid = Math.floor(size / 2);
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

/** The worker's first pass with its rows shifted by `shift` (its row 2 is the file's row `2 + shift`). */
function shifted(first: FirstPass, shift: number): FirstPass {
  const e = (x: Entity): Entity =>
    x.origin === undefined ? x : { ...x, origin: { ...x.origin, row: x.origin.row + shift } };
  const i = (x: Issue): Issue => (x.row === undefined ? x : { ...x, row: x.row + shift });
  return {
    ...first,
    strata: first.strata.map((s) => ({
      ...s,
      below: s.below.map((c) => ({ ...c, e: e(c.e) })),
      spill: s.spill.map((c) => ({ ...c, e: e(c.e) })),
    })),
    forced: first.forced.map((f) => ({ ...f, e: e(f.e) })),
    issues: first.issues.map(i),
  };
}

/**
 * A first-pass runner for {@link drawEntities} that reads a big entity CSV file in two parts at once (this
 * thread and a worker thread) and merges the two first passes: the same result as one pass over the file. Row
 * issues go to `issues` in row order, with the file's own row numbers. Returns `undefined` (the draw then reads
 * the file itself) for a JSON or NDJSON file, a file below `minBytes`, when no worker can be started, when the
 * middle line end lies inside a quoted cell, or when the worker fails; nothing is added to `issues` then.
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
    };
    let workerRows = 0;
    let mainRows = 0;
    const report = () => job.onRows?.(mainRows + workerRows);
    const worker = new Worker(file, { workerData: data, execArgv: [] });
    const result = new Promise<Exclude<PartMessage, { progress: number }> | undefined>((resolve) => {
      worker.on("message", (m: PartMessage) => {
        if ("progress" in m) {
          workerRows = m.progress;
          report();
        } else resolve(m);
      });
      worker.on("error", () => resolve(undefined));
      worker.on("exit", () => resolve(undefined));
    });
    try {
      // the first part, on this thread, with its own issues (added to `issues` only if the parts are used)
      const mine = new IssueCollector();
      const pass = new DrawPass(options);
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
      const mineSorted = sortedDigests("digests" in mineFirst.content ? mineFirst.content.digests : []);
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
      // content@1 of the whole file: the two sorted runs of record digests merged (hashed natively)
      const content = createHash("sha256");
      mergeSortedDigests(mineSorted, theirs.sorted, (block) => content.update(block));
      const digest: ContentDigest = {
        format: CONTENT_FORMAT,
        sha256: content.digest("hex"),
        records: (mineSorted.length + theirs.sorted.length) / 32,
      };
      const none = { digests: [] };
      const merged = mergeFirstPasses([
        { ...mineFirst, content: none },
        { ...shifted(theirs.first, rows - 1), content: none },
      ]);
      return { ...merged, content: { digest } };
    } finally {
      await worker.terminate();
    }
  };
}
