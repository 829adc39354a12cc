// Exclusive locks as files created with O_EXCL: the lock file names its holder (pid, host, time, command), a
// holder that died is detected (same host, pid no longer alive) and its lock taken over.
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";

/** What a lock file says about its holder. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly time: string;
  readonly command: string;
  /** The process's start time as the kernel counts it (Linux), so a reused process number is told apart. */
  readonly start?: string;
}

/** A lock that is held; {@link HeldLock.release} removes it. */
export interface HeldLock {
  readonly path: string;
  /** The dead holder whose lock was taken over, if any. */
  readonly tookOver?: LockHolder;
  release(): void;
}

/** Whether a process of this host is alive (`kill(pid, 0)`: ESRCH means gone; EPERM means alive). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** When a process started, in clock ticks since boot (Linux `/proc/<pid>/stat` field 22); undefined elsewhere. */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/** Read a lock file's holder (undefined when the file is gone; a garbled file counts as an unknown holder). */
export function readHolder(path: string): LockHolder | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  try {
    const j = JSON.parse(text) as Partial<LockHolder>;
    if (typeof j.pid === "number")
      return {
        pid: j.pid,
        host: j.host ?? "",
        time: j.time ?? "",
        command: j.command ?? "",
        ...(typeof j.start === "string" ? { start: j.start } : {}),
      };
  } catch {
    // not written by this tool (lock files are complete from their first instant): an unknown holder
  }
  return { pid: 0, host: hostname(), time: "", command: "" };
}

/**
 * A holder is stale when it ran on this host and its process is gone, or its number now belongs to a process that
 * started at another time (a garbled file is stale too).
 */
function stale(h: LockHolder): boolean {
  if (h.host !== hostname()) return false;
  if (h.pid === 0 || !processAlive(h.pid)) return true;
  const now = h.start === undefined ? undefined : processStart(h.pid);
  return now !== undefined && now !== h.start;
}

/**
 * Try to take the lock at `path` once. A lock of a dead process on this host is taken over (the take-over is
 * itself serialised by a second lock file `path + ".takeover"`, so two processes never both take over).
 * @returns the held lock, or the live holder that has it
 * @throws on file system errors other than the lock existing
 */
export function tryLock(
  path: string,
  command: string,
  now: () => Date = () => new Date(),
): HeldLock | LockHolder {
  const start = processStart(process.pid);
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    time: now().toISOString(),
    command,
    ...(start === undefined ? {} : { start }),
  };
  if (create(path, me)) return held(path);
  const holder = readHolder(path);
  if (holder !== undefined && !stale(holder)) return holder;
  // take over: only under the take-over lock, re-checking that the same dead holder still has it
  const guard = `${path}.takeover`;
  if (!create(guard, me)) {
    const g = readHolder(guard);
    if (g === undefined || !stale(g)) return holder ?? readHolder(path) ?? me;
    rmSync(guard, { force: true });
    if (!create(guard, me)) return holder ?? me;
  }
  try {
    const again = readHolder(path);
    if (again !== undefined && !stale(again)) return again;
    if (again !== undefined) renameSync(path, `${path}.stale-${process.pid}`);
    rmSync(`${path}.stale-${process.pid}`, { force: true });
    if (!create(path, me)) return readHolder(path) ?? me;
    return again === undefined ? held(path) : held(path, again);
  } finally {
    rmSync(guard, { force: true });
  }
}

/**
 * Take the lock at `path`, waiting (polling every 20 ms) up to `waitMs` for a live holder to release it; for
 * short critical sections such as appending to the draw log.
 * @throws when the lock is still held after `waitMs`, or on file system errors
 */
export async function lockWaiting(path: string, command: string, waitMs = 30_000): Promise<HeldLock> {
  const until = performance.now() + waitMs;
  for (;;) {
    const r = tryLock(path, command);
    if ("release" in r) return r;
    if (performance.now() > until)
      throw new Error(`锁 ${path} 被进程 ${r.pid}（${r.time}）占用超过 ${waitMs / 1000} 秒`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

function held(path: string, tookOver?: LockHolder): HeldLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    const h = readHolder(path);
    if (h?.pid === process.pid) rmSync(path, { force: true });
  };
  return tookOver === undefined ? { path, release } : { path, tookOver, release };
}

/**
 * Create the lock file exclusively with the holder's JSON, complete from the first instant: written to a file of
 * this process and hard-linked to `path` (link fails when `path` exists); false when it exists.
 */
function create(path: string, me: LockHolder): boolean {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, "w");
  try {
    writeSync(fd, JSON.stringify(me));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}
