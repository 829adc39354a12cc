// What the CLI records of an attempt before computing anything, and how it reports the output folder's lock.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { hostname } from "node:os";
import { resolve } from "node:path";
import type { LockHolder } from "../io/lock.js";
import type { OutputFolder } from "../io/output.js";
import { fileDigest } from "../io/task.js";
import { seedDigest } from "../plan/sources.js";

const INPUT_KINDS = ["entities", "inspectors", "items", "conflicts", "history", "calendar"] as const;

/** A digest of one input as logged before the draw: a file's SHA-256, or what it is when not a plain file. */
type InputNote = { path: string; sha256: string } | { path: string; missing: true } | { source: string };

/**
 * The draw log's `attempt` entry: task file digest and id, the digest of every input file, the seed's SHA-256 and
 * source, the output folder, time, process — all of it read before any selection is computed. A database input
 * is noted as such (its connection string is never logged).
 */
export async function attemptEntry(
  command: string,
  taskPath: string,
  seed: string,
  seedSource: string,
  out: string,
): Promise<Record<string, unknown>> {
  let taskSha256: string | null = null;
  let taskId: string | null = null;
  const inputs: Record<string, InputNote> = {};
  try {
    const text = await readFile(taskPath);
    taskSha256 = sha256Bytes(text);
    const task = JSON.parse(text.toString("utf8").replace(/^\uFEFF/, "")) as {
      id?: unknown;
      inputs?: Record<string, unknown>;
    };
    if (typeof task.id === "string") taskId = task.id;
    for (const kind of INPUT_KINDS) {
      const p = task.inputs?.[kind];
      if (p === undefined) continue;
      if (typeof p !== "string") {
        inputs[kind] = { source: "database" };
        continue;
      }
      try {
        inputs[kind] = { path: p, sha256: await fileDigest(resolve(taskPath, "..", p)) };
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        inputs[kind] = code === "EISDIR" ? { source: "directory" } : { path: p, missing: true };
      }
    }
  } catch {
    // an unreadable or malformed task file: logged as such (taskSha256/taskId null), refused later
  }
  return {
    time: new Date().toISOString(),
    event: "attempt",
    command,
    taskId,
    taskFile: resolve(taskPath),
    taskSha256,
    inputs,
    seedSha256: seedDigest(seed),
    seedSource,
    out: resolve(out),
    pid: process.pid,
    host: hostname(),
  };
}

function sha256Bytes(b: Uint8Array): string {
  return createHash("sha256").update(b).digest("hex");
}

/** The message of a draw refused because another process holds the output folder's lock. */
export function lockedMessage(out: string, lock: string, h: LockHolder): string {
  return (
    `输出目录 ${out} 正被另一进程使用（进程号 ${h.pid}，主机 ${h.host || "未知"}，开始于 ${h.time || "未知"}，命令 ${h.command || "未知"}）；` +
    `请待其结束后再试。如确认该进程已不存在，可删除锁文件 ${lock}。\n` +
    `output folder in use by process ${h.pid} since ${h.time}; lock file ${lock}`
  );
}

/** Notes on stderr about a dead holder's lock taken over and staging leftovers removed. */
export function noteTakeOver(folder: OutputFolder, tookOver: LockHolder | undefined): void {
  if (tookOver !== undefined)
    process.stderr.write(
      `注意：已接管已终止进程的锁（进程号 ${tookOver.pid}，开始于 ${tookOver.time || "未知"}）/ took over the lock of dead process ${tookOver.pid}\n`,
    );
  for (const c of folder.cleaned)
    process.stderr.write(`注意：已清理中断运行遗留的暂存目录 ${c} / removed staging leftover\n`);
}
