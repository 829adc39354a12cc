// double-random draw: lock the output folder, log the attempt, draw, write a new version, switch it in, log the outcome.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { crashPoint } from "../../io/crash.js";
import { appendDrawLog, DRAW_LOG, drawLogPath } from "../../io/draw-log.js";
import { OutputFolder, outputPaths } from "../../io/output.js";
import { startWorkbookWorker } from "../../io/xlsx.js";
import { planWarningLines } from "../../plan/warnings.js";
import { issue } from "../../util/issue.js";
import { attemptEntry, lockedMessage, noteTakeOver } from "../attempt.js";
import { printIssues, Timings, UsageError } from "../common.js";
import { help } from "../help.js";
import { checkCommitment, planFromFiles } from "../pipeline.js";
import { writeDrawFiles } from "../render.js";

/** The `draw` command; returns the exit code. */
export async function cmdDraw(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      seed: { type: "string" },
      "seed-source": { type: "string" },
      commitment: { type: "string" },
      out: { type: "string" },
      log: { type: "string" },
      force: { type: "boolean" },
      timings: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
  });
  if (values.help) return help("draw");
  const timings = new Timings(values.timings === true);
  const taskPath = positionals[0];
  if (!taskPath) throw new UsageError("draw 需要任务文件 / draw needs a task file");
  if (positionals.length > 1) throw new UsageError(`多余的参数 / unexpected argument: ${positionals[1]}`);
  if (values.seed === undefined) throw new UsageError("draw 需要 --seed / draw needs --seed");
  if (values.seed.trim() === "")
    throw new UsageError(
      "随机种子为空或只有空白（变量未设置？），拒绝抽取 / the seed is empty or blank (an unset variable?)",
    );
  if (values["seed-source"] !== undefined && values["seed-source"].trim() === "")
    throw new UsageError("--seed-source 为空或只有空白 / --seed-source is empty or blank");
  if (!values.out) throw new UsageError("draw 需要 --out <目录> / draw needs --out <dir>");
  const out = values.out;
  const seed = values.seed;
  const seedSource = values["seed-source"] ?? "";
  const logPath = drawLogPath(taskPath, values.log);
  const log = (entry: Record<string, unknown>) => appendDrawLog(logPath, entry);

  if (!existsSync(taskPath)) {
    // nothing can be drawn (and no log beside a task that is not there): refused like a usage error
    printIssues([issue("file-not-found", `找不到任务文件：${taskPath}`, { file: taskPath })]);
    return 2;
  }
  // 1. the output folder's lock, before anything else
  const locked = await OutputFolder.lock(out, `draw ${taskPath}`);
  const attempt = await attemptEntry("draw", taskPath, seed, seedSource, out);
  if (!locked.ok) {
    const a = await log(attempt);
    await log(
      outcome(a.seq, "refused-locked", { holderPid: locked.holder.pid, holderTime: locked.holder.time }),
    );
    printIssues([
      issue("output-locked", lockedMessage(out, outputPaths(out).lock, locked.holder), { file: out }),
    ]);
    return 2;
  }
  const folder = locked.folder;
  try {
    noteTakeOver(folder, locked.tookOver);
    crashPoint("after-lock");
    // 2. the attempt, logged before any selection is computed
    const a = await log(attempt);
    crashPoint("after-attempt-logged");
    const finish = (what: string, extra: Record<string, unknown> = {}) => log(outcome(a.seq, what, extra));
    try {
      const current = folder.currentDir();
      if (current !== undefined && existsSync(join(current, "plan.json")) && !values.force) {
        await finish("refused-existing-plan");
        printIssues([
          issue(
            "plan-exists",
            `${join(out, "plan.json")} 已存在；如确需重新抽取请加 --force（本次尝试已记入抽取日志 ${logPath}）`,
            { file: join(out, "plan.json") },
          ),
        ]);
        return 2;
      }
      if (values.commitment) {
        const problems = await checkCommitment(values.commitment, taskPath);
        problems.push(...seedSourceProblems(values.commitment, seedSource));
        if (problems.length > 0) {
          await finish("refused-commitment-mismatch", { files: problems.map((p) => p.file ?? null) });
          printIssues(problems);
          return 2;
        }
      }
      // 3. the draw
      // the workbook worker loads exceljs while the schedule and teams are made (one core is free then)
      const r = await planFromFiles(taskPath, seed, seedSource, out, timings, () => startWorkbookWorker());
      if ("code" in r) {
        await finish("refused-invalid-input", {
          errors: r.issues.filter((i) => i.severity === "error").length,
        });
        printIssues(r.issues);
        return r.code;
      }
      crashPoint("after-plan");
      // 4. a new version with every file, its manifest, then one switch
      const v = await folder.stage("draw");
      let switched: Awaited<ReturnType<typeof folder.switchTo>>;
      try {
        await writeDrawFiles(r.plan, v.files, () => crashPoint("while-writing"));
        v.files.write(DRAW_LOG, a.upTo);
        timings.step("files written");
        switched = await folder.switchTo(v);
      } catch (e) {
        await v.files.abort();
        throw e;
      }
      timings.step("manifest and switch");
      await finish(r.complete ? "written" : "written-unstaffed", {
        version: v.name,
        planSha256: switched.digests.get("plan.json"),
        manifestSha256: switched.manifestSha256,
      });
      crashPoint("after-outcome-logged");
      printIssues(r.issues.filter((i) => i.severity === "error"));
      const acc = r.plan.accounting;
      process.stdout.write(
        `已写出抽查计划 ${join(out, "plan.json")}（版本 ${v.name}）\n` +
          `检查对象 ${acc.input} 户：抽中 ${acc.selected}（必查 ${acc.forced}），递补 ${acc.reserve}，未抽中 ${acc.notSelected}，排除 ${acc.excluded}，不在范围 ${acc.outOfScope}\n` +
          `检查组 ${r.plan.assignments.filter((x) => x.complete).length}/${r.plan.assignments.length} 已配齐\n` +
          `抽取日志 ${logPath}（第 ${a.seq} 条）\n`,
      );
      for (const line of planWarningLines(r.plan)) process.stdout.write(`${line}\n`);
      if (!r.complete) {
        process.stdout.write(`未能配齐检查组：\n${r.plan.bottlenecks.map((b) => `  - ${b}`).join("\n")}\n`);
        return 1;
      }
      return 0;
    } catch (e) {
      // an environment failure after the attempt was logged: its outcome too, if the log can still be written
      await finish("failed", { error: (e as NodeJS.ErrnoException).code ?? "error" }).catch(() => {});
      throw e;
    }
  } finally {
    folder.release();
  }
}

/** A log entry closing an attempt. */
function outcome(
  attempt: number,
  what: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { time: new Date().toISOString(), event: "outcome", attempt, outcome: what, ...extra };
}

/** The seed source named in a commitment, when it differs from the draw's. */
function seedSourceProblems(commitmentPath: string, seedSource: string) {
  let named: unknown;
  try {
    named = (JSON.parse(readFileSync(commitmentPath, "utf8")) as { seedSource?: unknown }).seedSource;
  } catch {
    return []; // unreadable: reported by checkCommitment
  }
  if (typeof named !== "string" || named === seedSource) return [];
  return [
    issue(
      "seed-source-mismatch",
      `承诺文件事先公布的种子来源为「${named}」，本次抽取为「${seedSource || "（未给出）"}」；请使用承诺的种子来源（--seed-source）`,
      { file: commitmentPath, column: "--seed-source" },
    ),
  ];
}
