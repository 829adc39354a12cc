// `double-random stats <plan.json>… --out <dir>`: year-end statistics over plans and their results, as a
// self-contained HTML page with inline SVG charts, an xlsx workbook and stats.json. Exit 0 ok; 2 bad input.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { regionName } from "../../annual/regions.js";
import { InputFileError, readCsvRows } from "../../io/read.js";
import { loadInputs, readTask } from "../../io/task.js";
import { StagedFiles } from "../../io/write.js";
import type { Entity } from "../../model/types.js";
import { tableXlsxBytes } from "../../publish/xlsx.js";
import { RESULT_COLUMNS, validateResults } from "../../results/intake.js";
import { WorkingCalendar } from "../../schedule/calendar.js";
import { statsHtml, statsSheets } from "../../stats/report.js";
import { type StatsPlan, type StatsResult, yearStats } from "../../stats/stats.js";
import { type Issue, issue } from "../../util/issue.js";
import { printIssues, readPlan, UsageError } from "../common.js";

/** Help text of `stats` (Chinese and English). */
export const STATS_HELP = `double-random stats <plan.json>... --out <dir> [--results <results.csv>]... [--as-of <YYYY-MM-DD>] [--title <text>] [--annual <annual-plan.json>]

对一个或多个抽查计划及其结果做年度统计：按信用风险分类、行政区划、抽查事项的覆盖率，检查结果各类别与问题发现率，
结果公示及时率，检查人员回避与检查对象递补。写出 stats.html（含内嵌 SVG 图表，无需联网）、stats.xlsx 与 stats.json。
结果 CSV 默认取计划所在目录的 results.csv；--results 按计划的顺序逐一指定。可选列 公示日期/publishedOn 用于判断是否按期公示。
--annual 给出 annual 命令写出的 annual-plan.json 时，另列年度计划各任务的完成情况。
Year-end statistics over plans and their results (coverage by class, region and item; result categories and problem
rate; on-time publication; recusals and replacements) as HTML with inline SVG charts, xlsx and JSON.`;

/** The results CSV columns read: the intake's, plus the publication date. */
const COLUMNS: Readonly<Record<string, readonly string[]>> = (() => {
  // the intake's column list (canonical key → Chinese names, or a list of { key, zh } definitions)
  const given = RESULT_COLUMNS as unknown;
  const out: Record<string, readonly string[]> = Array.isArray(given)
    ? Object.fromEntries((given as { key: string; zh: readonly string[] }[]).map((c) => [c.key, c.zh]))
    : { ...(given as Record<string, readonly string[]>) };
  out.publishedOn ??= ["公示日期"];
  return out;
})();

/** Read a results CSV into raw rows with canonical keys (Chinese headers mapped). */
async function readResultRows(
  path: string,
): Promise<{ rows: { row: number; record: Record<string, string> }[]; issues: Issue[] }> {
  const alias = new Map<string, string>();
  for (const [k, zh] of Object.entries(COLUMNS)) {
    alias.set(k, k);
    for (const z of zh) alias.set(z, k);
  }
  const rows: { row: number; record: Record<string, string> }[] = [];
  const issues: Issue[] = [];
  try {
    const recs = await readCsvRows(path);
    const header = (recs[0]?.cells ?? []).map((h) => alias.get(h.trim()));
    for (const { row, cells } of recs.slice(1)) {
      const record: Record<string, string> = {};
      header.forEach((k, j) => {
        if (k) record[k] = cells[j] ?? "";
      });
      rows.push({ row, record });
    }
    for (const k of ["entityId", "itemId", "categories", "finishedOn"])
      if (!header.includes(k))
        issues.push(
          issue("missing-column", `缺少必填列 ${k}（${COLUMNS[k]![0]}）`, { file: path, row: 1, column: k }),
        );
  } catch (e) {
    const row = e instanceof InputFileError ? e.row : undefined;
    issues.push(
      issue(
        "invalid-csv",
        `无法读取结果文件：${(e as Error).message}`,
        row === undefined ? { file: path } : { file: path, row },
      ),
    );
  }
  return { rows, issues };
}

