// The draw log: one JSON object per line (NDJSON, UTF-8), hash-chained. Line n carries `"prev"`: the SHA-256 (hex)
// of the exact bytes of line n−1 without its newline (64 zeros for line 1), and `"seq": n`. Appends are serialised
// by a lock file (`<log>.lock`) and flushed to disk. The log is kept per task folder (`draw-log.ndjson` beside the
// task file) or bureau-wide (`--log <file>` or DOUBLE_RANDOM_LOG), never per output folder.
import { createHash } from "node:crypto";
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { lockWaiting } from "./lock.js";
import { withPath } from "./write.js";

/** The `prev` of the first line. */
export const GENESIS = "0".repeat(64);

/** The file name of the draw log beside a task file (and of its copy in an output folder). */
export const DRAW_LOG = "draw-log.ndjson";

/** One line of the draw log, as parsed. */
export type LogEntry = { readonly prev: string; readonly seq: number; readonly event: string } & Readonly<
  Record<string, unknown>
>;

/** Where the draw log of a task is: `explicit` (`--log`), else DOUBLE_RANDOM_LOG, else beside the task file. */
export function drawLogPath(taskPath: string, explicit?: string, env = process.env): string {
  const configured = explicit ?? (env.DOUBLE_RANDOM_LOG?.trim() ? env.DOUBLE_RANDOM_LOG : undefined);
  return resolve(configured ?? join(dirname(resolve(taskPath)), DRAW_LOG));
}

/** SHA-256 (hex) of a log line's bytes (without the newline). */
export function lineDigest(line: string | Uint8Array): string {
  return createHash("sha256").update(line).digest("hex");
}

/**
 * Append one entry to the chain: `prev` and `seq` are filled in under the log's lock.
 * @returns the entry's sequence number and the log's bytes up to and including it
 * @throws on file system errors (with the log's path), or when the lock stays held by another process for 30 s
 */
export async function appendDrawLog(
  path: string,
  entry: Record<string, unknown>,
): Promise<{ seq: number; upTo: Buffer; digest: string }> {
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (e) {
    throw withPath(e, dirname(path));
  }
  const lock = await lockWaiting(`${path}.lock`, "draw-log");
  try {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw withPath(e, path);
      bytes = Buffer.alloc(0);
    }
    // a torn last line (no newline: power lost mid-append) stays a line of its own, and breaks the chain there
    const torn = bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a;
    if (torn) bytes = Buffer.concat([bytes, Buffer.from("\n")]);
    const lines = splitLines(bytes);
    const last = lines.at(-1);
    const prev = last === undefined ? GENESIS : lineDigest(last);
    const seq = lines.length + 1;
    const line = JSON.stringify({ prev, seq, ...entry });
    const add = Buffer.from(`${torn ? "\n" : ""}${line}\n`, "utf8");
    const fd = openSync(path, "a");
    try {
      writeSync(fd, add);
      fsyncSync(fd);
    } catch (e) {
      throw withPath(e, path);
    } finally {
      closeSync(fd);
    }
    return { seq, upTo: Buffer.concat([bytes, Buffer.from(`${line}\n`, "utf8")]), digest: lineDigest(line) };
  } finally {
    lock.release();
  }
}

function splitLines(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, start)) {
    out.push(bytes.subarray(start, i));
    start = i + 1;
  }
  if (start < bytes.length) out.push(bytes.subarray(start));
  return out;
}

/** A draw log, checked: its entries, and the first line where the chain breaks (if it does). */
export interface CheckedLog {
  readonly entries: LogEntry[];
  readonly lines: Buffer[];
  readonly broken?: { readonly line: number; readonly reason: string };
}

/** Check a draw log's chain (bytes as read). */
export function checkDrawLog(bytes: Buffer): CheckedLog {
  const lines = splitLines(bytes);
  const entries: LogEntry[] = [];
  let prev = GENESIS;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let e: LogEntry;
    try {
      e = JSON.parse(line.toString("utf8")) as LogEntry;
    } catch {
      return { entries, lines, broken: { line: i + 1, reason: "不是有效的 JSON" } };
    }
    if (e === null || typeof e !== "object" || e.prev !== prev)
      return { entries, lines, broken: { line: i + 1, reason: "prev 与上一行的 SHA-256 不符" } };
    if (e.seq !== i + 1) return { entries, lines, broken: { line: i + 1, reason: `seq 应为 ${i + 1}` } };
    entries.push(e);
    prev = lineDigest(line);
  }
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a)
    return { entries, lines, broken: { line: lines.length, reason: "最后一行不完整（没有换行符）" } };
  return { entries, lines };
}
