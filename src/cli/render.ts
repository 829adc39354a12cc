// The files of an output version made from a plan alone (publication files, plan.schema.json, plan.json): what
// draw, replace and publish write, and what verify renders again to compare with the files in the folder.
import { createHash } from "node:crypto";
import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { StagedFiles } from "../io/write.js";
import { writeWorkbooks } from "../io/xlsx.js";
import { planChunks } from "../plan/json.js";
import type { Plan } from "../plan/schema.js";
import { planJsonSchema } from "../plan/schema.js";
import { publicationFilePieces, publicationWorkbooks } from "../publish/files.js";

/** A file's content made on demand: text pieces, or byte chunks made asynchronously. */
export type Pieces = () => Iterable<string> | AsyncIterable<Uint8Array>;

/** Relative path → content of every file made from the plan (plan.json last). */
export function planFiles(plan: Plan): Record<string, Pieces> {
  const out: Record<string, Pieces> = { ...(publicationFilePieces(plan) as Record<string, Pieces>) };
  out["plan.schema.json"] = () => [`${JSON.stringify(planJsonSchema(), null, 2)}\n`];
  out["plan.json"] = () => planChunks(plan);
  return out;
}

/** SHA-256 (hex) of a file's content as rendered. */
export async function renderedDigest(make: Pieces): Promise<string> {
  const h = createHash("sha256");
  const content = make();
  if (Symbol.asyncIterator in content) for await (const c of content) h.update(c);
  else for (const p of content) h.update(p, "utf8");
  return h.digest("hex");
}

/**
 * Write every file made from a drawn plan into a staged version (the draw log is the caller's), after a full
 * garbage collection when the heap is big. Workbooks first:
 * a worker thread renders and writes them (one worker, the workbooks one after the other: two at once raised the
 * peak memory; it writes the CSV files of the same rows and the notices' list too) while the other files are
 * written here, giving the event loop a turn every few hundred kilobytes to make the rows the worker asks for.
 * The same bytes as publish renders inline.
 * @param afterFirst called once, after the first file here has been written (the CLI's crash point)
 */
export async function writeDrawFiles(plan: Plan, files: StagedFiles, afterFirst?: () => void): Promise<void> {
  // the draw's garbage collected before the files add theirs, where memory is what limits: from ~3M entities on.
  // Below, the collection cost more than it saved (at 1M: 0.3–0.5 s of a full collection on the one thread the
  // step waits for, against ~20 MB of peak RSS, far below the 600 MB goal)
  if (getHeapStatistics().used_heap_size >= FULL_COLLECTION_FROM) fullCollection();
  const elsewhere = new Set(writeWorkbooks(publicationWorkbooks(plan), files));
  const heap = heapKeeper();
  let first = true;
  // plan.json first: its blocks are the biggest garbage made here, made while the worker is still loading exceljs
  // rather than at the end, when the worker's heap is at its largest (measured at 1M: peak ~10 MB lower)
  const all = Object.entries(planFiles(plan));
  all.sort(([a], [b]) => (a === "plan.json" ? -1 : b === "plan.json" ? 1 : 0));
  for (const [name, make] of all) {
    if (elsewhere.has(name)) continue;
    await files.writePiecesYielding(name, make() as Iterable<string>, undefined, heap);
    if (first) afterFirst?.();
    first = false;
  }
}

/** Heap in use (bytes) from which {@link writeDrawFiles} starts with a full garbage collection. */
const FULL_COLLECTION_FROM = 384 * 2 ** 20;

/** Growth of the heap (bytes) after which {@link heapKeeper} collects the garbage. */
const HEAP_GROWTH = 128 * 2 ** 20;

/**
 * A check, called between blocks written, that runs a full garbage collection once the heap has grown by
 * {@link HEAP_GROWTH} since the last (or since the start). Writing a big plan's files makes a thousand small
 * garbage collections, each of which keeps the pieces in flight at that moment; in a heap of gigabytes the full
 * collection that would free them comes late: measured at 10M entities, ~400 MB of such garbage piled up. At 1M
 * the heap grows less than that while the files are written: no collection, no cost.
 */
function heapKeeper(): () => void {
  let base = getHeapStatistics().used_heap_size;
  return () => {
    const used = getHeapStatistics().used_heap_size;
    if (used - base < HEAP_GROWTH) return;
    fullCollection();
    base = getHeapStatistics().used_heap_size;
  };
}

let collect: (() => void) | null | undefined;

/** A full garbage collection (V8's `gc`, made available here; nothing when it cannot be). */
function fullCollection(): void {
  if (collect === undefined)
    try {
      setFlagsFromString("--expose-gc");
      collect = runInNewContext("gc") as () => void;
    } catch {
      collect = null;
    }
  collect?.();
}