/** Run `double-random stats`. */
export async function cmdStats(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      out: { type: "string" },
      results: { type: "string", multiple: true },
      "as-of": { type: "string" },
      title: { type: "string" },
      annual: { type: "string" },
      help: { type: "boolean" },
    },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${STATS_HELP}\n`);
    return 0;
  }
  if (positionals.length === 0 || !values.out)
    throw new UsageError(
      "stats 需要至少一个计划文件与 --out <目录> / stats needs plan files and --out <dir>",
    );
  const asOf = values["as-of"] ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError("--as-of 须为 YYYY-MM-DD");
  const given = values.results ?? [];
  if (given.length > positionals.length)
    throw new UsageError("--results 多于计划文件 / more --results than plans");
  const issues: Issue[] = [];
  const plans: StatsPlan[] = [];
  const population = new Map<string, Entity>();
  const entityFiles = new Set<string>();
  for (const [k, planPath] of positionals.entries()) {
    const p = await readPlan(planPath);
    if (!p.ok) {
      issues.push(...p.issues);
      continue;
    }
    let calendar = WorkingCalendar.builtIn();
    const taskPath = p.plan.taskFile ? resolve(dirname(planPath), p.plan.taskFile) : undefined;
    if (taskPath && existsSync(taskPath)) {
      const t = await readTask(taskPath);
      if (t.ok) {
        const inputs = await loadInputs(t.value);
        calendar = inputs.calendar;
        const source = t.value.task.inputs.entities;
        const ef = typeof source === "string" ? resolve(t.value.dir, source) : JSON.stringify(source);
        if (!entityFiles.has(ef) && !inputs.issues.some((i) => i.severity === "error")) {
          entityFiles.add(ef);
          for await (const x of inputs.entities())
            for (const e of Array.isArray(x) ? (x as readonly Entity[]) : [x as Entity])
              population.set(e.id, e);
        }
      }
    } else {
      issues.push(
        issue(
          "task-not-found",
          `找不到计划 ${planPath} 的任务文件，覆盖率无检查对象总数，公示期限按内置日历计算`,
          { file: planPath },
          "warning",
        ),
      );
    }
    const resultsPath = given[k] ?? join(dirname(planPath), "results.csv");
    let results: StatsResult[] = [];
    if (!existsSync(resultsPath)) {
      if (given[k] !== undefined)
        issues.push(issue("file-not-found", `找不到结果文件 ${resultsPath}`, { file: resultsPath }));
      else
        issues.push(
          issue(
            "no-results",
            `计划 ${planPath} 旁没有 results.csv，按尚无结果统计`,
            { file: planPath },
            "warning",
          ),
        );
    } else {
      const raw = await readResultRows(resultsPath);
      issues.push(...raw.issues);
      const v = validateResults(p.plan, raw.rows, calendar, resultsPath);
      issues.push(...v.issues);
      const published = new Map(raw.rows.map((r) => [r.row, r.record.publishedOn ?? ""]));
      results = v.results.map((r) => {
        const d = published.get(r.row) ?? "";
        return d === "" ? r : { ...r, publishedOn: d };
      });
      for (const r of results)
        if (r.publishedOn !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(r.publishedOn))
          issues.push(
            issue("invalid-date", `公示日期无效：${r.publishedOn}`, {
              file: resultsPath,
              row: r.row,
              column: "publishedOn",
            }),
          );
    }
    plans.push({ plan: p.plan, results });
  }
  if (issues.some((i) => i.severity === "error")) {
    printIssues(issues);
    return 2;
  }
  let annual: { lines: { taskId: string; name: string; count: number }[] } | undefined;
  if (values.annual !== undefined) {
    try {
      const a = JSON.parse(await readFile(values.annual, "utf8")) as { format?: string; lines?: unknown };
      if (a.format !== "double-random/annual-plan@1" || !Array.isArray(a.lines))
        throw new Error("不是 annual-plan.json");
      annual = { lines: a.lines as { taskId: string; name: string; count: number }[] };
    } catch (e) {
      printIssues([
        issue("invalid-json", `无法读取年度计划 ${values.annual}：${(e as Error).message}`, {
          file: values.annual,
        }),
      ]);
      return 2;
    }
  }
  const stats = yearStats({
    ...(annual === undefined ? {} : { annual }),
    plans,
    asOf,
    ...(population.size > 0 ? { population: [...population.values()] } : {}),
    regionName: (c) => regionName(c),
  });
  const years = [...new Set(plans.map((p) => p.plan.task.schedule.start.slice(0, 4)))].join("、");
  const departments = [...new Set(plans.map((p) => p.plan.department))].join("、");
  const title = values.title ?? `${departments}${years}年度“双随机、一公开”抽查统计`;
  const out = values.out;
  const staged = await StagedFiles.open(out);
  try {
    staged.write("stats.html", statsHtml(stats, title));
    staged.write("stats.xlsx", await tableXlsxBytes(statsSheets(stats)));
    staged.write("stats.json", `${JSON.stringify(stats, null, 2)}\n`);
  } catch (e) {
    await staged.abort();
    throw e;
  }
  await staged.commit("stats.json");
  printIssues(issues);
  process.stdout.write(
    `已写出 ${join(out, "stats.html")}、stats.xlsx、stats.json（${plans.length} 个计划，${stats.findings.results} 条结果，截至 ${asOf}；${plans.map((p) => basename(p.plan.taskId)).join("、")}）\n`,
  );
  return 0;
}
