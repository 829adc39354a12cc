// double-random replace: 递补 of an entity or a team member, written as a new version of the output folder.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { appendDrawLog, DRAW_LOG, drawLogPath } from "../../io/draw-log.js";
import { OutputFolder, outputOfPlan, outputPaths } from "../../io/output.js";
import { replaceEntity, replaceInspector } from "../../plan/replace.js";
import { REPLACEMENT_PUBLIC_CATEGORIES, replacementCategory } from "../../publish/labels.js";
import { issue } from "../../util/issue.js";
import { lockedMessage, noteTakeOver } from "../attempt.js";
import { loadAll, printIssues, readPlan, taskPathOf, UsageError } from "../common.js";
import { help } from "../help.js";
import { planFiles } from "../render.js";

/** The `replace` command; returns the exit code. */
export async function cmdReplace(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      entity: { type: "string" },
      inspector: { type: "string" },
      reason: { type: "string" },
      category: { type: "string" },
      task: { type: "string" },
      log: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
  });
  if (values.help) return help("replace");
  const planPath = positionals[0];
  if (!planPath) throw new UsageError("replace 需要计划文件 / replace needs a plan file");
  if (!values.entity) throw new UsageError("replace 需要 --entity / replace needs --entity");
  if (!values.reason?.trim())
    throw new UsageError("replace 需要 --reason（递补原因）/ replace needs --reason");
  const category = values.category;
  if (category !== undefined && !REPLACEMENT_PUBLIC_CATEGORIES.includes(category)) {
    printIssues([
      issue("invalid-value", `--category 须为以下公示类别之一：${REPLACEMENT_PUBLIC_CATEGORIES.join("、")}`, {
        column: "--category",
        received: category,
      }),
    ]);
    return 2;
  }
  if (category !== undefined && values.inspector !== undefined)
    throw new UsageError(
      "--category 只用于对象递补（检查人员回避不公示）/ --category applies to entity replacements only",
    );
  const out = outputOfPlan(planPath);
  const locked = await OutputFolder.lock(out, `replace ${planPath}`);
  if (!locked.ok) {
    printIssues([
      issue("output-locked", lockedMessage(out, outputPaths(out).lock, locked.holder), { file: out }),
    ]);
    return 2;
  }
  const folder = locked.folder;
  try {
    noteTakeOver(folder, locked.tookOver);
    const current = folder.currentDir();
    const p = await readPlan(current === undefined ? planPath : join(current, "plan.json"));
    if (!p.ok) {
      printIssues(p.issues);
      return 2;
    }
    const taskPath = taskPathOf(planPath, p.plan, values.task);
    if (!taskPath) throw new UsageError("找不到任务文件，请用 --task 指定 / use --task");
    const loaded = await loadAll(taskPath);
    if ("issues" in loaded) {
      printIssues(loaded.issues);
      return 2;
    }
    const r = values.inspector
      ? replaceInspector(p.plan, loaded.inputs, values.entity, values.inspector, values.reason)
      : replaceEntity(p.plan, loaded.inputs, values.entity, values.reason);
    if (!r.ok) {
      printIssues(r.issues);
      return 2;
    }
    // the day of each new replacement (Asia/Shanghai), for the public 递补 record
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
    for (const x of r.plan.replacements.slice(p.plan.replacements.length)) {
      x.date ??= today;
      // the category the public 递补 record shows: as the official chose it, recorded with the replacement
      if (category !== undefined && x.type === "entity") x.publicCategory = category;
    }
    const added = r.plan.replacements.slice(p.plan.replacements.length);
    const logged = await appendDrawLog(drawLogPath(taskPath, values.log), {
      time: new Date().toISOString(),
      event: "replacement",
      taskId: r.plan.taskId,
      out,
      replacements: added,
    });
    const v = await folder.stage("replace");
    try {
      for (const [name, make] of Object.entries(planFiles(r.plan))) v.files.write(name, make());
      v.files.write(DRAW_LOG, logged.upTo);
      folder.carryOver(v.files);
      await folder.switchTo(v);
    } catch (e) {
      await v.files.abort();
      throw e;
    }
    for (const x of added) {
      process.stdout.write(
        `递补：${x.type === "entity" ? `对象 ${x.entityId}` : `${x.entityId} 检查组成员 ${x.inspectorId}`} → ${x.replacedBy}（${x.reason}）\n`,
      );
      if (x.type === "entity")
        process.stdout.write(
          x.publicCategory !== undefined
            ? `公示的递补类别：${x.publicCategory}\n`
            : `公示的递补类别：${replacementCategory(x)}（按原因推定；可用 --category 指定）\n`,
        );
    }
    return 0;
  } finally {
    folder.release();
  }
}
