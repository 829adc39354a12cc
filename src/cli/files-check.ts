// What verify checks beside the plan itself: the folder's files against its manifest and against the files
// rendered again from the plan, and the draw log (the task's chain, and the folder's copy of it).
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { checkDrawLog, DRAW_LOG, drawLogPath, type LogEntry, lineDigest } from "../io/draw-log.js";
import { checkManifest, MANIFEST, parseManifest, sha256File } from "../io/manifest.js";
import type { Plan } from "../plan/schema.js";
import { planFiles, renderedDigest } from "./render.js";

/** Lines to print, and whether anything failed (exit 1). */
export interface CheckReport {
  readonly ok: string[];
  readonly failed: string[];
  readonly notes: string[];
}

/**
 * Check every file of a plan's folder: each file listed in SHA256SUMS is recomputed; each file that can be made
 * from the plan (publication files, schema) and is present is rendered again and compared, so a file
 * edited together with the manifest is caught too.
 */
export async function checkFolderFiles(dir: string, plan: Plan): Promise<CheckReport> {
  const r: CheckReport = { ok: [], failed: [], notes: [] };
  const m = await checkManifest(dir);
  if (m.problems.some((p) => p.kind === "no-manifest"))
    r.notes.push(`目录中没有清单 ${MANIFEST}：缺失的文件无法发现，只核对了现有文件`);
  else
    for (const p of m.problems)
      r.failed.push(
        p.kind === "missing"
          ? `文件 ${p.file} 列在清单中但已缺失`
          : p.kind === "changed"
            ? `文件 ${p.file} 与清单记录的 SHA-256 不一致（已被替换或修改）`
            : `清单 ${p.file} 行格式错误`,
      );
  let rendered = 0;
  for (const [name, make] of Object.entries(planFiles(plan))) {
    // plan.json is checked against the manifest above, and against the recomputation by verify
    if (name === "plan.json") continue;
    const listed = m.digests.get(name);
    const path = join(dir, name);
    if (listed === undefined && !existsSync(path)) continue;
    const want = await renderedDigest(make);
    const got = await sha256File(path);
    rendered++;
    if (listed !== undefined && listed !== want)
      r.failed.push(`清单中 ${name} 的 SHA-256 与按计划重新生成的文件不一致（清单或文件被改动）`);
    else if (got !== undefined && got !== want)
      r.failed.push(`文件 ${name} 与按计划重新生成的内容不一致（已被替换或修改）`);
  }
  if (r.failed.length === 0)
    r.ok.push(
      `文件核对通过：清单 ${m.digests.size} 个文件的 SHA-256 一致，${rendered} 个文件与按计划重新生成的内容逐字节一致`,
    );
  return r;
}

/**
 * Check the draw log: the task's log (chain intact, attempts for this task counted) and the folder's copy (its
 * chain, a prefix of the task's log, and its last attempt naming this plan's seed and task digests).
 */
