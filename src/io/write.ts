import { createHash } from "node:crypto";
import { close, closeSync, fsync, linkSync, mkdirSync, openSync, type PathLike, writeSync } from "node:fs";
import { appendFile, mkdir, open, readdir, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";

/** What a staged file may be made of: text, bytes, text pieces, or byte chunks made asynchronously (xlsx). */
export type FileContent = string | Uint8Array | Iterable<string> | AsyncIterable<Uint8Array>;

/**
 * Files written into a staging folder first. Either renamed into place one by one by {@link StagedFiles.commit}
 * (`last`, the plan, at the end), or — for an output folder that is switched as a whole — finished by
 * {@link StagedFiles.finish} and the staging folder itself turned into a version (see `output.ts`). Names may
 * be relative paths with `/` (`public/notice.html`); folders are made as needed. The SHA-256 of every file is
 * computed as it is written (for the manifest), and each file is flushed to disk (fsync) before it counts as
 * written.
 */
export class StagedFiles {
  private readonly pending = new Map<string, Promise<string | undefined>>();

  private constructor(
    readonly dir: string | undefined,
    readonly staging: string,
  ) {}

  /** Create `dir` if needed and a fresh staging folder inside it (for {@link StagedFiles.commit}). */
  static async open(dir: string): Promise<StagedFiles> {
    await mkdir(dir, { recursive: true });
    const staging = join(dir, `.staging-${process.pid}-${Math.floor(performance.now())}`);
    await mkdir(staging);
    return new StagedFiles(dir, staging);
  }

  /** Stage into the given folder, created here (it must not exist); no per-file commit. */
  static async into(staging: string): Promise<StagedFiles> {
    await mkdir(staging);
    return new StagedFiles(undefined, staging);
  }

  /**
   * Start writing one file; the content may be dropped by the caller right after. Text and pieces of text are
   * written now (synchronously, see {@link StagedFiles.writePieces}); async byte chunks as they come.
   */
  write(name: string, content: FileContent): void {
    if (typeof content === "string" || content instanceof Uint8Array) {
      this.writePieces(name, [content]);
      return;
    }
    if (Symbol.asyncIterator in content) {
      const p = this.writeChunks(name, content);
      p.catch(() => {}); // reported by finish()
      this.pending.set(name, p);
      return;
    }
    this.writePieces(name, content);
  }

  /**
   * Write one file from text pieces (or byte arrays), now (synchronously): the pieces are joined into blocks of
   * some 32k characters, each written as soon as it is made. Nothing large is ever held, and the pieces and blocks
   * are garbage while still young: used for the publication files and plan.json of big plans, where holding each
   * file as one string raised the peak memory by ~100 MB.
   * @throws on file system errors (with the staged file's path)
   */
  writePieces(name: string, pieces: Iterable<string | Uint8Array>): void {
    for (const _ of this.writing(name, pieces));
  }

  /**
   * {@link StagedFiles.writePieces}, giving the event loop a turn after every `turnEvery` characters or so
   * written (so that a worker thread waiting for this thread is answered while a big file is written), calling
   * `onTurn` before each.
   * @throws on file system errors (with the staged file's path)
   */
  async writePiecesYielding(
    name: string,
    pieces: Iterable<string | Uint8Array>,
    turnEvery = 1 << 18,
    onTurn?: () => void,
  ): Promise<void> {
    let n = 0;
    for (const written of this.writing(name, pieces)) {
      n += written;
      if (n >= turnEvery) {
        n = 0;
        onTurn?.();
        await new Promise((ok) => setImmediate(ok));
      }
    }
  }

  /**
   * The writing of {@link StagedFiles.writePieces}, pausing after each block with its length. The blocks are
   * encoded into one reused buffer (no new buffer per block); the file is flushed to disk (fsync) on libuv's
   * threads while the next file is made, and counts as written (see {@link StagedFiles.finish}) once flushed.
   */
  private *writing(name: string, pieces: Iterable<string | Uint8Array>): Generator<number> {
    const path = this.path(name);
    const hash = createHash("sha256");
    let fd: number | undefined;
    try {
      mkdirSync(dirname(path), { recursive: true });
      const file = openSync(path, "w");
      fd = file;
      let block: string[] = [];
      let n = 0;
      const flush = () => {
        if (block.length === 0) return 0;
        const text = block.length === 1 ? (block[0] as string) : block.join("");
        // at most 3 bytes of UTF-8 per UTF-16 unit
        if (text.length * 3 <= scratch.length) {
          const len = scratch.write(text, 0, "utf8");
          writeAll(file, scratch.subarray(0, len), hash);
        } else writeAll(file, Buffer.from(text, "utf8"), hash);
        const was = n;
        block = [];
        n = 0;
        return was;
      };
      for (const p of pieces) {
        if (typeof p !== "string") {
          yield flush();
          writeAll(file, p, hash);
          yield p.length;
          continue;
        }
        block.push(p);
        n += p.length;
        if (n >= 1 << 15) yield flush();
      }
      flush();
    } catch (e) {
      if (fd !== undefined) closeSync(fd);
      throw withPath(e, path);
    }
    const digest = hash.digest("hex");
    const file = fd;
    const flushed = new Promise<string>((ok, fail) =>
      fsync(file, (e) =>
        close(file, (e2) => {
          const err = e ?? e2;
          if (err) fail(withPath(err, path));
          else ok(digest);
        }),
      ),
    );
    flushed.catch(() => {}); // reported by finish()
    this.pending.set(name, flushed);
  }

  /** Start writing one file from an asynchronous stream of bytes (an Excel workbook); see {@link StagedFiles.write}. */
  writeBytes(name: string, chunks: AsyncIterable<Uint8Array>): void {
    this.write(name, chunks);
  }

  /** Write a file given as the publication's file pieces give it: text pieces or a byte stream. */
  writeAny(name: string, content: Iterable<string> | AsyncIterable<Uint8Array>): void {
    this.write(name, content);
  }

  /**
   * The staged path of a file that something else writes (a worker thread), its folders made; see
   * {@link StagedFiles.expect}.
   * @throws on file system errors
   */
  prepare(name: string): string {
    const path = this.path(name);
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (e) {
      throw withPath(e, path);
    }
    return path;
  }

  /**
   * Count a file as being written by something else (at its {@link StagedFiles.prepare}d path): `ok` gives its
   * SHA-256 once it is written and flushed to disk, `fail` the error (reported by {@link StagedFiles.finish}).
   */
  expect(name: string): { ok: (sha256: string) => void; fail: (e: Error) => void } {
    let ok!: (sha256: string) => void;
    let fail!: (e: Error) => void;
    const p = new Promise<string>((resolve, reject) => {
      ok = resolve;
      fail = reject;
    });
    p.catch(() => {}); // reported by finish()
    this.pending.set(name, p);
    return { ok, fail };
  }

  /** Hard-link an existing file (of an earlier version) under `name`, with its known digest (none: unlisted). */
  link(name: string, from: string, sha256?: string): void {
    const path = this.path(name);
    try {
      mkdirSync(dirname(path), { recursive: true });
      linkSync(from, path);
    } catch (e) {
      throw withPath(e, path);
    }
    this.pending.set(name, Promise.resolve(sha256));
  }

  /** The names staged so far. */
  names(): string[] {
    return [...this.pending.keys()];
  }

  /**
   * Wait for every write.
   * @returns each file's SHA-256 (hex) by name (not of linked files whose digest was not given)
   * @throws the first write's error
   */
  async finish(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const [name, p] of this.pending) {
      const d = await p;
      if (d !== undefined) out.set(name, d);
    }
    return out;
  }

  /** Wait for every write, then rename the files into place, `last` at the end; remove the staging folder. */
  async commit(last?: string): Promise<void> {
    if (this.dir === undefined) throw new Error("StagedFiles.into() has no folder to commit into");
    const dir = this.dir;
    try {
      await this.finish();
      const names = [...this.pending.keys()].filter((n) => n !== last);
      if (last !== undefined && this.pending.has(last)) names.push(last);
      for (const n of names) {
        await mkdir(dirname(join(dir, n)), { recursive: true });
        await rename(join(this.staging, n), join(dir, n));
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

  private path(name: string): string {
    if (name.split("/").some((s) => s === ".." || s === "") || name.startsWith("/"))
      throw new Error(`not a relative file name: ${name}`);
    return join(this.staging, name);
  }

  private async writeChunks(name: string, chunks: AsyncIterable<Uint8Array>): Promise<string> {
    const path = this.path(name);
    const hash = createHash("sha256");
    try {
      await mkdir(dirname(path), { recursive: true });
      const fh = await open(path, "w");
      try {
        for await (const c of chunks) {
          hash.update(c);
          let off = 0;
          while (off < c.length) off += (await fh.write(c, off)).bytesWritten;
        }
        await fh.sync();
      } finally {
        await fh.close();
      }
    } catch (e) {
      throw withPath(e, path);
    }
    return hash.digest("hex");
  }
}

/** The buffer blocks of text are encoded into before they are written (reused: writes are synchronous). */
const scratch = Buffer.allocUnsafe(1 << 18);

/** Write bytes to a file descriptor, all of them, hashing them too. */
function writeAll(fd: number, bytes: Uint8Array, hash: ReturnType<typeof createHash>): void {
  hash.update(bytes);
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off);
}

/** Give a file system error the path it concerns (writes through a descriptor do not say). */
export function withPath(e: unknown, path: PathLike): unknown {
  if (e instanceof Error && (e as NodeJS.ErrnoException).code && !(e as NodeJS.ErrnoException).path)
    (e as NodeJS.ErrnoException).path = String(path);
  return e;
}

/** Write a set of files into `dir` atomically per file (see {@link StagedFiles}), `last` at the end. */
export async function writeFilesAtomically(
  dir: string,
  files: Record<string, FileContent>,
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

/** Remove staging folders left by an interrupted run of {@link writeFilesAtomically} in `dir`. */
export async function cleanStaging(dir: string): Promise<string[]> {
  const removed: string[] = [];
  try {
    for (const n of await readdir(dir))
      if (n.startsWith(".staging-")) {
        await rm(join(dir, n), { recursive: true, force: true });
        removed.push(n);
      }
  } catch {
    // no folder yet
  }
  return removed;
}

/**
 * Append one JSON line to a file (unchained). The CLI's draw log is hash-chained: see `draw-log.ts`.
 * @deprecated kept for callers of `double-random/io`; use `appendDrawLog`.
 */
export async function appendLog(path: string, entry: Record<string, unknown>): Promise<void> {
  await appendFile(path, `${JSON.stringify(entry)}\n`);
}
