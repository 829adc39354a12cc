import { appendFile, mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Write a set of files into `dir` atomically per file: everything goes to a staging folder first, then each
 * file is renamed into place, `last` (the plan) at the end — so a present plan.json implies complete files,
 * and a failed or interrupted run leaves no half-written plan.
 */
export async function writeFilesAtomically(
  dir: string,
  files: Record<string, string>,
  last?: string,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const staging = join(dir, `.staging-${process.pid}-${Math.floor(performance.now())}`);
  await mkdir(staging);
  try {
    for (const [name, content] of Object.entries(files)) await writeFile(join(staging, name), content);
    const names = Object.keys(files).filter((n) => n !== last);
    if (last !== undefined && last in files) names.push(last);
    for (const n of names) await rename(join(staging, n), join(dir, n));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Remove staging folders left by an interrupted run. */
export async function cleanStaging(dir: string): Promise<void> {
  try {
    for (const n of await readdir(dir))
      if (n.startsWith(".staging-")) await rm(join(dir, n), { recursive: true, force: true });
  } catch {
    // no folder yet
  }
}

/** Append one JSON line to a log file (the draw log: every attempt, so seeds cannot be ground quietly). */
export async function appendLog(path: string, entry: Record<string, unknown>): Promise<void> {
  await appendFile(path, `${JSON.stringify(entry)}\n`);
}