export function checkLogs(dir: string, plan: Plan, taskPath: string, explicitLog?: string): CheckReport {
  const r: CheckReport = { ok: [], failed: [], notes: [] };
  const copyPath = join(dir, DRAW_LOG);
  let copy = existsSync(copyPath) ? readFileSync(copyPath) : undefined;
  if (copy !== undefined && copy.length > 0 && !copy.subarray(0, 8).toString("utf8").startsWith('{"prev"')) {
    r.notes.push(`目录中的 ${DRAW_LOG} 是早期版本的日志（无哈希链），未核对`);
    copy = undefined;
  }
  if (copy === undefined) r.notes.push(`目录中没有抽取日志副本 ${DRAW_LOG}`);
  else {
    const c = checkDrawLog(copy);
    if (c.broken) r.failed.push(`目录中的抽取日志副本在第 ${c.broken.line} 行断链：${c.broken.reason}`);
    const last = lastAttempt(c.entries);
    if (last !== undefined && last.seedSha256 !== plan.seedDigest)
      r.failed.push(`抽取日志副本最后一次尝试的种子摘要与计划不一致`);
  }
  const logPath = drawLogPath(taskPath, explicitLog);
  if (!existsSync(logPath)) {
    r.notes.push(`找不到任务的抽取日志 ${logPath}（第三方核对时通常如此；可用 --log 指定）`);
    return r;
  }
  const bytes = readFileSync(logPath);
  const t = checkDrawLog(bytes);
  const attempts = t.entries.filter((e) => e.event === "attempt" && e.taskId === plan.taskId);
  const written = t.entries.filter(
    (e) =>
      e.event === "outcome" &&
      attempts.some((a) => a.seq === e.attempt) &&
      String(e.outcome).startsWith("written"),
  ).length;
  const open = attempts.filter(
    (a) => !t.entries.some((e) => e.event === "outcome" && e.attempt === a.seq),
  ).length;
  if (t.broken)
    r.failed.push(`抽取日志 ${logPath} 在第 ${t.broken.line} 行断链：${t.broken.reason}（日志被改动）`);
  else
    r.ok.push(
      `抽取日志 ${logPath} 链完整：共 ${t.entries.length} 条，本任务 ${plan.taskId} 尝试抽取 ${attempts.length} 次，其中写出计划 ${written} 次${open > 0 ? `，${open} 次无结果记录（中断）` : ""}`,
    );
  // the last line is followed by no other: the chain alone cannot protect it, so the draw's own outcome is checked
  const mine = copy === undefined ? undefined : lastAttempt(checkDrawLog(copy).entries);
  if (mine !== undefined && existsSync(join(dir, MANIFEST))) {
    const manifest = existsSync(join(dir, MANIFEST))
      ? lineDigest(readFileSync(join(dir, MANIFEST)))
      : undefined;
    const o = t.entries.find((e) => e.event === "outcome" && e.attempt === mine.seq);
    if (o === undefined)
      r.notes.push(`抽取日志中第 ${mine.seq} 条尝试没有结果记录（写出后、记录结果前中断）`);
    else if (!String(o.outcome).startsWith("written"))
      r.failed.push(
        `抽取日志 ${logPath} 第 ${mine.seq} 条尝试的结果记录（${String(o.outcome)}）表明该次抽取没有写出计划，与本目录不符`,
      );
    else if (o.version === basename(dir)) {
      if (o.manifestSha256 !== manifest)
        r.failed.push(
          `抽取日志 ${logPath} 第 ${mine.seq} 条尝试的结果记录（${String(o.outcome)}）与本目录不符（版本或清单摘要不同）`,
        );
    } else laterVersion(r, dir, String(o.version), String(o.manifestSha256), logPath, mine.seq);
  }
  if (t.lines.length > 0)
    r.notes.push(
      `抽取日志链头（最后一行的 SHA-256）${lineDigest(t.lines.at(-1)!)}：可另行记录，以便日后发现对末行的改动`,
    );
  if (copy !== undefined && !bytes.subarray(0, copy.length).equals(copy))
    r.failed.push(`目录中的抽取日志副本不是任务抽取日志 ${logPath} 的前缀（日志被改写或不属于同一日志）`);
  return r;
}

/**
 * A folder that is a later version of the one a draw wrote (`publish` rendered it again, `results` added the
 * results): the drawn version, kept beside it, must still have the manifest the log recorded, and every file it
 * lists must be listed with the same digest here — plan.json and every publication file are the drawn ones (the
 * files a later version adds, such as results, are checked against its own manifest only).
 */
function laterVersion(
  r: CheckReport,
  dir: string,
  drawn: string,
  manifestSha256: string,
  logPath: string,
  seq: number,
): void {
  const drawnManifest = join(dirname(dir), drawn, MANIFEST);
  if (drawn.includes("/") || drawn.includes("\\") || !existsSync(drawnManifest)) {
    r.failed.push(
      `本目录不是抽取日志 ${logPath} 第 ${seq} 条尝试写出的版本 ${drawn}，而该版本已不在其旁：无法确认本目录的文件是抽取时写出的`,
    );
    return;
  }
  const bytes = readFileSync(drawnManifest);
  const then = parseManifest(bytes.toString("utf8")).digests;
  const now = existsSync(join(dir, MANIFEST))
    ? parseManifest(readFileSync(join(dir, MANIFEST), "utf8")).digests
    : new Map<string, string>();
  const lost = [...then].filter(([f, d]) => now.get(f) !== d).map(([f]) => f);
  if (lineDigest(bytes) !== manifestSha256)
    r.failed.push(
      `抽取日志 ${logPath} 第 ${seq} 条尝试写出的版本 ${drawn} 的清单已被改动（与日志记录的摘要不同）`,
    );
  else if (lost.length > 0)
    r.failed.push(
      `本目录是抽取版本 ${drawn} 之后的版本，但抽取时写出的文件 ${lost.slice(0, 5).join("、")}${lost.length > 5 ? ` 等 ${lost.length} 个` : ""} 已缺失或不同（且日志中没有递补记录）`,
    );
  else
    r.ok.push(
      `本目录是抽取版本 ${drawn} 之后重新生成的版本（publish 或 results）：抽取时写出的 ${then.size} 个文件逐字节未变`,
    );
}

/** The draw attempt that wrote a folder: the last entry of its copy of the log when that is an attempt. */
function lastAttempt(entries: readonly LogEntry[]): LogEntry | undefined {
  const last = [...entries].reverse().find((e) => e.event === "attempt" || e.event === "replacement");
  return last?.event === "attempt" ? last : undefined;
}
