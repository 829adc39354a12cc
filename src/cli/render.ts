// The files of an output version made from a plan alone (publication files, plan.schema.json, plan.json): what
// draw, replace and publish write, and what verify renders again to compare with the files in the folder.
import { createHash } from "node:crypto";
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
 * Write every file made from a drawn plan into a staged version (the draw log is the caller's). Workbooks first:
 * a worker thread renders and writes them (one worker, the workbooks one after the other: two at once raised the
 * peak memory) while the other files are written here, giving the event loop a turn every few hundred kilobytes
 * to make the rows the worker asks for. The same bytes as publish renders inline.
 * @param afterFirst called once, after the first file here has been written (the CLI's crash point)
 */
export async function writeDrawFiles(plan: Plan, files: StagedFiles, afterFirst?: () => void): Promise<void> {
  const workbooks = publicationWorkbooks(plan);
  writeWorkbooks(workbooks, files);
  let first = true;
  for (const [name, make] of Object.entries(planFiles(plan))) {
    if (name in workbooks) continue;
    await files.writePiecesYielding(name, make() as Iterable<string>);
    if (first) afterFirst?.();
    first = false;
  }
}
