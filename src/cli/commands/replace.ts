import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { appendLog, StagedFiles } from "../../io/write.js";
import { planText } from "../../plan/json.js";
import { replaceEntity, replaceInspector } from "../../plan/replace.js";
import { publicationFilePieces } from "../../publish/files.js";
import { loadAll, printIssues, readPlan, taskPathOf, UsageError } from "../common.js";
import { help } from "../help.js";

/** The `replace` command; returns the exit code. */
export async function cmdReplace(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      entity: { type: "string" },
      inspector: { type: "string" },
      reason: { type: "string" },
      task: { type: "string" },
      help: { type: "boolean" },
    },
    allowPositionals: true,
  });
  if (values.help) return help("replace");
  const planPath = positionals[0];
  if (!planPath) throw new UsageError("replace 需要计划文件 / replace needs a plan file");
  if (!values.entity) throw new UsageError("replace 需要 --entity / replace needs --entity");
  if (!values.reason) throw new UsageError("replace 需要 --reason（递补原因）/ replace needs --reason");
  const p = await readPlan(planPath);
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
  const ctx = loaded.inputs;
  const r = values.inspector
    ? replaceInspector(p.plan, ctx, values.entity, values.inspector, values.reason)
    : replaceEntity(p.plan, ctx, values.entity, values.reason);
  if (!r.ok) {
    printIssues(r.issues);
    return 2;
  }
  // the day of each new replacement (Asia/Shanghai), for the public 递补 record
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
  for (const x of r.plan.replacements.slice(p.plan.replacements.length)) x.date ??= today;
  const dir = dirname(planPath);
  const staged = await StagedFiles.open(dir);
  try {
    for (const [name, make] of Object.entries(publicationFilePieces(r.plan))) staged.writeAny(name, make());
    staged.write("plan.json", planText(r.plan));
  } catch (e) {
    await staged.abort();
    throw e;
  }
  await staged.commit("plan.json");
  const last = r.plan.replacements[r.plan.replacements.length - 1]!;
  await appendLog(join(dir, "draw-log.ndjson"), {
    time: new Date().toISOString(),
    outcome: "replacement",
    ...last,
  });
  const added = r.plan.replacements.slice(p.plan.replacements.length);
  for (const x of added) {
    process.stdout.write(
      `递补：${x.type === "entity" ? `对象 ${x.entityId}` : `${x.entityId} 检查组成员 ${x.inspectorId}`} → ${x.replacedBy}（${x.reason}）\n`,
    );
  }
  return 0;
}
