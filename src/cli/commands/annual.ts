// `double-random annual <annual.json> --out <dir>`: check a year's plan before any draw, write the plan
// document for 备案 (HTML + xlsx) and the task files the draws use. Exit 0 ok; 2 bad input or a floor missed.
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { percentText } from "../../annual/coverage.js";
import { annualHtml, annualSheets } from "../../annual/document.js";
import { type AnnualPlan, planAnnual } from "../../annual/plan.js";
import { regionName } from "../../annual/regions.js";
import { type Annual, AnnualSchema, annualJsonSchema } from "../../annual/schema.js";
import { type LoadedTask, loadInputs, zodIssues } from "../../io/task.js";
import { StagedFiles } from "../../io/write.js";
import type { Task } from "../../model/schemas.js";
import type { Entity } from "../../model/types.js";
import { tableXlsxBytes } from "../../publish/xlsx.js";
import { type Issue, issue } from "../../util/issue.js";
import { printIssues, UsageError } from "../common.js";

/** Help text of `annual` (Chinese and English). */
export const ANNUAL_HELP = `double-random annual <annual.json> --out <dir>

在任何抽取之前核对年度抽查计划（double-random/annual@1，见 docs/annual.md）：各信用风险分类、各行政区划及总体的
预计覆盖率与比例下限（默认：企业公示信息每年不低于3%），同一事项对同一对象年内重复安排，联合抽查各部门持证执法人员
是否足够，检查时间是否落在节假日或缺少日历数据的年份。写出备案用计划文书（annual-plan.html、annual-plan.xlsx）、
annual-plan.json 与各批次任务文件 tasks/<任务编号>.json（供 draw 使用）。低于下限或其他错误：退出码 2，不写文件。
Checks an annual plan before any draw (coverage per risk class, region and in total against floors; the same item
twice for the same entities; joint departments short of certified inspectors; windows on days off or in years
without calendar data) and writes the plan document (HTML + xlsx), annual-plan.json and the task files.`;

/** File-safe name of a task id. */
export function taskFileName(id: string): string {
  return `${id.replace(/[\\/:*?"<>|\s]/g, "_")}.json`;
}

/** Read and validate an annual file (`double-random/annual@1`); problems come back as located issues. */
export async function readAnnual(
  path: string,
): Promise<{ ok: true; annual: Annual } | { ok: false; issues: Issue[] }> {
  let json: unknown;
  try {
    json = JSON.parse((await readFile(path, "utf8")).replace(/^\uFEFF/, ""));
  } catch (e) {
    const missing = (e as { code?: string }).code === "ENOENT";
    return {
      ok: false,
      issues: [
        missing
          ? issue("file-not-found", `找不到年度计划文件：${path}`, { file: path })
          : issue("invalid-json", `年度计划文件不是有效的 JSON：${(e as Error).message}`, { file: path }),
      ],
    };
  }
  const r = AnnualSchema.safeParse(json);
  if (!r.success) return { ok: false, issues: zodIssues(path, r.error) };
  return { ok: true, annual: r.data };
}

function coverageText(plan: AnnualPlan): string {
  const out: string[] = [];
  for (const f of plan.floors) {
    out.push(`${f.label} ${f.rate ?? ""}：`);
    for (const r of f.rows) {
      if (r.group === "region" && (r.shortfall ?? 0) === 0) continue;
      out.push(
        `  ${r.label.padEnd(8)} 检查对象 ${r.population} 户，计划 ${r.exact ? "" : "约 "}${r.projected} 户（${percentText(r.projected, r.population)}），` +
          `下限 ${r.required} 户${(r.shortfall ?? 0) > 0 ? `，缺 ${r.shortfall} 户` : "，达标"}`,
      );
    }
  }
  return out.join("\n");
}

/**
 * Read the directory inputs named by an annual file (paths relative to it), entities into memory.
 * @returns the inputs and the read issues (rows with problems are reported, never dropped silently)
 */
