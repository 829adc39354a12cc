import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { IssueCollector } from "../../io/issues.js";
import { InputFileError, readCsvRows } from "../../io/read.js";
import { writeFilesAtomically } from "../../io/write.js";
import { toCsv } from "../../publish/csv.js";
import { escapeHtml } from "../../publish/notice.js";
import { deadlineReport, RESULT_COLUMNS, validateResults } from "../../results/intake.js";
import { issue } from "../../util/issue.js";
import { loadAll, printIssues, readPlan, taskPathOf, UsageError } from "../common.js";
import { help } from "../help.js";

/** The `results` command; returns the exit code. */
export async function cmdResults(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      out: { type: "string" },
      "as-of": { type: "string" },
      task: { type: "string" },
      help: { type: "boolean" },
    },
    allowPositionals: true,
  });
  if (values.help) return help("results");
  const [planPath, csvPath] = positionals;
  if (!planPath || !csvPath)
    throw new UsageError("results 需要计划文件和结果 CSV / results needs a plan and a results CSV");
  const p = await readPlan(planPath);
  if (!p.ok) {
    printIssues(p.issues);
    return 2;
  }
  const taskPath = taskPathOf(planPath, p.plan, values.task);
  let calendar = (await import("../../schedule/calendar.js")).WorkingCalendar.builtIn();
  if (taskPath && existsSync(taskPath)) {
    const loaded = await loadAll(taskPath);
    if (!("issues" in loaded)) calendar = loaded.inputs.calendar;
  }
  const collector = new IssueCollector();
  const rows: { row: number; record: Record<string, string> }[] = [];
  // results use their own columns; map Chinese headers here
  const alias = new Map<string, string>();
  for (const [k, zh] of Object.entries(RESULT_COLUMNS)) {
    alias.set(k, k);
    for (const z of zh) alias.set(z, k);
  }
  try {
    const recs = await readCsvRows(csvPath);
    const header = (recs[0]?.cells ?? []).map((h) => alias.get(h.trim()));
    for (const { row, cells } of recs.slice(1)) {
      const record: Record<string, string> = {};
      header.forEach((k, j) => {
        if (k) record[k] = cells[j] ?? "";
      });
      rows.push({ row, record });
    }
    for (const k of ["entityId", "itemId", "categories", "finishedOn"]) {
      if (!header.includes(k))
        collector.add(
          issue("missing-column", `缺少必填列 ${k}（${RESULT_COLUMNS[k]![0]}）`, {
            file: csvPath,
            row: 1,
            column: k,
          }),
        );
    }
  } catch (e) {
    const row = e instanceof InputFileError ? e.row : undefined;
    collector.add(
      issue(
        "invalid-csv",
        `无法读取结果文件：${(e as Error).message}`,
        row === undefined ? { file: csvPath } : { file: csvPath, row },
      ),
    );
  }
  const v = validateResults(p.plan, rows, calendar, csvPath);
  collector.add(...v.issues);
  const issues = collector.list();
  if (issues.some((i) => i.severity === "error")) {
    printIssues(issues);
    return 2;
  }
  const asOf = values["as-of"] ?? new Date().toISOString().slice(0, 10);
  const report = deadlineReport(p.plan, v.results, asOf);
  const names = new Map(p.plan.selected.map((s) => [s.entityId, s.name]));
  const itemNames = new Map(p.plan.items.map((i) => [i.id, i.name]));
  const pubRows = v.results.map((r) => [
    r.entityId,
    names.get(r.entityId) ?? "",
    itemNames.get(r.itemId) ?? r.itemId,
    r.categories.join("；"),
    r.finishedOn,
    r.publishBy,
  ]);
  const header = ["统一社会信用代码", "名称", "抽查事项", "检查结果", "检查结束日期", "公示截止日"];
  const md = [
    `# ${p.plan.department}${p.plan.taskName}抽查结果公示`,
    "",
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...pubRows.map(
      (r) => `| ${r.map((c) => c.replaceAll("|", "\\|").replaceAll("<", "&lt;")).join(" | ")} |`,
    ),
    "",
  ].join("\n");
  const html = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(p.plan.taskName)}抽查结果公示</title>
<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}table{border-collapse:collapse;width:100%}td,th{border:1px solid #888;padding:.25em .4em}</style></head><body>
<h1>${escapeHtml(`${p.plan.department}${p.plan.taskName}抽查结果公示`)}</h1><table><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr>
${pubRows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`).join("\n")}</table></body></html>\n`;
  const STATUS: Record<string, string> = { ready: "已录入结果", pending: "待录入", overdue: "已逾期" };
  const out = values.out ?? dirname(planPath);
  await writeFilesAtomically(out, {
    "results-publication.csv": toCsv(header, pubRows),
    "results-notice.md": md,
    "results-notice.html": html,
    "deadlines.csv": toCsv(
      ["统一社会信用代码", "抽查事项", "状态", "公示截止日", "检查结束日期"],
      report.map((d) => [d.entityId, d.itemId, STATUS[d.status]!, d.due, d.finishedOn ?? ""]),
    ),
  });
  const overdue = report.filter((d) => d.status === "overdue").length;
  process.stdout.write(
    `已校验 ${v.results.length} 条结果；截至 ${asOf} 逾期未录入 ${overdue} 项。文件写入 ${out}\n`,
  );
  printIssues(issues);
  return 0;
}
