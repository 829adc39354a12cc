import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { appendFile, mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/**
 * Files written into a staging folder first, then renamed into place by {@link StagedFiles.commit}, `last`
 * (the plan) at the end — so a present plan.json implies complete files, and a failed or interrupted run
 * leaves no half-written plan. Each {@link StagedFiles.write} starts at once and runs while the caller makes
 * the next file.
 */
export class StagedFiles {
  private readonly pending = new Map<string, Promise<void>>();

  private constructor(
    readonly dir: string,
    private readonly staging: string,
  ) {}

  /** Create `dir` if needed and a fresh staging folder inside it. */
  static async open(dir: string): Promise<StagedFiles> {
    await mkdir(dir, { recursive: true });
    const staging = join(dir, `.staging-${process.pid}-${Math.floor(performance.now())}`);
    await mkdir(staging);
    return new StagedFiles(dir, staging);
  }

  /**
   * Start writing one file (text as UTF-8); the content may be dropped by the caller right after. An
   * iterable of strings is written as it is produced ({@link StagedFiles.writePieces}).
   */
  write(name: string, content: string | Uint8Array | Iterable<string>): void {
    if (typeof content !== "string" && !(content instanceof Uint8Array)) {
      this.writePieces(name, content);
      return;
    }
    mkdirSync(dirname(join(this.staging, name)), { recursive: true });
    const p = writeFile(join(this.staging, name), content);
    p.catch(() => {}); // reported by commit()
    this.pending.set(name, p);
  }

  /**
   * Write one file from text pieces, now (synchronously): the pieces are joined into blocks of some 32k
   * characters, each written as soon as it is made. Nothing large is ever held, and the pieces and blocks are
   * garbage while still young: used for the publication files and plan.json of big plans, where holding each
   * file as one string raised the peak memory by ~100 MB.
   */
  writePieces(name: string, pieces: Iterable<string>): void {
    mkdirSync(dirname(join(this.staging, name)), { recursive: true });
    const fd = openSync(join(this.staging, name), "w");
    try {
      let block: string[] = [];
      let n = 0;
      for (const p of pieces) {
        block.push(p);
        n += p.length;
        if (n >= 1 << 15) {
          writeAll(fd, block.join(""));
          block = [];
          n = 0;
        }
      }
      if (block.length > 0) writeAll(fd, block.join(""));
    } finally {
      closeSync(fd);
    }
    this.pending.set(name, Promise.resolve());
  }

  /** Start writing one file from an asynchronous stream of bytes (an Excel workbook); `name` may hold folders. */
  writeBytes(name: string, chunks: AsyncIterable<Uint8Array>): void {
    const path = join(this.staging, name);
    mkdirSync(dirname(path), { recursive: true });
    const p = writeFile(path, chunks);
    p.catch(() => {}); // reported by commit()
    this.pending.set(name, p);
  }

  /** Write a file given as the publication's file pieces give it: text pieces or a byte stream. */
  writeAny(name: string, content: Iterable<string> | AsyncIterable<Uint8Array>): void {
    if (Symbol.asyncIterator in content) this.writeBytes(name, content);
    else this.writePieces(name, content);
  }

  /** Wait for every write, then rename the files into place, `last` at the end; remove the staging folder. */
  async commit(last?: string): Promise<void> {
    try {
      await Promise.all(this.pending.values());
      const names = [...this.pending.keys()].filter((n) => n !== last);
      if (last !== undefined && this.pending.has(last)) names.push(last);
      for (const n of names) {
        await mkdir(dirname(join(this.dir, n)), { recursive: true });
        await rename(join(this.staging, n), join(this.dir, n));
      }
    } finally {
      await this.abort();
    }
  }

  /** Remove the staging folder and whatever was written into it. */
  async abort(): Promise<void> {
    await Promise.allSettled(this.pending.values());
    await rm(this.staging, { recursive: true, force: true });
  }
}

/** Write text as UTF-8 to a file descriptor, all of it. */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, "utf8");
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off);
}

/** Write a set of files into `dir` atomically per file (see {@link StagedFiles}), `last` at the end. */
export async function writeFilesAtomically(
  dir: string,
  files: Record<string, string>,
  last?: string,
): Promise<void> {
  const staged = await StagedFiles.open(dir);
  try {
    for (const [name, content] of Object.entries(files)) staged.write(name, content);
  } catch (e) {
    await staged.abort();
    throw e;
  }
  await staged.commit(last);
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