export async function loadAnnualInputs(annual: Annual, path: string) {
  const dir = dirname(resolve(path));
  // loadInputs reads a task's inputs; the annual file holds the same `inputs` key
  const task: Task = {
    id: `annual-${annual.year}`,
    name: annual.name,
    department: annual.department,
    items: [...new Set(annual.tasks.flatMap((t) => t.items))],
    inputs: annual.inputs,
    scope: { mode: "undirected" },
    sampling: { stratifyBy: ["riskClass"] },
    schedule: { start: `${annual.year}-01-01`, end: `${annual.year}-12-31` },
  };
  const pseudo = { task, path, dir, digest: "" } satisfies LoadedTask;
  const inputs = await loadInputs(pseudo);
  const entities: Entity[] = [];
  for await (const x of inputs.entities()) {
    if (Array.isArray(x)) for (const e of x as readonly Entity[]) entities.push(e);
    else entities.push(x as Entity);
  }
  return { annual, dir, entities, inputs, issues: [...inputs.issues, ...inputs.entityIssues.list()] };
}

/** Run `double-random annual`. */
export async function cmdAnnual(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { out: { type: "string" }, help: { type: "boolean" } },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${ANNUAL_HELP}\n`);
    return 0;
  }
  const path = positionals[0];
  if (!path || !values.out)
    throw new UsageError(
      "annual 需要年度计划文件与 --out <目录> / annual needs an annual file and --out <dir>",
    );
  const out = values.out;
  const a = await readAnnual(path);
  if (!a.ok) {
    printIssues(a.issues);
    return 2;
  }
  const loaded = await loadAnnualInputs(a.annual, path);
  const readIssues = loaded.issues;
  if (readIssues.some((i) => i.severity === "error")) {
    printIssues(readIssues);
    return 2;
  }
  const { annual, dir, entities, inputs } = loaded;
  const tasksDir = resolve(out, "tasks");
  const r = await planAnnual({
    annual,
    file: path,
    entities,
    inspectors: inputs.inspectors,
    items: inputs.items,
    history: inputs.history,
    calendar: inputs.calendar,
    rebase: (p) => relative(tasksDir, resolve(dir, p)) || ".",
    regionName: (c) => regionName(c),
  });
  if (!r.ok) {
    printIssues([...readIssues, ...r.issues]);
    return 2;
  }
  const plan = r.plan;
  process.stdout.write(`${coverageText(plan)}\n`);
  const issues = [...readIssues, ...r.issues];
  if (issues.some((i) => i.severity === "error")) {
    printIssues(issues);
    process.stderr.write("年度计划未通过核对，未写出任何文件。\n");
    return 2;
  }
  const staged = await StagedFiles.open(out);
  const stagedTasks = await StagedFiles.open(tasksDir);
  try {
    for (const t of plan.tasks) stagedTasks.write(taskFileName(t.id), `${JSON.stringify(t, null, 2)}\n`);
    staged.write("annual-plan.html", annualHtml(plan));
    staged.write("annual-plan.xlsx", await tableXlsxBytes(annualSheets(plan)));
    staged.write("annual.schema.json", `${JSON.stringify(annualJsonSchema(), null, 2)}\n`);
    staged.write("annual-plan.json", `${JSON.stringify(plan, null, 2)}\n`);
  } catch (e) {
    await staged.abort();
    await stagedTasks.abort();
    throw e;
  }
  await stagedTasks.commit();
  await staged.commit("annual-plan.json");
  const mine = new Set(plan.tasks.map((t) => taskFileName(t.id)));
  for (const f of (await readdir(tasksDir)).filter((n) => n.endsWith(".json") && !mine.has(n)).sort())
    issues.push(
      issue(
        "stale-task-file",
        `${join(out, "tasks", f)} 不是本年度计划的任务文件（可能来自此前的版本），请勿据此抽取`,
        { file: join(out, "tasks", f) },
        "warning",
      ),
    );
  printIssues(issues);
  process.stdout.write(
    `已写出年度计划 ${join(out, "annual-plan.html")}、annual-plan.xlsx、annual-plan.json\n` +
      `任务文件 ${plan.tasks.length} 个：${plan.tasks.map((t) => join(out, "tasks", taskFileName(t.id))).join("、")}\n`,
  );
  return 0;
}
