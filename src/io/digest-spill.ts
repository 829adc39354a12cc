// Record digests spilled to a temporary file (a DigestStore for ContentHasher, see src/content/digest.ts): a
// big input's digests (32 bytes a row, 320 MB at 10M rows) wait on disk, not in memory, until the content digest
// is taken, one first byte at a time. The file is unlinked as soon as it is opened: only its descriptor names
// it, so that it goes with the process on every path (success, error, crash, kill); `close` frees it at once.
// The descriptor is the process's: a worker thread writes its own file and the main thread reads it back.
import { closeSync, mkdtempSync, openSync, readSync, rmdirSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DigestStore } from "../content/digest.js";

/** Where each first byte's chunks are in a spill file: per first byte, position and length pairs. */
export type SpillIndex = readonly (readonly number[] | undefined)[];

/** A {@link DigestStore} in a temporary file (positional reads and writes on one descriptor). */
export class SpilledDigests implements DigestStore {
  private readonly at: number[][];
  private end: number;
  private closed = false;

  private constructor(
    /** The file's descriptor (the file itself is already unlinked). */
    readonly fd: number,
    index: SpillIndex = [],
  ) {
    this.at = Array.from({ length: 256 }, (_, b) => [...(index[b] ?? [])]);
    this.end = 0;
    for (const l of this.at)
      for (let k = 0; k < l.length; k += 2) this.end = Math.max(this.end, l[k]! + l[k + 1]!);
  }

  /**
   * A new, empty spill file in the system's temporary directory (already unlinked), or `undefined` when none
   * can be made (the digests are then kept in memory).
   */
  static create(): SpilledDigests | undefined {
    let dir: string | undefined;
    let fd: number | undefined;
    let file: string | undefined;
    try {
      dir = mkdtempSync(join(tmpdir(), "double-random-"));
      file = join(dir, "record-digests");
      fd = openSync(file, "wx+", 0o600);
      unlinkSync(file);
      return new SpilledDigests(fd);
    } catch {
      // none made: nothing left open, nothing left behind
      if (fd !== undefined)
        try {
          closeSync(fd);
          if (file !== undefined) unlinkSync(file);
        } catch {
          // already unlinked, or not removable: the folder below stays for the system's cleaning
        }
      return undefined;
    } finally {
      if (dir !== undefined)
        try {
          rmdirSync(dir);
        } catch {
          // left for the system's cleaning of its temporary directory (it is empty)
        }
    }
  }

  /** The spill file written by another thread of this process: its descriptor and index. */
  static of(fd: number, index: SpillIndex): SpilledDigests {
    return new SpilledDigests(fd, index);
  }

  /** Where each first byte's chunks are (plain data, for another thread to read the file with {@link SpilledDigests.of}). */
  index(): SpillIndex {
    // chunks held in this thread's memory cannot be read by another: the part's pass is then not used (the
    // caller reads the file alone)
    if (this.held !== undefined) throw new Error("SpilledDigests: the spill file could not take every chunk");
    return this.at.map((l) => [...l]);
  }

  /**
   * Write a chunk at the end of the file. When the file cannot take it (a full or failing temporary disk), this
   * chunk and every later one are kept in memory instead, as without a store: the digest is the same, only the
   * memory is higher (see {@link SpilledDigests.index} for the other thread's case).
   */
  put(lead: number, chunk: Uint8Array): void {
    if (this.held === undefined) {
      try {
        let done = 0;
        while (done < chunk.length)
          done += writeSync(this.fd, chunk, done, chunk.length - done, this.end + done);
        this.at[lead]!.push(this.end, chunk.length);
        this.end += chunk.length;
        return;
      } catch {
        this.held = Array.from({ length: 256 }, () => []);
      }
    }
    this.held[lead]!.push(new Uint8Array(chunk)); // a copy (a Buffer's slice would be a view)
  }

  /** Chunks kept in memory, per first byte, once the file failed to take one (see {@link SpilledDigests.put}). */
  private held: Uint8Array[][] | undefined;
  /** What {@link SpilledDigests.read} reads into (grown as needed, reused). */
  private buffer = new Uint8Array(0);

  /**
   * The digests of first byte `lead`: those read back from the file as one array, then any held in memory. The
   * array read from the file is this store's buffer, valid until the next call (one buffer for every first byte:
   * at 10M records a new one per bucket made ~300 MB of buffers, whose external memory set off full garbage
   * collections that found nothing to free).
   * @throws {Error} when the file is shorter than written (it was truncated under the process)
   */
  read(lead: number): readonly Uint8Array[] {
    const fromFile = this.readFile(lead);
    const held = this.held?.[lead] ?? [];
    return held.length === 0 ? fromFile : [...fromFile, ...held];
  }

  /** The chunks of first byte `lead` written to the file, as one array (none when there are none). */
  private readFile(lead: number): readonly Uint8Array[] {
    const l = this.at[lead];
    if (l === undefined || l.length === 0) return [];
    let total = 0;
    for (let k = 1; k < l.length; k += 2) total += l[k]!;
    if (this.buffer.length < total) this.buffer = new Uint8Array(Math.max(total, this.buffer.length * 1.5));
    const out = this.buffer.subarray(0, total);
    let o = 0;
    for (let k = 0; k < l.length; k += 2) {
      const from = o;
      const end = o + l[k + 1]!;
      while (o < end) {
        const n = readSync(this.fd, out, o, end - o, l[k]! + (o - from));
        if (n === 0) throw new Error("SpilledDigests: the spill file is shorter than written");
        o += n;
      }
    }
    return [out];
  }

  /** Close the file (which frees its space); later calls do nothing. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
