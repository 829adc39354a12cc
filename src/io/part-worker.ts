// The worker thread of firstPassInParts (parts.ts): reads one byte range of the entity CSV file — from a record
// start to the end of the file — with the very reader and checks of the main thread, and runs the draw's first
// pass over its rows (tickets and record digests included). It sends back the first pass (rows numbered as if
// the range were a file of its own: the main thread shifts them), the issues, and the SHA-256 of the bytes read.
import { createHash } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";
import type { DrawConfig } from "../draw/config.js";
import { DrawPass, type FirstPass } from "../draw/first-pass.js";
import type { DrawCandidate, ExcludedEntity } from "../draw/types.js";
import { type FrameHistory, HistoryTable } from "../model/tables.js";
import { randomnessOfKey } from "../random/randomness.js";
import { seedKeyFromBytes } from "../random/ticket.js";
import { SpilledDigests, type SpillIndex } from "./digest-spill.js";
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
  /**
   * The descriptor of an empty, unlinked temporary file (digest-spill.ts) the worker writes its record digests
   * to as they fill chunks; the main thread opened it and reads it back. Absent: the digests are kept in memory.
   */
  readonly spillFd?: number | undefined;
}

/**
 * Part of the worker's first pass sent ahead of the rest: a stratum's candidates, or excluded entities, a slice
 * at a time, so that no serialised copy of all of them is ever made (hundreds of MB at 10M rows). The main
 * thread answers each with {@link PartAck}.
 */
export interface PartSlice {
  /** The stratum of `below` and `spill`. */
  readonly key?: string;
  readonly below?: readonly DrawCandidate[];
  readonly spill?: readonly DrawCandidate[];
  readonly excluded?: readonly ExcludedEntity[];
}

/** The main thread's receipt of a {@link PartSlice}: the worker keeps at most {@link SLICES_IN_FLIGHT} unanswered. */
export interface PartAck {
  readonly ack: true;
}

/** How many slices the worker sends before it waits for a receipt. */
export const SLICES_IN_FLIGHT = 4;

/** Candidates or excluded entities in one slice. */
const SLICE = 1 << 14;

/**
 * What the worker sends back: progress, slices of its first pass, then the rest of it (its strata without
 * candidates, no excluded entities: those came in slices), or a failure (the main thread then reads alone).
 */
export type PartMessage =
  | { readonly progress: number }
  | { readonly slice: PartSlice }
  | {
      /** The first pass, without its record digests (in `digests`), candidates and excluded entities (sliced). */
      readonly first: FirstPass;
      /** The record digests of the range, in chunks of one first byte each (content@1, see ContentHasher). */
      readonly digests: Uint8Array[];
      /** Where the rest of them are in the spill file ({@link PartJob.spillFd}), when one was given. */
      readonly spilled?: SpillIndex | undefined;
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
let credit = SLICES_IN_FLIGHT;
let wake: (() => void) | undefined;
port.on("message", () => {
  credit++;
  wake?.();
  wake = undefined;
});

/** Send a slice, once fewer than {@link SLICES_IN_FLIGHT} are unanswered. */
async function sendSlice(slice: PartSlice): Promise<void> {
  while (credit === 0) await new Promise<void>((r) => (wake = r));
  credit--;
  port.postMessage({ slice } satisfies PartMessage);
}

try {
  const random = randomnessOfKey(job.seed, job.taskId, seedKeyFromBytes(job.key));
  const store = job.spillFd !== undefined ? SpilledDigests.of(job.spillFd, []) : undefined;
  const pass = new DrawPass(
    {
      random,
      config: job.config,
      ...(job.history !== undefined ? { history: HistoryTable.of(job.history) } : {}),
    },
    store,
  );
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
  // the record digests go as they are kept (chunks by first byte, transferred, not copied): the main thread
  // sorts them one first byte at a time with its own
  const digests = "digests" in done.content ? [...digestParts(done.content.digests)] : [];
  for (const st of done.strata) {
    for (let i = 0; i < st.below.length; i += SLICE)
      await sendSlice({ key: st.key, below: st.below.slice(i, i + SLICE) });
    if (st.spill.length > 0) await sendSlice({ key: st.key, spill: st.spill });
  }
  for (let i = 0; i < done.excluded.length; i += SLICE)
    await sendSlice({ excluded: done.excluded.slice(i, i + SLICE) });
  const first: FirstPass = {
    ...done,
    strata: done.strata.map((st) => ({ ...st, below: [], spill: [] })),
    excluded: [],
    content: { digests: [] },
  };
  const buffers = new Set<ArrayBuffer>();
  for (const t of first.tickets instanceof Float64Array ? [first.tickets] : first.tickets)
    buffers.add(t.buffer as ArrayBuffer);
  for (const d of digests) buffers.add(d.buffer as ArrayBuffer);
  port.postMessage(
    {
      first,
      digests,
      spilled: store?.index(),
      issues: issues.toData(),
      rows,
      entities,
      sha256: hash.digest("hex"),
    } satisfies PartMessage,
    [...buffers],
  );
} catch (e) {
  // bad CSV or bytes, or a range that does not start at a record: the main thread reads the file alone
  port.postMessage({ failed: (e as Error).message } satisfies PartMessage);
}

function digestParts(d: Uint8Array | readonly Uint8Array[]): readonly Uint8Array[] {
  return d instanceof Uint8Array ? [d] : d;
}
