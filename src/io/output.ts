// Output folders switched as a whole. `--out out/q4` makes `out/q4` a symbolic link to a complete version folder
// `out/.q4.versions/<version>/`; a new draw (or a replacement, or a re-publication) writes a fresh version beside
// it and switches the link with one rename, so a reader sees one draw's files or the other's, never a mix. An
// exclusive lock (`out/.q4.versions/lock`) is held from before anything else until the end.
import {
  closeSync,
  fsyncSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { mkdir } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { crashPoint } from "./crash.js";
import { type HeldLock, type LockHolder, tryLock } from "./lock.js";
import { MANIFEST, manifestText, parseManifest } from "./manifest.js";
import { StagedFiles } from "./write.js";

/** What is at an output path now. */
export type OutputKind =
  | "none" // nothing: a fresh folder
  | "managed" // a link to a version folder of this tool
  | "empty" // an empty folder
  | "legacy" // a plain folder with a plan.json (written by an earlier version of this tool)
  | "foreign" // a plain folder with other files, or a link elsewhere: not ours to replace
  | "file"; // a file where a folder is expected

/** A file system problem of an output folder that the CLI reports as an environment failure (exit 3). */
export class OutputError extends Error {
  constructor(
    readonly code: string,
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** The paths that belong to an output folder `out`. */
export function outputPaths(out: string): { out: string; versions: string; lock: string } {
  const abs = resolve(out);
  const versions = join(dirname(abs), `.${basename(abs)}.versions`);
  return { out: abs, versions, lock: join(versions, "lock") };
}

/** The output folder a plan file lies in (also when given by its real path inside a version folder). */
export function outputOfPlan(planPath: string): string {
  const dir = resolve(dirname(planPath));
  const m = /^\.(.+)\.versions$/.exec(basename(dirname(dir)));
  return m ? join(dirname(dirname(dir)), m[1]!) : dir;
}

/** What is at `out` now. */
export function outputKind(out: string): OutputKind {
  const { out: abs, versions } = outputPaths(out);
  let st: ReturnType<typeof lstatSync>;
  try {
    st = lstatSync(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return "none";
    throw e;
  }
  if (st.isSymbolicLink()) {
    const target = resolve(dirname(abs), readlinkSync(abs));
    return dirname(target) === versions ? "managed" : "foreign";
  }
  if (!st.isDirectory()) return "file";
  const names = readdirSync(abs);
  if (names.length === 0) return "empty";
  return names.includes("plan.json") ? "legacy" : "foreign";
}

/** An output folder under its exclusive lock. */
export class OutputFolder {
  private constructor(
    readonly out: string,
    readonly versions: string,
    private readonly lock: HeldLock,
    /** Staging folders of dead runs, removed when the lock was taken. */
    readonly cleaned: readonly string[],
  ) {}

  /**
   * Take the exclusive lock of `out` (creating the versions folder beside it) and remove staging leftovers of dead
   * runs (only dead runs can have left any: a live run would hold the lock).
   * @returns the locked folder (with the dead holder it took over from, if any), or the live holder of the lock
   * @throws {OutputError} when `out` is a file or a folder this tool did not make; file system errors
   */
  static async lock(
    out: string,
    command: string,
  ): Promise<{ ok: true; folder: OutputFolder; tookOver?: LockHolder } | { ok: false; holder: LockHolder }> {
    const p = outputPaths(out);
    const kind = outputKind(out);
    if (kind === "file") throw new OutputError("ENOTDIR", p.out, `输出位置 ${out} 是一个文件，不是目录`);
    if (kind === "foreign")
      throw new OutputError(
        "EEXIST",
        p.out,
        `输出目录 ${out} 已存在且不是本工具写出的（含其他文件或是指向别处的链接）；请另选输出目录`,
      );
    let l: ReturnType<typeof tryLock> | undefined;
    for (let i = 0; l === undefined; i++) {
      await makeFolder(p.versions);
      try {
        l = tryLock(p.lock, command);
      } catch (e) {
        // the versions folder removed by a run releasing it empty, between our mkdir and our lock: once more
        if ((e as NodeJS.ErrnoException).code !== "ENOENT" || i >= 3) throw e;
      }
    }
    if (!("release" in l)) return { ok: false, holder: l };
    const cleaned: string[] = [];
    for (const n of readdirSync(p.versions))
      if (n.endsWith(".staging") || n.startsWith("link-")) {
        rmSync(join(p.versions, n), { recursive: true, force: true });
        cleaned.push(join(p.versions, n));
      }
    const folder = new OutputFolder(p.out, p.versions, l, cleaned);
    return l.tookOver === undefined ? { ok: true, folder } : { ok: true, folder, tookOver: l.tookOver };
  }

  /** The folder of the current version (or the plain folder of an earlier layout); undefined when none. */
  currentDir(): string | undefined {
    const kind = outputKind(this.out);
    if (kind === "managed") return resolve(dirname(this.out), readlinkSync(this.out));
    if (kind === "legacy") return this.out;
    return undefined;
  }

  /** Start a new version: files staged into `<versions>/<name>.staging`. */
  async stage(what: string): Promise<{ name: string; files: StagedFiles }> {
    const stamp = new Date()
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d+Z$/, "Z");
    let name = `${stamp}-${what}-${process.pid}`;
    for (let i = 2; existsIn(this.versions, name); i++) name = `${stamp}-${what}-${process.pid}-${i}`;
    return { name, files: await StagedFiles.into(join(this.versions, `${name}.staging`)) };
  }

  /**
   * Hard-link the files of the current version that the new one does not write itself (results written later,
   * files of other formats), with their digests from the current manifest (none for files it does not list).
   * @param replaces files the new version replaces as a set (e.g. an earlier run's results): not carried over
   */
  carryOver(files: StagedFiles, replaces: (rel: string) => boolean = () => false): void {
    const cur = this.currentDir();
    if (cur === undefined) return;
    const written = new Set(files.names());
    let listed = new Map<string, string>();
    try {
      listed = parseManifest(readFileText(join(cur, MANIFEST))).digests;
    } catch {
      // no manifest: nothing listed
    }
    for (const rel of walk(cur))
      if (rel !== MANIFEST && !written.has(rel) && !replaces(rel))
        files.link(rel, join(cur, rel), listed.get(rel));
  }

  /**
   * Finish a staged version: wait for its files, write the manifest, rename the staging folder to the version's
   * name, and switch `out` to it with one rename of a link.
   * @returns the manifest's SHA-256 and the files' digests
   */
  async switchTo(v: {
    name: string;
    files: StagedFiles;
  }): Promise<{ manifestSha256: string; digests: Map<string, string> }> {
    const digests = await v.files.finish();
    crashPoint("before-manifest");
    v.files.writePieces(MANIFEST, [manifestText(digests)]);
    const manifestSha256 = (await v.files.finish()).get(MANIFEST)!;
    crashPoint("before-version-rename");
    const dir = join(this.versions, v.name);
    syncFolder(`${dir}.staging`);
    renameSync(`${dir}.staging`, dir);
    syncFolder(this.versions);
    crashPoint("before-switch");
    const kind = outputKind(this.out);
    if (kind === "empty") rmdirSync(this.out);
    if (kind === "legacy") renameSync(this.out, join(this.versions, `legacy-${v.name}`));
    const link = join(this.versions, `link-${process.pid}`);
    rmSync(link, { force: true });
    symlinkSync(join(basename(this.versions), v.name), link);
    renameSync(link, this.out); // the one atomic step
    syncFolder(dirname(this.out)); // the switch survives a power cut, not only a killed process
    crashPoint("after-switch");
    return { manifestSha256, digests };
  }

  /** Release the lock (and remove the versions folder again when no version was ever written into it). */
  release(): void {
    this.lock.release();
    try {
      rmdirSync(this.versions); // only when empty
    } catch {
      // holds versions (or another run's lock): stays
    }
  }
}

/** Flush a folder's entries to disk (best effort: not every platform can open a folder). */
function syncFolder(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    fsyncSync(fd);
  } catch {
    // e.g. Windows: folders cannot be opened for fsync
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** mkdir -p, with the true error (a recursive mkdir says ENOENT for a read-only parent). */
async function makeFolder(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  try {
    await mkdir(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
}

function existsIn(dir: string, name: string): boolean {
  try {
    lstatSync(join(dir, name));
    return true;
  } catch {
    try {
      lstatSync(join(dir, `${name}.staging`));
      return true;
    } catch {
      return false;
    }
  }
}

function readFileText(path: string): string {
  return readFileSync(path, "utf8");
}

/** Relative paths (with `/`) of the files under `dir`. */
function walk(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix === "" ? e.name : `${prefix}/${e.name}`;
    if (e.isDirectory()) out.push(...walk(dir, rel));
    else if (e.isFile()) out.push(rel);
  }
  return out;
}
