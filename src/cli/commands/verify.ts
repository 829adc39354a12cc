import { existsSync, realpathSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { readTask } from "../../io/task.js";
import { compareInputs, comparePlans } from "../../plan/compare.js";
import { replayReplacements } from "../../plan/replace.js";
import { type Issue, issue } from "../../util/issue.js";
import { printIssues, readPlan, taskPathOf, UsageError } from "../common.js";
import { checkFolderFiles, checkLogs } from "../files-check.js";
import { help } from "../help.js";
import { planFromFiles } from "../pipeline.js";

/** The `verify` command; returns the exit code. */
export async function cmdVerify(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { task: { type: "string" }, log: { type: "string" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
  if (values.help) return help("verify");
  const planPath = positionals[0];
  if (!planPath) throw new UsageError("verify 需要计划文件 / verify needs a plan file");
  // the folder as it is now (a later draw switching the link does not mix two versions into one check)
  let dir: string;
  try {
    dir = realpathSync(dirname(resolve(planPath)));
  } catch {
    dir = dirname(resolve(planPath));
  }
  const p = await readPlan(
    existsSync(join(dir, basename(planPath))) ? join(dir, basename(planPath)) : planPath,
  );
  if (!p.ok) {
    printIssues(p.issues);
    return 2;
  }
  const recorded = p.plan;
  const taskPath = taskPathOf(planPath, recorded, values.task);
  if (!taskPath || !existsSync(taskPath)) {
    printIssues([
      issue(
        "input-missing",
        `找不到任务文件${taskPath ? ` ${taskPath}` : ""}；请用 --task 指定`,
        taskPath ? { file: taskPath } : {},
      ),
    ]);
    return 2;
  }
  const t = await readTask(taskPath);
  if (!t.ok) {
    printIssues(t.issues);
    return 2;
  }
  // inputs are compared by content (format, encoding and row order do not matter); a missing file is refused
  const missing: Issue[] = [];
  const given = t.value.task.inputs as Record<string, string | undefined>;
  for (const [kind, d] of Object.entries(recorded.inputs)) {
    // a database table or query is no file: verify redraws from it and compares its content digest
    if (kind === "entities" && typeof t.value.task.inputs.entities !== "string") continue;
    const p = d.path ?? given[kind];
    if (p !== undefined && !existsSync(resolve(t.value.dir, p)))
      missing.push(issue("input-missing", `缺少输入文件 ${p}（${kind}）`, { file: p }));
  }
  if (missing.length > 0) {
    printIssues(missing);
    return 2;
  }
  const r = await planFromFiles(taskPath, recorded.seed, recorded.seedSource, dirname(resolve(planPath)));
  if ("code" in r) {
    printIssues(r.issues);
    return 2;
  }
  let fresh = r.plan;
  if (recorded.replacements.length > 0) {
    const rp = replayReplacements(fresh, recorded.replacements, r.inputs);
    if (!rp.ok) {
      printIssues(rp.issues);
      return 1;
    }
    fresh = rp.plan;
  }
  // a plan made before task digests were canonical recorded the task file's bytes digest
  if (recorded.taskDigest === t.value.digest) fresh = { ...fresh, taskDigest: recorded.taskDigest };
  const changed = compareInputs(recorded, fresh);
  if (changed.length > 0) {
    printIssues(
      changed.map((d) => {
        // located at the input file as the task names it; the plan key is named in the message
        const kind = d.path.split(".")[1] ?? "";
        const file = fresh.inputs[kind]?.path ?? recorded.inputs[kind]?.path ?? given[kind];
        return issue(
          "input-changed",
          `输入文件 ${file ?? kind}（${kind}）与计划记录的内容摘要不一致：${d.path} 现为 ${d.expected}，计划中为 ${d.actual}`,
          { file },
        );
      }),
    );
    return 2;
  }
  const diffs = comparePlans(recorded, fresh);
  const files = await checkFolderFiles(dir, recorded);
  const logs = checkLogs(dir, recorded, taskPath, values.log);
  const failed = [...files.failed, ...logs.failed];
  for (const n of [...files.notes, ...logs.notes]) process.stdout.write(`注意：${n}\n`);
  for (const o of [...files.ok, ...logs.ok]) process.stdout.write(`${o}\n`);
  for (const f of failed) process.stdout.write(`验证失败：${f}\n`);
  if (diffs.length === 0 && failed.length === 0) {
    process.stdout.write(
      `验证通过：${planPath} 与按种子和输入重新计算的结果完全一致（${recorded.selected.length} 个抽查对象）。\nverified: identical\n`,
    );
    return 0;
  }
  if (diffs.length > 0) {
    process.stdout.write(`验证失败：计划与重新计算的结果不一致。前 ${diffs.length} 处差异：\n`);
    for (const d of diffs)
      process.stdout.write(`  - ${d.path}：重新计算为 ${d.expected}，计划中为 ${d.actual}\n`);
  }
  return 1;
}
